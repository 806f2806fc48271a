//! A module's dependency graph, drawn as SVG at build time: its resources, data sources and
//! module calls, and an arrow from each to what it references inside the module. The layout
//! is layered: what references nothing sits in the left column, anything else one column
//! right of the furthest thing it references; within a column nodes are sorted by name, so
//! the same module always gives the same picture.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use regex::Regex;

use aetheredge_escape::xml;
use aetheredge_model::iac::module::{expression_text, ModuleConfig};
use aetheredge_model::iac::Mode;

/// A node of the graph.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Node {
    /// How the module's code refers to it: `aws_vpc.this`, `data.aws_ami.x`, `module.net`.
    pub id: String,
    pub kind: NodeKind,
    /// The page of a called local module, relative to the modules directory.
    pub link: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NodeKind {
    Resource,
    Data,
    Module,
}

/// Nodes and `(from, to)` edges, `from` referencing `to`, both sorted.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Graph {
    pub nodes: Vec<Node>,
    pub edges: BTreeSet<(usize, usize)>,
}

/// The graph of one module. `page_of` gives the page of a called module's directory.
pub(crate) fn of_module(module: &ModuleConfig, page_of: impl Fn(&str) -> Option<String>) -> Graph {
    let mut nodes: Vec<(Node, String)> = Vec::new();
    for decl in &module.resources {
        let id = match decl.mode {
            Mode::Managed => format!("{}.{}", decl.resource_type, decl.name),
            Mode::Data => format!("data.{}.{}", decl.resource_type, decl.name),
        };
        let kind = match decl.mode {
            Mode::Managed => NodeKind::Resource,
            Mode::Data => NodeKind::Data,
        };
        let text = hcl::format::to_string(&decl.block.body).unwrap_or_default();
        nodes.push((
            Node {
                id,
                kind,
                link: None,
            },
            text,
        ));
    }
    for call in &module.calls {
        let mut text = String::new();
        for expr in call.inputs.values() {
            text.push_str(&expression_text(expr));
            text.push('\n');
        }
        for expr in call.count.iter().chain(call.for_each.iter()) {
            text.push_str(&expression_text(expr));
            text.push('\n');
        }
        nodes.push((
            Node {
                id: format!("module.{}", call.name),
                kind: NodeKind::Module,
                link: call.local_dir(&module.dir).and_then(|d| page_of(&d)),
            },
            text,
        ));
    }
    nodes.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    nodes.dedup_by(|a, b| a.0.id == b.0.id);
    let index: BTreeMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, (n, _))| (n.id.as_str(), i))
        .collect();
    let chain = reference_pattern();
    let mut edges = BTreeSet::new();
    for (from, (_, text)) in nodes.iter().enumerate() {
        for m in chain.find_iter(text) {
            let parts: Vec<&str> = m.as_str().split('.').collect();
            let take = if parts[0] == "data" { 3 } else { 2 };
            if parts.len() < take {
                continue;
            }
            let id = parts[..take].join(".");
            if let Some(&to) = index.get(id.as_str()) {
                if to != from {
                    edges.insert((from, to));
                }
            }
        }
    }
    Graph {
        nodes: nodes.into_iter().map(|(n, _)| n).collect(),
        edges,
    }
}

/// A dotted chain of identifiers (`aws_subnet.a.id`, `data.aws_ami.x.id`, `module.db.out`).
fn reference_pattern() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"[A-Za-z_][A-Za-z0-9_\-]*(?:\.[A-Za-z_][A-Za-z0-9_\-]*)+").expect("valid regex")
    })
}

/// Each node's column: 0 when it references nothing, else one more than the furthest node it
/// references (a reference cycle is cut after as many rounds as there are nodes).
fn layers(graph: &Graph) -> Vec<usize> {
    let mut layer = vec![0usize; graph.nodes.len()];
    for _ in 0..graph.nodes.len() {
        let mut changed = false;
        for &(from, to) in &graph.edges {
            if layer[from] < layer[to] + 1 && layer[to] < graph.nodes.len() {
                layer[from] = layer[to] + 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    layer
}

/// The graph as an SVG element.
pub(crate) fn to_svg(title: &str, graph: &Graph) -> String {
    const ROW: f64 = 34.0;
    const NODE_H: f64 = 24.0;
    const GAP: f64 = 60.0;
    const PAD: f64 = 10.0;
    let layer = layers(graph);
    let columns = layer.iter().copied().max().map_or(0, |m| m + 1);
    let mut in_column: Vec<Vec<usize>> = vec![Vec::new(); columns];
    for (i, l) in layer.iter().enumerate() {
        in_column[*l].push(i);
    }
    let node_w = |i: usize| graph.nodes[i].id.chars().count() as f64 * 7.0 + 16.0;
    let col_w: Vec<f64> = in_column
        .iter()
        .map(|c| c.iter().map(|&i| node_w(i)).fold(0.0, f64::max))
        .collect();
    let mut col_x = Vec::with_capacity(columns);
    let mut x = PAD;
    for w in &col_w {
        col_x.push(x);
        x += w + GAP;
    }
    let width = (x - GAP + PAD).max(200.0);
    let rows = in_column.iter().map(Vec::len).max().unwrap_or(0);
    let height = (rows as f64 * ROW + PAD * 2.0).max(40.0);
    let mut pos = vec![(0.0, 0.0); graph.nodes.len()];
    for (c, members) in in_column.iter().enumerate() {
        for (r, &i) in members.iter().enumerate() {
            pos[i] = (col_x[c], PAD + r as f64 * ROW);
        }
    }
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="graph" role="img" aria-label="{t}" viewBox="0 0 {width:.0} {height:.0}" width="{width:.0}" height="{height:.0}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" class="graph-arrow"/></marker></defs>"#,
        t = xml::escape(title)
    );
    if graph.nodes.is_empty() {
        svg.push_str(
            r#"<text x="10" y="24" class="chart-label">no resources or module calls</text>"#,
        );
    }
    for &(from, to) in &graph.edges {
        let (fx, fy) = pos[from];
        let (tx, ty) = pos[to];
        let (x1, y1) = (fx, fy + NODE_H / 2.0);
        let (x2, y2) = (tx + node_w(to), ty + NODE_H / 2.0);
        let mid = (x1 + x2) / 2.0;
        let _ = write!(
            svg,
            r#"<path d="M{x1:.1},{y1:.1}C{mid:.1},{y1:.1} {mid:.1},{y2:.1} {x2:.1},{y2:.1}" class="graph-edge" marker-end="url(#arrow)"/>"#
        );
    }
    for (i, node) in graph.nodes.iter().enumerate() {
        let (x, y) = pos[i];
        let class = match node.kind {
            NodeKind::Resource => "graph-resource",
            NodeKind::Data => "graph-data",
            NodeKind::Module => "graph-module",
        };
        let shape = format!(
            r#"<g class="graph-node {class}"><rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{NODE_H}" rx="4"/><text x="{tx:.1}" y="{ty:.1}">{label}</text></g>"#,
            w = node_w(i),
            tx = x + 8.0,
            ty = y + 16.0,
            label = xml::escape(&node.id),
        );
        match &node.link {
            Some(link) => {
                let _ = write!(svg, r#"<a href="{}">{shape}</a>"#, xml::escape(link));
            }
            None => svg.push_str(&shape),
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use aetheredge_model::iac::{load, LoadOptions, ParseCache};
    use aetheredge_model::repo::{Snapshot, SnapshotLimits};

    #[test]
    fn references_become_edges_and_layers_follow_them() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("main.tf"),
            r#"
data "aws_ami" "ubuntu" {}
resource "aws_vpc" "this" { cidr_block = "10.0.0.0/16" }
resource "aws_subnet" "a" { vpc_id = aws_vpc.this.id }
resource "aws_instance" "web" {
  ami       = data.aws_ami.ubuntu.id
  subnet_id = aws_subnet.a.id
}
module "db" {
  source = "./db"
  subnet = aws_subnet.a.id
}
"#,
        )
        .unwrap();
        std::fs::create_dir(dir.path().join("db")).unwrap();
        std::fs::write(dir.path().join("db/main.tf"), "variable \"subnet\" {}\n").unwrap();
        let snapshot = Snapshot::from_dir(dir.path(), &SnapshotLimits::default()).unwrap();
        let model = load(&snapshot, &LoadOptions::default(), &ParseCache::default());
        let module = model.modules.get("").unwrap();
        let graph = of_module(module, |d| Some(format!("{d}.html")));
        let ids: Vec<&str> = graph.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "aws_instance.web",
                "aws_subnet.a",
                "aws_vpc.this",
                "data.aws_ami.ubuntu",
                "module.db"
            ]
        );
        let named: Vec<(&str, &str)> = graph.edges.iter().map(|&(f, t)| (ids[f], ids[t])).collect();
        assert_eq!(
            named,
            [
                ("aws_instance.web", "aws_subnet.a"),
                ("aws_instance.web", "data.aws_ami.ubuntu"),
                ("aws_subnet.a", "aws_vpc.this"),
                ("module.db", "aws_subnet.a"),
            ]
        );
        assert_eq!(layers(&graph), [2, 1, 0, 0, 2]);
        assert_eq!(graph.nodes[4].link.as_deref(), Some("db.html"));
        let svg = to_svg("g", &graph);
        assert_eq!(svg, to_svg("g", &graph));
        assert_eq!(svg.matches("class=\"graph-edge\"").count(), 4);
        assert!(svg.contains(r#"<a href="db.html">"#));
    }
}

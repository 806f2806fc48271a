//! The `aetheredge cost` table: every priced resource of one tree with its price components
//! (quantity, unit, unit price, monthly cost), then what is free and what is not priced —
//! the shape of `infracost breakdown`. It prints the report's `cost`; it computes nothing.

use std::fmt::Write;

use aetheredge_core::report::money::{money, unit_price};
use aetheredge_core::report::Cost;

/// Renders the breakdown of the head side of `cost` as a plain-text table.
pub fn render(cost: &Cost, title: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{title}\n");
    let _ = writeln!(
        out,
        "{:<64} {:>14} {:<12} {:>14} {:>12}",
        "Name", "Monthly qty", "Unit", "Unit price", "Monthly cost"
    );
    let show_root = cost.resources.iter().any(|r| r.root != ".");
    for r in cost.resources.iter().filter(|r| r.head_monthly.is_some()) {
        let name = if show_root {
            format!("{} ({})", r.address, r.root)
        } else {
            r.address.clone()
        };
        let _ = writeln!(out, "\n{name}");
        let n = r.components.len();
        for (i, c) in r.components.iter().enumerate() {
            let branch = if i + 1 == n { "└─" } else { "├─" };
            let qty = c
                .quantity
                .map(format_qty)
                .unwrap_or_else(|| "usage".to_string());
            let monthly = match c.monthly {
                Some(m) => money(m),
                None => format!("{} per {}", unit_price(c.unit_price), c.unit),
            };
            let label: String = format!("{branch} {}", c.name).chars().take(64).collect();
            let _ = writeln!(
                out,
                "{label:<64} {qty:>14} {:<12} {:>14} {monthly:>12}",
                c.unit,
                unit_price(c.unit_price)
            );
        }
        let _ = writeln!(
            out,
            "{:<64} {:>55}",
            "   Total",
            money(r.head_monthly.unwrap_or(0.0))
        );
    }
    let _ = writeln!(
        out,
        "\n{:<64} {:>55}",
        "OVERALL TOTAL (monthly)",
        money(cost.head_monthly)
    );
    let priced = cost
        .resources
        .iter()
        .filter(|r| r.head_monthly.is_some())
        .count();
    let not_priced: Vec<_> = cost
        .not_priced
        .iter()
        .filter(|n| n.side == "head")
        .collect();
    let _ = writeln!(
        out,
        "\n{priced} resource(s) priced, {} free, {} not priced.",
        cost.free_resources,
        not_priced.len()
    );
    for n in not_priced {
        let _ = writeln!(out, "  not priced: {} — {}", n.address, n.reason);
    }
    let usage_only = cost
        .resources
        .iter()
        .flat_map(|r| &r.components)
        .any(|c| c.quantity.is_none());
    if usage_only {
        let _ = writeln!(
            out,
            "Components marked `usage` are priced per unit: give their usage in aetheredge-usage.yml or infracost-usage.yml."
        );
    }
    for s in &cost.catalog {
        let _ = writeln!(out, "Prices: {} ({}), as of {}.", s.source, s.file, s.as_of);
    }
    out
}

fn format_qty(q: f64) -> String {
    if q.fract() == 0.0 {
        format!("{q:.0}")
    } else {
        let mut s = format!("{q:.4}");
        while s.ends_with('0') {
            s.pop();
        }
        s
    }
}

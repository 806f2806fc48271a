//! Charts drawn at build time as inline SVG: no script and no library in the page. Every
//! label is escaped here; the pages insert the SVG as is. Colours come from the page's CSS
//! (`currentColor` and the `chart-*` classes), so charts follow light and dark mode.

use std::fmt::Write;

use aetheredge_escape::xml;

/// Approximate width of text in the charts' 12px font.
fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * 7.0
}

/// A horizontal bar chart of labelled values, largest first as given; `format` writes a value.
pub(crate) fn bar_chart(
    title: &str,
    bars: &[(String, f64)],
    format: impl Fn(f64) -> String,
) -> String {
    let row = 22.0;
    let label_width = bars
        .iter()
        .map(|(l, _)| text_width(l))
        .fold(60.0, f64::max)
        .min(320.0);
    let plot = 300.0;
    let value_width = 90.0;
    let width = label_width + plot + value_width + 20.0;
    let height = row * bars.len().max(1) as f64 + 10.0;
    let max = bars.iter().map(|(_, v)| *v).fold(0.0, f64::max);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" role="img" aria-label="{t}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        t = xml::escape(title)
    );
    if bars.is_empty() {
        let _ = write!(
            svg,
            r#"<text x="0" y="20" class="chart-label">nothing to show</text>"#
        );
    }
    for (i, (label, value)) in bars.iter().enumerate() {
        let y = i as f64 * row + 5.0;
        let w = if max > 0.0 { value / max * plot } else { 0.0 };
        let _ = write!(
            svg,
            r#"<text x="{lx}" y="{ty}" text-anchor="end" class="chart-label">{label}</text><rect x="{bx}" y="{y}" width="{w:.1}" height="{h}" class="chart-bar"/><text x="{vx:.1}" y="{ty}" class="chart-label">{value}</text>"#,
            lx = label_width,
            ty = y + 14.0,
            label = xml::escape(label),
            bx = label_width + 8.0,
            h = row - 6.0,
            vx = label_width + 12.0 + w,
            value = xml::escape(&format(*value)),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A line chart of values over ordered points (oldest first), with each point's label under
/// the axis; one point is drawn as a dot.
pub(crate) fn line_chart(
    title: &str,
    points: &[(String, f64)],
    format: impl Fn(f64) -> String,
) -> String {
    let (left, top, plot_w, plot_h) = (80.0, 10.0, 520.0, 160.0);
    let width = left + plot_w + 20.0;
    let height = top + plot_h + 40.0;
    let max = points.iter().map(|(_, v)| *v).fold(0.0, f64::max);
    let max = if max > 0.0 { max } else { 1.0 };
    let x = |i: usize| {
        if points.len() <= 1 {
            left + plot_w / 2.0
        } else {
            left + plot_w * i as f64 / (points.len() - 1) as f64
        }
    };
    let y = |v: f64| top + plot_h - v / max * plot_h;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" role="img" aria-label="{t}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        t = xml::escape(title)
    );
    let _ = write!(
        svg,
        r#"<line x1="{left}" y1="{b}" x2="{r}" y2="{b}" class="chart-axis"/><line x1="{left}" y1="{top}" x2="{left}" y2="{b}" class="chart-axis"/><text x="{lx}" y="{ty}" text-anchor="end" class="chart-label">{maxl}</text><text x="{lx}" y="{b}" text-anchor="end" class="chart-label">{zero}</text>"#,
        b = top + plot_h,
        r = left + plot_w,
        lx = left - 6.0,
        ty = top + 10.0,
        maxl = xml::escape(&format(max)),
        zero = xml::escape(&format(0.0)),
    );
    if points.len() > 1 {
        let path: Vec<String> = points
            .iter()
            .enumerate()
            .map(|(i, (_, v))| format!("{:.1},{:.1}", x(i), y(*v)))
            .collect();
        let _ = write!(
            svg,
            r#"<polyline points="{}" class="chart-line"/>"#,
            path.join(" ")
        );
    }
    // Label at most ~8 points under the axis so labels do not overlap.
    let every = points.len().div_ceil(8).max(1);
    for (i, (label, v)) in points.iter().enumerate() {
        let _ = write!(
            svg,
            r#"<circle cx="{:.1}" cy="{:.1}" r="3.5" class="chart-dot"><title>{}: {}</title></circle>"#,
            x(i),
            y(*v),
            xml::escape(label),
            xml::escape(&format(*v))
        );
        if i % every == 0 || i + 1 == points.len() {
            let _ = write!(
                svg,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" class="chart-label">{}</text>"#,
                x(i),
                top + plot_h + 18.0,
                xml::escape(label)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_bars_scale_to_the_largest() {
        let svg = bar_chart(
            "<t>",
            &[("a<b".to_string(), 10.0), ("c".to_string(), 5.0)],
            |v| format!("${v:.2}"),
        );
        assert!(svg.contains("a&lt;b") && !svg.contains("a<b"));
        assert!(svg.contains(r#"width="300.0""#) && svg.contains(r#"width="150.0""#));
    }
}

//! How amounts of money are written, in findings and in every rendering.

/// `$1,234.56`.
pub fn money(v: f64) -> String {
    let cents = (v.abs() * 100.0).round() as u64;
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if v < 0.0 && cents > 0 { "-" } else { "" };
    format!("{sign}${grouped}.{:02}", cents % 100)
}

/// A unit price with the digits it needs (`$0.023`, `$0.0000166667`).
pub fn unit_price(p: f64) -> String {
    let mut s = format!("{p:.10}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.push_str("00");
    }
    if s.split_once('.').is_some_and(|(_, d)| d.len() == 1) {
        s.push('0');
    }
    format!("${s}")
}

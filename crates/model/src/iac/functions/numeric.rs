//! Numeric functions: `abs`, `ceil`, `floor`, `log`, `max`, `min`, `parseint`, `pow`,
//! `signum`.

use super::{go_quote, Fx};
use crate::iac::eval::EvalError;
use crate::iac::value::Value;

pub(super) fn f_abs(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    Ok(Value::Number(fx.number("num", &a[0])?.abs()))
}

pub(super) fn f_ceil(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    Ok(Value::Number(fx.number("num", &a[0])?.ceil()))
}

pub(super) fn f_floor(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    Ok(Value::Number(fx.number("num", &a[0])?.floor()))
}

pub(super) fn f_log(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let num = fx.number("num", &a[0])?;
    let base = fx.number("base", &a[1])?;
    number_result(fx, num.ln() / base.ln())
}

pub(super) fn f_max(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let mut best = f64::NEG_INFINITY;
    for v in &a {
        best = best.max(fx.number("numbers", v)?);
    }
    Ok(Value::Number(best))
}

pub(super) fn f_min(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let mut best = f64::INFINITY;
    for v in &a {
        best = best.min(fx.number("numbers", v)?);
    }
    Ok(Value::Number(best))
}

pub(super) fn f_pow(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let x = fx.number("num", &a[0])?;
    let y = fx.number("power", &a[1])?;
    number_result(fx, x.powf(y))
}

pub(super) fn f_signum(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let n = fx.number("num", &a[0])?;
    Ok(Value::Number(if n > 0.0 {
        1.0
    } else if n < 0.0 {
        -1.0
    } else {
        0.0
    }))
}

pub(super) fn f_parseint(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("number", &a[0])?;
    let base = fx.int("base", &a[1])?;
    if !(2..=62).contains(&base) {
        return Err(fx.param_err(
            "base",
            format!("invalid base {base}; must be between 2 and 62 inclusive"),
        ));
    }
    parse_int(&s, base as u32)
        .map(Value::Number)
        .ok_or_else(|| {
            fx.param_err(
                "number",
                format!("cannot parse {} as a base {base} integer", go_quote(&s)),
            )
        })
}

/// Go's `big.Int.SetString(s, base)`: an optional sign, then digits `0-9a-zA-Z` (letters
/// case-insensitive up to base 36, lower before upper above it).
fn parse_int(s: &str, base: u32) -> Option<f64> {
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() {
        return None;
    }
    let mut exact: Option<u128> = Some(0);
    let mut approx = 0.0f64;
    for b in digits.bytes() {
        let d = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'a'..=b'z' => u32::from(b - b'a') + 10,
            b'A'..=b'Z' if base <= 36 => u32::from(b - b'A') + 10,
            b'A'..=b'Z' => u32::from(b - b'A') + 36,
            _ => return None,
        };
        if d >= base {
            return None;
        }
        exact = exact
            .and_then(|e| e.checked_mul(u128::from(base)))
            .and_then(|e| e.checked_add(u128::from(d)));
        approx = approx * f64::from(base) + f64::from(d);
    }
    let magnitude = exact.map_or(approx, |e| e as f64);
    Some(if neg { -magnitude } else { magnitude })
}

fn number_result(fx: &Fx, n: f64) -> Result<Value, EvalError> {
    if n.is_nan() {
        Err(fx.err("the result is not a number"))
    } else {
        Ok(Value::Number(n))
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn number_functions() {
        assert_eq!(ok("abs", vec![n(23.0)]), n(23.0));
        assert_eq!(ok("abs", vec![n(-12.4)]), n(12.4));
        assert_eq!(ok("ceil", vec![n(5.1)]), n(6.0));
        assert_eq!(ok("floor", vec![n(4.9)]), n(4.0));
        assert_eq!(ok("floor", vec![s("5")]), n(5.0));
        assert_eq!(ok("max", vec![n(12.0), n(54.0), n(3.0)]), n(54.0));
        assert_eq!(ok("min", vec![n(12.0), n(54.0), n(3.0)]), n(3.0));
        assert_eq!(ok("pow", vec![n(3.0), n(2.0)]), n(9.0));
        assert_eq!(ok("pow", vec![n(4.0), n(0.0)]), n(1.0));
        assert_eq!(ok("signum", vec![n(-13.0)]), n(-1.0));
        assert_eq!(ok("signum", vec![n(0.0)]), n(0.0));
        assert_eq!(ok("signum", vec![n(344.0)]), n(1.0));
        assert_eq!(ok("log", vec![n(16.0), n(2.0)]), n(4.0));
        assert_eq!(ok("log", vec![n(50.0), n(10.0)]), n(1.6989700043360185));
        assert_eq!(
            err("max", vec![]),
            "Function \"max\" expects at least 1 argument, got 0."
        );
        assert_eq!(
            err("pow", vec![n(-8.0), n(0.5)]),
            "Invalid function argument: pow: the result is not a number"
        );
    }

    #[test]
    fn parseint_follows_go_digits() {
        assert_eq!(ok("parseint", vec![s("100"), n(10.0)]), n(100.0));
        assert_eq!(ok("parseint", vec![s("FF"), n(16.0)]), n(255.0));
        assert_eq!(ok("parseint", vec![s("-10"), n(16.0)]), n(-16.0));
        assert_eq!(
            ok("parseint", vec![s("1011111011101111"), n(2.0)]),
            n(48879.0)
        );
        assert_eq!(ok("parseint", vec![s("aA"), n(62.0)]), n(656.0));
        assert_eq!(
            err("parseint", vec![s("12"), n(2.0)]),
            "Invalid function argument: parseint: invalid value for \"number\" parameter: cannot parse \"12\" as a base 2 integer"
        );
        assert_eq!(
            err("parseint", vec![s("1"), n(63.0)]),
            "Invalid function argument: parseint: invalid value for \"base\" parameter: invalid base 63; must be between 2 and 62 inclusive"
        );
    }
}

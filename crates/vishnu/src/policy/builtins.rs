//! Builtins a policy cannot be trusted with, replaced by engine extensions (regorus looks an
//! extension up before its own builtin of the same name).
//!
//! Bounded: `numbers.range`, `numbers.range_step`, `net.cidr_expand` and `array.concat`
//! count the elements they would produce, `concat`, `replace` and `sprintf` the bytes, before
//! anything is allocated (regorus's timer is not checked inside a builtin: expanding a /8
//! takes seconds whatever the timeout). Over `limits.policy_collection_length` or
//! `limits.policy_string_length`, the call fails with the `LimitExceeded` message, which
//! [`super::evaluate`] reports as a limit finding. Within the limits, regorus's builtin runs.
//!
//! Deterministic: `time.now_ns`, `rand.intn`, `uuid.rfc4122` and `opa.runtime` answer from
//! the reviewed commit ([`Fixed`]), so the same commit gives the same report.

use regorus::unstable::{Expr, Ref, Span, BUILTINS};
use regorus::{Engine, Source, Value};
use sha2::{Digest, Sha256};

use aetheredge_core::limits::{Limit, Limits};

/// What the builtins that read the clock, randomness or the runtime answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fixed {
    /// `time.now_ns()`: the reviewed commit's time, in nanoseconds since the epoch.
    pub now_ns: i64,
    /// The reviewed commit's id, which seeds `rand.intn` and `uuid.rfc4122` and is
    /// `opa.runtime().commit`.
    pub commit: String,
}

impl Default for Fixed {
    /// No commit: the epoch and the all-zero id.
    fn default() -> Fixed {
        Fixed {
            now_ns: 0,
            commit: aetheredge_model::repo::ZERO_SHA.to_string(),
        }
    }
}

/// What regorus's builtins are called with: a span and parameter expressions, used only in
/// their error messages.
#[derive(Clone)]
struct Call {
    span: Span,
    params: Vec<Ref<Expr>>,
}

impl Call {
    fn new() -> Option<Call> {
        let source = Source::from_contents("builtin".to_string(), "builtin".to_string()).ok()?;
        let span = Span {
            source,
            line: 1,
            col: 1,
            start: 0,
            end: 7,
        };
        let params = (0..3)
            .map(|_| {
                Ref::new(Expr::Null {
                    span: span.clone(),
                    value: Value::Null,
                    eidx: 0,
                })
            })
            .collect();
        Some(Call { span, params })
    }

    /// Regorus's own builtin `name` on `args`.
    fn builtin(&self, name: &str, args: &[Value]) -> anyhow::Result<Value> {
        let Some((function, _)) = BUILTINS.get(name) else {
            anyhow::bail!("unknown builtin {name}");
        };
        function(
            &self.span,
            &self.params[..args.len().min(self.params.len())],
            args,
            false,
        )
    }
}

/// Installs the bounded and deterministic builtins in `engine`.
pub(crate) fn install(engine: &mut Engine, limits: &Limits, fixed: &Fixed) {
    let Some(call) = Call::new() else {
        tracing::warn!("policy builtins could not be bounded");
        return;
    };
    let limits = limits.clone();
    let bounded: [(&str, u8, Check); 7] = [
        ("numbers.range", 2, range_size),
        ("numbers.range_step", 3, range_step_size),
        ("net.cidr_expand", 1, cidr_size),
        ("array.concat", 2, array_concat_size),
        ("concat", 2, concat_size),
        ("replace", 3, replace_size),
        ("sprintf", 2, sprintf_size),
    ];
    for (name, nargs, check) in bounded {
        let call = call.clone();
        let limits = limits.clone();
        add(engine, name, nargs, move |args: Vec<Value>| {
            if let Some((limit, reached)) = check(&args) {
                limits
                    .check(limit, reached)
                    .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
            }
            let value = call.builtin(name, &args)?;
            // What the arguments do not tell in advance (`sprintf`'s `%v` of a value).
            if let Value::String(s) = &value {
                limits
                    .check(Limit::PolicyStringLength, s.len())
                    .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
            }
            Ok(value)
        });
    }

    let now_ns = fixed.now_ns;
    add(engine, "time.now_ns", 0, move |_| Ok(Value::from(now_ns)));
    let commit = fixed.commit.clone();
    add(engine, "rand.intn", 2, move |args: Vec<Value>| {
        let n = args[1]
            .as_number()
            .ok()
            .and_then(|n| n.as_i64())
            .ok_or_else(|| anyhow::anyhow!("rand.intn: the bound is not an integer"))?
            .unsigned_abs();
        let seed = derived(&commit, "rand.intn", &args[0]);
        let pick = u64::from_be_bytes(seed[..8].try_into().unwrap_or_default());
        Ok(Value::from(if n == 0 { 0 } else { pick % n }))
    });
    let commit = fixed.commit.clone();
    add(engine, "uuid.rfc4122", 1, move |args: Vec<Value>| {
        let mut b: [u8; 16] = derived(&commit, "uuid.rfc4122", &args[0])[..16]
            .try_into()
            .unwrap_or_default();
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let hex = hex::encode(b);
        Ok(Value::from(format!(
            "{}-{}-{}-{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        )))
    });
    let commit = fixed.commit.clone();
    add(engine, "opa.runtime", 0, move |_| {
        let mut runtime = call.builtin("opa.runtime", &[])?;
        if let Ok(object) = runtime.as_object_mut() {
            object.insert(Value::from("commit"), Value::from(commit.as_str()));
        }
        Ok(runtime)
    });
}

pub(super) fn add(
    engine: &mut Engine,
    name: &str,
    nargs: u8,
    extension: impl FnMut(Vec<Value>) -> anyhow::Result<Value> + Clone + Send + Sync + 'static,
) {
    if let Err(e) = engine.add_extension(name.to_string(), nargs, Box::new(extension)) {
        tracing::warn!(builtin = name, "cannot replace builtin: {e}");
    }
}

/// 32 bytes derived from the commit, the builtin and its argument.
fn derived(commit: &str, builtin: &str, arg: &Value) -> [u8; 32] {
    let mut hash = Sha256::new();
    for part in [commit, builtin, &arg.to_json_str().unwrap_or_default()] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hash.finalize().into()
}

/// What a call would produce, by its arguments: the limit and the size. `None` when the
/// arguments are not of the builtin's types (regorus's builtin then says what is wrong).
type Check = fn(&[Value]) -> Option<(Limit, usize)>;

fn integer(v: &Value) -> Option<i128> {
    let n = v.as_number().ok()?;
    if !n.is_integer() {
        return None;
    }
    // An integer too large for i128 makes a range larger than any limit.
    Some(n.as_i128().unwrap_or(i128::MAX / 4))
}

fn elements(count: i128) -> Option<(Limit, usize)> {
    Some((
        Limit::PolicyCollectionLength,
        usize::try_from(count).unwrap_or(usize::MAX),
    ))
}

fn range_size(args: &[Value]) -> Option<(Limit, usize)> {
    let (a, b) = (integer(&args[0])?, integer(&args[1])?);
    elements((b - a).abs() + 1)
}

fn range_step_size(args: &[Value]) -> Option<(Limit, usize)> {
    let (a, b, step) = (integer(&args[0])?, integer(&args[1])?, integer(&args[2])?);
    if step <= 0 {
        return None;
    }
    elements((b - a).abs() / step + 1)
}

fn cidr_size(args: &[Value]) -> Option<(Limit, usize)> {
    let net: ipnet::IpNet = args[0].as_string().ok()?.parse().ok()?;
    let host_bits = u32::from(net.max_prefix_len() - net.prefix_len());
    elements(1i128.checked_shl(host_bits).unwrap_or(i128::MAX))
}

/// The number of elements of an array or set.
fn length(v: &Value) -> Option<usize> {
    match v {
        Value::Array(a) => Some(a.iter().count()),
        Value::Set(s) => Some(s.len()),
        _ => None,
    }
}

fn array_concat_size(args: &[Value]) -> Option<(Limit, usize)> {
    Some((
        Limit::PolicyCollectionLength,
        length(&args[0])?.saturating_add(length(&args[1])?),
    ))
}

/// The bytes of the strings of an array or set, and their count.
fn string_bytes(v: &Value) -> Option<(usize, usize)> {
    let items: Vec<&Value> = match v {
        Value::Array(a) => a.iter().collect(),
        Value::Set(s) => s.iter().collect(),
        _ => return None,
    };
    let bytes = items.iter().try_fold(0usize, |sum, item| {
        Some(sum.saturating_add(item.as_string().ok()?.len()))
    })?;
    Some((bytes, items.len()))
}

fn concat_size(args: &[Value]) -> Option<(Limit, usize)> {
    let delimiter = args[0].as_string().ok()?.len();
    let (bytes, count) = string_bytes(&args[1])?;
    let size = bytes.saturating_add(delimiter.saturating_mul(count.saturating_sub(1)));
    Some((Limit::PolicyStringLength, size))
}

fn replace_size(args: &[Value]) -> Option<(Limit, usize)> {
    let (text, old, new) = (
        args[0].as_string().ok()?,
        args[1].as_string().ok()?,
        args[2].as_string().ok()?,
    );
    let matches = if old.is_empty() {
        text.chars().count() + 1
    } else {
        text.matches(&**old).count()
    };
    let size = text.len().saturating_add(matches.saturating_mul(new.len()));
    Some((Limit::PolicyStringLength, size))
}

/// The format's widths and precisions (`%999999999d`), and the bytes of its string
/// arguments: a bound on the output before regorus pads anything.
fn sprintf_size(args: &[Value]) -> Option<(Limit, usize)> {
    let format = args[0].as_string().ok()?;
    let mut size = format.len();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            continue;
        }
        // Width and precision: each run of digits is a size regorus may pad to.
        let mut number = 0usize;
        while let Some(&c) = chars.peek() {
            match c.to_digit(10) {
                Some(d) => number = number.saturating_mul(10).saturating_add(d as usize),
                None if c == '.' => size = size.saturating_add(std::mem::take(&mut number)),
                None => break,
            }
            chars.next();
        }
        size = size.saturating_add(number);
    }
    if let Some((bytes, _)) = string_bytes(&args[1]) {
        size = size.saturating_add(bytes);
    }
    Some((Limit::PolicyStringLength, size))
}

/// The [`aetheredge_core::limits::LimitExceeded`] message a failed call carries, if it failed on a limit (regorus
/// puts it on the last line of its error, after the source excerpt).
pub(crate) fn limit_message(error: &str) -> Option<String> {
    let marker = "(raise `limits.";
    let line = error.lines().rev().find(|l| l.contains(marker))?;
    Some(line.trim().trim_start_matches("error: ").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine(limits: &Limits, fixed: &Fixed) -> Engine {
        let mut engine = Engine::new();
        install(&mut engine, limits, fixed);
        engine
    }

    fn eval(engine: &mut Engine, expr: &str) -> anyhow::Result<Value> {
        engine.add_policy(
            "p.rego".to_string(),
            format!("package p\nimport rego.v1\nx := {expr}\n"),
        )?;
        engine.eval_rule("data.p.x".to_string())
    }

    fn refused(limits: &Limits, expr: &str, limit: Limit) {
        let mut engine = engine(limits, &Fixed::default());
        let started = std::time::Instant::now();
        let error = format!("{:#}", eval(&mut engine, expr).unwrap_err());
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "{expr}"
        );
        let message = limit_message(&error).unwrap_or_else(|| panic!("{expr}: {error}"));
        assert!(message.contains(limit.key()), "{expr}: {message}");
    }

    #[test]
    fn calls_over_the_limits_are_refused_before_allocating() {
        let limits = Limits::default();
        let collection = Limit::PolicyCollectionLength;
        refused(&limits, "numbers.range(0, 100000000)", collection);
        refused(&limits, "numbers.range_step(0, 100000000, 2)", collection);
        refused(&limits, "net.cidr_expand(\"10.0.0.0/8\")", collection);
        refused(&limits, "net.cidr_expand(\"2001:db8::/64\")", collection);
        refused(
            &limits,
            "sprintf(\"%999999999d\", [1])",
            Limit::PolicyStringLength,
        );
        refused(
            &limits,
            "sprintf(\"%.999999999f\", [1])",
            Limit::PolicyStringLength,
        );
        let small = Limits {
            policy_string_length: 10,
            policy_collection_length: 3,
            ..Limits::default()
        };
        refused(
            &small,
            "concat(\"\", [\"abcdef\", \"abcdef\"])",
            Limit::PolicyStringLength,
        );
        refused(&small, "array.concat([1, 2], [3, 4])", collection);
        refused(
            &small,
            "replace(\"aaa\", \"a\", \"bbbb\")",
            Limit::PolicyStringLength,
        );
        refused(
            &small,
            "sprintf(\"%s%s\", [\"abcdef\", \"abcdef\"])",
            Limit::PolicyStringLength,
        );
    }

    #[test]
    fn calls_within_the_limits_give_regorus_results() {
        let mut e = engine(&Limits::default(), &Fixed::default());
        assert_eq!(
            eval(&mut e, "numbers.range(1, 3)").unwrap(),
            Value::from(vec![
                Value::from(1i64),
                Value::from(2i64),
                Value::from(3i64)
            ])
        );
        let mut e = engine(&Limits::default(), &Fixed::default());
        assert_eq!(
            eval(&mut e, "count(net.cidr_expand(\"10.0.0.0/30\"))").unwrap(),
            Value::from(4i64)
        );
        let mut e = engine(&Limits::default(), &Fixed::default());
        assert_eq!(
            eval(&mut e, "sprintf(\"%s-%03d\", [\"a\", 7])").unwrap(),
            Value::from("a-007")
        );
        let mut e = engine(&Limits::default(), &Fixed::default());
        assert_eq!(
            eval(&mut e, "concat(\",\", [\"a\", \"b\"])").unwrap(),
            Value::from("a,b")
        );
        let mut e = engine(&Limits::default(), &Fixed::default());
        assert_eq!(
            eval(&mut e, "replace(\"aaa\", \"a\", \"bb\")").unwrap(),
            Value::from("bbbbbb")
        );
    }

    #[test]
    fn clock_randomness_and_runtime_answer_from_the_commit() {
        let fixed = Fixed {
            now_ns: 1_704_067_200_000_000_000,
            commit: "a".repeat(40),
        };
        let run = |expr: &str, fixed: &Fixed| {
            let mut e = engine(&Limits::default(), fixed);
            eval(&mut e, expr).unwrap()
        };
        assert_eq!(
            run("time.now_ns()", &fixed),
            Value::from(1_704_067_200_000_000_000i64)
        );
        let pick = run("rand.intn(\"x\", 1000)", &fixed);
        assert_eq!(pick, run("rand.intn(\"x\", 1000)", &fixed));
        assert!(pick.as_number().unwrap().as_i64().unwrap() < 1000);
        let uuid = run("uuid.rfc4122(\"x\")", &fixed);
        assert_eq!(uuid, run("uuid.rfc4122(\"x\")", &fixed));
        assert_ne!(uuid, run("uuid.rfc4122(\"y\")", &fixed));
        let other = Fixed {
            commit: "b".repeat(40),
            ..fixed.clone()
        };
        assert_ne!(uuid, run("uuid.rfc4122(\"x\")", &other));
        let text = uuid.as_string().unwrap().to_string();
        assert_eq!(text.len(), 36);
        assert_eq!(&text[14..15], "4");
        assert!(text.split('-').map(str::len).eq([8, 4, 4, 4, 12]));
        assert!(text
            .chars()
            .all(|c| c == '-' || c.is_ascii_digit() || c.is_ascii_lowercase()));
        assert_eq!(
            run("opa.runtime().commit", &fixed),
            Value::from("a".repeat(40))
        );
    }
}

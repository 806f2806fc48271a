//! String functions: case, trimming, predicates, `substr`, `split`, `join`, `indent`,
//! `replace`, `regex` and `regexall`, with strings counted in grapheme clusters as Terraform
//! counts them. `format` and `formatlist` are in [`super::format`], `templatestring` in
//! [`super::templates`].

use super::Fx;
use crate::iac::eval::EvalError;
use crate::iac::value::Value;

/// True for characters that extend the grapheme cluster before them: combining marks,
/// variation selectors, emoji modifiers, joiners, tags.
fn is_extend(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F
        | 0x0483..=0x0489
        | 0x0591..=0x05BD
        | 0x05BF
        | 0x05C1..=0x05C2
        | 0x05C4..=0x05C5
        | 0x05C7
        | 0x0610..=0x061A
        | 0x064B..=0x065F
        | 0x0670
        | 0x06D6..=0x06DC
        | 0x06DF..=0x06E4
        | 0x06E7..=0x06E8
        | 0x06EA..=0x06ED
        | 0x0900..=0x0903
        | 0x093A..=0x093C
        | 0x093E..=0x094F
        | 0x0951..=0x0957
        | 0x0962..=0x0963
        | 0x0E31
        | 0x0E34..=0x0E3A
        | 0x0E47..=0x0E4E
        | 0x1AB0..=0x1AFF
        | 0x1DC0..=0x1DFF
        | 0x200C..=0x200D
        | 0x20D0..=0x20FF
        | 0xFE00..=0xFE0F
        | 0xFE20..=0xFE2F
        | 0x1F3FB..=0x1F3FF
        | 0xE0020..=0xE007F
        | 0xE0100..=0xE01EF)
}

fn is_regional_indicator(c: char) -> bool {
    (0x1F1E6..=0x1F1FF).contains(&(c as u32))
}

/// The "characters" Terraform counts in strings: grapheme clusters, approximated by
/// attaching combining marks, variation selectors, emoji modifiers and zero-width-joined
/// sequences to the character before them, pairing regional indicators (flags), and
/// keeping `\r\n` together.
pub(super) fn graphemes(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    let mut flags_run = 0usize;
    for (i, c) in s.char_indices() {
        let joins = match prev {
            None => false,
            Some('\r') => c == '\n',
            Some(p) if p.is_control() => false,
            Some(p) => {
                is_extend(c)
                    || p == '\u{200D}'
                    || (is_regional_indicator(p) && is_regional_indicator(c) && flags_run % 2 == 1)
            }
        };
        if !joins && i > 0 {
            out.push(&s[start..i]);
            start = i;
        }
        flags_run = if is_regional_indicator(c) {
            flags_run + 1
        } else {
            0
        };
        prev = Some(c);
    }
    if !s.is_empty() {
        out.push(&s[start..]);
    }
    out
}

/// Go's `unicode.ToUpper`: a one-to-one mapping (`ß` stays `ß`).
fn simple_upper(c: char) -> char {
    let mut up = c.to_uppercase();
    match (up.next(), up.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// Go's `unicode.ToLower`: a one-to-one mapping (`İ` becomes `i`).
fn simple_lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

pub(super) fn f_lower(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    Ok(Value::String(s.chars().map(simple_lower).collect()))
}

pub(super) fn f_upper(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    Ok(Value::String(s.chars().map(simple_upper).collect()))
}

/// Go's `strings.Title`: upper-cases every letter that follows a separator.
pub(super) fn f_title(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    fn is_separator(c: char) -> bool {
        if c.is_ascii() {
            return !(c.is_ascii_alphanumeric() || c == '_');
        }
        if c.is_alphabetic() || c.is_numeric() {
            return false;
        }
        c.is_whitespace()
    }
    let s = fx.string("str", &a[0])?;
    let mut prev = ' ';
    let out = s
        .chars()
        .map(|c| {
            let mapped = if is_separator(prev) {
                simple_upper(c)
            } else {
                c
            };
            prev = c;
            mapped
        })
        .collect();
    Ok(Value::String(out))
}

pub(super) fn f_chomp(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    Ok(Value::string(s.trim_end_matches(['\r', '\n'])))
}

pub(super) fn f_trimspace(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    Ok(Value::string(s.trim()))
}

pub(super) fn f_trim(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    let cutset: Vec<char> = fx.string("cutset", &a[1])?.chars().collect();
    Ok(Value::string(s.trim_matches(cutset.as_slice())))
}

pub(super) fn f_trimprefix(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    let prefix = fx.string("prefix", &a[1])?;
    Ok(Value::string(s.strip_prefix(&prefix).unwrap_or(&s)))
}

pub(super) fn f_trimsuffix(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    let suffix = fx.string("suffix", &a[1])?;
    Ok(Value::string(s.strip_suffix(&suffix).unwrap_or(&s)))
}

pub(super) fn f_startswith(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    let prefix = fx.string("prefix", &a[1])?;
    Ok(Value::Bool(s.starts_with(&prefix)))
}

pub(super) fn f_endswith(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    let suffix = fx.string("suffix", &a[1])?;
    Ok(Value::Bool(s.ends_with(&suffix)))
}

pub(super) fn f_strcontains(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    let substr = fx.string("substr", &a[1])?;
    Ok(Value::Bool(s.contains(&substr)))
}

pub(super) fn f_strrev(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    Ok(Value::String(graphemes(&s).into_iter().rev().collect()))
}

pub(super) fn f_substr(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    let offset = fx.int("offset", &a[1])?;
    let length = fx.int("length", &a[2])?;
    let chars = graphemes(&s);
    let total = chars.len() as i64;
    let start = if offset < 0 {
        (offset + total).max(0)
    } else {
        offset.min(total)
    } as usize;
    let rest = chars.get(start..).unwrap_or_default();
    let taken = if length < 0 {
        rest
    } else {
        rest.get(..(length as usize).min(rest.len()))
            .unwrap_or_default()
    };
    Ok(Value::String(taken.concat()))
}

pub(super) fn f_split(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let sep = fx.string("separator", &a[0])?;
    let s = fx.string("str", &a[1])?;
    // Go's strings.Split: an empty separator splits after each character.
    let parts: Vec<Value> = if sep.is_empty() {
        s.chars().map(|c| Value::String(c.to_string())).collect()
    } else {
        s.split(sep.as_str()).map(Value::string).collect()
    };
    Ok(Value::List(parts))
}

pub(super) fn f_join(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let sep = fx.string("separator", &a[0])?;
    let lists = &a[1..];
    let mut parts = Vec::new();
    // The joined string's length so far (with a separator too many), before it is built.
    let mut length = 0usize;
    for (li, list) in lists.iter().enumerate() {
        for (ei, item) in fx.list("lists", list)?.iter().enumerate() {
            if matches!(item, Value::Null) {
                return Err(fx.param_err(
                    "lists",
                    if lists.len() > 1 {
                        format!(
                            "element {ei} of list {} is null; cannot concatenate null values",
                            li + 1
                        )
                    } else {
                        format!("element {ei} is null; cannot concatenate null values")
                    },
                ));
            }
            let part = fx.string("lists", item)?;
            length = length.saturating_add(part.len() + sep.len());
            fx.check_string(length)?;
            parts.push(part);
        }
    }
    Ok(Value::String(parts.join(&sep)))
}

pub(super) fn f_indent(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let spaces = fx.int("spaces", &a[0])?;
    let s = fx.string("str", &a[1])?;
    if spaces < 0 {
        return Err(fx.param_err("spaces", "must not be negative"));
    }
    let spaces = spaces as usize;
    let lines = s.matches('\n').count();
    fx.check_string(spaces.saturating_mul(lines.max(1)).saturating_add(s.len()))?;
    let pad = format!("\n{}", " ".repeat(spaces));
    Ok(Value::String(s.replace('\n', &pad)))
}

fn compile_regex(fx: &Fx, pattern: &str) -> Result<regex::Regex, EvalError> {
    regex::RegexBuilder::new(pattern)
        .size_limit(1 << 22)
        .dfa_size_limit(1 << 22)
        .build()
        .map_err(|e| fx.param_err("pattern", format!("error parsing pattern: {e}")))
}

pub(super) fn f_replace(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let s = fx.string("str", &a[0])?;
    let substr = fx.string("substr", &a[1])?;
    let replacement = fx.string("replace", &a[2])?;
    if substr.len() >= 2 && substr.starts_with('/') && substr.ends_with('/') {
        let re = compile_regex(fx, &substr[1..substr.len() - 1])?;
        let mut out = String::new();
        let mut last = 0;
        for caps in re.captures_iter(&s) {
            let Some(m) = caps.get(0) else { continue };
            out.push_str(&s[last..m.start()]);
            caps.expand(&replacement, &mut out);
            last = m.end();
            fx.check_string(out.len())?;
        }
        out.push_str(&s[last..]);
        return Ok(Value::String(out));
    }
    let count = if substr.is_empty() {
        s.chars().count() + 1
    } else {
        s.matches(substr.as_str()).count()
    };
    fx.check_string(
        s.len()
            .saturating_add(count.saturating_mul(replacement.len())),
    )?;
    Ok(Value::String(s.replace(substr.as_str(), &replacement)))
}

/// How a match is returned by `regex` and `regexall`, decided by the pattern's groups.
enum Captures {
    Whole,
    Named(Vec<String>),
    Positional(usize),
}

fn capture_shape(fx: &Fx, re: &regex::Regex) -> Result<Captures, EvalError> {
    let names: Vec<Option<&str>> = re.capture_names().skip(1).collect();
    if names.is_empty() {
        Ok(Captures::Whole)
    } else if names.iter().all(Option::is_some) {
        Ok(Captures::Named(
            names.into_iter().flatten().map(str::to_string).collect(),
        ))
    } else if names.iter().all(Option::is_none) {
        Ok(Captures::Positional(names.len()))
    } else {
        Err(fx.param_err(
            "pattern",
            "invalid regular expression: can't mix both named and unnamed capture groups",
        ))
    }
}

fn capture_value(shape: &Captures, caps: &regex::Captures) -> Value {
    let group = |m: Option<regex::Match>| m.map_or(Value::Null, |m| Value::string(m.as_str()));
    match shape {
        Captures::Whole => group(caps.get(0)),
        Captures::Named(names) => Value::Object(
            names
                .iter()
                .map(|n| (n.clone(), group(caps.name(n))))
                .collect(),
        ),
        Captures::Positional(n) => Value::List((1..=*n).map(|i| group(caps.get(i))).collect()),
    }
}

pub(super) fn f_regex(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let pattern = fx.string("pattern", &a[0])?;
    let s = fx.string("string", &a[1])?;
    let re = compile_regex(fx, &pattern)?;
    let shape = capture_shape(fx, &re)?;
    match re.captures(&s) {
        Some(caps) => Ok(capture_value(&shape, &caps)),
        None => Err(fx.err("pattern did not match any part of the given string")),
    }
}

pub(super) fn f_regexall(fx: &Fx, a: Vec<Value>) -> Result<Value, EvalError> {
    let pattern = fx.string("pattern", &a[0])?;
    let s = fx.string("string", &a[1])?;
    let re = compile_regex(fx, &pattern)?;
    let shape = capture_shape(fx, &re)?;
    Ok(Value::List(
        re.captures_iter(&s)
            .map(|caps| capture_value(&shape, &caps))
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn case_functions() {
        assert_eq!(ok("lower", vec![s("HELLO")]), s("hello"));
        assert_eq!(ok("lower", vec![s("АЛЛО!")]), s("алло!"));
        assert_eq!(ok("upper", vec![s("hello")]), s("HELLO"));
        assert_eq!(ok("upper", vec![s("алло!")]), s("АЛЛО!"));
        assert_eq!(ok("upper", vec![s("straße")]), s("STRAßE"));
        assert_eq!(ok("title", vec![s("hello world")]), s("Hello World"));
        assert_eq!(ok("title", vec![s("hello-world_x")]), s("Hello-World_x"));
    }

    #[test]
    fn trimming_functions() {
        assert_eq!(ok("trimspace", vec![s("  hello\n\n")]), s("hello"));
        assert_eq!(ok("trim", vec![s("?!hello?!"), s("!?")]), s("hello"));
        assert_eq!(ok("trim", vec![s("foobar"), s("far")]), s("oob"));
        assert_eq!(
            ok("trim", vec![s("   hello! world.!  "), s("! ")]),
            s("hello! world.")
        );
        assert_eq!(
            ok("trimprefix", vec![s("helloworld"), s("hello")]),
            s("world")
        );
        assert_eq!(
            ok("trimprefix", vec![s("helloworld"), s("cat")]),
            s("helloworld")
        );
        assert_eq!(
            ok("trimsuffix", vec![s("helloworld"), s("world")]),
            s("hello")
        );
        assert_eq!(ok("chomp", vec![s("hello\n")]), s("hello"));
        assert_eq!(ok("chomp", vec![s("hello\r\n")]), s("hello"));
        assert_eq!(ok("chomp", vec![s("hello\n\n")]), s("hello"));
        assert_eq!(ok("chomp", vec![s("hel\nlo")]), s("hel\nlo"));
    }

    #[test]
    fn string_predicates() {
        assert_eq!(
            ok("startswith", vec![s("hello world"), s("hello")]),
            b(true)
        );
        assert_eq!(
            ok("startswith", vec![s("hello world"), s("world")]),
            b(false)
        );
        assert_eq!(ok("endswith", vec![s("hello world"), s("world")]), b(true));
        assert_eq!(ok("endswith", vec![s("hello world"), s("hello")]), b(false));
        assert_eq!(ok("strcontains", vec![s("hello world"), s("wor")]), b(true));
        assert_eq!(
            ok("strcontains", vec![s("hello world"), s("wod")]),
            b(false)
        );
    }

    #[test]
    fn characters_are_grapheme_clusters() {
        assert_eq!(ok("length", vec![s("hello")]), n(5.0));
        assert_eq!(ok("length", vec![s("héllo")]), n(5.0));
        assert_eq!(ok("length", vec![s("👾🕹️")]), n(2.0));
        assert_eq!(ok("length", vec![s("e\u{301}")]), n(1.0));
        assert_eq!(ok("length", vec![s("🇫🇷🇩🇪")]), n(2.0));
        assert_eq!(ok("strrev", vec![s("hello")]), s("olleh"));
        assert_eq!(ok("strrev", vec![s("a ☃")]), s("☃ a"));
        assert_eq!(ok("strrev", vec![s("ae\u{301}")]), s("e\u{301}a"));
    }

    #[test]
    fn substr_counts_from_either_end() {
        assert_eq!(
            ok("substr", vec![s("hello world"), n(1.0), n(4.0)]),
            s("ello")
        );
        assert_eq!(ok("substr", vec![s("🤔🤷"), n(0.0), n(1.0)]), s("🤔"));
        assert_eq!(
            ok("substr", vec![s("hello world"), n(-5.0), n(-1.0)]),
            s("world")
        );
        assert_eq!(
            ok("substr", vec![s("hello world"), n(6.0), n(10.0)]),
            s("world")
        );
        assert_eq!(ok("substr", vec![s("hello"), n(10.0), n(2.0)]), s(""));
        assert_eq!(ok("substr", vec![s("hello"), n(-10.0), n(2.0)]), s("he"));
    }

    #[test]
    fn split_and_join() {
        assert_eq!(
            ok("split", vec![s(","), s("foo,bar,baz")]),
            strs(&["foo", "bar", "baz"])
        );
        assert_eq!(ok("split", vec![s(","), s("foo")]), strs(&["foo"]));
        assert_eq!(ok("split", vec![s(","), s("")]), strs(&[""]));
        assert_eq!(ok("split", vec![s(""), s("abc")]), strs(&["a", "b", "c"]));
        assert_eq!(
            ok("join", vec![s(", "), strs(&["foo", "bar", "baz"])]),
            s("foo, bar, baz")
        );
        assert_eq!(ok("join", vec![s(", "), strs(&["foo"])]), s("foo"));
        assert_eq!(
            ok("join", vec![s("-"), strs(&["a"]), nums(&[1.0, 2.0])]),
            s("a-1-2")
        );
        assert_eq!(
            err("join", vec![s(","), list(vec![s("a"), Value::Null])]),
            "Invalid function argument: join: invalid value for \"lists\" parameter: element 1 is null; cannot concatenate null values"
        );
        // Any unknown element makes the joined string unknown.
        assert_eq!(
            ok(
                "join",
                vec![s(","), list(vec![s("a"), unk("aws_vpc.main.id")])]
            ),
            unk("aws_vpc.main.id")
        );
    }

    #[test]
    fn indent_pads_all_but_the_first_line() {
        assert_eq!(
            ok("indent", vec![n(2.0), s("[\n  foo,\n  bar,\n]\n")]),
            s("[\n    foo,\n    bar,\n  ]\n  ")
        );
        assert_eq!(
            err("indent", vec![n(2e9), s("a\nb")]),
            "string length in bytes 2000000003 is over the limit of 4194304 (raise `limits.string_length` in aetheredge.yaml)"
        );
    }

    #[test]
    fn replace_with_substrings_and_regexes() {
        assert_eq!(
            ok("replace", vec![s("1 + 2 + 3"), s("+"), s("-")]),
            s("1 - 2 - 3")
        );
        assert_eq!(
            ok(
                "replace",
                vec![s("hello world"), s("/w.*d/"), s("everybody")]
            ),
            s("hello everybody")
        );
        assert_eq!(
            ok(
                "replace",
                vec![s("2019-02-01"), s("/(\\d+)-(\\d+)-(\\d+)/"), s("$3.$2.$1")]
            ),
            s("01.02.2019")
        );
        assert_eq!(
            ok("replace", vec![s("a.b"), s("/"), s("-")]),
            s("a.b"),
            "a lone slash is a substring, not a regex"
        );
        assert!(err("replace", vec![s("x"), s("/(/"), s("y")])
            .starts_with("Invalid function argument: replace: invalid value for \"pattern\" parameter: error parsing pattern:"));
    }

    #[test]
    fn regex_and_regexall() {
        assert_eq!(
            ok(
                "regex",
                vec![s("[a-z]+"), s("53453453.345345aaabbbccc23454")]
            ),
            s("aaabbbccc")
        );
        assert_eq!(
            ok(
                "regex",
                vec![s("(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)"), s("2019-02-01")]
            ),
            strs(&["2019", "02", "01"])
        );
        assert_eq!(
            ok(
                "regex",
                vec![
                    s("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?"),
                    s("https://terraform.io/docs/")
                ]
            ),
            obj(vec![
                ("authority", s("terraform.io")),
                ("scheme", s("https"))
            ])
        );
        assert_eq!(
            ok("regex", vec![s("(a)|(b)"), s("b")]),
            list(vec![Value::Null, s("b")])
        );
        assert_eq!(
            err("regex", vec![s("[a-z]+"), s("53453453.34534523454")]),
            "Invalid function argument: regex: pattern did not match any part of the given string"
        );
        assert_eq!(
            ok("regexall", vec![s("[a-z]+"), s("1234abcd5678efgh9")]),
            strs(&["abcd", "efgh"])
        );
        assert_eq!(
            ok("regexall", vec![s("[a-z]+"), s("123456789")]),
            list(vec![])
        );
        assert_eq!(
            err("regexall", vec![s("(?P<x>a)(b)"), s("ab")]),
            "Invalid function argument: regexall: invalid value for \"pattern\" parameter: invalid regular expression: can't mix both named and unnamed capture groups"
        );
    }
}

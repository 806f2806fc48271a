//! The checks a rule row names: declarative ones — an attribute must be true, at least N,
//! one of a set, not one of a set, not equal to a number, present — optionally joined to
//! related resources that configure the same thing (a bucket's versioning in
//! `aws_s3_bucket_versioning`), and Rust functions for the checks a declaration cannot say.
//!
//! Declarations are `const` values built by the functions below, so a rule stays one
//! struct literal: `target: Target::Resources(PASSWORD_POLICY, is_true("require_symbols",
//! "The password policy does not require a symbol."))`.

use super::{attr, bool_of, fail, top, Ctx, Unknowable, Verdict};
use aetheredge_model::iac::{Resource, Value};

/// A check over a Terraform resource written in Rust, for what a declaration cannot say.
pub type ResourceCheck = fn(&Ctx, &Resource) -> Verdict;

/// How a rule judges a Terraform resource.
#[derive(Clone, Copy)]
pub enum Check {
    /// One attribute of the resource.
    Attribute(AttributeCheck),
    /// The resource's own attribute, or a related resource that configures the same thing.
    Joined(JoinedCheck),
    /// A Rust function.
    Function(ResourceCheck),
}

impl Check {
    /// The verdict on one resource.
    pub fn verdict(&self, ctx: &Ctx, r: &Resource) -> Verdict {
        match self {
            Check::Attribute(check) => check.verdict(r),
            Check::Joined(check) => check.verdict(ctx, r),
            Check::Function(check) => check(ctx, r),
        }
    }
}

/// What the value at a path must be.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Expected {
    /// A boolean equal to `want`; an absent (or null) value counts as `absent`.
    Bool { want: bool, absent: bool },
    /// A number of at least `min`; an absent value counts as `absent`.
    AtLeast { min: f64, absent: f64 },
    /// A number other than this one (absent passes).
    NotEqual(f64),
    /// One of these strings (case-sensitive); absent fails.
    OneOf(&'static [&'static str]),
    /// Not one of these strings (case-insensitive); the message names the value found.
    NoneOf(&'static [&'static str]),
    /// Set: not null, not an empty string or list. A value unknown before apply is set.
    Present,
    /// A nested block is written (at least one, not null).
    Block,
}

/// Whether a requirement holds for one resource.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outcome<'v> {
    Holds,
    /// Broken; `found` is the offending string where the message names it.
    Broken {
        found: Option<&'v str>,
    },
    /// Unknown before apply.
    Unknown,
}

/// A path and what its value must be.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Requirement {
    /// A dotted path (`metadata_options.http_tokens`); nested blocks take their first.
    pub path: &'static str,
    pub expected: Expected,
}

impl Requirement {
    pub fn outcome<'v>(&self, r: &'v Resource) -> Outcome<'v> {
        let value = attr(r, self.path);
        match self.expected {
            Expected::Bool { want, absent } => match bool_of(value) {
                Err(Unknowable) => Outcome::Unknown,
                Ok(v) if v.unwrap_or(absent) == want => Outcome::Holds,
                Ok(_) => Outcome::Broken { found: None },
            },
            Expected::AtLeast { min, absent } => match value {
                Some(v) if !v.is_known() => Outcome::Unknown,
                v if v.and_then(Value::as_f64).unwrap_or(absent) >= min => Outcome::Holds,
                _ => Outcome::Broken { found: None },
            },
            Expected::NotEqual(n) => match value {
                Some(v) if !v.is_known() => Outcome::Unknown,
                Some(v) if v.as_f64() == Some(n) => Outcome::Broken { found: None },
                _ => Outcome::Holds,
            },
            Expected::OneOf(allowed) => match value {
                Some(v) if !v.is_known() => Outcome::Unknown,
                Some(Value::String(s)) if allowed.contains(&s.as_str()) => Outcome::Holds,
                _ => Outcome::Broken { found: None },
            },
            Expected::NoneOf(rejected) => match value {
                Some(v) if !v.is_known() => Outcome::Unknown,
                Some(Value::String(s)) if rejected.iter().any(|b| b.eq_ignore_ascii_case(s)) => {
                    Outcome::Broken {
                        found: Some(s.as_str()),
                    }
                }
                _ => Outcome::Holds,
            },
            Expected::Present => match value {
                None | Some(Value::Null) => Outcome::Broken { found: None },
                Some(Value::String(s)) if s.is_empty() => Outcome::Broken { found: None },
                Some(Value::List(l)) if l.is_empty() => Outcome::Broken { found: None },
                _ => Outcome::Holds,
            },
            Expected::Block => match value {
                Some(v) if !matches!(v, Value::Null | Value::List(_)) => Outcome::Holds,
                _ => Outcome::Broken { found: None },
            },
        }
    }
}

/// When a rule does not apply to a resource (it passes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Condition {
    /// The string at the path is this value.
    Equals(&'static str, &'static str),
    /// The path holds a string other than this value.
    OtherThan(&'static str, &'static str),
    /// The boolean at the path is true.
    IsTrue(&'static str),
    /// The path holds a value that is not null.
    Set(&'static str),
    /// Nothing is written at the path.
    Absent(&'static str),
}

impl Condition {
    pub fn holds(&self, r: &Resource) -> bool {
        match *self {
            Condition::Equals(path, value) => attr(r, path).and_then(Value::as_str) == Some(value),
            Condition::OtherThan(path, value) => attr(r, path)
                .and_then(Value::as_str)
                .is_some_and(|s| s != value),
            Condition::IsTrue(path) => bool_of(attr(r, path)) == Ok(Some(true)),
            Condition::Set(path) => attr(r, path).is_some_and(|v| !matches!(v, Value::Null)),
            Condition::Absent(path) => attr(r, path).is_none(),
        }
    }
}

/// One attribute of the resource must be as expected, unless a condition exempts it. A
/// failure points at the path's top-level attribute.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AttributeCheck {
    pub requirement: Requirement,
    /// What is wrong, as the finding says it. For [`Expected::NoneOf`], the value found is
    /// added: "{message} (`path` is \"value\")."
    pub message: &'static str,
    /// Conditions under which the rule does not apply.
    pub unless: &'static [Condition],
}

impl AttributeCheck {
    pub fn verdict(&self, r: &Resource) -> Verdict {
        if self.unless.iter().any(|c| c.holds(r)) {
            return Verdict::Pass;
        }
        let path = self.requirement.path;
        match self.requirement.outcome(r) {
            Outcome::Holds => Verdict::Pass,
            Outcome::Unknown => Verdict::Unknown,
            Outcome::Broken { found: None } => fail(top(path), self.message),
            Outcome::Broken { found: Some(s) } => fail(
                top(path),
                format!("{} (`{path}` is \"{s}\").", self.message),
            ),
        }
    }
}

/// How a related resource names the one a rule inspects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    /// Its attribute refers to the resource: by reference (`aws_s3_bucket.x.id`), or by the
    /// literal value of one of the resource's `names` attributes (the bucket's name).
    Refers {
        attr: &'static str,
        names: &'static [&'static str],
    },
    /// Any resource of the type in the same root (an account-wide setting).
    SameRoot,
}

/// Related resources of one type that can satisfy the rule.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Join {
    pub resource_type: &'static str,
    pub link: Link,
    /// What the related resource must say; `None` when its existence is enough.
    pub requirement: Option<Requirement>,
}

/// Passes when the resource's own requirement holds, or a related resource satisfies its
/// join; the first unknown (in that order) makes the verdict unknown. Otherwise fails at
/// `attr` with `message`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct JoinedCheck {
    pub own: Option<Requirement>,
    pub joins: &'static [Join],
    pub attr: &'static str,
    pub message: &'static str,
}

impl JoinedCheck {
    pub fn verdict(&self, ctx: &Ctx, r: &Resource) -> Verdict {
        if let Some(own) = &self.own {
            match own.outcome(r) {
                Outcome::Holds => return Verdict::Pass,
                Outcome::Unknown => return Verdict::Unknown,
                Outcome::Broken { .. } => {}
            }
        }
        for join in self.joins {
            let settled = match join.link {
                Link::Refers { attr, names } => {
                    join.settle(ctx.related(join.resource_type, attr, r, names).into_iter())
                }
                Link::SameRoot => join.settle(
                    ctx.of_type(join.resource_type)
                        .iter()
                        .copied()
                        .filter(|o| o.root == r.root),
                ),
            };
            if let Some(verdict) = settled {
                return verdict;
            }
        }
        fail(self.attr, self.message)
    }
}

impl Join {
    /// The verdict the first related resource that settles the question gives.
    fn settle<'a>(&self, related: impl Iterator<Item = &'a Resource>) -> Option<Verdict> {
        for other in related {
            let Some(requirement) = &self.requirement else {
                return Some(Verdict::Pass);
            };
            match requirement.outcome(other) {
                Outcome::Holds => return Some(Verdict::Pass),
                Outcome::Unknown => return Some(Verdict::Unknown),
                Outcome::Broken { .. } => {}
            }
        }
        None
    }
}

// ---- building rows ------------------------------------------------------------------------

const fn attribute(path: &'static str, expected: Expected, message: &'static str) -> Check {
    Check::Attribute(AttributeCheck {
        requirement: Requirement { path, expected },
        message,
        unless: &[],
    })
}

impl Check {
    /// Exempts resources for which any of `conditions` holds (attribute checks only: on
    /// another check it is a compile-time error of the table).
    pub const fn unless(self, conditions: &'static [Condition]) -> Check {
        match self {
            Check::Attribute(mut check) => {
                check.unless = conditions;
                Check::Attribute(check)
            }
            _ => panic!("`unless` applies to attribute checks"),
        }
    }
}

/// The boolean at `path` must be true; absent is false.
pub const fn is_true(path: &'static str, message: &'static str) -> Check {
    attribute(
        path,
        Expected::Bool {
            want: true,
            absent: false,
        },
        message,
    )
}

/// The boolean at `path` must not be false; absent is true (the provider's default).
pub const fn not_false(path: &'static str, message: &'static str) -> Check {
    attribute(
        path,
        Expected::Bool {
            want: true,
            absent: true,
        },
        message,
    )
}

/// The boolean at `path` must not be true; absent is false.
pub const fn not_true(path: &'static str, message: &'static str) -> Check {
    attribute(
        path,
        Expected::Bool {
            want: false,
            absent: false,
        },
        message,
    )
}

/// The boolean at `path` must be false; absent is true (the provider's default).
pub const fn is_false(path: &'static str, message: &'static str) -> Check {
    attribute(
        path,
        Expected::Bool {
            want: false,
            absent: true,
        },
        message,
    )
}

/// The number at `path` must be at least `min`; absent is `absent`.
pub const fn at_least(path: &'static str, min: f64, absent: f64, message: &'static str) -> Check {
    attribute(path, Expected::AtLeast { min, absent }, message)
}

/// The number at `path` must not be `n` (absent passes).
pub const fn not_equal(path: &'static str, n: f64, message: &'static str) -> Check {
    attribute(path, Expected::NotEqual(n), message)
}

/// The string at `path` must be one of `allowed` (absent fails).
pub const fn one_of(
    path: &'static str,
    allowed: &'static [&'static str],
    message: &'static str,
) -> Check {
    attribute(path, Expected::OneOf(allowed), message)
}

/// The string at `path` must not be one of `rejected` (case-insensitive; absent passes).
pub const fn none_of(
    path: &'static str,
    rejected: &'static [&'static str],
    message: &'static str,
) -> Check {
    attribute(path, Expected::NoneOf(rejected), message)
}

/// Something must be set at `path`.
pub const fn present(path: &'static str, message: &'static str) -> Check {
    attribute(path, Expected::Present, message)
}

/// The resource's own attribute, or one of the joins, must satisfy the rule.
pub const fn joined(
    own: Option<Requirement>,
    joins: &'static [Join],
    attr: &'static str,
    message: &'static str,
) -> Check {
    Check::Joined(JoinedCheck {
        own,
        joins,
        attr,
        message,
    })
}

/// A requirement on the resource's own attribute or a related resource's.
pub const fn requirement(path: &'static str, expected: Expected) -> Requirement {
    Requirement { path, expected }
}

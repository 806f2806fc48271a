//! The expression evaluator: Terraform expressions (as parsed by hcl-rs) to [`Value`]s.

use std::collections::BTreeMap;
use std::sync::Arc;

use hcl::expr::{
    BinaryOperator, Conditional, Expression, ForExpr, FuncCall, ObjectKey, Operation, TemplateExpr,
    TraversalOperator, UnaryOperator,
};
use hcl::template::{Directive, Element, Template};

use super::budget::Budget;
use super::functions;
use super::value::{Unknown, Value};
use aetheredge_core::limits::{Limit, LimitExceeded};

/// Why an expression could not be evaluated. The caller attaches the file and line.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EvalError {
    /// The expression is wrong (Terraform would refuse it too).
    #[error("{0}")]
    Invalid(String),
    /// It asked for more than a budget allows. Not caught by `try` or `can`: the value
    /// is unknown and the budget is reported.
    #[error(transparent)]
    Limit(#[from] LimitExceeded),
}

impl From<String> for EvalError {
    fn from(message: String) -> EvalError {
        EvalError::Invalid(message)
    }
}

impl EvalError {
    pub fn new(message: impl Into<String>) -> EvalError {
        EvalError::Invalid(message.into())
    }

    /// The same error with `context` before its message; a budget error stays as it is.
    pub fn within(self, context: impl std::fmt::Display) -> EvalError {
        match self {
            EvalError::Invalid(m) => EvalError::Invalid(format!("{context}: {m}")),
            limit => limit,
        }
    }
}

/// What a built-in function may need from the place it is called.
pub trait FunctionContext {
    /// The budgets this evaluation runs within.
    fn budget(&self) -> &Budget;

    /// The text of a file, given the path as written in the configuration (already
    /// evaluated, e.g. `"${path.module}/user_data.sh"` → `"modules/web/user_data.sh"`).
    /// Paths are resolved the way Terraform resolves them: relative to the root module.
    fn read_file(&self, path: &str) -> Result<String, EvalError>;

    /// Renders `template` (the text of a template file) as a Terraform string template
    /// with exactly `vars` in scope, as `templatefile` does.
    fn render_template(
        &self,
        template: &str,
        vars: &BTreeMap<String, Value>,
    ) -> Result<Value, EvalError>;
}

/// Where names resolve: the module instance (and resource instance) an expression is
/// evaluated in.
pub trait Scope: FunctionContext {
    /// The value of a reference the evaluator does not bind itself: `var.x`, `local.x`,
    /// `module.m`, `data.t.n`, `aws_instance.web`, `count.index`, `each.key`, `path.module`…
    /// `attrs` are the attribute names written directly after `root`; the scope returns the
    /// value and how many of them it consumed (the evaluator applies the rest).
    fn reference(&self, root: &str, attrs: &[&str]) -> Result<(Value, usize), EvalError>;

    /// Whether `root.name` (`var.x`, `local.x`) is a set: a variable declared `set(…)`, a
    /// local whose expression gives one. Values do not say, so iteration asks.
    fn names_a_set(&self, _root: &str, _name: &str) -> bool {
        false
    }
}

/// Evaluates `expr` in `scope`.
pub fn evaluate(expr: &Expression, scope: &dyn Scope) -> Result<Value, EvalError> {
    Evaluator::new(scope).eval(expr)
}

/// Renders a string template (the text of a `templatefile` file) in `scope`, one nested
/// render deeper: a template that renders itself ends at `limits.template_depth`.
pub(crate) fn render_template_text(text: &str, scope: &dyn Scope) -> Result<Value, EvalError> {
    let budget = scope.budget();
    budget.render(|| {
        let max = budget.limits().nesting_depth;
        super::budget::hcl_nesting(text, max, true).map_err(|deep| LimitExceeded {
            limit: Limit::NestingDepth,
            max,
            reached: deep.depth,
        })?;
        let template: Template = text
            .parse()
            .map_err(|e: hcl::Error| EvalError::new(format!("Invalid template: {e}")))?;
        Evaluator::new(scope).template(&template)
    })
}

struct Evaluator<'s> {
    scope: &'s dyn Scope,
    /// Names bound by `for` expressions, template `for` directives and `dynamic` iterators,
    /// innermost last.
    bindings: Vec<(String, Value)>,
    /// Expressions being evaluated, outermost first: how deep the evaluator has recursed.
    depth: usize,
    /// `limits.nesting_depth` and `limits.string_length`, read once.
    max_depth: usize,
    max_string: usize,
}

impl<'s> Evaluator<'s> {
    fn new(scope: &'s dyn Scope) -> Evaluator<'s> {
        let limits = scope.budget().limits();
        Evaluator {
            scope,
            bindings: Vec::new(),
            depth: 0,
            max_depth: limits.nesting_depth,
            max_string: limits.string_length,
        }
    }

    /// Evaluates `expr` one level deeper, within `limits.nesting_depth`.
    fn eval(&mut self, expr: &Expression) -> Result<Value, EvalError> {
        if self.depth >= self.max_depth {
            return Err(exceeded(
                Limit::NestingDepth,
                self.max_depth,
                self.depth + 1,
            ));
        }
        self.depth += 1;
        let value = self.eval_here(expr);
        self.depth -= 1;
        value
    }

    fn eval_here(&mut self, expr: &Expression) -> Result<Value, EvalError> {
        Ok(match expr {
            Expression::Null => Value::Null,
            Expression::Bool(b) => Value::Bool(*b),
            Expression::Number(n) => Value::Number(n.as_f64().unwrap_or(0.0)),
            Expression::String(s) => Value::String(s.clone()),
            Expression::Array(items) => Value::List(
                items
                    .iter()
                    .map(|e| self.eval(e))
                    .collect::<Result<_, _>>()?,
            ),
            Expression::Object(entries) => {
                let mut map = BTreeMap::new();
                let mut unknown_keys = Vec::new();
                for (key, value) in entries {
                    let key = match key {
                        ObjectKey::Identifier(id) => Value::string(id.as_str()),
                        ObjectKey::Expression(Expression::Variable(v)) => Value::string(v.as_str()),
                        ObjectKey::Expression(e) => self.eval(e)?,
                        _ => return Err(EvalError::new("Unsupported object key")),
                    };
                    let value = self.eval(value)?;
                    match key {
                        Value::Unknown(u) => unknown_keys.push(u),
                        other => match other.to_template_string() {
                            Some(k) => {
                                map.insert(k, value);
                            }
                            None => {
                                return Err(EvalError::new(format!(
                                    "Incorrect key type: a {} cannot be an object key",
                                    other.type_name()
                                )))
                            }
                        },
                    }
                }
                if unknown_keys.is_empty() {
                    Value::Object(map)
                } else {
                    Value::Unknown(Unknown::merge(&unknown_keys))
                }
            }
            Expression::TemplateExpr(t) => self.template_expr(t)?,
            Expression::Variable(v) => self.reference(v.as_str(), &[])?,
            Expression::Traversal(t) => {
                let (base, rest) = match &t.expr {
                    Expression::Variable(v) => {
                        let attrs: Vec<&str> = t
                            .operators
                            .iter()
                            .map_while(|op| match op {
                                TraversalOperator::GetAttr(id) => Some(id.as_str()),
                                _ => None,
                            })
                            .collect();
                        if self.binding(v.as_str()).is_some() {
                            (self.reference(v.as_str(), &[])?, &t.operators[..])
                        } else {
                            let (value, used) = self.scope.reference(v.as_str(), &attrs)?;
                            (value, &t.operators[used.min(attrs.len())..])
                        }
                    }
                    other => (self.eval(other)?, &t.operators[..]),
                };
                self.traverse(base, rest)?
            }
            Expression::FuncCall(call) => self.call(call)?,
            Expression::Parenthesis(inner) => self.eval(inner)?,
            Expression::Conditional(c) => self.conditional(c)?,
            Expression::Operation(op) => self.operation(op)?,
            Expression::ForExpr(f) => self.for_expr(f)?,
            _ => return Err(EvalError::new("Unsupported expression")),
        })
    }

    fn binding(&self, name: &str) -> Option<&Value> {
        self.bindings
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }

    fn reference(&self, name: &str, attrs: &[&str]) -> Result<Value, EvalError> {
        match self.binding(name) {
            Some(v) => Ok(v.clone()),
            None => Ok(self.scope.reference(name, attrs)?.0),
        }
    }

    fn traverse(
        &mut self,
        mut value: Value,
        ops: &[TraversalOperator],
    ) -> Result<Value, EvalError> {
        for (i, op) in ops.iter().enumerate() {
            value = match op {
                TraversalOperator::GetAttr(name) => get_attr(value, name.as_str())?,
                TraversalOperator::Index(index) => {
                    let index = self.eval(index)?;
                    index_value(value, &index)?
                }
                TraversalOperator::LegacyIndex(n) => index_value(value, &Value::Number(*n as f64))?,
                TraversalOperator::AttrSplat | TraversalOperator::FullSplat => {
                    let rest = &ops[i + 1..];
                    let items = match value {
                        Value::Unknown(u) => return Ok(Value::Unknown(u)),
                        Value::Null => Vec::new(),
                        Value::List(items) => items,
                        other => vec![other],
                    };
                    let mut out = Vec::with_capacity(items.len());
                    for item in items {
                        out.push(self.traverse(item, rest)?);
                    }
                    return Ok(Value::List(out));
                }
            };
        }
        Ok(value)
    }

    fn template_expr(&mut self, t: &TemplateExpr) -> Result<Value, EvalError> {
        let template = parsed_template(t)?;
        self.template(&template)
    }

    fn template(&mut self, template: &Template) -> Result<Value, EvalError> {
        // `"${x}"` alone is `x` itself, whatever its type.
        if let [Element::Interpolation(i)] = template.elements() {
            return self.eval(&i.expr);
        }
        let mut out = String::new();
        let mut unknowns = Vec::new();
        self.render_elements(template.elements(), &mut out, &mut unknowns)?;
        if unknowns.is_empty() {
            Ok(Value::String(out))
        } else {
            Ok(Value::Unknown(Unknown::merge(&unknowns)))
        }
    }

    fn render_elements(
        &mut self,
        elements: &[Element],
        out: &mut String,
        unknowns: &mut Vec<Unknown>,
    ) -> Result<(), EvalError> {
        for element in elements {
            match element {
                Element::Literal(s) => self.push(out, s)?,
                Element::Interpolation(i) => match self.eval(&i.expr)? {
                    Value::Unknown(u) | Value::Partial(_, u) => unknowns.push(u),
                    value => self.push(out, &value.to_template_string().ok_or_else(|| {
                        EvalError::new(format!(
                            "Invalid template interpolation value: cannot include a {} in a string template",
                            value.type_name()
                        ))
                    })?)?,
                },
                Element::Directive(d) => match d.as_ref() {
                    Directive::If(d) => match self.eval(&d.cond_expr)? {
                        Value::Unknown(u) => unknowns.push(u),
                        cond => {
                            let chosen = if truthy(&cond)? {
                                Some(&d.true_template)
                            } else {
                                d.false_template.as_ref()
                            };
                            if let Some(t) = chosen {
                                self.render_elements(t.elements(), out, unknowns)?;
                            }
                        }
                    },
                    Directive::For(d) => {
                        let collection = self.eval(&d.collection_expr)?;
                        let is_set = yields_set(&d.collection_expr, self.scope);
                        let pairs = match iteration_pairs(collection, is_set)? {
                            Ok(pairs) => pairs,
                            Err(u) => {
                                unknowns.push(u);
                                continue;
                            }
                        };
                        for (key, value) in pairs {
                            let pushed = self.bind(d.key_var.as_ref().map(|k| k.as_str()), key, d.value_var.as_str(), value);
                            let result = self.render_elements(d.template.elements(), out, unknowns);
                            self.bindings.truncate(self.bindings.len() - pushed);
                            result?;
                        }
                    }
                },
            }
        }
        Ok(())
    }

    /// Appends to a rendered string, within `limits.string_length`.
    fn push(&self, out: &mut String, s: &str) -> Result<(), EvalError> {
        let len = out.len() + s.len();
        if len > self.max_string {
            return Err(exceeded(Limit::StringLength, self.max_string, len));
        }
        out.push_str(s);
        Ok(())
    }

    fn bind(&mut self, key_var: Option<&str>, key: Value, value_var: &str, value: Value) -> usize {
        let mut pushed = 0;
        if let Some(k) = key_var {
            self.bindings.push((k.to_string(), key));
            pushed += 1;
        }
        self.bindings.push((value_var.to_string(), value));
        pushed + 1
    }

    /// A function call, one nested call deeper (its arguments included).
    fn call(&mut self, call: &FuncCall) -> Result<Value, EvalError> {
        let scope = self.scope;
        let budget = scope.budget();
        let value = budget.call(|| self.call_here(call))?;
        match &value {
            Value::String(s) => budget.check(Limit::StringLength, s.len())?,
            Value::List(items) => budget.check(Limit::CollectionLength, items.len())?,
            Value::Object(map) => budget.check(Limit::CollectionLength, map.len())?,
            _ => {}
        }
        Ok(value)
    }

    fn call_here(&mut self, call: &FuncCall) -> Result<Value, EvalError> {
        let name = call.name.name.as_str();
        if !call.name.namespace.is_empty() {
            return Ok(Value::Unknown(Unknown::default()));
        }
        match name {
            "try" => {
                let mut last =
                    EvalError::new("Call to function \"try\" failed: no expression succeeded");
                for arg in &call.args {
                    match self.eval(arg) {
                        Ok(v) => return Ok(v),
                        Err(e @ EvalError::Limit(_)) => return Err(e),
                        Err(e) => last = e,
                    }
                }
                return Err(EvalError::new(format!(
                    "Call to function \"try\" failed: no expression succeeded (last: {last})"
                )));
            }
            "can" => {
                let [arg] = call.args.as_slice() else {
                    return Err(EvalError::new("Function \"can\" expects 1 argument"));
                };
                return Ok(match self.eval(arg) {
                    Ok(Value::Unknown(u)) => Value::Unknown(u),
                    Ok(_) => Value::Bool(true),
                    Err(e @ EvalError::Limit(_)) => return Err(e),
                    Err(_) => Value::Bool(false),
                });
            }
            _ => {}
        }
        let mut args = Vec::with_capacity(call.args.len());
        for arg in &call.args {
            args.push(self.eval(arg)?);
        }
        if call.expand_final {
            match args.pop() {
                Some(Value::List(items)) => args.extend(items),
                Some(Value::Unknown(u)) => return Ok(Value::Unknown(u)),
                Some(other) => {
                    return Err(EvalError::new(format!(
                        "Invalid expanding argument value: expected a list, got {}",
                        other.type_name()
                    )))
                }
                None => {}
            }
        }
        functions::call(name, args, self.scope)
    }

    fn conditional(&mut self, c: &Conditional) -> Result<Value, EvalError> {
        match self.eval(&c.cond_expr)? {
            Value::Unknown(u) | Value::Partial(_, u) => Ok(Value::Unknown(u)),
            cond => {
                if truthy(&cond)? {
                    self.eval(&c.true_expr)
                } else {
                    self.eval(&c.false_expr)
                }
            }
        }
    }

    fn operation(&mut self, op: &Operation) -> Result<Value, EvalError> {
        match op {
            Operation::Unary(u) => {
                let v = self.eval(&u.expr)?;
                if let Value::Unknown(u) = v {
                    return Ok(Value::Unknown(u));
                }
                match u.operator {
                    UnaryOperator::Neg => Ok(Value::Number(-number(&v)?)),
                    UnaryOperator::Not => Ok(Value::Bool(!truthy(&v)?)),
                }
            }
            Operation::Binary(b) => {
                let lhs = self.eval(&b.lhs_expr)?;
                let rhs = self.eval(&b.rhs_expr)?;
                binary(b.operator, lhs, rhs)
            }
        }
    }

    fn for_expr(&mut self, f: &ForExpr) -> Result<Value, EvalError> {
        let collection = self.eval(&f.collection_expr)?;
        let is_set = yields_set(&f.collection_expr, self.scope);
        let pairs = match iteration_pairs(collection, is_set)? {
            Ok(pairs) => pairs,
            Err(u) => return Ok(Value::Unknown(u)),
        };
        let mut list = Vec::new();
        let mut object: BTreeMap<String, Value> = BTreeMap::new();
        let mut grouped: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        let mut unknowns = Vec::new();
        for (key, value) in pairs {
            let pushed = self.bind(
                f.key_var.as_ref().map(|k| k.as_str()),
                key,
                f.value_var.as_str(),
                value,
            );
            let result = self.for_item(f, &mut list, &mut object, &mut grouped, &mut unknowns);
            self.bindings.truncate(self.bindings.len() - pushed);
            result?;
        }
        if !unknowns.is_empty() {
            return Ok(Value::Unknown(Unknown::merge(&unknowns)));
        }
        Ok(match f.key_expr {
            None => Value::List(list),
            Some(_) if f.grouping => Value::Object(
                grouped
                    .into_iter()
                    .map(|(k, v)| (k, Value::List(v)))
                    .collect(),
            ),
            Some(_) => Value::Object(object),
        })
    }

    fn for_item(
        &mut self,
        f: &ForExpr,
        list: &mut Vec<Value>,
        object: &mut BTreeMap<String, Value>,
        grouped: &mut BTreeMap<String, Vec<Value>>,
        unknowns: &mut Vec<Unknown>,
    ) -> Result<(), EvalError> {
        if let Some(cond) = &f.cond_expr {
            match self.eval(cond)? {
                Value::Unknown(u) => {
                    unknowns.push(u);
                    return Ok(());
                }
                c if !truthy(&c)? => return Ok(()),
                _ => {}
            }
        }
        let value = self.eval(&f.value_expr)?;
        let Some(key_expr) = &f.key_expr else {
            list.push(value);
            return Ok(());
        };
        let key = match self.eval(key_expr)? {
            Value::Unknown(u) => {
                unknowns.push(u);
                return Ok(());
            }
            k => k.to_template_string().ok_or_else(|| {
                EvalError::new(format!(
                    "Invalid object key: a {} cannot be a key",
                    k.type_name()
                ))
            })?,
        };
        if f.grouping {
            grouped.entry(key).or_default().push(value);
        } else if object.insert(key.clone(), value).is_some() {
            return Err(EvalError::new(format!(
                "Duplicate object key \"{key}\": use the ellipsis (...) after the value to group by key"
            )));
        }
        Ok(())
    }
}

/// Most string templates are evaluated many times (once per instance of a counted
/// resource, once per revision), and parsing one costs more than evaluating it: parsed
/// templates are kept for the process, by their source text, up to a bound. The base and
/// head of a review are evaluated on different threads and share what either parsed.
fn parsed_template(t: &TemplateExpr) -> Result<Arc<Template>, EvalError> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    const MAX_CACHED: usize = 20_000;
    static PARSED: OnceLock<Mutex<HashMap<String, Arc<Template>>>> = OnceLock::new();
    let parsed = PARSED.get_or_init(Default::default);
    let source = match t {
        TemplateExpr::QuotedString(s) => s.as_str(),
        TemplateExpr::Heredoc(h) => h.template.as_str(),
    };
    if let Some(hit) = parsed.lock().ok().and_then(|p| p.get(source).cloned()) {
        return Ok(hit);
    }
    let template = Arc::new(
        Template::from_expr(t).map_err(|e| EvalError::new(format!("Invalid template: {e}")))?,
    );
    if let Ok(mut p) = parsed.lock() {
        if p.len() >= MAX_CACHED {
            p.clear();
        }
        p.insert(source.to_string(), template.clone());
    }
    Ok(template)
}

fn exceeded(limit: Limit, max: usize, reached: usize) -> EvalError {
    EvalError::Limit(LimitExceeded {
        limit,
        max,
        reached,
    })
}

/// The (key, value) pairs a `for` iterates: index and element of a list, key and value of an
/// object. `Ok(Err(unknown))` when the collection is not known yet.
#[allow(clippy::type_complexity)]
///
/// A set's elements are their own keys (`for k, v in toset(…)` binds `k` to the element),
/// a list's are their indexes. Values do not say which they are, so `is_set` comes from the
/// expression that gave the collection (see [`yields_set`]).
pub(crate) fn iteration_pairs(
    collection: Value,
    is_set: bool,
) -> Result<Result<Vec<(Value, Value)>, Unknown>, EvalError> {
    Ok(Ok(match collection {
        Value::List(items) if is_set => items.into_iter().map(|v| (v.clone(), v)).collect(),
        Value::List(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, v)| (Value::Number(i as f64), v))
            .collect(),
        Value::Object(map) => map
            .into_iter()
            .map(|(k, v)| (Value::String(k), v))
            .collect(),
        Value::Unknown(u) | Value::Partial(_, u) => return Ok(Err(u)),
        Value::Null => {
            return Err(EvalError::new(
                "Iteration over null value: a for expression needs a list, set, map or object",
            ))
        }
        other => {
            return Err(EvalError::new(format!(
                "Iteration over non-iterable value: a {} cannot be iterated",
                other.type_name()
            )))
        }
    }))
}

/// Whether `expr` gives a set: a call of a function that returns one (`toset`,
/// `setunion`, …), or a variable or local that `scope` says is one, possibly in
/// parentheses.
pub(crate) fn yields_set(expr: &Expression, scope: &dyn Scope) -> bool {
    match expr {
        Expression::Traversal(t) => match (&t.expr, t.operators.as_slice()) {
            (Expression::Variable(root), [hcl::TraversalOperator::GetAttr(name)]) => {
                scope.names_a_set(root.as_str(), name.as_str())
            }
            _ => false,
        },
        other => calls_a_set_function(other),
    }
}

/// Whether `expr` is a call of a function that returns a set, possibly in parentheses.
pub(crate) fn calls_a_set_function(expr: &Expression) -> bool {
    match expr {
        Expression::Parenthesis(inner) => calls_a_set_function(inner),
        Expression::FuncCall(call) => matches!(
            call.name.name.as_str(),
            "toset" | "setunion" | "setintersection" | "setsubtract" | "setproduct"
        ),
        _ => false,
    }
}

/// The attribute `name` of `value`.
pub(crate) fn get_attr(value: Value, name: &str) -> Result<Value, EvalError> {
    match value {
        Value::Object(mut map) => map.remove(name).ok_or_else(|| {
            EvalError::new(format!(
                "Unsupported attribute: this object does not have an attribute named \"{name}\""
            ))
        }),
        Value::Partial(map, u) => Ok(map.get(name).cloned().unwrap_or_else(|| {
            Value::Unknown(Unknown::from_refs(
                u.refs.iter().map(|r| format!("{r}.{name}")),
            ))
        })),
        Value::Unknown(u) => Ok(Value::Unknown(u)),
        Value::Null => Err(EvalError::new(format!(
            "Attempt to get attribute \"{name}\" from a null value"
        ))),
        other => Err(EvalError::new(format!(
            "Unsupported attribute: a {} has no attribute \"{name}\"",
            other.type_name()
        ))),
    }
}

/// `value[index]`.
pub(crate) fn index_value(value: Value, index: &Value) -> Result<Value, EvalError> {
    if let Value::Unknown(u) = index {
        return Ok(Value::Unknown(Unknown::merge([u, &value.unknown_refs()])));
    }
    match value {
        Value::List(mut items) => {
            let i = index
                .as_f64()
                .filter(|n| n.fract() == 0.0 && *n >= 0.0)
                .ok_or_else(|| {
                    EvalError::new(format!(
                        "Invalid index: a list index must be a whole number, got {index}"
                    ))
                })? as usize;
            if i < items.len() {
                Ok(items.swap_remove(i))
            } else {
                Err(EvalError::new(format!(
                    "Invalid index: the given index {i} is beyond the end of a list of {} elements",
                    items.len()
                )))
            }
        }
        Value::Object(_) | Value::Partial(..) => {
            let key = index
                .to_template_string()
                .ok_or_else(|| EvalError::new("Invalid index: an object key must be a string"))?;
            match value {
                Value::Object(mut map) => map.remove(&key).ok_or_else(|| {
                    EvalError::new(format!(
                        "Invalid index: the given key \"{key}\" does not identify an element"
                    ))
                }),
                partial => get_attr(partial, &key),
            }
        }
        Value::Unknown(u) => Ok(Value::Unknown(u)),
        Value::Null => Err(EvalError::new("Attempt to index a null value")),
        other => Err(EvalError::new(format!(
            "Invalid index: a {} cannot be indexed",
            other.type_name()
        ))),
    }
}

fn truthy(value: &Value) -> Result<bool, EvalError> {
    value.as_bool().ok_or_else(|| {
        EvalError::new(format!(
            "Invalid condition: a bool is required, got {}",
            value.type_name()
        ))
    })
}

fn number(value: &Value) -> Result<f64, EvalError> {
    value.as_f64().ok_or_else(|| {
        EvalError::new(format!(
            "Invalid operand: a number is required, got {}",
            value.type_name()
        ))
    })
}

fn binary(op: BinaryOperator, lhs: Value, rhs: Value) -> Result<Value, EvalError> {
    use BinaryOperator as B;
    // `&&` and `||` are decided by one known side when it is enough.
    match op {
        B::And if lhs.as_bool() == Some(false) || rhs.as_bool() == Some(false) => {
            return Ok(Value::Bool(false))
        }
        B::Or if lhs.as_bool() == Some(true) || rhs.as_bool() == Some(true) => {
            return Ok(Value::Bool(true))
        }
        _ => {}
    }
    if !lhs.is_wholly_known() || !rhs.is_wholly_known() {
        return Ok(Value::Unknown(Unknown::merge([
            &lhs.unknown_refs(),
            &rhs.unknown_refs(),
        ])));
    }
    Ok(match op {
        B::Eq => Value::Bool(values_equal(&lhs, &rhs)),
        B::NotEq => Value::Bool(!values_equal(&lhs, &rhs)),
        B::And => Value::Bool(truthy(&lhs)? && truthy(&rhs)?),
        B::Or => Value::Bool(truthy(&lhs)? || truthy(&rhs)?),
        B::Less => Value::Bool(number(&lhs)? < number(&rhs)?),
        B::LessEq => Value::Bool(number(&lhs)? <= number(&rhs)?),
        B::Greater => Value::Bool(number(&lhs)? > number(&rhs)?),
        B::GreaterEq => Value::Bool(number(&lhs)? >= number(&rhs)?),
        B::Plus => Value::Number(number(&lhs)? + number(&rhs)?),
        B::Minus => Value::Number(number(&lhs)? - number(&rhs)?),
        B::Mul => Value::Number(number(&lhs)? * number(&rhs)?),
        B::Div => {
            let d = number(&rhs)?;
            if d == 0.0 {
                return Err(EvalError::new("Division by zero"));
            }
            Value::Number(number(&lhs)? / d)
        }
        B::Mod => {
            let d = number(&rhs)?;
            if d == 0.0 {
                return Err(EvalError::new("Division by zero in modulo"));
            }
            Value::Number(number(&lhs)? % d)
        }
    })
}

/// Equality as Terraform's `==`: same type and same value.
fn values_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scope with a few variables and resource references, for testing the evaluator alone.
    #[derive(Default)]
    struct TestScope(Budget);

    impl FunctionContext for TestScope {
        fn budget(&self) -> &Budget {
            &self.0
        }
        fn read_file(&self, path: &str) -> Result<String, EvalError> {
            Err(EvalError::new(format!("no file {path}")))
        }
        fn render_template(
            &self,
            _template: &str,
            _vars: &BTreeMap<String, Value>,
        ) -> Result<Value, EvalError> {
            Err(EvalError::new("no templates here"))
        }
    }

    impl Scope for TestScope {
        fn reference(&self, root: &str, attrs: &[&str]) -> Result<(Value, usize), EvalError> {
            match (root, attrs.first().copied()) {
                ("var", Some("env")) => Ok((Value::string("prod"), 1)),
                ("var", Some("azs")) => {
                    Ok((Value::List(vec![Value::string("a"), Value::string("b")]), 1))
                }
                ("aws_vpc", Some("main")) => Ok((
                    Value::Partial(
                        std::sync::Arc::new(BTreeMap::from([(
                            "cidr_block".into(),
                            Value::string("10.0.0.0/16"),
                        )])),
                        Unknown::of("aws_vpc.main"),
                    ),
                    1,
                )),
                _ => Err(EvalError::new(format!("Reference to undeclared {root}"))),
            }
        }
    }

    fn eval(src: &str) -> Result<Value, EvalError> {
        let body: hcl::Body = hcl::parse(&format!("x = {src}\n")).unwrap();
        let expr = body.attributes().next().unwrap().expr.clone();
        evaluate(&expr, &TestScope::default())
    }

    #[test]
    fn templates_interpolate_known_values() {
        assert_eq!(
            eval(r#""${var.env}-web""#).unwrap(),
            Value::string("prod-web")
        );
        assert_eq!(
            eval(r#""%{ for az in var.azs }${az};%{ endfor }""#).unwrap(),
            Value::string("a;b;")
        );
    }

    #[test]
    fn resource_attributes_are_known_from_config_and_unknown_otherwise() {
        assert_eq!(
            eval("aws_vpc.main.cidr_block").unwrap(),
            Value::string("10.0.0.0/16")
        );
        assert_eq!(
            eval("aws_vpc.main.id").unwrap(),
            Value::Unknown(Unknown::of("aws_vpc.main.id"))
        );
        assert_eq!(
            eval(r#""${aws_vpc.main.id}/x""#).unwrap(),
            Value::Unknown(Unknown::of("aws_vpc.main.id"))
        );
    }

    #[test]
    fn for_expressions_conditionals_and_splats() {
        // Over a set, the key is the element; over a list, its index.
        assert_eq!(
            eval(r#"{ for k, v in toset(["b", "a"]) : k => v }"#).unwrap(),
            Value::Object(BTreeMap::from([
                ("a".into(), Value::string("a")),
                ("b".into(), Value::string("b")),
            ]))
        );
        assert_eq!(
            eval(r#"{ for k, v in ["b", "a"] : v => k }"#).unwrap(),
            Value::Object(BTreeMap::from([
                ("a".into(), Value::Number(1.0)),
                ("b".into(), Value::Number(0.0)),
            ]))
        );
        assert_eq!(
            eval(r#"{ for i, az in var.azs : az => i if az != "b" }"#).unwrap(),
            Value::Object(BTreeMap::from([("a".into(), Value::Number(0.0))]))
        );
        assert_eq!(
            eval(r#"var.env == "prod" ? 3 : 1"#).unwrap(),
            Value::Number(3.0)
        );
        assert_eq!(
            eval(r#"[{a = 1}, {a = 2}][*].a"#).unwrap(),
            Value::List(vec![Value::Number(1.0), Value::Number(2.0)])
        );
        assert_eq!(eval("1 + 2 * 3").unwrap(), Value::Number(7.0));
    }

    #[test]
    fn unknown_conditions_and_operands_stay_unknown() {
        assert!(matches!(
            eval("aws_vpc.main.id == \"x\" ? 1 : 2").unwrap(),
            Value::Unknown(_)
        ));
        assert_eq!(
            eval("false && aws_vpc.main.id == \"x\"").unwrap(),
            Value::Bool(false)
        );
    }

    #[test]
    fn budgets_are_not_caught_by_try_or_can() {
        let limit = |src: &str| match eval(src) {
            Err(EvalError::Limit(e)) => e.limit,
            other => panic!("{src}: expected a budget error, got {other:?}"),
        };
        assert_eq!(limit("try(range(1e9), [])"), Limit::CollectionLength);
        assert_eq!(limit("can(format(\"%9999999d\", 1))"), Limit::StringLength);
    }

    #[test]
    fn errors_say_what_was_wrong() {
        let err = eval("var.azs[5]").unwrap_err();
        assert!(err.to_string().contains("beyond the end"), "{err}");
        assert!(eval("can(var.azs[5])").unwrap() == Value::Bool(false));
        assert_eq!(
            eval("try(var.azs[5], \"fallback\")").unwrap(),
            Value::string("fallback")
        );
        let err = eval("{ for k in var.azs : \"same\" => k }").unwrap_err();
        assert!(err.to_string().contains("Duplicate object key"), "{err}");
    }
}

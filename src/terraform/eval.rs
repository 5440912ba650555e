//! Static evaluation of HCL expressions: what can be known without running terraform.
//!
//! Known: literals, heredocs, `var.NAME` (a bound value, else the default), `local.NAME`
//! (lazily, with a cycle guard), templates whose parts are all known, attribute access and
//! indexes into known values, `jsonencode`/`tostring`/`tonumber` of known values, `!`, `-`,
//! `==`, `!=`, `&&`, `||` on known scalars, and conditionals whose condition is known.
//! Everything else is [`Value::Unknown`] with a short reason.
//!
//! Hostile input is bounded three ways: values deeper than `max_depth` and evaluation
//! deeper than a few times that are Unknown (no stack overflow through chains of locals),
//! and a budget on the size of all values built (locals that double at each step would
//! otherwise build 2^64 nodes).

use std::cell::Cell;
use std::collections::HashMap;

use hcl_edit::expr::{
    BinaryOperator, Expression, FuncCall, ObjectKey, TraversalOperator, UnaryOperator,
};
use hcl_edit::template::{Directive, Element, Template};
use hcl_edit::Span;

use super::json;
use super::model::{Loc, Located, Value};
use super::source::LineIndex;

/// A value with what it costs: its depth and its size (nodes plus string bytes).
#[derive(Clone, Debug)]
pub(super) struct Val {
    pub located: Located,
    depth: usize,
    size: u64,
}

impl Val {
    fn leaf(value: Value, at: Loc) -> Val {
        let size = 1 + match &value {
            Value::Str(text) | Value::Number(text) | Value::Unknown(text) => text.len() as u64,
            _ => 0,
        };
        Val {
            located: Located { value, at },
            depth: 0,
            size,
        }
    }

    pub(super) fn unknown(reason: impl Into<String>, at: Loc) -> Val {
        Val::leaf(Value::Unknown(reason.into()), at)
    }

    fn value(&self) -> &Value {
        &self.located.value
    }

    fn at(&self) -> Loc {
        self.located.at
    }
}

/// The size of all values built while reading one configuration.
/// Shared by the evaluators of all module instances (hence the cells).
#[derive(Debug)]
pub(super) struct Budget {
    used: Cell<u64>,
    limit: Cell<u64>,
    /// Where the budget ran out, the first time it did.
    exhausted_at: Cell<Option<Loc>>,
}

impl Budget {
    pub(super) fn new(limit: u64) -> Budget {
        Budget {
            used: Cell::new(0),
            limit: Cell::new(limit),
            exhausted_at: Cell::new(None),
        }
    }

    /// More budget for the bytes of a file just read: values are allowed a few times the
    /// size of their sources.
    pub(super) fn grow(&self, source_bytes: usize) {
        let more = (source_bytes as u64).saturating_mul(4);
        self.limit.set(self.limit.get().saturating_add(more));
    }

    fn spend(&self, size: u64, at: Loc) -> bool {
        self.used.set(self.used.get().saturating_add(size));
        if self.used.get() > self.limit.get() {
            if self.exhausted_at.get().is_none() {
                self.exhausted_at.set(Some(at));
            }
            return false;
        }
        true
    }

    /// Where values first grew past the budget, with the message for it.
    pub(super) fn exhausted(&self) -> Option<(Loc, &'static str)> {
        self.exhausted_at.get().map(|at| (at, TOO_LARGE))
    }
}

const TOO_LARGE: &str = "the configuration's values are too large to evaluate statically";

/// Where an expression's file is, for positions and the text of references.
#[derive(Clone, Copy)]
pub(super) struct FileCtx<'a> {
    pub file: usize,
    pub lines: &'a LineIndex,
    pub text: &'a str,
}

impl FileCtx<'_> {
    pub(super) fn loc_of(&self, span: Option<std::ops::Range<usize>>, fallback: Loc) -> Loc {
        match span {
            Some(span) => Loc {
                file: self.file,
                pos: self.lines.pos(span.start),
            },
            None => fallback,
        }
    }

    /// The source text of a span, shortened for a message.
    fn snippet(&self, span: Option<std::ops::Range<usize>>) -> String {
        let text = span.and_then(|span| self.text.get(span)).unwrap_or("");
        let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.chars().count() > 80 {
            let short: String = text.chars().take(77).collect();
            return format!("{short}...");
        }
        text
    }
}

/// A declared variable and its default.
#[derive(Clone, Copy)]
pub(super) struct VarDecl<'a> {
    pub default: Option<(&'a Expression, FileCtx<'a>)>,
}

/// What a module's expressions can refer to.
#[derive(Default)]
pub(super) struct Scope<'a> {
    /// "module.events" for the message of a variable nobody sets; "" for the root.
    pub module: String,
    pub variables: HashMap<String, VarDecl<'a>>,
    /// Values given to variables (tfvars for the root, arguments for a module call).
    pub values: HashMap<String, Val>,
    pub locals: HashMap<String, (&'a Expression, FileCtx<'a>)>,
}

enum LocalState {
    InProgress,
    Done(Val),
}

/// Evaluates the expressions of one module instance.
pub(super) struct Evaluator<'a, 's> {
    scope: &'s Scope<'a>,
    locals: HashMap<String, LocalState>,
    variables: HashMap<String, Val>,
    budget: &'s Budget,
    max_depth: usize,
    /// Nested evaluation calls: expressions within expressions and references followed.
    frames: usize,
    /// Variable defaults and tfvars may not refer to anything.
    literal_only: bool,
}

impl<'a, 's> Evaluator<'a, 's> {
    pub(super) fn new(scope: &'s Scope<'a>, budget: &'s Budget, max_depth: usize) -> Self {
        Evaluator {
            scope,
            locals: HashMap::new(),
            variables: HashMap::new(),
            budget,
            max_depth,
            frames: 0,
            literal_only: false,
        }
    }

    /// An evaluator for values that may not refer to anything (tfvars, variable defaults).
    pub(super) fn literal(scope: &'s Scope<'a>, budget: &'s Budget, max_depth: usize) -> Self {
        Evaluator {
            literal_only: true,
            ..Evaluator::new(scope, budget, max_depth)
        }
    }

    fn max_frames(&self) -> usize {
        self.max_depth.saturating_mul(4).clamp(16, 1024)
    }

    /// The value of `expr`, written in the file `ctx`; `fallback` is where it is when the
    /// expression has no span.
    pub(super) fn eval(&mut self, expr: &'a Expression, ctx: FileCtx<'a>, fallback: Loc) -> Val {
        let at = ctx.loc_of(expr.span(), fallback);
        if self.frames >= self.max_frames() {
            return Val::unknown("nested too deeply to evaluate statically", at);
        }
        self.frames += 1;
        let val = self.eval_inner(expr, ctx, at);
        self.frames -= 1;
        self.spent(val)
    }

    /// Charges a value built to the budget, or Unknown when the budget is spent.
    fn spent(&mut self, val: Val) -> Val {
        if self.budget.spend(val.size, val.at()) {
            val
        } else {
            Val::unknown(TOO_LARGE, val.at())
        }
    }

    fn eval_inner(&mut self, expr: &'a Expression, ctx: FileCtx<'a>, at: Loc) -> Val {
        match expr {
            Expression::Null(_) => Val::leaf(Value::Null, at),
            Expression::Bool(b) => Val::leaf(Value::Bool(*b.value()), at),
            Expression::Number(n) => {
                let text = n
                    .as_repr()
                    .map(|repr| repr.to_string())
                    .filter(|repr| !repr.is_empty())
                    .unwrap_or_else(|| n.value().to_string());
                Val::leaf(Value::Number(text), at)
            }
            Expression::String(s) => Val::leaf(Value::Str(s.value().clone()), at),
            Expression::Array(array) => {
                let items = array.iter().map(|item| self.eval(item, ctx, at)).collect();
                self.list(items, at)
            }
            Expression::Object(object) => self.object(object, ctx, at),
            Expression::StringTemplate(template) => self.template(template, ctx, at),
            Expression::HeredocTemplate(heredoc) => self.template(&heredoc.template, ctx, at),
            Expression::Parenthesis(inner) => self.eval(inner.inner(), ctx, at),
            Expression::Variable(name) => {
                let name = name.as_str();
                Val::unknown(format!("`{name}` is known only when terraform runs"), at)
            }
            Expression::Traversal(traversal) => self.traversal(traversal, ctx, at),
            Expression::FuncCall(call) => self.call(call, ctx, at),
            Expression::Conditional(cond) => {
                let condition = self.eval(&cond.cond_expr, ctx, at);
                match condition.value() {
                    Value::Bool(true) => self.eval(&cond.true_expr, ctx, at),
                    Value::Bool(false) => self.eval(&cond.false_expr, ctx, at),
                    Value::Unknown(reason) => {
                        Val::unknown(format!("the condition is not known: {reason}"), at)
                    }
                    _ => Val::unknown("the condition is not a bool", at),
                }
            }
            Expression::UnaryOp(op) => {
                let operand = self.eval(&op.expr, ctx, at);
                unary(*op.operator.value(), operand.value(), at)
            }
            Expression::BinaryOp(op) => {
                let lhs = self.eval(&op.lhs_expr, ctx, at);
                let rhs = self.eval(&op.rhs_expr, ctx, at);
                binary(*op.operator.value(), lhs.value(), rhs.value(), at)
            }
            Expression::ForExpr(_) => {
                Val::unknown("for expressions are not evaluated statically", at)
            }
        }
    }

    fn list(&mut self, items: Vec<Val>, at: Loc) -> Val {
        let depth = 1 + items.iter().map(|item| item.depth).max().unwrap_or(0);
        if depth > self.max_depth {
            return Val::unknown(too_deep(self.max_depth), at);
        }
        let size = 1 + items.iter().map(|item| item.size).sum::<u64>();
        Val {
            located: Located {
                value: Value::List(items.into_iter().map(|item| item.located).collect()),
                at,
            },
            depth,
            size,
        }
    }

    fn object_of(&mut self, entries: Vec<(String, Val)>, at: Loc) -> Val {
        let depth = 1 + entries.iter().map(|(_, v)| v.depth).max().unwrap_or(0);
        if depth > self.max_depth {
            return Val::unknown(too_deep(self.max_depth), at);
        }
        let size = 1 + entries
            .iter()
            .map(|(k, v)| k.len() as u64 + v.size)
            .sum::<u64>();
        let entries = entries.into_iter().map(|(k, v)| (k, v.located)).collect();
        Val {
            located: Located {
                value: Value::Object(entries),
                at,
            },
            depth,
            size,
        }
    }

    /// An object from entries built elsewhere (a block's body).
    pub(super) fn object_from(&mut self, entries: Vec<(String, Val)>, at: Loc) -> Val {
        let val = self.object_of(entries, at);
        self.spent(val)
    }

    /// A list from items built elsewhere (the blocks of one type).
    pub(super) fn list_from(&mut self, items: Vec<Val>, at: Loc) -> Val {
        let val = self.list(items, at);
        self.spent(val)
    }

    fn object(&mut self, object: &'a hcl_edit::expr::Object, ctx: FileCtx<'a>, at: Loc) -> Val {
        let mut entries: Vec<(String, Val)> = Vec::with_capacity(object.len());
        for (key, value) in object.iter() {
            let key = match key {
                ObjectKey::Ident(ident) => ident.as_str().to_string(),
                ObjectKey::Expression(expr) => match self.eval(expr, ctx, at).located.value {
                    Value::Str(text) | Value::Number(text) => text,
                    Value::Bool(b) => b.to_string(),
                    Value::Unknown(reason) => {
                        return Val::unknown(format!("an object key is not known: {reason}"), at)
                    }
                    _ => return Val::unknown("an object key is not a string", at),
                },
            };
            let value = self.eval(value.expr(), ctx, at);
            // A key computed twice keeps its last value, as in terraform.
            entries.retain(|(k, _)| *k != key);
            entries.push((key, value));
        }
        self.object_of(entries, at)
    }

    fn template(&mut self, template: &'a Template, ctx: FileCtx<'a>, at: Loc) -> Val {
        let elements: Vec<&Element> = template.iter().collect();
        let mut text = String::new();
        for (i, element) in elements.iter().enumerate() {
            match element {
                Element::Literal(literal) => {
                    let mut part: &str = literal.value();
                    if strips_after(elements.get(i.wrapping_sub(1)).copied()) {
                        part = part.trim_start();
                    }
                    if strips_before(elements.get(i + 1).copied()) {
                        part = part.trim_end();
                    }
                    text.push_str(part);
                }
                Element::Interpolation(interp) => {
                    let part = self.eval(&interp.expr, ctx, at);
                    match template_part(part.value()) {
                        Ok(part) => text.push_str(&part),
                        Err(reason) => return Val::unknown(reason, at),
                    }
                }
                Element::Directive(_) => {
                    return Val::unknown(
                        "template directives (%{if}, %{for}) are not evaluated statically",
                        at,
                    )
                }
            }
            if !self.budget.spend(0, at) {
                return Val::unknown(TOO_LARGE, at);
            }
        }
        Val::leaf(Value::Str(text), at)
    }

    fn traversal(
        &mut self,
        traversal: &'a hcl_edit::expr::Traversal,
        ctx: FileCtx<'a>,
        at: Loc,
    ) -> Val {
        let operators: Vec<&TraversalOperator> =
            traversal.operators.iter().map(|op| op.value()).collect();
        let (mut val, rest) = match (&traversal.expr, operators.first()) {
            (Expression::Variable(root), Some(TraversalOperator::GetAttr(name))) => {
                let name = name.as_str();
                match root.as_str() {
                    "var" => (self.variable(name, at), &operators[1..]),
                    "local" => (self.local(name, at), &operators[1..]),
                    other => {
                        let what = ctx.snippet(traversal.span());
                        return Val::unknown(reference_reason(other, &what), at);
                    }
                }
            }
            _ => (self.eval(&traversal.expr, ctx, at), &operators[..]),
        };
        for op in rest {
            val = self.step(val, op, ctx, at);
        }
        val
    }

    /// One `.name` or `[index]` into a value.
    fn step(&mut self, val: Val, op: &'a TraversalOperator, ctx: FileCtx<'a>, at: Loc) -> Val {
        if let Value::Unknown(_) = val.value() {
            return Val {
                located: Located { at, ..val.located },
                ..val
            };
        }
        let key = match op {
            TraversalOperator::GetAttr(name) => Value::Str(name.as_str().to_string()),
            TraversalOperator::LegacyIndex(index) => Value::Number(index.value().to_string()),
            TraversalOperator::Index(expr) => self.eval(expr, ctx, at).located.value,
            TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                return Val::unknown("splat expressions are not evaluated statically", at)
            }
        };
        let found = match (val.located.value, &key) {
            (Value::Object(entries), Value::Str(key)) => entries
                .into_iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v)
                .ok_or_else(|| format!("the object has no key `{key}`")),
            (Value::List(items), Value::Number(index)) => index
                .parse::<usize>()
                .ok()
                .and_then(|index| items.into_iter().nth(index))
                .ok_or_else(|| format!("the list has no element {index}")),
            (_, Value::Unknown(reason)) => Err(format!("the index is not known: {reason}")),
            _ => Err("the value cannot be indexed so".to_string()),
        };
        match found {
            Ok(located) => self.measured(located),
            Err(reason) => Val::unknown(reason, at),
        }
    }

    /// Wraps a part of a value already paid for, measuring its depth and size again.
    fn measured(&mut self, located: Located) -> Val {
        let (depth, size) = measure(&located.value);
        Val {
            located,
            depth,
            size,
        }
    }

    fn variable(&mut self, name: &str, at: Loc) -> Val {
        if self.literal_only {
            return Val::unknown(
                format!("var.{name}: a value here cannot refer to variables"),
                at,
            );
        }
        if let Some(val) = self.scope.values.get(name) {
            return self.copied(val.clone());
        }
        if let Some(val) = self.variables.get(name) {
            return self.copied(val.clone());
        }
        let Some(decl) = self.scope.variables.get(name).copied() else {
            return Val::unknown(format!("var.{name} is not declared"), at);
        };
        let val = match decl.default {
            Some((expr, ctx)) => {
                let mut defaults = Evaluator::literal(self.scope, self.budget, self.max_depth);
                defaults.frames = self.frames;
                defaults.eval(expr, ctx, at)
            }
            None if self.scope.module.is_empty() => Val::unknown(
                format!("var.{name} has no default and no value is given"),
                at,
            ),
            None => Val::unknown(
                format!(
                    "var.{name} has no default and {} does not set it",
                    self.scope.module
                ),
                at,
            ),
        };
        self.variables.insert(name.to_string(), val.clone());
        val
    }

    fn local(&mut self, name: &str, at: Loc) -> Val {
        if self.literal_only {
            return Val::unknown(
                format!("local.{name}: a value here cannot refer to locals"),
                at,
            );
        }
        match self.locals.get(name) {
            Some(LocalState::Done(val)) => return self.copied(val.clone()),
            Some(LocalState::InProgress) => {
                return Val::unknown(
                    format!("local.{name} refers to itself (a cycle of locals)"),
                    at,
                )
            }
            None => {}
        }
        let Some((expr, ctx)) = self.scope.locals.get(name).copied() else {
            return Val::unknown(format!("local.{name} is not defined"), at);
        };
        self.locals.insert(name.to_string(), LocalState::InProgress);
        let val = self.eval(expr, ctx, at);
        self.locals
            .insert(name.to_string(), LocalState::Done(val.clone()));
        val
    }

    /// A copy of a value computed before: copying costs as much as building it.
    fn copied(&mut self, val: Val) -> Val {
        self.spent(val)
    }

    fn call(&mut self, call: &'a FuncCall, ctx: FileCtx<'a>, at: Loc) -> Val {
        let name = call.name.name.as_str();
        let args: Vec<&Expression> = call.args.iter().collect();
        let supported = matches!(name, "jsonencode" | "tostring" | "tonumber");
        if call.name.is_namespaced() || !supported {
            let name = ctx.snippet(call.name.name.span());
            return Val::unknown(
                format!("the function {name}() is not evaluated statically"),
                at,
            );
        }
        let [arg] = args[..] else {
            return Val::unknown(format!("{name}() takes one argument"), at);
        };
        if call.args.expand_final() {
            return Val::unknown(
                format!("{name}(...) with an expanded argument is not evaluated statically"),
                at,
            );
        }
        let arg = self.eval(arg, ctx, at);
        match name {
            "jsonencode" => match json::encode(arg.value()) {
                Some(text) => Val::leaf(Value::Str(text), at),
                None => Val::unknown(
                    format!(
                        "jsonencode of a value that is not known: {}",
                        first_unknown(arg.value())
                    ),
                    at,
                ),
            },
            "tostring" => match arg.located.value {
                Value::Str(text) | Value::Number(text) => Val::leaf(Value::Str(text), at),
                Value::Bool(b) => Val::leaf(Value::Str(b.to_string()), at),
                Value::Null => Val::leaf(Value::Null, at),
                Value::Unknown(reason) => Val::unknown(reason, at),
                _ => Val::unknown("tostring() of a list or object is an error", at),
            },
            _ => match arg.located.value {
                Value::Number(text) => Val::leaf(Value::Number(text), at),
                Value::Str(text) if text.trim().parse::<f64>().is_ok_and(f64::is_finite) => {
                    Val::leaf(Value::Number(text.trim().to_string()), at)
                }
                Value::Null => Val::leaf(Value::Null, at),
                Value::Unknown(reason) => Val::unknown(reason, at),
                _ => Val::unknown("tonumber() of a value that is not a number", at),
            },
        }
    }
}

fn too_deep(max_depth: usize) -> String {
    format!("the value is nested deeper than {max_depth} levels")
}

/// Why a reference other than `var.` and `local.` is not known.
fn reference_reason(root: &str, what: &str) -> String {
    match root {
        "data" => format!("`{what}` is read from a data source when terraform plans"),
        "module" => format!("`{what}` is an output of a module"),
        "count" | "each" | "self" => {
            format!("`{what}` is known only per instance when terraform runs")
        }
        "path" | "terraform" => format!("`{what}` is known only when terraform runs"),
        _ => format!("`{what}` is a resource attribute, known only when terraform applies"),
    }
}

/// Whether the element before a literal strips the whitespace after it (`~}`).
fn strips_after(element: Option<&Element>) -> bool {
    match element {
        Some(Element::Interpolation(interp)) => interp.strip.strip_end(),
        Some(Element::Directive(directive)) => {
            matches!(**directive, Directive::If(_) | Directive::For(_))
        }
        _ => false,
    }
}

/// Whether the element after a literal strips the whitespace before it (`${~`).
fn strips_before(element: Option<&Element>) -> bool {
    match element {
        Some(Element::Interpolation(interp)) => interp.strip.strip_start(),
        _ => false,
    }
}

/// The text a value puts into a template.
fn template_part(value: &Value) -> Result<String, String> {
    match value {
        Value::Str(text) | Value::Number(text) => Ok(text.clone()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Unknown(reason) => Err(format!("part of the string is not known: {reason}")),
        Value::Null => Err("a template cannot interpolate null".to_string()),
        Value::List(_) | Value::Object(_) => {
            Err("a template cannot interpolate a list or object".to_string())
        }
    }
}

fn unary(operator: UnaryOperator, operand: &Value, at: Loc) -> Val {
    match (operator, operand) {
        (UnaryOperator::Not, Value::Bool(b)) => Val::leaf(Value::Bool(!b), at),
        (UnaryOperator::Neg, Value::Number(text)) => {
            let negated = match text.strip_prefix('-') {
                Some(positive) => positive.to_string(),
                None => format!("-{text}"),
            };
            Val::leaf(Value::Number(negated), at)
        }
        (_, Value::Unknown(reason)) => Val::unknown(reason.clone(), at),
        _ => Val::unknown("an operator on a value of the wrong type", at),
    }
}

fn binary(operator: BinaryOperator, lhs: &Value, rhs: &Value, at: Loc) -> Val {
    let known = |v: &Value| {
        matches!(
            v,
            Value::Null | Value::Bool(_) | Value::Number(_) | Value::Str(_)
        )
    };
    if let Value::Unknown(reason) = lhs {
        return Val::unknown(reason.clone(), at);
    }
    if let Value::Unknown(reason) = rhs {
        return Val::unknown(reason.clone(), at);
    }
    match (operator, lhs, rhs) {
        (BinaryOperator::And, Value::Bool(a), Value::Bool(b)) => {
            Val::leaf(Value::Bool(*a && *b), at)
        }
        (BinaryOperator::Or, Value::Bool(a), Value::Bool(b)) => {
            Val::leaf(Value::Bool(*a || *b), at)
        }
        (BinaryOperator::Eq, a, b) if known(a) && known(b) => {
            Val::leaf(Value::Bool(same(a, b)), at)
        }
        (BinaryOperator::NotEq, a, b) if known(a) && known(b) => {
            Val::leaf(Value::Bool(!same(a, b)), at)
        }
        _ => Val::unknown(
            format!(
                "the operator `{}` is not evaluated statically",
                operator.as_str()
            ),
            at,
        ),
    }
}

/// Equality of scalars as terraform sees it: numbers by value, not by spelling.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(a), Value::Number(b)) => match (a.parse::<f64>(), b.parse::<f64>()) {
            (Ok(a), Ok(b)) => a == b,
            _ => a == b,
        },
        _ => a == b,
    }
}

/// The reason of the first Unknown in a value.
fn first_unknown(value: &Value) -> String {
    match value {
        Value::Unknown(reason) => reason.clone(),
        Value::List(items) => items
            .iter()
            .map(|item| first_unknown(&item.value))
            .find(|reason| !reason.is_empty())
            .unwrap_or_default(),
        Value::Object(entries) => entries
            .iter()
            .map(|(_, item)| first_unknown(&item.value))
            .find(|reason| !reason.is_empty())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// The depth and size of a value (whose depth is already bounded).
fn measure(value: &Value) -> (usize, u64) {
    match value {
        Value::List(items) => items.iter().fold((1, 1), |(depth, size), item| {
            let (d, s) = measure(&item.value);
            (depth.max(d + 1), size + s)
        }),
        Value::Object(entries) => entries.iter().fold((1, 1), |(depth, size), (key, item)| {
            let (d, s) = measure(&item.value);
            (depth.max(d + 1), size + s + key.len() as u64)
        }),
        Value::Str(text) | Value::Number(text) | Value::Unknown(text) => (0, 1 + text.len() as u64),
        _ => (0, 1),
    }
}

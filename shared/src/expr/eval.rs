//! Evaluation of pack expressions against a quote payload.

use std::borrow::Cow;
use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use serde_json::Value;

use super::{BinOp, Expr, Func, Segment};

/// What an expression evaluates to.
#[derive(Debug, Clone, PartialEq)]
pub enum Val<'a> {
    Null,
    Bool(bool),
    Num(Decimal),
    Str(Cow<'a, str>),
    List(Vec<Val<'a>>),
    /// A JSON array or object reached by a path.
    Json(&'a Value),
}

impl Val<'_> {
    /// Truthiness for `&&`, `||`, `!` and rule conditions: null and false are false.
    pub fn truth(&self) -> bool {
        match self {
            Val::Null => false,
            Val::Bool(b) => *b,
            Val::Num(n) => !n.is_zero(),
            Val::Str(s) => !s.is_empty(),
            Val::List(items) => !items.is_empty(),
            Val::Json(_) => true,
        }
    }

    pub fn as_num(&self) -> Option<Decimal> {
        match self {
            Val::Num(n) => Some(*n),
            _ => None,
        }
    }

    /// The value as JSON, for calculation traces.
    pub fn to_json(&self) -> Value {
        match self {
            Val::Null => Value::Null,
            Val::Bool(b) => Value::Bool(*b),
            Val::Num(n) => decimal_json(*n),
            Val::Str(s) => Value::String(s.to_string()),
            Val::List(items) => Value::Array(items.iter().map(Val::to_json).collect()),
            Val::Json(v) => (*v).clone(),
        }
    }
}

/// A decimal as a JSON number (as a string when it does not fit a float).
pub fn decimal_json(n: Decimal) -> Value {
    n.normalize()
        .to_f64()
        .and_then(serde_json::Number::from_f64)
        .map_or_else(|| Value::String(n.to_string()), Value::Number)
}

/// Where paths are looked up: the payload, with `risk` naming `risks[0]`.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    payload: &'a Value,
    risk: Option<&'a Value>,
}

impl<'a> Scope<'a> {
    pub fn new(payload: &'a Value) -> Self {
        Self {
            payload,
            risk: payload.get("risks").and_then(|r| r.get(0)),
        }
    }

    /// Looks up a path; anything missing is null.
    pub fn lookup(&self, segments: &[Segment]) -> Val<'a> {
        let mut iter = segments.iter();
        let mut current = match iter.next() {
            Some(Segment::Key(k)) if k == "risk" => self.risk,
            Some(Segment::Key(k)) => self.payload.get(k.as_str()),
            Some(Segment::Index(i)) => self.payload.get(*i),
            None => Some(self.payload),
        };
        for segment in iter {
            current = current.and_then(|v| match segment {
                Segment::Key(k) => v.get(k.as_str()),
                Segment::Index(i) => v.get(*i),
            });
        }
        current.map_or(Val::Null, json_val)
    }

    pub fn eval(&self, expr: &Expr) -> Val<'a> {
        match expr {
            Expr::Null => Val::Null,
            Expr::Bool(b) => Val::Bool(*b),
            Expr::Num(n) => Val::Num(*n),
            Expr::Str(s) => Val::Str(Cow::Owned(s.clone())),
            Expr::List(items) => Val::List(items.iter().map(|e| self.eval(e)).collect()),
            Expr::Path(segments) => self.lookup(segments),
            Expr::Not(inner) => Val::Bool(!self.eval(inner).truth()),
            Expr::Neg(inner) => match self.eval(inner) {
                Val::Num(n) => Val::Num(-n),
                _ => Val::Null,
            },
            Expr::Binary(BinOp::And, a, b) => {
                Val::Bool(self.eval(a).truth() && self.eval(b).truth())
            }
            Expr::Binary(BinOp::Or, a, b) => {
                Val::Bool(self.eval(a).truth() || self.eval(b).truth())
            }
            Expr::Binary(op, a, b) => binary(*op, &self.eval(a), &self.eval(b)),
            Expr::Call(func, args) => self.call(*func, args),
        }
    }

    fn call(&self, func: Func, args: &[Expr]) -> Val<'a> {
        let arg = |i: usize| args.get(i).map_or(Val::Null, |e| self.eval(e));
        match func {
            Func::Number => match arg(0) {
                n @ Val::Num(_) => n,
                _ => Val::Null,
            },
            Func::Num => match arg(0) {
                n @ Val::Num(_) => n,
                Val::Str(s) => parse_number(&s).map_or(Val::Null, Val::Num),
                _ => Val::Null,
            },
            Func::String => text(arg(0)).map_or(Val::Null, Val::Str),
            Func::Lower => {
                text(arg(0)).map_or(Val::Null, |s| Val::Str(Cow::Owned(s.to_lowercase())))
            }
            Func::Upper => {
                text(arg(0)).map_or(Val::Null, |s| Val::Str(Cow::Owned(s.to_uppercase())))
            }
            Func::Len => Val::Num(Decimal::from(match arg(0) {
                Val::Str(s) => s.chars().count(),
                Val::List(items) => items.len(),
                Val::Json(Value::Array(items)) => items.len(),
                Val::Json(Value::Object(map)) => map.len(),
                Val::Num(n) => n.normalize().to_string().len(),
                _ => 0,
            })),
            Func::Digits => Val::Bool(
                text(arg(0))
                    .is_some_and(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())),
            ),
            Func::Truthy => Val::Bool(truthy(&arg(0))),
            Func::Contains => match (text(arg(0)), text(arg(1))) {
                (Some(hay), Some(needle)) => Val::Bool(hay.contains(needle.as_ref())),
                _ => Val::Bool(false),
            },
            Func::ContainsAny => {
                let hay = text(arg(0));
                let found = match (&hay, arg(1)) {
                    (Some(hay), Val::List(needles)) => needles
                        .into_iter()
                        .filter_map(text)
                        .any(|n| hay.contains(n.as_ref())),
                    _ => false,
                };
                Val::Bool(found)
            }
            Func::Min | Func::Max => {
                let mut best: Option<Decimal> = None;
                for i in 0..args.len() {
                    let Some(n) = arg(i).as_num() else {
                        return Val::Null;
                    };
                    best = Some(match best {
                        None => n,
                        Some(b) if func == Func::Min => b.min(n),
                        Some(b) => b.max(n),
                    });
                }
                best.map_or(Val::Null, Val::Num)
            }
            Func::Clamp => match (arg(0).as_num(), arg(1).as_num(), arg(2).as_num()) {
                (Some(x), Some(lo), Some(hi)) => Val::Num(x.max(lo).min(hi)),
                _ => Val::Null,
            },
            Func::Sqrt => arg(0).as_num().and_then(sqrt).map_or(Val::Null, Val::Num),
            Func::Abs => arg(0).as_num().map_or(Val::Null, |n| Val::Num(n.abs())),
            Func::Coalesce => (0..args.len())
                .map(arg)
                .find(|v| *v != Val::Null)
                .unwrap_or(Val::Null),
            Func::NonZero => match arg(0) {
                Val::Num(n) if !n.is_zero() => Val::Num(n),
                _ => Val::Null,
            },
        }
    }
}

/// JSON scalars become values; arrays and objects stay JSON.
fn json_val(value: &Value) -> Val<'_> {
    match value {
        Value::Null => Val::Null,
        Value::Bool(b) => Val::Bool(*b),
        Value::Number(n) => json_number(n).map_or(Val::Null, Val::Num),
        Value::String(s) => Val::Str(Cow::Borrowed(s)),
        other => Val::Json(other),
    }
}

/// A JSON number as an exact decimal of its shortest text.
pub fn json_number(n: &serde_json::Number) -> Option<Decimal> {
    if let Some(i) = n.as_i64() {
        return Some(Decimal::from(i));
    }
    if let Some(u) = n.as_u64() {
        return Decimal::from_u64(u);
    }
    let f = n.as_f64()?;
    Decimal::from_str(&f.to_string())
        .ok()
        .or_else(|| Decimal::from_f64(f))
}

/// A number written as text: `"1,000,000"` is not one (as in JavaScript's `Number`).
pub fn parse_number(text: &str) -> Option<Decimal> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    Decimal::from_str(text)
        .ok()
        .or_else(|| Decimal::from_scientific(text).ok())
}

/// The square root, through `f64` (sufficient: results feed factors that are then rounded
/// to cents).
pub fn sqrt(n: Decimal) -> Option<Decimal> {
    if n.is_sign_negative() {
        return None;
    }
    let root = n.to_f64()?.sqrt();
    Decimal::from_f64(root)
}

fn text<'a>(value: Val<'a>) -> Option<Cow<'a, str>> {
    match value {
        Val::Str(s) => Some(s),
        Val::Num(n) => Some(Cow::Owned(n.normalize().to_string())),
        Val::Bool(b) => Some(Cow::Borrowed(if b { "true" } else { "false" })),
        _ => None,
    }
}

/// `true`, `"true"`, `"1"`, `"yes"`, `"y"` (any case) or the number 1.
pub fn truthy(value: &Val<'_>) -> bool {
    match value {
        Val::Bool(b) => *b,
        Val::Num(n) => *n == Decimal::ONE,
        Val::Str(s) => matches!(
            s.trim().to_ascii_lowercase().as_str(),
            "true" | "1" | "yes" | "y"
        ),
        _ => false,
    }
}

fn equals(a: &Val<'_>, b: &Val<'_>) -> bool {
    match (a, b) {
        (Val::Num(x), Val::Num(y)) => x == y,
        (Val::Str(x), Val::Str(y)) => x == y,
        (Val::Bool(x), Val::Bool(y)) => x == y,
        (Val::Null, Val::Null) => true,
        _ => false,
    }
}

fn binary<'a>(op: BinOp, a: &Val<'a>, b: &Val<'a>) -> Val<'a> {
    use std::cmp::Ordering;
    let order = || match (a, b) {
        (Val::Num(x), Val::Num(y)) => Some(x.cmp(y)),
        (Val::Str(x), Val::Str(y)) => Some(x.cmp(y)),
        _ => None,
    };
    let arith = |f: fn(Decimal, Decimal) -> Option<Decimal>| match (a.as_num(), b.as_num()) {
        (Some(x), Some(y)) => f(x, y).map_or(Val::Null, Val::Num),
        _ => Val::Null,
    };
    match op {
        BinOp::Eq => Val::Bool(equals(a, b)),
        BinOp::Ne => Val::Bool(!equals(a, b)),
        BinOp::Lt => Val::Bool(order() == Some(Ordering::Less)),
        BinOp::Le => Val::Bool(matches!(order(), Some(Ordering::Less | Ordering::Equal))),
        BinOp::Gt => Val::Bool(order() == Some(Ordering::Greater)),
        BinOp::Ge => Val::Bool(matches!(order(), Some(Ordering::Greater | Ordering::Equal))),
        BinOp::In => Val::Bool(match b {
            Val::List(items) => items.iter().any(|item| equals(a, item)),
            _ => false,
        }),
        BinOp::Add => arith(Decimal::checked_add),
        BinOp::Sub => arith(Decimal::checked_sub),
        BinOp::Mul => arith(Decimal::checked_mul),
        BinOp::Div => arith(|x, y| if y.is_zero() { None } else { x.checked_div(y) }),
        BinOp::And | BinOp::Or => Val::Bool(a.truth() && b.truth()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::parse;
    use rust_decimal_macros::dec;
    use serde_json::json;

    fn eval(source: &str, payload: &Value) -> Val<'static> {
        let expr = parse(source).expect("parses");
        let leaked: &'static Value = Box::leak(Box::new(payload.clone()));
        Scope::new(leaked).eval(&expr)
    }

    #[test]
    fn paths_reach_into_the_payload_and_the_first_risk() {
        let p = json!({"state": "NY", "risks": [{"vehicleCount": 3, "zip": "10001"}], "uwAnswers": {"driverAge": 35}});
        assert_eq!(eval("risk.vehicleCount", &p), Val::Num(dec!(3)));
        assert_eq!(eval("risks[0].zip", &p), Val::Str("10001".into()));
        assert_eq!(eval("uwAnswers.driverAge + 1", &p), Val::Num(dec!(36)));
        assert_eq!(eval("risk.missing.deeper", &p), Val::Null);
        assert_eq!(eval("state == 'NY'", &p), Val::Bool(true));
    }

    #[test]
    fn strict_and_lenient_numbers() {
        let p = json!({"a": "25", "b": 25, "c": "1,000", "d": 2.5});
        assert_eq!(eval("number(a)", &p), Val::Null);
        assert_eq!(eval("num(a)", &p), Val::Num(dec!(25)));
        assert_eq!(eval("number(b)", &p), Val::Num(dec!(25)));
        assert_eq!(eval("num(c)", &p), Val::Null);
        assert_eq!(eval("d * 2", &p), Val::Num(dec!(5.0)));
    }

    #[test]
    fn null_never_satisfies_an_ordering() {
        let p = json!({});
        assert_eq!(eval("num(x) > 5", &p), Val::Bool(false));
        assert_eq!(eval("num(x) <= 5", &p), Val::Bool(false));
        assert_eq!(eval("len(x) != 5", &p), Val::Bool(true));
        assert_eq!(eval("coalesce(num(x), 7) * 2", &p), Val::Num(dec!(14)));
        assert_eq!(eval("1 / 0", &p), Val::Null);
    }

    #[test]
    fn string_functions() {
        let p = json!({"s": "Exotic-Perf", "zip": 94105, "u": "RideShare"});
        assert_eq!(
            eval("contains_any(upper(s), ['EXOTIC', 'SUPER'])", &p),
            Val::Bool(true)
        );
        assert_eq!(
            eval("digits(string(zip)) && len(string(zip)) == 5", &p),
            Val::Bool(true)
        );
        assert_eq!(
            eval("lower(u) in ['rideshare', 'commercial']", &p),
            Val::Bool(true)
        );
        assert_eq!(eval("contains(s, 'xyz')", &p), Val::Bool(false));
    }

    #[test]
    fn truthy_accepts_the_reference_spellings() {
        for yes in [
            json!(true),
            json!("true"),
            json!("YES"),
            json!("y"),
            json!("1"),
            json!(1),
        ] {
            assert_eq!(
                eval("truthy(v)", &json!({"v": yes})),
                Val::Bool(true),
                "{yes}"
            );
        }
        for no in [
            json!(false),
            json!("no"),
            json!(0),
            json!(null),
            json!("enabled"),
        ] {
            assert_eq!(
                eval("truthy(v)", &json!({"v": no})),
                Val::Bool(false),
                "{no}"
            );
        }
    }

    #[test]
    fn numeric_functions() {
        let p = json!({"n": 0});
        assert_eq!(
            eval("clamp(sqrt(100000 / 25000), 0.8, 1.9)", &p),
            Val::Num(dec!(1.9))
        );
        assert_eq!(eval("sqrt(4)", &p), Val::Num(dec!(2)));
        assert_eq!(eval("min(9, 5) + max(1, 3)", &p), Val::Num(dec!(8)));
        assert_eq!(eval("coalesce(nonzero(n), 1)", &p), Val::Num(dec!(1)));
        assert_eq!(eval("-abs(-2)", &p), Val::Num(dec!(-2)));
        assert_eq!(eval("min(1, x)", &p), Val::Null);
    }
}

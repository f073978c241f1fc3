//! A small expression language for product packs: rating inputs and underwriting
//! conditions are written as text (`num(risk.vehicleCount) > 150`), parsed once when a
//! pack loads, and evaluated against a quote payload with decimal arithmetic.
//!
//! Values are null, booleans, decimals, strings and lists. A missing path is null; null
//! propagates through arithmetic and functions, and an ordering comparison with null is
//! false, so a rule about a missing number never fires.

mod eval;
mod parse;

use rust_decimal::Decimal;

pub use eval::{Scope, Val, decimal_json, json_number, parse_number, sqrt, truthy};
pub use parse::{ParseError, parse};

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Null,
    Bool(bool),
    Num(Decimal),
    Str(String),
    List(Vec<Expr>),
    /// `risk.garagingZip`, `risks[0].year`, `uwAnswers.driverAge`.
    Path(Vec<Segment>),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    Call(Func, Vec<Expr>),
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    Key(String),
    Index(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    Add,
    Sub,
    Mul,
    Div,
}

/// The built-in functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    /// A JSON number, else null (numeric strings are *not* accepted).
    Number,
    /// A JSON number or a numeric string, else null.
    Num,
    /// The value as text: strings as they are, numbers and booleans printed.
    String,
    Lower,
    Upper,
    /// Length of a string or list; null has length 0.
    Len,
    /// Whether a string is non-empty and all ASCII digits.
    Digits,
    /// `true`, or `"true"`, `"1"`, `"yes"`, `"y"` (any case), or the number 1.
    Truthy,
    /// Whether the first (string) argument contains the second.
    Contains,
    /// Whether the first (string) argument contains any string of the list.
    ContainsAny,
    Min,
    Max,
    /// `clamp(x, lo, hi)`.
    Clamp,
    Sqrt,
    Abs,
    /// The first argument that is not null.
    Coalesce,
    /// The number if it is not zero, else null.
    NonZero,
}

impl Func {
    fn by_name(name: &str) -> Option<(Func, usize, Option<usize>)> {
        // (function, minimum arguments, maximum arguments)
        Some(match name {
            "number" => (Func::Number, 1, Some(1)),
            "num" => (Func::Num, 1, Some(1)),
            "string" => (Func::String, 1, Some(1)),
            "lower" => (Func::Lower, 1, Some(1)),
            "upper" => (Func::Upper, 1, Some(1)),
            "len" => (Func::Len, 1, Some(1)),
            "digits" => (Func::Digits, 1, Some(1)),
            "truthy" => (Func::Truthy, 1, Some(1)),
            "contains" => (Func::Contains, 2, Some(2)),
            "contains_any" => (Func::ContainsAny, 2, Some(2)),
            "min" => (Func::Min, 1, None),
            "max" => (Func::Max, 1, None),
            "clamp" => (Func::Clamp, 3, Some(3)),
            "sqrt" => (Func::Sqrt, 1, Some(1)),
            "abs" => (Func::Abs, 1, Some(1)),
            "coalesce" => (Func::Coalesce, 1, None),
            "nonzero" => (Func::NonZero, 1, Some(1)),
            _ => return None,
        })
    }
}

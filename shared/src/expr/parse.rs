//! Tokenizer and precedence-climbing parser for pack expressions.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::{BinOp, Expr, Func, Segment};

/// Why an expression did not parse, with the 1-based column where it went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for ParseError {}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Num(Decimal),
    Str(String),
    Ident(String),
    Op(&'static str),
    End,
}

/// Parses `source` into an expression.
pub fn parse(source: &str) -> Result<Expr, ParseError> {
    let tokens = tokenize(source)?;
    let mut parser = Parser { tokens, pos: 0 };
    let expr = parser.expr(0)?;
    match parser.peek() {
        Token::End => Ok(expr),
        other => Err(parser.error(format!("unexpected {}", describe(other)))),
    }
}

const OPERATORS: &[&str] = &[
    "||", "&&", "==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "!", "(", ")", "[", "]", ",",
    ".",
];

fn tokenize(source: &str) -> Result<Vec<(Token, usize)>, ParseError> {
    let mut tokens = Vec::new();
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            while i < bytes.len()
                && (bytes[i].is_ascii_digit() || bytes[i] == b'.' || bytes[i] == b'_')
            {
                i += 1;
            }
            let text = source[start..i].replace('_', "");
            let n = Decimal::from_str(&text).map_err(|_| ParseError {
                column: start + 1,
                message: format!("bad number {text:?}"),
            })?;
            tokens.push((Token::Num(n), start));
        } else if c == b'\'' || c == b'"' {
            i += 1;
            let mut text = String::new();
            loop {
                match bytes.get(i) {
                    None => {
                        return Err(ParseError {
                            column: start + 1,
                            message: "unterminated string".into(),
                        });
                    }
                    Some(&q) if q == c => break,
                    Some(b'\\') if i + 1 < bytes.len() => {
                        text.push(bytes[i + 1] as char);
                        i += 2;
                    }
                    Some(_) => {
                        let ch = source[i..].chars().next().unwrap_or_default();
                        text.push(ch);
                        i += ch.len_utf8();
                    }
                }
            }
            i += 1;
            tokens.push((Token::Str(text), start));
        } else if c.is_ascii_alphabetic() || c == b'_' {
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            tokens.push((Token::Ident(source[start..i].to_owned()), start));
        } else if let Some(op) = OPERATORS.iter().find(|op| source[i..].starts_with(**op)) {
            i += op.len();
            tokens.push((Token::Op(op), start));
        } else {
            let ch = source[i..].chars().next().unwrap_or_default();
            return Err(ParseError {
                column: start + 1,
                message: format!("unexpected character {ch:?}"),
            });
        }
    }
    tokens.push((Token::End, source.len()));
    Ok(tokens)
}

fn describe(token: &Token) -> String {
    match token {
        Token::Num(n) => format!("number {n}"),
        Token::Str(s) => format!("string {s:?}"),
        Token::Ident(i) => format!("name {i:?}"),
        Token::Op(op) => format!("{op:?}"),
        Token::End => "end of expression".into(),
    }
}

struct Parser {
    tokens: Vec<(Token, usize)>,
    pos: usize,
}

/// Binary operators by precedence (higher binds tighter).
fn binary(token: &Token) -> Option<(BinOp, u8)> {
    Some(match token {
        Token::Op("||") => (BinOp::Or, 1),
        Token::Op("&&") => (BinOp::And, 2),
        Token::Op("==") => (BinOp::Eq, 3),
        Token::Op("!=") => (BinOp::Ne, 3),
        Token::Op("<") => (BinOp::Lt, 3),
        Token::Op("<=") => (BinOp::Le, 3),
        Token::Op(">") => (BinOp::Gt, 3),
        Token::Op(">=") => (BinOp::Ge, 3),
        Token::Ident(word) if word == "in" => (BinOp::In, 3),
        Token::Op("+") => (BinOp::Add, 4),
        Token::Op("-") => (BinOp::Sub, 4),
        Token::Op("*") => (BinOp::Mul, 5),
        Token::Op("/") => (BinOp::Div, 5),
        _ => return None,
    })
}

impl Parser {
    fn peek(&self) -> &Token {
        &self.tokens[self.pos].0
    }

    fn next(&mut self) -> Token {
        let token = self.tokens[self.pos].0.clone();
        if self.pos + 1 < self.tokens.len() {
            self.pos += 1;
        }
        token
    }

    fn error(&self, message: String) -> ParseError {
        ParseError {
            column: self.tokens[self.pos].1 + 1,
            message,
        }
    }

    fn expect(&mut self, op: &str) -> Result<(), ParseError> {
        if *self.peek() == Token::Op(op_static(op)) {
            self.next();
            Ok(())
        } else {
            Err(self.error(format!("expected {op:?}, found {}", describe(self.peek()))))
        }
    }

    /// Precedence climbing: parses operators binding at least as tightly as `min`.
    fn expr(&mut self, min: u8) -> Result<Expr, ParseError> {
        let mut left = self.unary()?;
        while let Some((op, precedence)) = binary(self.peek()) {
            if precedence < min {
                break;
            }
            self.next();
            let right = self.expr(precedence + 1)?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, ParseError> {
        match self.peek() {
            Token::Op("!") => {
                self.next();
                Ok(Expr::Not(Box::new(self.unary()?)))
            }
            Token::Op("-") => {
                self.next();
                Ok(Expr::Neg(Box::new(self.unary()?)))
            }
            _ => self.primary(),
        }
    }

    fn primary(&mut self) -> Result<Expr, ParseError> {
        let column = self.pos;
        match self.next() {
            Token::Num(n) => Ok(Expr::Num(n)),
            Token::Str(s) => Ok(Expr::Str(s)),
            Token::Op("(") => {
                let inner = self.expr(0)?;
                self.expect(")")?;
                Ok(inner)
            }
            Token::Op("[") => {
                let items = self.list("]")?;
                Ok(Expr::List(items))
            }
            Token::Ident(name) => match name.as_str() {
                "true" => Ok(Expr::Bool(true)),
                "false" => Ok(Expr::Bool(false)),
                "null" => Ok(Expr::Null),
                _ if *self.peek() == Token::Op("(") => {
                    self.next();
                    let args = self.list(")")?;
                    let (func, min, max) = Func::by_name(&name).ok_or_else(|| ParseError {
                        column: self.tokens[column].1 + 1,
                        message: format!("unknown function {name:?}"),
                    })?;
                    if args.len() < min || max.is_some_and(|max| args.len() > max) {
                        return Err(ParseError {
                            column: self.tokens[column].1 + 1,
                            message: format!("{name} takes {} argument(s)", arity(min, max)),
                        });
                    }
                    Ok(Expr::Call(func, args))
                }
                _ => self.path(name),
            },
            other => {
                self.pos = column;
                Err(self.error(format!("unexpected {}", describe(&other))))
            }
        }
    }

    fn list(&mut self, close: &str) -> Result<Vec<Expr>, ParseError> {
        let mut items = Vec::new();
        if *self.peek() == Token::Op(op_static(close)) {
            self.next();
            return Ok(items);
        }
        loop {
            items.push(self.expr(0)?);
            if *self.peek() == Token::Op(",") {
                self.next();
            } else {
                self.expect(close)?;
                return Ok(items);
            }
        }
    }

    fn path(&mut self, first: String) -> Result<Expr, ParseError> {
        let mut segments = vec![Segment::Key(first)];
        loop {
            match self.peek() {
                Token::Op(".") => {
                    self.next();
                    match self.next() {
                        Token::Ident(key) => segments.push(Segment::Key(key)),
                        other => {
                            return Err(self.error(format!(
                                "expected a field name after '.', found {}",
                                describe(&other)
                            )));
                        }
                    }
                }
                Token::Op("[") => {
                    self.next();
                    match self.next() {
                        Token::Num(n) if n.fract().is_zero() && n >= Decimal::ZERO => {
                            let index = usize::try_from(n.mantissa()).unwrap_or(usize::MAX);
                            segments.push(Segment::Index(index));
                        }
                        Token::Str(key) => segments.push(Segment::Key(key)),
                        other => {
                            return Err(self
                                .error(format!("expected an index, found {}", describe(&other))));
                        }
                    }
                    self.expect("]")?;
                }
                _ => return Ok(Expr::Path(segments)),
            }
        }
    }
}

fn arity(min: usize, max: Option<usize>) -> String {
    match max {
        Some(max) if max == min => min.to_string(),
        Some(max) => format!("{min} to {max}"),
        None => format!("at least {min}"),
    }
}

fn op_static(op: &str) -> &'static str {
    OPERATORS.iter().find(|o| **o == op).copied().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence_and_paths() {
        let e = parse("num(risk.a) > 1 + 2 * 3 && !x.y[0]").expect("parses");
        let Expr::Binary(BinOp::And, left, right) = e else {
            panic!("&& binds loosest");
        };
        assert!(matches!(*left, Expr::Binary(BinOp::Gt, _, _)));
        assert_eq!(
            *right,
            Expr::Not(Box::new(Expr::Path(vec![
                Segment::Key("x".into()),
                Segment::Key("y".into()),
                Segment::Index(0)
            ])))
        );
    }

    #[test]
    fn errors_point_at_the_column() {
        assert_eq!(parse("a >").expect_err("incomplete").column, 4);
        let unknown = parse("frobnicate(a)").expect_err("unknown");
        assert_eq!(unknown.message, "unknown function \"frobnicate\"");
        assert_eq!(
            parse("clamp(1, 2)").expect_err("arity").message,
            "clamp takes 3 argument(s)"
        );
        assert_eq!(parse("a $ b").expect_err("bad char").column, 3);
        assert!(parse("'open").is_err());
        assert!(parse("a b").is_err());
    }

    #[test]
    fn lists_strings_and_in() {
        let e = parse("lower(risk.usage) in ['rideshare', \"commercial\"]").expect("parses");
        assert!(matches!(e, Expr::Binary(BinOp::In, _, _)));
        assert_eq!(
            parse("1_000_000").expect("number"),
            Expr::Num(Decimal::from(1_000_000))
        );
    }
}

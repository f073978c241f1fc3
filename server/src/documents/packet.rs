//! The document packet of a policy transaction: a notice page when the transaction needs
//! one (cancellation, reinstatement, non-renewal), the declarations page (insured, term,
//! coverages with limits, deductibles and premiums, fees, taxes, total) and, for personal
//! auto, one ID card per vehicle unless the transaction ends cover.

use lattice_shared::api::rating::{CoveragePremium, Premium};
use lattice_shared::product::Product;
use rust_decimal::Decimal;
use serde_json::Value;
use time::Date;

use super::pdf::{Document, Face, PAGE_HEIGHT, Page};

const LEFT: f32 = 54.0;
const RIGHT: f32 = 558.0;
const BOTTOM: f32 = 72.0;

/// A notice that opens the packet.
pub struct Notice {
    pub title: String,
    /// Label and value rows.
    pub facts: Vec<(String, String)>,
    /// Paragraph lines under the facts.
    pub body: Vec<String>,
}

/// Everything a packet shows.
pub struct Packet<'a> {
    pub carrier: &'a str,
    pub product: &'a Product,
    pub policy_number: &'a str,
    pub insured_name: &'a str,
    pub state: Option<&'a str>,
    pub term: (Date, Date),
    /// e.g. "Endorsement".
    pub transaction_label: &'a str,
    pub transaction_number: &'a str,
    pub effective: Date,
    /// The payload in force from `effective`.
    pub payload: &'a Value,
    /// Its full-term premium.
    pub premium: &'a Premium,
    /// What the transaction charged (positive) or returned (negative), if anything.
    pub transaction_amount: Option<Decimal>,
    pub notice: Option<Notice>,
    /// Whether ID cards belong in the packet (not when cover is ending).
    pub id_cards: bool,
    /// When it was generated, as text.
    pub generated_at: &'a str,
}

/// Renders the packet as a PDF.
pub fn render(p: &Packet<'_>) -> Vec<u8> {
    let mut doc = Document::new();
    if let Some(notice) = &p.notice {
        notice_page(&mut doc, p, notice);
    }
    declarations(&mut doc, p);
    if p.id_cards && p.product.code == "personal-auto" {
        id_cards(&mut doc, p);
    }
    doc.finish(&format!("{} {}", p.policy_number, p.transaction_number))
}

/// A text cursor that starts a new page when the current one is full.
struct Cursor<'d> {
    doc: &'d mut Document,
    y: f32,
    header: String,
}

impl<'d> Cursor<'d> {
    fn new(doc: &'d mut Document, header: String) -> Self {
        let mut cursor = Self {
            doc,
            y: 0.0,
            header,
        };
        cursor.new_page();
        cursor
    }

    fn new_page(&mut self) {
        let page = self.doc.add_page();
        page.text(LEFT, PAGE_HEIGHT - 40.0, 8.0, Face::Regular, &self.header);
        self.y = PAGE_HEIGHT - 72.0;
    }

    /// The current page, after moving down `height` (breaking the page if needed).
    fn advance(&mut self, height: f32) -> (&mut Page, f32) {
        if self.y - height < BOTTOM {
            self.new_page();
        }
        self.y -= height;
        let y = self.y;
        (self.doc.current_page(), y)
    }
}

fn header(p: &Packet<'_>) -> String {
    format!(
        "{} | {} | Policy {}",
        p.carrier, p.product.name, p.policy_number
    )
}

fn notice_page(doc: &mut Document, p: &Packet<'_>, notice: &Notice) {
    let mut c = Cursor::new(doc, header(p));
    let (page, y) = c.advance(10.0);
    page.text(LEFT, y, 18.0, Face::Bold, &notice.title);
    let (page, y) = c.advance(14.0);
    page.line(LEFT, y, RIGHT, y, 1.0);
    let mut facts = vec![
        ("Policy number".to_owned(), p.policy_number.to_owned()),
        ("Named insured".to_owned(), p.insured_name.to_owned()),
        (
            "Transaction".to_owned(),
            format!("{} {}", p.transaction_label, p.transaction_number),
        ),
    ];
    facts.extend(notice.facts.iter().cloned());
    for (label, value) in &facts {
        let (page, y) = c.advance(18.0);
        page.text(LEFT, y, 9.0, Face::Bold, label);
        page.text(LEFT + 150.0, y, 10.0, Face::Regular, value);
    }
    c.advance(10.0);
    for line in &notice.body {
        let (page, y) = c.advance(15.0);
        page.text(LEFT, y, 10.0, Face::Regular, line);
    }
    let (page, y) = c.advance(30.0);
    page.text(
        LEFT,
        y,
        8.0,
        Face::Regular,
        &format!("Generated {} by LatticePolicy.", p.generated_at),
    );
}

fn declarations(doc: &mut Document, p: &Packet<'_>) {
    let mut c = Cursor::new(doc, header(p));
    let (page, y) = c.advance(10.0);
    page.text(LEFT, y, 18.0, Face::Bold, "Policy Declarations");
    page.text_right(RIGHT, y, 10.0, Face::Regular, p.carrier);
    let (page, y) = c.advance(14.0);
    page.line(LEFT, y, RIGHT, y, 1.0);
    let facts = [
        ("Policy number", p.policy_number.to_owned()),
        ("Named insured", p.insured_name.to_owned()),
        ("Product", p.product.name.clone()),
        ("State", p.state.unwrap_or("-").to_owned()),
        (
            "Policy period",
            format!("{} to {} (12:01 a.m. standard time)", p.term.0, p.term.1),
        ),
        (
            "Transaction",
            format!(
                "{} {}, effective {}",
                p.transaction_label, p.transaction_number, p.effective
            ),
        ),
    ];
    for (label, value) in facts {
        let (page, y) = c.advance(18.0);
        page.text(LEFT, y, 9.0, Face::Bold, label);
        page.text(LEFT + 110.0, y, 10.0, Face::Regular, &value);
    }
    let risks = risk_lines(p.payload);
    if !risks.is_empty() {
        let (page, y) = c.advance(28.0);
        page.text(LEFT, y, 12.0, Face::Bold, "Insured risks");
        for line in risks {
            let (page, y) = c.advance(15.0);
            page.text(LEFT, y, 10.0, Face::Regular, &line);
        }
    }
    let (page, y) = c.advance(28.0);
    page.text(LEFT, y, 12.0, Face::Bold, "Coverages");
    let (page, y) = c.advance(18.0);
    page.text(LEFT, y, 9.0, Face::Bold, "Coverage");
    page.text(LEFT + 220.0, y, 9.0, Face::Bold, "Limit");
    page.text(LEFT + 320.0, y, 9.0, Face::Bold, "Deductible");
    page.text_right(RIGHT, y, 9.0, Face::Bold, "Annual premium");
    let (page, y) = c.advance(6.0);
    page.line(LEFT, y, RIGHT, y, 0.5);
    for line in &p.premium.by_coverage {
        let (page, y) = c.advance(15.0);
        page.text(
            LEFT,
            y,
            10.0,
            Face::Regular,
            &coverage_name(p.product, line),
        );
        page.text(LEFT + 220.0, y, 10.0, Face::Regular, &limit_text(line));
        page.text(
            LEFT + 320.0,
            y,
            10.0,
            Face::Regular,
            &line.deductible.as_ref().map_or("-".to_owned(), amount_text),
        );
        page.text_right(RIGHT, y, 10.0, Face::Regular, &money(line.amount.amount));
    }
    let (page, y) = c.advance(8.0);
    page.line(LEFT + 320.0, y, RIGHT, y, 0.5);
    for (label, amount, face) in [
        ("Fees", p.premium.fees.amount, Face::Regular),
        ("Taxes", p.premium.taxes.amount, Face::Regular),
        ("Total annual premium", p.premium.total.amount, Face::Bold),
    ] {
        let (page, y) = c.advance(15.0);
        page.text(LEFT + 320.0, y, 10.0, face, label);
        page.text_right(RIGHT, y, 10.0, face, &money(amount));
    }
    if let Some(amount) = p.transaction_amount {
        let (page, y) = c.advance(22.0);
        let label = if amount < Decimal::ZERO {
            "Premium returned by this transaction"
        } else {
            "Premium charged by this transaction"
        };
        page.text(LEFT + 220.0, y, 10.0, Face::Bold, label);
        page.text_right(RIGHT, y, 10.0, Face::Bold, &money(amount.abs()));
    }
    let (page, y) = c.advance(36.0);
    page.text(
        LEFT,
        y,
        8.0,
        Face::Regular,
        &format!(
            "Currency {}. Generated {} by LatticePolicy.",
            p.premium.total.currency, p.generated_at
        ),
    );
}

fn id_cards(doc: &mut Document, p: &Packet<'_>) {
    let vehicles: Vec<&Value> = p
        .payload
        .get("risks")
        .and_then(Value::as_array)
        .map(|r| r.iter().collect())
        .unwrap_or_default();
    const CARD_HEIGHT: f32 = 190.0;
    for (i, vehicle) in vehicles.iter().enumerate() {
        if i % 3 == 0 {
            let page = doc.add_page();
            page.text(LEFT, PAGE_HEIGHT - 40.0, 8.0, Face::Regular, &header(p));
        }
        let page = doc.current_page();
        #[expect(clippy::cast_precision_loss, reason = "at most three cards a page")]
        let top = PAGE_HEIGHT - 60.0 - (i % 3) as f32 * (CARD_HEIGHT + 20.0);
        page.rect(LEFT, top - CARD_HEIGHT, RIGHT - LEFT, CARD_HEIGHT, 1.0);
        let x = LEFT + 14.0;
        page.text(
            x,
            top - 24.0,
            12.0,
            Face::Bold,
            "Automobile Insurance Identification Card",
        );
        page.text_right(RIGHT - 14.0, top - 24.0, 9.0, Face::Regular, p.carrier);
        let vehicle_text = [
            text_of(vehicle, "year"),
            text_of(vehicle, "make"),
            text_of(vehicle, "model"),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        let rows = [
            ("Policy number", p.policy_number.to_owned()),
            ("Named insured", p.insured_name.to_owned()),
            ("Effective", p.term.0.to_string()),
            ("Expires", p.term.1.to_string()),
            (
                "Vehicle",
                format!("#{} {}", i + 1, vehicle_text).trim().to_owned(),
            ),
            (
                "VIN",
                text_of(vehicle, "vin").unwrap_or_else(|| "-".to_owned()),
            ),
            ("State", p.state.unwrap_or("-").to_owned()),
        ];
        #[expect(clippy::cast_precision_loss, reason = "seven rows")]
        for (row, (label, value)) in rows.iter().enumerate() {
            let y = top - 48.0 - row as f32 * 19.0;
            page.text(x, y, 9.0, Face::Bold, label);
            page.text(x + 110.0, y, 10.0, Face::Regular, value);
        }
    }
}

fn coverage_name(product: &Product, line: &CoveragePremium) -> String {
    product
        .coverages
        .iter()
        .find(|c| c.code.eq_ignore_ascii_case(&line.code))
        .map_or_else(|| line.code.clone(), |c| format!("{} ({})", c.name, c.code))
}

fn limit_text(line: &CoveragePremium) -> String {
    match (&line.limit, &line.percent) {
        (Some(limit), _) => amount_text(limit),
        (None, Some(percent)) => format!("{}%", scalar_text(percent)),
        (None, None) => "-".to_owned(),
    }
}

/// A limit or deductible: numbers as whole dollars with separators, text as given.
fn amount_text(value: &Value) -> String {
    match value.as_f64() {
        Some(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
            #[expect(
                clippy::cast_possible_truncation,
                reason = "checked whole and in range"
            )]
            let whole = n as i64;
            format!("${}", thousands(whole.unsigned_abs()))
        }
        _ => scalar_text(value),
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "-".to_owned(),
        other => other.to_string(),
    }
}

fn text_of(value: &Value, key: &str) -> Option<String> {
    match value.get(key)? {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        other => Some(scalar_text(other)),
    }
}

/// One line per risk: a vehicle's year, make, model and VIN, a dwelling's address, a
/// business name, or the risk type.
fn risk_lines(payload: &Value) -> Vec<String> {
    let Some(risks) = payload.get("risks").and_then(Value::as_array) else {
        return Vec::new();
    };
    risks
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let vehicle: Vec<String> = ["year", "make", "model"]
                .iter()
                .filter_map(|k| text_of(r, k))
                .collect();
            let summary = if vehicle.is_empty() {
                ["address", "businessName", "industry", "type"]
                    .iter()
                    .find_map(|k| text_of(r, k))
                    .unwrap_or_default()
            } else {
                match text_of(r, "vin") {
                    Some(vin) => format!("{} (VIN {vin})", vehicle.join(" ")),
                    None => vehicle.join(" "),
                }
            };
            format!("{}. {summary}", i + 1)
        })
        .collect()
}

/// `$1,234.56`, with a leading `-` for negative amounts.
pub fn money(amount: Decimal) -> String {
    let cents = (lattice_shared::money::round2(amount) * Decimal::ONE_HUNDRED)
        .trunc()
        .to_string()
        .parse::<i128>()
        .unwrap_or_default();
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let dollars = u64::try_from(cents / 100).unwrap_or(u64::MAX);
    format!("{sign}${}.{:02}", thousands(dollars), cents % 100)
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;
    use serde_json::json;

    #[test]
    fn money_has_separators_cents_and_sign() {
        assert_eq!(money(dec!(516.93)), "$516.93");
        assert_eq!(money(dec!(1234567.5)), "$1,234,567.50");
        assert_eq!(money(dec!(-101.385)), "-$101.39");
        assert_eq!(money(dec!(0)), "$0.00");
    }

    #[test]
    fn limits_and_risks_read_naturally() {
        assert_eq!(amount_text(&json!(100000)), "$100,000");
        assert_eq!(amount_text(&json!("Included")), "Included");
        let payload = json!({"risks": [
            {"year": 2022, "make": "Subaru", "model": "Outback", "vin": "JF2"},
            {"address": "9 Elm Row"}]});
        assert_eq!(
            risk_lines(&payload),
            ["1. 2022 Subaru Outback (VIN JF2)", "2. 9 Elm Row"]
        );
    }
}

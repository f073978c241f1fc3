//! Underwriting: a pack's rules evaluated against a payload. The decision only escalates
//! (Eligible < Refer < Decline) and every rule that fires adds its reason; within a rule
//! group only the first rule that fires counts.

use serde_json::Value;

use crate::api::rating::{Decision, Underwriting};
use crate::expr::Scope;
use crate::product::Product;

pub fn underwrite(product: &Product, payload: &Value) -> Underwriting {
    let scope = Scope::new(payload);
    let mut decision = Decision::Eligible;
    let mut reasons = Vec::new();
    let mut fired_groups: Vec<&str> = Vec::new();
    for rule in &product.rules {
        let group = rule.group.as_deref();
        if group.is_some_and(|g| fired_groups.contains(&g)) {
            continue;
        }
        if scope.eval(&rule.when).truth() {
            decision = decision.max(rule.decision);
            reasons.push(rule.reason.clone());
            if let Some(g) = group {
                fired_groups.push(g);
            }
        }
    }
    Underwriting { decision, reasons }
}

//! Customer rules without I/O: normalised contact values and tax ids, masks, the display
//! name, validation of a submitted customer, and the duplicate score.

use time::Date;
use time::format_description::well_known::Iso8601;

use crate::api::customers::{CustomerPayload, PersonPayload};

pub const ENTITY_TYPES: &[&str] = &["INDIVIDUAL", "COMPANY", "BOTH"];
pub const DOB_MASK: &str = "***-**-****";
/// A match scores at least this.
pub const MATCH_THRESHOLD: u32 = 40;

/// Lower case, trimmed.
pub fn normalize_email(value: &str) -> String {
    value.trim().to_lowercase()
}

/// Digits only.
pub fn normalize_phone(value: &str) -> String {
    value.chars().filter(char::is_ascii_digit).collect()
}

/// Letters and digits, upper case: `123-45-6789` is `123456789`.
pub fn normalize_tax_id(value: &str) -> String {
    value
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The last four letters or digits of a tax id.
pub fn last4(value: &str) -> String {
    let normalized = normalize_tax_id(value);
    normalized[normalized.len().saturating_sub(4)..].to_owned()
}

pub fn ssn_mask(last4: &str) -> String {
    format!("***-**-{last4}")
}

pub fn fein_mask(last4: &str) -> String {
    format!("**-***{last4}")
}

/// A name for lists: the person's name for individuals, the legal name for companies.
pub fn display_name(
    entity_type: &str,
    person: Option<&PersonPayload>,
    legal_name: Option<&str>,
) -> String {
    let person_name = person
        .map(|p| {
            [p.first_name.as_deref(), p.last_name.as_deref()]
                .into_iter()
                .flatten()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|n| !n.is_empty());
    let legal = legal_name
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    match entity_type {
        "COMPANY" => legal.or(person_name),
        _ => person_name.or(legal),
    }
    .unwrap_or_default()
}

/// What validation found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Validation {
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
}

/// Sensitive values already on file, which satisfy the identity rules on update.
#[derive(Debug, Default, Clone, Copy)]
pub struct OnFile {
    pub dob: bool,
    pub ssn: bool,
    pub fein: bool,
}

/// Checks a customer: entity type, names, identifiers, contacts and addresses.
pub fn validate(payload: &CustomerPayload, on_file: OnFile, today: Date) -> Validation {
    let mut v = Validation::default();
    let entity = payload.entity_type.as_deref().unwrap_or("");
    if !ENTITY_TYPES.contains(&entity) {
        v.errors
            .push("entityType must be INDIVIDUAL, COMPANY or BOTH".to_owned());
    }
    let contacts = payload.contact_points.as_deref().unwrap_or_default();
    let addresses = payload.addresses.as_deref().unwrap_or_default();
    if contacts.is_empty() && addresses.is_empty() {
        v.errors
            .push("At least one contact method or address is required".to_owned());
    }
    if contacts.is_empty() {
        v.warnings.push("No contact points captured".to_owned());
    }
    let given = |o: &Option<Option<String>>| {
        o.as_ref()
            .and_then(Option::as_deref)
            .is_some_and(|s| !s.trim().is_empty())
    };
    let cleared = |o: &Option<Option<String>>| matches!(o, Some(None));
    if matches!(entity, "INDIVIDUAL" | "BOTH") {
        let person = payload.identity.person.clone().unwrap_or_default();
        let named = |s: &Option<String>| s.as_deref().is_some_and(|n| !n.trim().is_empty());
        if !named(&person.first_name) || !named(&person.last_name) {
            v.errors
                .push("Individual requires first name and last name".to_owned());
        }
        let has_dob = given(&person.dob) || (on_file.dob && !cleared(&person.dob));
        let has_ssn = given(&person.ssn) || (on_file.ssn && !cleared(&person.ssn));
        if !has_dob && !has_ssn {
            v.errors
                .push("Individual requires date of birth or SSN".to_owned());
        }
        if let Some(Some(ssn)) = &person.ssn
            && !ssn.trim().is_empty()
            && normalize_phone(ssn).len() != 9
        {
            v.errors.push("SSN must have 9 digits".to_owned());
        }
        if let Some(Some(dob)) = &person.dob
            && !dob.trim().is_empty()
        {
            match Date::parse(dob.trim(), &Iso8601::DATE) {
                Ok(date) if date > today => {
                    v.errors
                        .push("Date of birth cannot be in the future".to_owned());
                }
                Ok(_) => {}
                Err(_) => v
                    .errors
                    .push("Date of birth must be a date (YYYY-MM-DD)".to_owned()),
            }
        }
    }
    if matches!(entity, "COMPANY" | "BOTH") {
        let company = payload.identity.company.clone().unwrap_or_default();
        if company
            .legal_name
            .as_deref()
            .is_none_or(|n| n.trim().is_empty())
        {
            v.errors.push("Company requires legal name".to_owned());
        }
        let has_fein = given(&company.fein) || (on_file.fein && !cleared(&company.fein));
        let has_state = company
            .incorporation_state
            .as_deref()
            .is_some_and(|s| !s.trim().is_empty());
        if !has_fein && !has_state {
            v.errors
                .push("Company requires FEIN or incorporation state".to_owned());
        }
        if let Some(Some(fein)) = &company.fein
            && !fein.trim().is_empty()
            && normalize_phone(fein).len() != 9
        {
            v.errors.push("FEIN must have 9 digits".to_owned());
        }
    }
    for (kind, label) in [("EMAIL", "email"), ("PHONE", "phone")] {
        let preferred = contacts
            .iter()
            .filter(|c| c.contact_type.eq_ignore_ascii_case(kind) && c.preferred)
            .count();
        if preferred > 1 {
            v.errors
                .push(format!("At most one preferred {label} is allowed"));
        }
    }
    for (i, c) in contacts.iter().enumerate() {
        match c.contact_type.to_ascii_uppercase().as_str() {
            "EMAIL" if !is_email(&c.value) => {
                v.errors
                    .push(format!("contactPoints[{i}]: not an email address"));
            }
            "PHONE" if normalize_phone(&c.value).len() < 7 => {
                v.errors.push(format!(
                    "contactPoints[{i}]: a phone number needs 7 digits or more"
                ));
            }
            "EMAIL" | "PHONE" => {}
            _ => v.errors.push(format!(
                "contactPoints[{i}]: contactType must be PHONE or EMAIL"
            )),
        }
    }
    let mut primary_types: Vec<String> = Vec::new();
    for (i, a) in addresses.iter().enumerate() {
        if a.line1.trim().is_empty() {
            v.errors.push(format!("addresses[{i}]: line1 is required"));
        }
        if a.primary {
            let kind = a
                .address_type
                .as_deref()
                .unwrap_or("MAILING")
                .to_ascii_uppercase();
            if primary_types.contains(&kind) {
                v.errors
                    .push(format!("Only one primary {kind} address is allowed"));
            }
            primary_types.push(kind);
        }
    }
    v
}

fn is_email(value: &str) -> bool {
    let value = value.trim();
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !value.chars().any(char::is_whitespace)
        && !domain.contains('@')
        && domain
            .split_once('.')
            .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty())
}

/// What duplicate detection compares. Sensitive values appear only as blind indexes
/// (every index of the value, under each configured key) and last-four digits.
#[derive(Debug, Default, Clone)]
pub struct MatchFacts {
    /// `first last`, lower case.
    pub person_name: Option<String>,
    pub dob_indexes: Vec<String>,
    pub ssn_indexes: Vec<String>,
    pub ssn_last4: Option<String>,
    pub postal_codes: Vec<String>,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    /// Lower case, spaces collapsed.
    pub legal_name: Option<String>,
    pub fein_indexes: Vec<String>,
    pub fein_last4: Option<String>,
}

/// How alike two customers are (0 to 100) and why; [`MATCH_THRESHOLD`] and above is a
/// likely duplicate.
pub fn score(new: &MatchFacts, existing: &MatchFacts) -> (u32, Vec<&'static str>) {
    let shared = |a: &[String], b: &[String]| a.iter().any(|x| b.contains(x));
    let same = |a: &Option<String>, b: &Option<String>| a.is_some() && a == b;
    let rules: [(bool, u32, &'static str); 8] = [
        (shared(&new.ssn_indexes, &existing.ssn_indexes), 95, "ssn"),
        (
            shared(&new.fein_indexes, &existing.fein_indexes),
            95,
            "fein",
        ),
        (
            same(&new.person_name, &existing.person_name)
                && shared(&new.dob_indexes, &existing.dob_indexes),
            75,
            "name+dob",
        ),
        (
            same(&new.legal_name, &existing.legal_name),
            70,
            "legal name",
        ),
        (
            same(&new.ssn_last4, &existing.ssn_last4)
                && shared(&new.postal_codes, &existing.postal_codes),
            68,
            "ssn last4+postal code",
        ),
        (
            same(&new.fein_last4, &existing.fein_last4),
            65,
            "fein last4",
        ),
        (shared(&new.emails, &existing.emails), 60, "email"),
        (shared(&new.phones, &existing.phones), 55, "phone"),
    ];
    let mut best = 0;
    let mut reasons = Vec::new();
    for (hit, points, reason) in rules {
        if hit {
            best = best.max(points);
            reasons.push(reason);
        }
    }
    (best, reasons)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::customers::{Address, CompanyPayload, ContactPoint, IdentityPayload};
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 27);

    fn person(first: &str, last: &str, dob: Option<&str>) -> CustomerPayload {
        CustomerPayload {
            entity_type: Some("INDIVIDUAL".into()),
            identity: IdentityPayload {
                person: Some(PersonPayload {
                    first_name: Some(first.into()),
                    last_name: Some(last.into()),
                    dob: dob.map(|d| Some(d.to_owned())),
                    ..PersonPayload::default()
                }),
                company: None,
            },
            contact_points: Some(vec![ContactPoint {
                contact_type: "EMAIL".into(),
                value: "ada@example.org".into(),
                preferred: true,
                ..ContactPoint::default()
            }]),
            ..CustomerPayload::default()
        }
    }

    #[test]
    fn a_complete_individual_is_valid() {
        let v = validate(
            &person("Ada", "Lovelace", Some("1990-12-10")),
            OnFile::default(),
            TODAY,
        );
        assert_eq!(v, Validation::default());
    }

    #[test]
    fn each_rule_reports_its_message() {
        let mut p = person("", "Lovelace", None);
        p.contact_points = Some(vec![
            ContactPoint {
                contact_type: "EMAIL".into(),
                value: "not-an-email".into(),
                preferred: true,
                ..ContactPoint::default()
            },
            ContactPoint {
                contact_type: "EMAIL".into(),
                value: "b@example.org".into(),
                preferred: true,
                ..ContactPoint::default()
            },
            ContactPoint {
                contact_type: "PHONE".into(),
                value: "12-34".into(),
                ..ContactPoint::default()
            },
        ]);
        let v = validate(&p, OnFile::default(), TODAY);
        assert_eq!(
            v.errors,
            vec![
                "Individual requires first name and last name",
                "Individual requires date of birth or SSN",
                "At most one preferred email is allowed",
                "contactPoints[0]: not an email address",
                "contactPoints[2]: a phone number needs 7 digits or more",
            ]
        );
    }

    #[test]
    fn values_on_file_satisfy_an_update_unless_cleared() {
        let p = person("Ada", "Lovelace", None);
        let on_file = OnFile {
            dob: true,
            ..OnFile::default()
        };
        assert!(validate(&p, on_file, TODAY).errors.is_empty());
        let mut cleared = p;
        if let Some(person) = cleared.identity.person.as_mut() {
            person.dob = Some(None);
        }
        assert_eq!(
            validate(&cleared, on_file, TODAY).errors,
            vec!["Individual requires date of birth or SSN"]
        );
    }

    #[test]
    fn companies_need_a_legal_name_and_fein_or_state() {
        let company = CustomerPayload {
            entity_type: Some("COMPANY".into()),
            identity: IdentityPayload {
                person: None,
                company: Some(CompanyPayload {
                    legal_name: Some("Globex".into()),
                    fein: Some(Some("12-345".into())),
                    ..CompanyPayload::default()
                }),
            },
            addresses: Some(vec![Address {
                line1: "1 Main St".into(),
                ..Address::default()
            }]),
            ..CustomerPayload::default()
        };
        let v = validate(&company, OnFile::default(), TODAY);
        assert_eq!(v.errors, vec!["FEIN must have 9 digits"]);
        assert_eq!(v.warnings, vec!["No contact points captured"]);
        assert_eq!(display_name("COMPANY", None, Some("Globex")), "Globex");
    }

    #[test]
    fn masks_and_normal_forms() {
        assert_eq!(last4("123-45-6789"), "6789");
        assert_eq!(ssn_mask("6789"), "***-**-6789");
        assert_eq!(fein_mask("6789"), "**-***6789");
        assert_eq!(normalize_phone("+1 (415) 555-0100"), "14155550100");
        assert_eq!(normalize_email(" Ada@Example.ORG "), "ada@example.org");
    }

    #[test]
    fn scores_take_the_strongest_reason() {
        let base = MatchFacts {
            person_name: Some("ada lovelace".into()),
            dob_indexes: vec!["k.dob1".into()],
            emails: vec!["ada@example.org".into()],
            ..MatchFacts::default()
        };
        let twin = base.clone();
        assert_eq!(score(&base, &twin), (75, vec!["name+dob", "email"]));
        let stranger = MatchFacts {
            person_name: Some("ada lovelace".into()),
            dob_indexes: vec!["k.dob2".into()],
            ..MatchFacts::default()
        };
        assert_eq!(score(&base, &stranger).0, 0);
        let same_ssn = MatchFacts {
            ssn_indexes: vec!["k.s".into()],
            ..MatchFacts::default()
        };
        assert_eq!(score(&same_ssn, &same_ssn.clone()), (95, vec!["ssn"]));
    }
}

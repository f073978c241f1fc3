//! Numbers people read: quotes `Q20260701-7K2F`, transactions `NB-20260701-7K2F`, and
//! policy numbers from per-product templates such as `PC-{ID8}`.

use time::Date;
use uuid::Uuid;

const BASE36: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// `n` base-36 characters taken from `entropy` (e.g. random bytes).
pub fn base36(entropy: &[u8], n: usize) -> String {
    entropy
        .iter()
        .cycle()
        .take(n)
        .map(|b| BASE36[usize::from(*b) % 36] as char)
        .collect()
}

fn ymd(date: Date) -> String {
    format!(
        "{:04}{:02}{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// `Q<YYYYMMDD>-<4 base36>`.
pub fn quote_number(today: Date, entropy: &[u8]) -> String {
    format!("Q{}-{}", ymd(today), base36(entropy, 4))
}

/// `<PREFIX>-<YYYYMMDD>-<4 base36>`: NB, EN, CN, RI, RW, RN, NR.
pub fn transaction_number(prefix: &str, today: Date, entropy: &[u8]) -> String {
    format!("{prefix}-{}-{}", ymd(today), base36(entropy, 4))
}

/// The built-in policy number template of a product.
pub fn default_template(product_code: &str) -> &'static str {
    match product_code {
        "personal-auto" => "PC-{ID8}",
        "commercial-auto" => "CA-{ID8}",
        "homeowners" => "HO-{ID8}",
        "cyber" => "CY-{ID8}",
        "professional-liability" => "PL-{ID8}",
        _ => "{PRODUCT}-{ID8}",
    }
}

/// Fills a policy number template. Tokens: `{PRODUCT}`, `{ID}`, `{ID6}`, `{ID8}`,
/// `{YYYY}`, `{YY}`, `{MM}`, `{DD}`, `{RAND4}`, `{RAND6}`, `{RAND8}`; unknown tokens are
/// dropped. The result is uppercased, other characters than `A-Z 0-9 . _ -` become `-`,
/// dashes are collapsed and trimmed, and it is cut to 40 characters.
pub fn policy_number(
    template: &str,
    product_code: &str,
    policy_id: Uuid,
    today: Date,
    entropy: &[u8],
) -> String {
    let id: String = policy_id.simple().to_string().to_uppercase();
    let product: String = product_code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_uppercase();
    let template: String = template.chars().take(80).collect();
    let mut out = String::new();
    let mut rest = template.as_str();
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let token = &after[..close];
        out.push_str(&match token {
            "PRODUCT" => product.clone(),
            "ID" => id.clone(),
            "ID6" => id[..6].to_owned(),
            "ID8" => id[..8].to_owned(),
            "YYYY" => format!("{:04}", today.year()),
            "YY" => format!("{:02}", today.year().rem_euclid(100)),
            "MM" => format!("{:02}", u8::from(today.month())),
            "DD" => format!("{:02}", today.day()),
            "RAND4" => base36(entropy, 4),
            "RAND6" => base36(entropy, 6),
            "RAND8" => base36(entropy, 8),
            _ => String::new(),
        });
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    sanitize(&out)
}

fn sanitize(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.to_uppercase().chars() {
        let keep = c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-');
        let c = if keep { c } else { '-' };
        if c == '-' && out.ends_with('-') {
            continue;
        }
        out.push(c);
    }
    out.trim_matches('-')
        .chars()
        .take(40)
        .collect::<String>()
        .trim_end_matches('-')
        .to_owned()
}

/// The `attempt`-th alternative after a collision: `PC-3F2A9C1E-2`, `-3`, ...
pub fn with_collision_suffix(number: &str, attempt: u32) -> String {
    if attempt == 0 {
        number.to_owned()
    } else {
        let suffix = format!("-{}", attempt + 1);
        let keep = 40usize.saturating_sub(suffix.len());
        format!("{}{suffix}", number.chars().take(keep).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const ID: Uuid = uuid::uuid!("3f2a9c1e-7b4d-4c1a-9e2f-0a1b2c3d4e5f");

    #[test]
    fn the_reference_example() {
        let n = policy_number(
            "PC-{ID8}",
            "personal-auto",
            ID,
            date!(2026 - 07 - 01),
            b"abcd",
        );
        assert_eq!(n, "PC-3F2A9C1E");
        assert_eq!(with_collision_suffix(&n, 1), "PC-3F2A9C1E-2");
        assert_eq!(with_collision_suffix(&n, 0), "PC-3F2A9C1E");
    }

    #[test]
    fn every_token_and_the_cleanup() {
        let today = date!(2026 - 07 - 04);
        assert_eq!(
            policy_number(
                "{PRODUCT}/{YYYY}{MM}{DD}-{ID6}",
                "personal-auto",
                ID,
                today,
                b"x"
            ),
            "PERSONALAUTO-20260704-3F2A9C"
        );
        assert_eq!(
            policy_number("{YY}..{BOGUS}x", "cyber", ID, today, b"x"),
            "26..X"
        );
        assert_eq!(
            policy_number("  --ho {ID}--  ", "homeowners", ID, today, b"x"),
            "HO-3F2A9C1E7B4D4C1A9E2F0A1B2C3D4E5F"
        );
        assert_eq!(
            policy_number("{RAND4}", "cyber", ID, today, &[0, 35, 36, 71]),
            "0Z0Z"
        );
        let long = policy_number("{ID}{ID}", "cyber", ID, today, b"x");
        assert_eq!(long.len(), 40);
    }

    #[test]
    fn quote_and_transaction_numbers() {
        let today = date!(2026 - 07 - 01);
        assert_eq!(quote_number(today, &[7, 20, 2, 15]), "Q20260701-7K2F");
        assert_eq!(
            transaction_number("NB", today, &[7, 20, 2, 15]),
            "NB-20260701-7K2F"
        );
    }
}

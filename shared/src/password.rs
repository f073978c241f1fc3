//! The password policy for accounts that administrators create or change.

/// The shortest password the policy accepts.
pub const MIN_LENGTH: usize = 12;
/// The longest password accepted, so hashing cost stays bounded.
pub const MAX_LENGTH: usize = 256;

/// Words that, once surrounding digits and symbols are stripped, make a password guessable.
const WEAK_ROOTS: &[&str] = &[
    "password",
    "letmein",
    "qwerty",
    "welcome",
    "admin",
    "changeme",
    "iloveyou",
    "12345678",
    "123456789",
];

/// Checks `password` against the policy and returns every rule it breaks, in a stable order.
///
/// The rules: 12 to 256 characters, a lowercase letter, an uppercase letter, a digit, a
/// symbol, and not a common word dressed up with digits or symbols (`Password123!`).
pub fn policy_violations(password: &str) -> Vec<&'static str> {
    let mut problems = Vec::new();
    let length = password.chars().count();
    if length < MIN_LENGTH {
        problems.push("must be at least 12 characters long");
    }
    if length > MAX_LENGTH {
        problems.push("must be at most 256 characters long");
    }
    if !password.chars().any(char::is_lowercase) {
        problems.push("must contain a lowercase letter");
    }
    if !password.chars().any(char::is_uppercase) {
        problems.push("must contain an uppercase letter");
    }
    if !password.chars().any(|c| c.is_ascii_digit()) {
        problems.push("must contain a digit");
    }
    if !password
        .chars()
        .any(|c| !c.is_alphanumeric() && !c.is_whitespace())
    {
        problems.push("must contain a symbol");
    }
    let root = password
        .trim_matches(|c: char| !c.is_alphabetic())
        .to_lowercase();
    if WEAK_ROOTS.contains(&root.as_str()) {
        problems.push("must not be based on a common password");
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_mixed_password_passes() {
        assert!(policy_violations("Harbour-Lights-2031").is_empty());
    }

    #[test]
    fn each_missing_class_is_reported() {
        assert_eq!(
            policy_violations("short"),
            vec![
                "must be at least 12 characters long",
                "must contain an uppercase letter",
                "must contain a digit",
                "must contain a symbol",
            ]
        );
        assert_eq!(
            policy_violations("ALLUPPERCASE12!"),
            vec!["must contain a lowercase letter"]
        );
    }

    #[test]
    fn common_roots_with_decoration_are_refused() {
        assert_eq!(
            policy_violations("!!Password2026!!"),
            vec!["must not be based on a common password"]
        );
        assert_eq!(
            policy_violations("1234Welcome!!"),
            vec!["must not be based on a common password"]
        );
    }

    #[test]
    fn overlong_passwords_are_refused() {
        let long = format!("Aa1!{}", "x".repeat(MAX_LENGTH));
        assert_eq!(
            policy_violations(&long),
            vec!["must be at most 256 characters long"]
        );
    }
}

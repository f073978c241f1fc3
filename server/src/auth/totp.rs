//! Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP): HMAC-SHA1, six digits,
//! 30-second steps, one step of clock skew either way, and the step that matched so a
//! code is never accepted twice.

use totp_rs::{Algorithm, Builder, Secret, Totp};

/// Seconds per step.
pub const STEP: u64 = 30;
/// Steps of clock skew accepted either side of now.
pub const SKEW: u64 = 1;
/// Bytes of a new secret (160 bits, as RFC 4226 recommends).
pub const SECRET_LEN: usize = 20;

fn totp(secret: &[u8], digits: u8) -> Totp {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(digits)
        .with_skew(u16::try_from(SKEW).unwrap_or(1))
        .with_step_duration(STEP)
        .with_secret(secret.to_vec())
        .build_noncompliant()
}

/// The code of `secret` for the step containing `unix_seconds`.
pub fn code_at(secret: &[u8], unix_seconds: u64, digits: u8) -> String {
    totp(secret, digits).generate(unix_seconds).to_string()
}

/// The step a six-digit `code` is valid for at `unix_seconds` (now, one before or one
/// after), if any. The caller refuses a step already used, so no code works twice.
pub fn matching_step(secret: &[u8], code: &str, unix_seconds: u64) -> Option<u64> {
    if code.len() != 6 {
        return None;
    }
    totp(secret, 6).check(code, unix_seconds)
}

/// A new random secret.
pub fn new_secret() -> Vec<u8> {
    rand::random::<[u8; SECRET_LEN]>().to_vec()
}

/// The secret as an authenticator app's manual key (base32, no padding).
pub fn manual_key(secret: &[u8]) -> String {
    Secret::from(secret.to_vec())
        .to_base32()
        .trim_end_matches('=')
        .to_owned()
}

/// The secret behind a manual key, as an authenticator app reads it.
pub fn secret_from_manual_key(key: &str) -> Option<Vec<u8>> {
    Secret::try_from_base32(key.trim())
        .ok()
        .map(|s| s.as_bytes().to_vec())
}

/// The `otpauth://` URI an authenticator app scans.
pub fn otpauth_uri(secret: &[u8], issuer: &str, account: &str) -> String {
    let label: String = form_urlencoded::byte_serialize(format!("{issuer}:{account}").as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("secret", &manual_key(secret))
        .append_pair("issuer", issuer)
        .append_pair("algorithm", "SHA1")
        .append_pair("digits", "6")
        .append_pair("period", &STEP.to_string())
        .finish();
    format!("otpauth://totp/{label}?{query}")
}

/// Digits only, at most ten of them: `123 456` and `123-456` are `123456`.
pub fn normalize_code(input: &str) -> String {
    input
        .chars()
        .filter(char::is_ascii_digit)
        .take(10)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The RFC 4226 Appendix D secret.
    const RFC_SECRET: &[u8] = b"12345678901234567890";

    #[test]
    fn rfc_4226_hotp_vectors() {
        // HOTP(counter) is the TOTP of the step `counter`.
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489",
        ];
        for (counter, code) in expected.iter().enumerate() {
            let at = counter as u64 * STEP;
            assert_eq!(&code_at(RFC_SECRET, at, 6), code, "counter {counter}");
        }
    }

    #[test]
    fn rfc_6238_sha1_vectors() {
        for (time, code) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(code_at(RFC_SECRET, time, 8), code, "T = {time}");
        }
    }

    #[test]
    fn one_step_of_skew_either_way_and_no_more() {
        let secret = new_secret();
        let now = 1_800_000_000;
        let step = now / STEP;
        for offset in [-1i64, 0, 1] {
            let at = (step as i64 + offset) as u64 * STEP;
            let code = code_at(&secret, at, 6);
            assert_eq!(
                matching_step(&secret, &code, now),
                Some(step.saturating_add_signed(offset)),
                "offset {offset}"
            );
        }
        for offset in [-2i64, 2] {
            let at = (step as i64 + offset) as u64 * STEP;
            let code = code_at(&secret, at, 6);
            if [-1i64, 0, 1]
                .iter()
                .any(|o| code_at(&secret, (step as i64 + o) as u64 * STEP, 6) == code)
            {
                continue; // a one-in-a-million collision with a nearby step
            }
            assert_eq!(matching_step(&secret, &code, now), None, "offset {offset}");
        }
        assert_eq!(matching_step(&secret, "12345", now), None);
    }

    #[test]
    fn keys_and_uris_for_authenticator_apps() {
        let key = manual_key(RFC_SECRET);
        assert_eq!(key, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(secret_from_manual_key(&key).as_deref(), Some(RFC_SECRET));
        let uri = otpauth_uri(RFC_SECRET, "LatticePolicy", "ada@sample-carrier");
        assert_eq!(
            uri,
            "otpauth://totp/LatticePolicy%3Aada%40sample-carrier?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=LatticePolicy&algorithm=SHA1&digits=6&period=30"
        );
        assert_eq!(normalize_code(" 123-456 "), "123456");
    }
}

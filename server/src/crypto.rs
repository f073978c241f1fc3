//! Field encryption for customer-sensitive data (SSN, FEIN, date of birth, MFA secrets):
//! AES-256-GCM with a random 96-bit nonce per value and associated data binding the
//! tenant, record and field, so a ciphertext copied to another row or column does not
//! decrypt. Keys are derived with HKDF-SHA256 from `CUSTOMER_DATA_KEY`; every ciphertext
//! names its key, so old keys listed in `CUSTOMER_DATA_PREVIOUS_KEYS` keep old rows
//! readable until `lattice-server reencrypt` moves them to the current key. Searchable
//! fields get a keyed HMAC blind index instead of a plain hash.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use uuid::Uuid;

/// The format marker of stored ciphertexts.
const VERSION: &str = "v1";
const SALT: &[u8] = b"lattice-policy/customer-data";

/// What a value is bound to: decrypting it anywhere else fails.
#[derive(Debug, Clone, Copy)]
pub struct Binding<'a> {
    pub tenant_id: &'a str,
    pub record_id: Uuid,
    pub field: &'a str,
}

impl Binding<'_> {
    fn aad(&self) -> Vec<u8> {
        format!("{}|{}|{}", self.tenant_id, self.record_id, self.field).into_bytes()
    }
}

/// Why a stored value could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    #[error("the stored value is not a ciphertext of this format")]
    Malformed,
    #[error("the value was encrypted with key {0}, which is not configured")]
    UnknownKey(String),
    #[error("the value does not decrypt: tampered, or bound to another record or field")]
    Rejected,
}

struct DataKey {
    id: String,
    cipher: Aes256Gcm,
    index: [u8; 32],
}

impl DataKey {
    fn derive(secret: &str) -> Self {
        let hkdf = Hkdf::<Sha256>::new(Some(SALT), secret.as_bytes());
        let expand = |info: &[u8]| {
            let mut out = [0u8; 32];
            // 32 bytes is far below HKDF-SHA256's output limit.
            hkdf.expand(info, &mut out)
                .expect("32 bytes is a valid HKDF length");
            out
        };
        let encryption = expand(b"aes-256-gcm v1");
        let id: String = expand(b"key id v1")[..4]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Self {
            id,
            cipher: Aes256Gcm::new(&Key::<Aes256Gcm>::from(encryption)),
            index: expand(b"blind index v1"),
        }
    }
}

/// The current key and the previous ones still accepted for reading.
pub struct FieldCipher {
    /// `keys[0]` is current.
    keys: Vec<DataKey>,
}

impl FieldCipher {
    pub fn new(current: &SecretString, previous: &[SecretString]) -> Self {
        let mut keys = vec![DataKey::derive(current.expose_secret())];
        for old in previous {
            let key = DataKey::derive(old.expose_secret());
            if keys.iter().all(|k| k.id != key.id) {
                keys.push(key);
            }
        }
        Self { keys }
    }

    /// The id of the current key.
    pub fn current_key_id(&self) -> &str {
        &self.keys[0].id
    }

    /// `v1.<key id>.<base64url(nonce | ciphertext | tag)>` under the current key.
    pub fn encrypt(&self, binding: Binding<'_>, plaintext: &str) -> String {
        let key = &self.keys[0];
        let nonce_bytes: [u8; 12] = rand::random();
        let nonce = Nonce::from(nonce_bytes);
        let aad = binding.aad();
        let sealed = key
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: &aad,
                },
            )
            .expect("AES-GCM encrypts any input under 64 GiB");
        let mut body = nonce_bytes.to_vec();
        body.extend_from_slice(&sealed);
        format!("{VERSION}.{}.{}", key.id, URL_SAFE_NO_PAD.encode(body))
    }

    pub fn decrypt(&self, binding: Binding<'_>, stored: &str) -> Result<String, CryptoError> {
        let (key_id, body) = parse(stored)?;
        let key = self
            .keys
            .iter()
            .find(|k| k.id == key_id)
            .ok_or_else(|| CryptoError::UnknownKey(key_id.to_owned()))?;
        let (nonce, sealed) = body.split_at(12);
        let nonce = Nonce::try_from(nonce).map_err(|_| CryptoError::Malformed)?;
        let aad = binding.aad();
        let plain = key
            .cipher
            .decrypt(
                &nonce,
                Payload {
                    msg: sealed,
                    aad: &aad,
                },
            )
            .map_err(|_| CryptoError::Rejected)?;
        String::from_utf8(plain).map_err(|_| CryptoError::Rejected)
    }

    /// Whether `stored` was written under an older key.
    pub fn is_stale(&self, stored: &str) -> bool {
        parse(stored).is_ok_and(|(id, _)| id != self.keys[0].id)
    }

    /// The blind index of a normalised value under the current key: equal values give
    /// equal indexes, and without the key the index reveals nothing (unlike a plain hash
    /// of a nine-digit SSN, which is trivially reversed).
    pub fn blind_index(&self, field: &str, normalized: &str) -> String {
        index_with(&self.keys[0], field, normalized)
    }

    /// The blind indexes of a value under every configured key, for lookups that must
    /// also find rows not yet re-encrypted.
    pub fn blind_indexes(&self, field: &str, normalized: &str) -> Vec<String> {
        self.keys
            .iter()
            .map(|k| index_with(k, field, normalized))
            .collect()
    }
}

fn index_with(key: &DataKey, field: &str, normalized: &str) -> String {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(&key.index).expect("HMAC takes any key length");
    mac.update(field.as_bytes());
    mac.update(&[0]);
    mac.update(normalized.as_bytes());
    let digest = mac.finalize().into_bytes();
    format!(
        "{}.{}",
        key.id,
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    )
}

fn parse(stored: &str) -> Result<(&str, Vec<u8>), CryptoError> {
    let mut parts = stored.splitn(3, '.');
    let (Some(VERSION), Some(key_id), Some(body)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(CryptoError::Malformed);
    };
    let body = URL_SAFE_NO_PAD
        .decode(body)
        .map_err(|_| CryptoError::Malformed)?;
    // A nonce and a tag at least.
    if body.len() < 12 + 16 {
        return Err(CryptoError::Malformed);
    }
    Ok((key_id, body))
}

/// Upper-case letters and digits only: `123-45-6789` and `123456789` index alike.
pub fn normalize(value: &str) -> String {
    value
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cipher(current: &str, previous: &[&str]) -> FieldCipher {
        let previous: Vec<SecretString> = previous.iter().map(|p| (*p).into()).collect();
        FieldCipher::new(&current.into(), &previous)
    }

    fn binding<'a>(tenant: &'a str, field: &'a str, record: Uuid) -> Binding<'a> {
        Binding {
            tenant_id: tenant,
            record_id: record,
            field,
        }
    }

    #[test]
    fn values_round_trip_with_a_fresh_nonce_each_time() {
        let c = cipher("current-key", &[]);
        let record = Uuid::new_v4();
        let b = binding("acme", "ssn", record);
        let first = c.encrypt(b, "123-45-6789");
        let second = c.encrypt(b, "123-45-6789");
        assert_ne!(first, second);
        assert!(!first.contains("6789"));
        assert!(first.starts_with(&format!("v1.{}.", c.current_key_id())));
        assert_eq!(c.decrypt(b, &first).as_deref(), Ok("123-45-6789"));
        assert_eq!(c.decrypt(b, &second).as_deref(), Ok("123-45-6789"));
    }

    #[test]
    fn tampering_or_moving_a_value_makes_it_unreadable() {
        let c = cipher("current-key", &[]);
        let record = Uuid::new_v4();
        let stored = c.encrypt(binding("acme", "ssn", record), "123-45-6789");
        let mut tampered = stored.clone().into_bytes();
        let last = tampered.len() - 3;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).expect("ascii");
        assert_eq!(
            c.decrypt(binding("acme", "ssn", record), &tampered),
            Err(CryptoError::Rejected)
        );
        assert_eq!(
            c.decrypt(binding("acme", "dob", record), &stored),
            Err(CryptoError::Rejected),
            "another field"
        );
        assert_eq!(
            c.decrypt(binding("globex", "ssn", record), &stored),
            Err(CryptoError::Rejected),
            "another tenant"
        );
        assert_eq!(
            c.decrypt(binding("acme", "ssn", Uuid::new_v4()), &stored),
            Err(CryptoError::Rejected),
            "another record"
        );
        assert_eq!(
            c.decrypt(binding("acme", "ssn", record), "plain text"),
            Err(CryptoError::Malformed)
        );
    }

    #[test]
    fn rotation_keeps_old_values_readable_and_marks_them_stale() {
        let record = Uuid::new_v4();
        let b = binding("acme", "fein", record);
        let old = cipher("old-key", &[]);
        let stored = old.encrypt(b, "12-3456789");
        let rotated = cipher("new-key", &["old-key"]);
        assert_eq!(rotated.decrypt(b, &stored).as_deref(), Ok("12-3456789"));
        assert!(rotated.is_stale(&stored));
        let moved = rotated.encrypt(b, "12-3456789");
        assert!(!rotated.is_stale(&moved));
        let forgotten = cipher("new-key", &[]);
        assert!(matches!(
            forgotten.decrypt(b, &stored),
            Err(CryptoError::UnknownKey(_))
        ));
    }

    #[test]
    fn blind_indexes_match_equal_values_and_depend_on_the_key() {
        let c = cipher("current-key", &["old-key"]);
        let a = c.blind_index("ssn", &normalize("123-45-6789"));
        assert_eq!(a, c.blind_index("ssn", &normalize("123456789")));
        assert_ne!(a, c.blind_index("fein", &normalize("123456789")));
        assert_ne!(a, cipher("other", &[]).blind_index("ssn", "123456789"));
        let all = c.blind_indexes("ssn", "123456789");
        assert_eq!(all.len(), 2);
        assert_eq!(all[0], a);
        assert_eq!(
            all[1],
            cipher("old-key", &[]).blind_index("ssn", "123456789")
        );
    }
}

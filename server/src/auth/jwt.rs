//! HS256 access tokens lasting 8 hours, with the reference's claims, and the short-lived
//! MFA step tokens (challenge, setup) signed with their own secret.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// How long an access token is valid.
pub const TOKEN_LIFETIME: Duration = Duration::hours(8);

/// The claims of an access token. Roles and permissions are a snapshot taken at login;
/// guarded requests re-read them from the database.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Claims {
    pub sub: Uuid,
    pub username: String,
    pub tenant_id: String,
    pub roles: Vec<String>,
    pub permissions: Vec<String>,
    pub customer_id: Option<Uuid>,
    pub customer_key: Option<String>,
    pub customer_name: Option<String>,
    pub iat: i64,
    pub exp: i64,
}

/// Signing and verification keys derived from `JWT_SECRET`.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl JwtKeys {
    pub fn new(secret: &SecretString) -> Self {
        let bytes = secret.expose_secret().as_bytes();
        Self {
            encoding: EncodingKey::from_secret(bytes),
            decoding: DecodingKey::from_secret(bytes),
        }
    }

    /// Signs `claims`, with `iat`/`exp` set from `now`. Returns the token and its expiry.
    pub fn issue(
        &self,
        mut claims: Claims,
        now: OffsetDateTime,
    ) -> anyhow::Result<(String, OffsetDateTime)> {
        let expires = now + TOKEN_LIFETIME;
        claims.iat = now.unix_timestamp();
        claims.exp = expires.unix_timestamp();
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?;
        Ok((token, expires))
    }

    /// The claims of a valid, unexpired HS256 token; `None` for anything else.
    pub fn verify(&self, token: &str) -> Option<Claims> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .ok()
            .map(|data| data.claims)
    }
}

/// What an MFA step token lets its holder do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MfaKind {
    /// Enter a code (or a recovery code) for an enrolled account: 5 minutes.
    Challenge,
    /// Confirm a new secret with a first code: 10 minutes.
    Setup,
}

impl MfaKind {
    fn lifetime(self) -> Duration {
        match self {
            MfaKind::Challenge => Duration::minutes(5),
            MfaKind::Setup => Duration::minutes(10),
        }
    }
}

/// The claims of an MFA step token: the password was right, the second factor is due.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MfaClaims {
    pub sub: Uuid,
    pub tenant_id: String,
    pub kind: MfaKind,
    pub iat: i64,
    pub exp: i64,
}

/// Keys for MFA step tokens, from `MFA_TOKEN_SECRET`: an access token never passes as
/// one, nor one as an access token.
#[derive(Clone)]
pub struct MfaKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl MfaKeys {
    pub fn new(secret: &SecretString) -> Self {
        let bytes = secret.expose_secret().as_bytes();
        Self {
            encoding: EncodingKey::from_secret(bytes),
            decoding: DecodingKey::from_secret(bytes),
        }
    }

    pub fn issue(
        &self,
        user_id: Uuid,
        tenant_id: &str,
        kind: MfaKind,
        now: OffsetDateTime,
    ) -> anyhow::Result<String> {
        let claims = MfaClaims {
            sub: user_id,
            tenant_id: tenant_id.to_owned(),
            kind,
            iat: now.unix_timestamp(),
            exp: (now + kind.lifetime()).unix_timestamp(),
        };
        Ok(jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &self.encoding,
        )?)
    }

    /// The claims of a valid, unexpired token of `kind`.
    pub fn verify(&self, token: &str, kind: MfaKind) -> Option<MfaClaims> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        jsonwebtoken::decode::<MfaClaims>(token, &self.decoding, &validation)
            .ok()
            .map(|data| data.claims)
            .filter(|c| c.kind == kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> Claims {
        Claims {
            sub: Uuid::new_v4(),
            username: "uw1".into(),
            tenant_id: "sample-carrier".into(),
            roles: vec!["underwriter".into()],
            permissions: vec!["uw.referrals.read".into()],
            customer_id: None,
            customer_key: None,
            customer_name: None,
            iat: 0,
            exp: 0,
        }
    }

    #[test]
    fn a_token_round_trips_and_lasts_eight_hours() {
        let keys = JwtKeys::new(&SecretString::from("a-test-secret"));
        let now = OffsetDateTime::now_utc();
        let (token, expires) = keys.issue(claims(), now).expect("sign");
        let back = keys.verify(&token).expect("valid");
        assert_eq!(back.username, "uw1");
        assert_eq!(back.exp - back.iat, 8 * 3600);
        assert_eq!(expires.unix_timestamp(), back.exp);
    }

    #[test]
    fn wrong_secret_expired_and_garbage_tokens_are_rejected() {
        let keys = JwtKeys::new(&SecretString::from("a-test-secret"));
        let other = JwtKeys::new(&SecretString::from("another-secret"));
        let (token, _) = keys
            .issue(claims(), OffsetDateTime::now_utc())
            .expect("sign");
        assert!(other.verify(&token).is_none());
        let (old, _) = keys
            .issue(claims(), OffsetDateTime::now_utc() - Duration::hours(9))
            .expect("sign");
        assert!(keys.verify(&old).is_none());
        assert!(keys.verify("not.a.token").is_none());
    }

    #[test]
    fn mfa_tokens_are_their_own_kind() {
        let mfa = MfaKeys::new(&SecretString::from("mfa-secret"));
        let access = JwtKeys::new(&SecretString::from("mfa-secret"));
        let user = Uuid::new_v4();
        let now = OffsetDateTime::now_utc();
        let challenge = mfa
            .issue(user, "acme", MfaKind::Challenge, now)
            .expect("sign");
        assert_eq!(
            mfa.verify(&challenge, MfaKind::Challenge).map(|c| c.sub),
            Some(user)
        );
        assert!(mfa.verify(&challenge, MfaKind::Setup).is_none());
        assert!(access.verify(&challenge).is_none(), "not an access token");
        let stale = mfa
            .issue(user, "acme", MfaKind::Challenge, now - Duration::minutes(6))
            .expect("sign");
        assert!(mfa.verify(&stale, MfaKind::Challenge).is_none());
        let (token, _) = access.issue(claims(), now).expect("sign");
        assert!(mfa.verify(&token, MfaKind::Challenge).is_none());
    }
}

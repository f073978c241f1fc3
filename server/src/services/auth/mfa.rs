//! The second factor: enrolment (a secret offered, confirmed with a first code, ten
//! one-time recovery codes issued), challenge answers (a TOTP code never accepted twice,
//! or a recovery code), and an administrator's reset. Wrong answers count towards the
//! same lockout as wrong passwords.

use std::net::IpAddr;

use lattice_shared::api::auth::{
    LoginResponse, MfaSetup, MfaSetupConfirmRequest, MfaVerifyRequest,
};
use serde_json::json;
use time::OffsetDateTime;
use uuid::Uuid;

use super::{count_failure, locked, sign_in};
use crate::auth::AuthUser;
use crate::auth::jwt::{MfaClaims, MfaKind};
use crate::auth::totp;
use crate::crypto::{Binding, normalize};
use crate::db::mfa::MfaState;
use crate::db::{self, Tx};
use crate::error::{Error, Result};
use crate::services::security::{self, Event, kind};
use crate::state::App;

/// Recovery codes issued at enrolment.
const RECOVERY_CODES: usize = 10;
/// Letters and digits that cannot be misread for one another.
const RECOVERY_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// The fields MFA secrets are bound to when encrypted.
pub const SECRET_FIELD: &str = "mfa_secret";
pub const PENDING_FIELD: &str = "mfa_pending_secret";
const RECOVERY_FIELD: &str = "mfa_recovery_code";

fn binding<'a>(tenant_id: &'a str, user_id: Uuid, field: &'a str) -> Binding<'a> {
    Binding {
        tenant_id,
        record_id: user_id,
        field,
    }
}

fn invalid_otp(message: &str) -> Error {
    Error::api(401, "INVALID_OTP", message)
}

/// Offers a new secret to an account that must enrol; kept encrypted until confirmed.
pub async fn offer_enrolment(
    app: &App,
    tx: &mut Tx,
    tenant_id: &str,
    user_id: Uuid,
    username: &str,
) -> Result<MfaSetup> {
    let secret = totp::new_secret();
    let stored = app
        .cipher
        .encrypt(binding(tenant_id, user_id, PENDING_FIELD), &hex(&secret));
    db::mfa::set_pending_secret(tx, user_id, &stored).await?;
    let setup_token = app.mfa.issue(
        user_id,
        tenant_id,
        MfaKind::Setup,
        OffsetDateTime::now_utc(),
    )?;
    Ok(MfaSetup {
        mfa_required: true,
        setup_required: true,
        setup_token,
        manual_key: totp::manual_key(&secret),
        otp_auth_uri: totp::otpauth_uri(
            &secret,
            &app.config.mfa_issuer,
            &format!("{username}@{tenant_id}"),
        ),
    })
}

/// `POST /auth/mfa/verify`: a code or a recovery code for a challenge.
pub async fn verify(app: &App, request: MfaVerifyRequest, ip: IpAddr) -> Result<LoginResponse> {
    let claims = step_claims(app, request.challenge_token.as_deref(), MfaKind::Challenge)
        .ok_or_else(|| {
            Error::api(
                401,
                "INVALID_MFA_CHALLENGE",
                "The sign-in challenge is invalid or has expired; sign in again",
            )
        })?;
    let tx = db::begin_tenant(&app.db, &claims.tenant_id).await?;
    let recovery = request
        .recovery_code
        .as_deref()
        .map(normalize)
        .filter(|c| !c.is_empty());
    if let Some(code) = recovery {
        return recover(app, tx, &claims.tenant_id, claims.sub, &code, ip).await;
    }
    let code = request
        .otp
        .as_deref()
        .map(totp::normalize_code)
        .unwrap_or_default();
    answer(app, tx, &claims.tenant_id, claims.sub, &code, ip).await
}

/// Checks a TOTP code for an enrolled account and signs it in; the step is remembered so
/// the same code never works twice. Commits either way.
pub async fn answer(
    app: &App,
    mut tx: Tx,
    tenant_id: &str,
    user_id: Uuid,
    code: &str,
    ip: IpAddr,
) -> Result<LoginResponse> {
    let state = checked_state(&mut tx, tenant_id, user_id).await?;
    let Some(stored) = state.mfa_secret.as_deref().filter(|_| state.mfa_enabled) else {
        return Err(Error::bad_request(
            "MFA_NOT_ENROLLED",
            "This account has no second factor",
        ));
    };
    if code.len() != 6 {
        return Err(Error::bad_request("INVALID_OTP", "Enter the 6-digit code"));
    }
    let secret = read_secret(app, tenant_id, user_id, SECRET_FIELD, stored)?;
    let now = unix_now();
    let step = totp::matching_step(&secret, code, now).map(|s| i64::try_from(s).unwrap_or(0));
    match step {
        Some(step) if state.mfa_last_step.is_none_or(|last| step > last) => {
            db::mfa::set_last_step(&mut tx, user_id, step).await?;
            let response =
                sign_in(app, &mut tx, tenant_id, user_id, ip, json!({"mfa": "totp"})).await?;
            tx.commit().await?;
            Ok(response)
        }
        Some(_) => {
            count_failure(
                &mut tx,
                tenant_id,
                user_id,
                &state.username,
                ip,
                "replayed_code",
            )
            .await?;
            tx.commit().await?;
            Err(invalid_otp(
                "This code has already been used; wait for the next one",
            ))
        }
        None => {
            count_failure(
                &mut tx,
                tenant_id,
                user_id,
                &state.username,
                ip,
                "wrong_code",
            )
            .await?;
            tx.commit().await?;
            Err(invalid_otp("The code is not valid"))
        }
    }
}

/// Signs in with a one-time recovery code, which is then used up.
async fn recover(
    app: &App,
    mut tx: Tx,
    tenant_id: &str,
    user_id: Uuid,
    code: &str,
    ip: IpAddr,
) -> Result<LoginResponse> {
    let state = checked_state(&mut tx, tenant_id, user_id).await?;
    if !state.mfa_enabled {
        return Err(Error::bad_request(
            "MFA_NOT_ENROLLED",
            "This account has no second factor",
        ));
    }
    let indexes = app
        .cipher
        .blind_indexes(RECOVERY_FIELD, &format!("{user_id}:{code}"));
    if !db::mfa::use_recovery_code(&mut tx, tenant_id, user_id, &indexes).await? {
        count_failure(
            &mut tx,
            tenant_id,
            user_id,
            &state.username,
            ip,
            "wrong_recovery_code",
        )
        .await?;
        tx.commit().await?;
        return Err(Error::api(
            401,
            "INVALID_RECOVERY_CODE",
            "The recovery code is not valid or has been used",
        ));
    }
    let remaining = db::mfa::unused_recovery_codes(&mut tx, tenant_id, user_id).await?;
    security::record(
        &mut tx,
        tenant_id,
        Event {
            kind: kind::MFA_RECOVERY_CODE_USED,
            actor: Some(user_id),
            subject: Some(user_id),
            username: Some(&state.username),
            ip: Some(ip),
            details: json!({"remaining": remaining}),
        },
    )
    .await?;
    let response = sign_in(
        app,
        &mut tx,
        tenant_id,
        user_id,
        ip,
        json!({"mfa": "recovery_code"}),
    )
    .await?;
    tx.commit().await?;
    Ok(response)
}

/// `POST /auth/mfa/setup/confirm`: the first code proves the app holds the secret; the
/// account is enrolled and receives its recovery codes, shown this once.
pub async fn confirm_setup(
    app: &App,
    request: MfaSetupConfirmRequest,
    ip: IpAddr,
) -> Result<LoginResponse> {
    let invalid_setup = || {
        Error::api(
            401,
            "INVALID_MFA_SETUP",
            "The enrolment is invalid or has expired; sign in again to restart it",
        )
    };
    let claims = step_claims(app, request.setup_token.as_deref(), MfaKind::Setup)
        .ok_or_else(invalid_setup)?;
    let (tenant_id, user_id) = (claims.tenant_id.as_str(), claims.sub);
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    let state = checked_state(&mut tx, tenant_id, user_id).await?;
    let pending = state
        .mfa_pending_secret
        .as_deref()
        .ok_or_else(invalid_setup)?;
    let code = request
        .otp
        .as_deref()
        .map(totp::normalize_code)
        .unwrap_or_default();
    if code.len() != 6 {
        return Err(Error::bad_request("INVALID_OTP", "Enter the 6-digit code"));
    }
    let secret = read_secret(app, tenant_id, user_id, PENDING_FIELD, pending)?;
    let Some(step) = totp::matching_step(&secret, &code, unix_now()) else {
        count_failure(
            &mut tx,
            tenant_id,
            user_id,
            &state.username,
            ip,
            "wrong_code",
        )
        .await?;
        tx.commit().await?;
        return Err(invalid_otp("The code is not valid"));
    };
    let stored = app
        .cipher
        .encrypt(binding(tenant_id, user_id, SECRET_FIELD), &hex(&secret));
    db::mfa::enrol(&mut tx, user_id, &stored, i64::try_from(step).unwrap_or(0)).await?;
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| recovery_code()).collect();
    let indexes: Vec<String> = codes
        .iter()
        .map(|c| {
            app.cipher
                .blind_index(RECOVERY_FIELD, &format!("{user_id}:{}", normalize(c)))
        })
        .collect();
    db::mfa::replace_recovery_codes(&mut tx, tenant_id, user_id, &indexes).await?;
    security::record(
        &mut tx,
        tenant_id,
        Event {
            kind: kind::MFA_ENROLLED,
            actor: Some(user_id),
            subject: Some(user_id),
            username: Some(&state.username),
            ip: Some(ip),
            details: json!({"recoveryCodes": RECOVERY_CODES}),
        },
    )
    .await?;
    let mut response = sign_in(
        app,
        &mut tx,
        tenant_id,
        user_id,
        ip,
        json!({"mfa": "enrolled"}),
    )
    .await?;
    tx.commit().await?;
    response.recovery_codes = Some(codes);
    Ok(response)
}

/// An administrator clears a user's second factor (a lost phone): the next sign-in
/// enrols again when the tenant requires MFA.
pub async fn reset(app: &App, actor: &AuthUser, user_id: Uuid, ip: IpAddr) -> Result<()> {
    let mut tx = db::begin_tenant(&app.db, &actor.tenant_id).await?;
    if !db::mfa::reset(&mut tx, &actor.tenant_id, user_id).await? {
        return Err(Error::not_found(
            "USER_NOT_FOUND",
            format!("User {user_id} not found"),
        ));
    }
    security::record(
        &mut tx,
        &actor.tenant_id,
        Event {
            kind: kind::MFA_RESET,
            actor: Some(actor.user_id),
            subject: Some(user_id),
            username: None,
            ip: Some(ip),
            details: json!({"by": actor.username}),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(tenant.id = %actor.tenant_id, user.id = %user_id, actor.id = %actor.user_id, "MFA reset");
    Ok(())
}

fn step_claims(app: &App, token: Option<&str>, kind: MfaKind) -> Option<MfaClaims> {
    app.mfa.verify(token?.trim(), kind)
}

/// The account under a row lock, refused when gone, disabled or locked.
async fn checked_state(tx: &mut Tx, tenant_id: &str, user_id: Uuid) -> Result<MfaState> {
    let state = db::mfa::lock_state(tx, tenant_id, user_id)
        .await?
        .filter(|s| !s.disabled)
        .ok_or_else(|| Error::api(401, "INVALID_CREDENTIALS", "The account cannot sign in"))?;
    let now = OffsetDateTime::now_utc();
    if let Some(until) = state.locked_until.filter(|t| *t > now) {
        return Err(locked(until, now));
    }
    Ok(state)
}

fn read_secret(
    app: &App,
    tenant_id: &str,
    user_id: Uuid,
    field: &str,
    stored: &str,
) -> Result<Vec<u8>> {
    let text = app
        .cipher
        .decrypt(binding(tenant_id, user_id, field), stored)
        .map_err(|e| anyhow::anyhow!("MFA secret of user {user_id} unreadable: {e}"))?;
    unhex(&text).ok_or_else(|| anyhow::anyhow!("MFA secret of user {user_id} is not hex").into())
}

fn unix_now() -> u64 {
    u64::try_from(OffsetDateTime::now_utc().unix_timestamp()).unwrap_or(0)
}

/// `XXXXX-XXXXX` from an unambiguous alphabet: 50 bits of randomness.
fn recovery_code() -> String {
    let bytes: [u8; 10] = rand::random();
    let chars: String = bytes
        .iter()
        .map(|b| char::from(RECOVERY_ALPHABET[usize::from(*b) % RECOVERY_ALPHABET.len()]))
        .collect();
    format!("{}-{}", &chars[..5], &chars[5..])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_are_readable_and_distinct() {
        let a = recovery_code();
        let b = recovery_code();
        assert_eq!(a.len(), 11);
        assert_eq!(&a[5..6], "-");
        assert!(
            a.chars()
                .filter(|c| *c != '-')
                .all(|c| RECOVERY_ALPHABET.contains(&(c as u8)))
        );
        assert_ne!(a, b);
    }

    #[test]
    fn secrets_survive_hex() {
        let secret = totp::new_secret();
        assert_eq!(unhex(&hex(&secret)), Some(secret));
        assert_eq!(unhex("zz"), None);
    }
}

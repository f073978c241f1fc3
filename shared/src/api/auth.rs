//! `POST /auth/login` and the session user it returns.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Password login. The tenant comes from `tenantId` here or from the `X-Tenant` header.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LoginRequest {
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
    #[serde(default)]
    pub tenant_id: Option<String>,
    /// A TOTP code, for tenants that require MFA.
    #[serde(default)]
    pub otp: Option<String>,
}

/// The signed-in user as the token describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SessionUser {
    pub id: Uuid,
    pub username: String,
    pub tenant_id: String,
    pub roles: Vec<String>,
    pub permissions: Vec<String>,
    pub customer_id: Option<Uuid>,
    pub customer_key: Option<String>,
    pub customer_name: Option<String>,
}

/// A successful sign-in: a bearer token (HS256 JWT, 8 hours) and the user.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LoginResponse {
    pub token: String,
    /// RFC 3339 UTC expiry of `token`.
    pub expires_at: String,
    pub user: SessionUser,
    /// One-time recovery codes, shown once: only when MFA enrolment completes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_codes: Option<Vec<String>>,
}

/// What `POST /auth/login` answers: a token, or the second factor still to give.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum LoginResult {
    SignedIn(LoginResponse),
    /// Enrolment is required first: scan `otpAuthUri` (or type `manualKey`), then confirm
    /// a code with `POST /auth/mfa/setup/confirm`.
    Setup(MfaSetup),
    /// Give a code with `POST /auth/mfa/verify`.
    Challenge(MfaChallenge),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MfaChallenge {
    pub mfa_required: bool,
    /// Valid for 5 minutes.
    pub challenge_token: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MfaSetup {
    pub mfa_required: bool,
    pub setup_required: bool,
    /// Valid for 10 minutes.
    pub setup_token: String,
    /// The secret in base32, for typing into an authenticator app.
    pub manual_key: String,
    pub otp_auth_uri: String,
}

/// `POST /auth/mfa/verify`: a six-digit code, or one of the recovery codes.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MfaVerifyRequest {
    pub challenge_token: Option<String>,
    pub otp: Option<String>,
    pub recovery_code: Option<String>,
}

/// `POST /auth/mfa/setup/confirm`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MfaSetupConfirmRequest {
    pub setup_token: Option<String>,
    pub otp: Option<String>,
}

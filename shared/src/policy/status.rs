//! Persisted policy status (`Bound`, `Issued`, `Cancelled`) versus the workflow status
//! users see, derived from the term dates on the UTC calendar day.

use time::Date;

/// The status shown in lists and views.
///
/// Cancelled wins over everything; then a term that ended is Expired; Bound shows as
/// Bind; Issued is Inforced within its term and Issued before it starts.
pub fn derive_workflow_status(
    persisted: &str,
    effective: Date,
    expiration: Date,
    today: Date,
) -> String {
    let raw = persisted.trim().to_ascii_lowercase();
    if raw == "cancelled" || raw == "canceled" {
        return "Cancelled".to_owned();
    }
    if expiration < today {
        return "Expired".to_owned();
    }
    match raw.as_str() {
        "bound" => "Bind".to_owned(),
        "issued" if effective <= today => "Inforced".to_owned(),
        "issued" => "Issued".to_owned(),
        "rated" => "Rated".to_owned(),
        "" | "draft" | "quote" => "Draft".to_owned(),
        _ => {
            let mut chars = raw.chars();
            chars
                .next()
                .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
        }
    }
}

/// A status filter of `GET /policies?status=`, normalised from its aliases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    Bind,
    Issued,
    Inforced,
    Expired,
    Cancelled,
    Draft,
    Rated,
}

impl StatusFilter {
    /// `bound`/`bind`, `inforce`/`inforced`/`in force`, `cancelled`/`canceled`, `issued`,
    /// `expired`, `draft`, `rated` (any case); anything else is no filter.
    pub fn parse(text: &str) -> Option<Self> {
        let key: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
            .collect::<String>()
            .to_ascii_lowercase();
        Some(match key.as_str() {
            "bound" | "bind" => Self::Bind,
            "issued" => Self::Issued,
            "inforce" | "inforced" => Self::Inforced,
            "expired" => Self::Expired,
            "cancelled" | "canceled" => Self::Cancelled,
            "draft" => Self::Draft,
            "rated" => Self::Rated,
            _ => return None,
        })
    }

    /// The derived status this filter selects.
    pub fn label(self) -> &'static str {
        match self {
            Self::Bind => "Bind",
            Self::Issued => "Issued",
            Self::Inforced => "Inforced",
            Self::Expired => "Expired",
            Self::Cancelled => "Cancelled",
            Self::Draft => "Draft",
            Self::Rated => "Rated",
        }
    }
}

/// A lifecycle action on a policy, for the state rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Issue,
    Endorse,
    Cancel,
    Reinstate,
    Rewrite,
    Renew,
    NonRenew,
}

/// Whether `action` may run on a policy in persisted status `status`; the error is the
/// message of a 400 `INVALID_STATE`.
pub fn check_action(action: Action, status: &str) -> Result<(), String> {
    let raw = status.trim().to_ascii_lowercase();
    let cancelled = raw == "cancelled" || raw == "canceled";
    let open = matches!(raw.as_str(), "bound" | "issued" | "active" | "");
    match action {
        Action::Issue if cancelled => Err("Policy is cancelled".into()),
        Action::Issue if matches!(raw.as_str(), "bound" | "issued" | "") => Ok(()),
        Action::Issue => Err(format!("Cannot issue policy from status {status}")),
        Action::Cancel if cancelled => Err("Policy already cancelled".into()),
        Action::Cancel => Ok(()),
        Action::Reinstate if cancelled => Ok(()),
        Action::Reinstate => Err("Policy is not cancelled".into()),
        Action::Rewrite if cancelled => Ok(()),
        Action::Rewrite => Err("Policy must be cancelled to rewrite".into()),
        Action::NonRenew if cancelled => Err("Cannot non-renew a cancelled policy.".into()),
        Action::Endorse | Action::Renew | Action::NonRenew if cancelled => {
            Err("Policy is cancelled".into())
        }
        Action::Endorse | Action::Renew | Action::NonRenew if open => Ok(()),
        Action::Endorse => Err(format!("Cannot endorse policy from status {status}")),
        Action::Renew => Err(format!("Cannot renew policy from status {status}")),
        Action::NonRenew => Err(format!("Cannot non-renew policy from status {status}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 27);

    #[test]
    fn the_derivation_order() {
        let d = |s, e, x| derive_workflow_status(s, e, x, TODAY);
        assert_eq!(
            d("Cancelled", date!(2025 - 01 - 01), date!(2025 - 06 - 01)),
            "Cancelled"
        );
        assert_eq!(
            d("Issued", date!(2025 - 01 - 01), date!(2025 - 12 - 31)),
            "Expired"
        );
        assert_eq!(
            d("Bound", date!(2026 - 12 - 01), date!(2027 - 12 - 01)),
            "Bind"
        );
        assert_eq!(
            d("Issued", date!(2026 - 11 - 27), date!(2027 - 11 - 27)),
            "Inforced"
        );
        assert_eq!(
            d("Issued", date!(2026 - 11 - 28), date!(2027 - 11 - 28)),
            "Issued"
        );
        assert_eq!(
            d("Issued", date!(2025 - 11 - 27), TODAY),
            "Inforced",
            "the last day is in force"
        );
        assert_eq!(d("", date!(2026 - 12 - 01), date!(2027 - 12 - 01)), "Draft");
        assert_eq!(
            d("lapsed", date!(2026 - 12 - 01), date!(2027 - 12 - 01)),
            "Lapsed"
        );
    }

    #[test]
    fn filter_aliases() {
        assert_eq!(StatusFilter::parse("bound"), Some(StatusFilter::Bind));
        assert_eq!(
            StatusFilter::parse("In Force"),
            Some(StatusFilter::Inforced)
        );
        assert_eq!(
            StatusFilter::parse("inforced"),
            Some(StatusFilter::Inforced)
        );
        assert_eq!(
            StatusFilter::parse("canceled"),
            Some(StatusFilter::Cancelled)
        );
        assert_eq!(StatusFilter::parse("whatever"), None);
    }

    #[test]
    fn state_rules_and_messages() {
        assert_eq!(check_action(Action::Issue, "Bound"), Ok(()));
        assert_eq!(check_action(Action::Issue, "Issued"), Ok(()));
        assert_eq!(
            check_action(Action::Issue, "Cancelled"),
            Err("Policy is cancelled".into())
        );
        assert_eq!(
            check_action(Action::Cancel, "Cancelled"),
            Err("Policy already cancelled".into())
        );
        assert_eq!(
            check_action(Action::Reinstate, "Issued"),
            Err("Policy is not cancelled".into())
        );
        assert_eq!(
            check_action(Action::Rewrite, "Bound"),
            Err("Policy must be cancelled to rewrite".into())
        );
        assert_eq!(
            check_action(Action::Endorse, "Cancelled"),
            Err("Policy is cancelled".into())
        );
        assert_eq!(
            check_action(Action::NonRenew, "Cancelled"),
            Err("Cannot non-renew a cancelled policy.".into())
        );
        assert_eq!(
            check_action(Action::Renew, "Weird"),
            Err("Cannot renew policy from status Weird".into())
        );
    }
}

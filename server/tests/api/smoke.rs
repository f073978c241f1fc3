//! `lattice-server smoke`: its checks pass against a healthy server, and each failure is
//! reported on its own step (with the steps that need a session skipped).

use lattice_server::auth::totp::manual_key;
use lattice_server::smoke::{Outcome, SmokeTarget, StepReport, passed, run};
use sqlx::PgPool;

use crate::helpers::{TEST_PASSWORD, TestApp, count};
use crate::mfa::{enrol, require_mfa};

const TENANT: &str = "sample-carrier";

fn target(app: &TestApp, username: &str, password: &str) -> SmokeTarget {
    SmokeTarget {
        base_url: app.address.clone(),
        tenant: TENANT.to_owned(),
        username: username.to_owned(),
        password: password.to_owned(),
        totp_secret: None,
        state: "CA".to_owned(),
        customer: None,
    }
}

fn outcomes(report: &[StepReport]) -> Vec<(&'static str, &Outcome)> {
    report
        .iter()
        .map(|line| (line.step, &line.outcome))
        .collect()
}

fn is_pass(outcome: &Outcome) -> bool {
    matches!(outcome, Outcome::Pass(_))
}

#[sqlx::test(migrations = false)]
async fn every_check_passes_against_a_healthy_server(pool: PgPool) {
    let app = TestApp::spawn(pool.clone()).await;
    let admin = app.demo_token("admin").await;
    app.portal_user(&admin, "smokey").await;
    let quotes_before = count(&pool, "quote", TENANT).await;
    let mut smoke = target(&app, "agent1", "password");
    smoke.customer = Some(("smokey".to_owned(), TEST_PASSWORD.to_owned()));

    let mut printed = Vec::new();
    let report = run(&smoke, |line| printed.push(line.step)).await;

    let steps: Vec<_> = report.iter().map(|line| line.step).collect();
    assert_eq!(
        steps,
        ["health", "login", "search", "quote workflow", "portal"]
    );
    assert_eq!(printed, steps, "each step is printed as it finishes");
    assert!(
        report.iter().all(|line| is_pass(&line.outcome)),
        "{:?}",
        outcomes(&report)
    );
    assert!(passed(&report));
    assert_eq!(
        count(&pool, "quote", TENANT).await,
        quotes_before + 1,
        "one quote rated, nothing else"
    );
    assert_eq!(count(&pool, "policy", TENANT).await, 0, "nothing bound");
}

#[sqlx::test(migrations = false)]
async fn a_refused_login_fails_and_skips_what_needs_a_session(pool: PgPool) {
    let app = TestApp::spawn(pool).await;

    let report = run(&target(&app, "agent1", "wrong password"), |_| {}).await;

    let outcomes = outcomes(&report);
    assert!(is_pass(outcomes[0].1), "health: {:?}", outcomes[0]);
    assert!(
        matches!(outcomes[1].1, Outcome::Fail(why) if why.contains("401") && why.contains("INVALID_CREDENTIALS")),
        "{:?}",
        outcomes[1]
    );
    assert!(
        matches!(outcomes[2].1, Outcome::Skip(_)),
        "{:?}",
        outcomes[2]
    );
    assert!(
        matches!(outcomes[3].1, Outcome::Skip(_)),
        "{:?}",
        outcomes[3]
    );
    // No portal user was given and this server serves no web UI.
    assert!(
        matches!(outcomes[4].1, Outcome::Fail(why) if why.contains("no web UI")),
        "{:?}",
        outcomes[4]
    );
    assert!(!passed(&report));
}

#[sqlx::test(migrations = false)]
async fn an_mfa_user_signs_in_with_the_authenticator_key(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    require_mfa(&app).await;
    let (secret, _) = enrol(&app, "agent1").await;

    let without_key = run(&target(&app, "agent1", "password"), |_| {}).await;
    assert!(
        matches!(&without_key[1].outcome, Outcome::Fail(why) if why.contains("--totp-secret")),
        "{:?}",
        without_key[1]
    );

    let mut smoke = target(&app, "agent1", "password");
    smoke.totp_secret = Some(manual_key(&secret));
    let report = run(&smoke, |_| {}).await;
    let outcomes = outcomes(&report);
    assert!(
        outcomes[..4].iter().all(|(_, outcome)| is_pass(outcome)),
        "{outcomes:?}"
    );
}

//! Quotes: drafts, rating with state eligibility, reads, copies, the list and its export.

use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::helpers::{TestApp, assert_error, auto_quote, home_quote};

#[sqlx::test(migrations = false)]
async fn drafts_autosave_clamp_their_step_and_keep_history(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;

    let created = app
        .post_json(
            "/api/v1/quotes/draft",
            Some(&agent),
            &json!({"productCode": "homeowners", "progressStep": 12}),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let draft: Value = created.json().await.expect("json");
    let id = draft["quoteId"].as_str().expect("id").to_owned();
    assert_eq!(
        (draft["status"].clone(), draft["progressStep"].clone()),
        (json!("Draft"), json!(7))
    );
    assert!(
        draft["quoteNumber"]
            .as_str()
            .is_some_and(|n| n.len() == 14 && n.starts_with('Q'))
    );

    let path = format!("/api/v1/quotes/{id}/draft");
    let saved: Value = app
        .patch_json(
            &path,
            Some(&agent),
            &json!({"payload": home_quote("Ann", "Lee"), "progressStep": 3}),
        )
        .await
        .json()
        .await
        .expect("json");
    let kept: Value = app
        .patch_json(
            &path,
            Some(&agent),
            &json!({"payload": {}, "progressStep": 7}),
        )
        .await
        .json()
        .await
        .expect("json");

    assert_eq!(saved["payload"]["applicant"]["firstName"], "Ann");
    assert_eq!(saved["effectiveDate"], "2026-07-01");
    assert_eq!(
        kept["payload"]["applicant"]["firstName"], "Ann",
        "an empty payload keeps the saved one"
    );
    let steps: Vec<&Value> = kept["stepHistory"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|e| &e["value"])
        .collect();
    // Created at 7 (12 clamped), then 3, then 7 again: the first entry is replaced, not repeated.
    assert_eq!(
        steps,
        [&json!(7), &json!(3)],
        "re-entered steps replace their entry"
    );
    assert_eq!(kept["statusHistory"][0]["updatedBy"], "agent1");

    assert_error(
        app.patch_json(&path, Some(&agent), &json!({"progressStep": 21}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_ERROR",
    )
    .await;
    assert_error(
        app.patch_json(&path, Some(&agent), &json!({"status": "Converted"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_ERROR",
    )
    .await;
    let missing = "/api/v1/quotes/00000000-0000-0000-0000-000000000000/draft";
    assert_error(
        app.patch_json(missing, Some(&agent), &json!({})).await,
        StatusCode::NOT_FOUND,
        "QUOTE_NOT_FOUND",
    )
    .await;
    assert_error(
        app.get("/api/v1/quotes/not-a-uuid", Some(&agent)).await,
        StatusCode::NOT_FOUND,
        "QUOTE_NOT_FOUND",
    )
    .await;
}

#[sqlx::test(migrations = false)]
async fn rating_saves_a_rated_quote_and_re_rating_keeps_its_number(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;

    let quote = app.rated_quote(&agent, &auto_quote(35)).await;

    assert_eq!(quote["status"], "Rated");
    assert_eq!(quote["progressStep"], 5);
    assert_eq!(quote["premium"]["total"]["amount"], json!(516.93));
    assert_eq!(quote["underwriting"]["decision"], "Eligible");
    assert!(quote["expiresAt"].as_str().is_some());
    let number = quote["quoteNumber"].as_str().expect("number");
    let today = time::OffsetDateTime::now_utc().date();
    let prefix = format!(
        "Q{:04}{:02}{:02}-",
        today.year(),
        u8::from(today.month()),
        today.day()
    );
    assert!(
        number.starts_with(&prefix) && number.len() == prefix.len() + 4,
        "{number}"
    );

    let mut again = auto_quote(22);
    again["quoteId"] = quote["quoteId"].clone();
    let rerated = app.rated_quote(&agent, &again).await;
    assert_eq!(rerated["quoteId"], quote["quoteId"]);
    assert_eq!(rerated["quoteNumber"], quote["quoteNumber"]);
    assert_eq!(rerated["premium"]["total"]["amount"], json!(652.47));

    let read: Value = app
        .get(
            &format!("/api/v1/quotes/{}", quote["quoteId"].as_str().expect("id")),
            Some(&agent),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(read["premium"]["total"]["amount"], json!(652.47));

    let mut unknown = auto_quote(35);
    unknown["quoteId"] = json!("5b7a2a8e-0000-4000-8000-000000000000");
    assert_error(
        app.post_json("/api/v1/quotes", Some(&agent), &unknown)
            .await,
        StatusCode::NOT_FOUND,
        "QUOTE_NOT_FOUND",
    )
    .await;
}

#[sqlx::test(migrations = false)]
async fn a_state_must_be_open_for_the_product(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    let admin = app.demo_token("admin").await;
    let mut dc = auto_quote(35);
    dc["state"] = json!("DC");

    let body = assert_error(
        app.post_json("/api/v1/quotes", Some(&agent), &dc).await,
        StatusCode::BAD_REQUEST,
        "STATE_NOT_ELIGIBLE",
    )
    .await;
    assert_eq!(
        body["message"],
        "Product 'personal-auto' is not configured for state 'DC'. Contact your underwriting team."
    );

    let set = app
        .post_json(
            "/api/v1/admin/compliance/eligibility",
            Some(&admin),
            &json!({"productCode": "personal-auto", "stateCode": "dc", "status": "SUSPENDED"}),
        )
        .await;
    assert_eq!(set.status(), StatusCode::CREATED);
    let body = assert_error(
        app.post_json("/api/v1/quotes", Some(&agent), &dc).await,
        StatusCode::BAD_REQUEST,
        "STATE_NOT_ELIGIBLE",
    )
    .await;
    assert_eq!(
        body["message"],
        "Writing of 'personal-auto' in 'DC' is currently suspended."
    );

    app.post_json(
        "/api/v1/admin/compliance/eligibility",
        Some(&admin),
        &json!({"productCode": "personal-auto", "stateCode": "DC"}),
    )
    .await;
    assert_eq!(
        app.post_json("/api/v1/quotes", Some(&agent), &dc)
            .await
            .status(),
        StatusCode::OK
    );

    let check: Value = app
        .get(
            "/api/v1/reference/state-eligibility?productCode=cyber&stateCode=wy",
            Some(&agent),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(check, json!({"eligible": true, "status": "ACTIVE"}));
    assert_error(
        app.get("/api/v1/reference/state-eligibility", Some(&agent))
            .await,
        StatusCode::BAD_REQUEST,
        "MISSING_PARAMS",
    )
    .await;
    // A payload without a state is not checked.
    let mut stateless = auto_quote(35);
    stateless.as_object_mut().expect("object").remove("state");
    assert_eq!(
        app.post_json("/api/v1/quotes", Some(&agent), &stateless)
            .await
            .status(),
        StatusCode::OK
    );
}

#[sqlx::test(migrations = false)]
async fn contract_errors_and_permissions(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    let actuary = app.demo_token("actuary1").await;
    let mut bad = auto_quote(35);
    bad["termMonths"] = json!(9);

    let body = assert_error(
        app.post_json("/api/v1/quotes", Some(&agent), &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "INVALID_QUOTE",
    )
    .await;
    assert_eq!(body["details"]["errors"][0]["path"], "/termMonths");
    assert_error(
        app.post_json("/api/v1/quotes", Some(&actuary), &auto_quote(35))
            .await,
        StatusCode::FORBIDDEN,
        "FORBIDDEN",
    )
    .await;
    assert_eq!(
        crate::helpers::count(&app.pool, "quote", "sample-carrier").await,
        0,
        "nothing saved"
    );
}

#[sqlx::test(migrations = false)]
async fn copies_start_a_new_draft(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    let quote = app.rated_quote(&agent, &auto_quote(35)).await;

    let response = app
        .post_json(
            &format!(
                "/api/v1/quotes/{}/copy",
                quote["quoteId"].as_str().expect("id")
            ),
            Some(&agent),
            &json!({}),
        )
        .await;

    assert_eq!(response.status(), StatusCode::CREATED);
    let copy: Value = response.json().await.expect("json");
    assert_ne!(copy["quoteId"], quote["quoteId"]);
    assert_ne!(copy["quoteNumber"], quote["quoteNumber"]);
    assert_eq!(
        (copy["status"].clone(), copy["progressStep"].clone()),
        (json!("Draft"), json!(1))
    );
    assert_eq!(copy["payload"], quote["payload"]);
    assert_eq!(copy["premium"], Value::Null);
}

#[sqlx::test(migrations = false)]
async fn the_quote_list_filters_sorts_pages_and_exports(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    let auto = app.rated_quote(&agent, &auto_quote(35)).await;
    let home = app.rated_quote(&agent, &home_quote("Bo", "Diddley")).await;
    app.post_json(
        "/api/v1/quotes/draft",
        Some(&agent),
        &json!({"productCode": "cyber"}),
    )
    .await;
    let bound = app.rated_quote(&agent, &auto_quote(40)).await;
    app.bind(&agent, bound["quoteId"].as_str().expect("id"), &json!({}))
        .await;

    let all: Value = app
        .get(
            "/api/v1/quotes?sortBy=productCode&sortDir=asc",
            Some(&agent),
        )
        .await
        .json()
        .await
        .expect("json");
    let products: Vec<&str> = all["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|q| q["productCode"].as_str().expect("code"))
        .collect();
    assert_eq!(
        products,
        ["cyber", "homeowners", "personal-auto"],
        "the converted quote is hidden"
    );
    assert_eq!(all["total"], 3);

    let number = auto["quoteNumber"].as_str().expect("number");
    let by_number: Value = app
        .get(&format!("/api/v1/quotes?q={}", &number[10..]), Some(&agent))
        .await
        .json()
        .await
        .expect("json");
    assert!(
        by_number["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|q| q["quoteNumber"] == number)
    );
    let rated: Value = app
        .get(
            "/api/v1/quotes?status=rated&product=homeowners,personal-auto",
            Some(&agent),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(rated["total"], 2);
    let paged: Value = app
        .get(
            "/api/v1/quotes?page=2&pageSize=2&sortBy=productCode&sortDir=asc",
            Some(&agent),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(paged["items"][0]["productCode"], "personal-auto");
    assert_eq!(paged["items"][0]["totalPremium"], json!(516.93));

    let export = app
        .get("/api/v1/quotes/export?product=homeowners", Some(&agent))
        .await;
    assert_eq!(export.status(), StatusCode::OK);
    assert!(
        export.headers()["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("text/csv")
    );
    assert!(
        export.headers()["content-disposition"]
            .to_str()
            .expect("ascii")
            .contains("quotes-export.csv")
    );
    let csv = export.text().await.expect("text");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "quoteId,quoteNumber,productCode,effectiveDate,status,progressStep,totalPremium,updatedAt,updatedBy"
    );
    assert_eq!(lines.len(), 2);
    assert!(lines[1].starts_with(home["quoteId"].as_str().expect("id")));

    assert_error(
        app.get("/api/v1/quotes?sortBy=colour", Some(&agent)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_ERROR",
    )
    .await;
}

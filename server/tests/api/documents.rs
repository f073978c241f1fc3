//! Document packets: a real PDF for bind and every servicing transaction, rendered by
//! poppler, holding the policy number and premiums, served uncached and tenant-scoped.

use std::process::Command;

use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use sqlx::PgPool;

use crate::helpers::{TestApp, assert_error, auto_quote, replace};

/// Renders `bytes` with `pdftoppm` (failing the test if it cannot) and returns the text
/// `pdftotext` extracts.
fn render_and_read(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = dir.path().join("doc.pdf");
    std::fs::write(&pdf, bytes).expect("write pdf");
    let rendered = Command::new("pdftoppm")
        .args(["-r", "40", "-png"])
        .arg(&pdf)
        .arg(dir.path().join("page"))
        .output()
        .expect("pdftoppm runs (apt-get install poppler-utils)");
    assert!(
        rendered.status.success() && rendered.stderr.is_empty(),
        "pdftoppm: {}",
        String::from_utf8_lossy(&rendered.stderr)
    );
    let pages = std::fs::read_dir(dir.path())
        .expect("read dir")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".png"))
        })
        .count();
    assert!(pages >= 1, "at least one page rendered");
    let text = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(text.status.success());
    String::from_utf8(text.stdout).expect("utf-8 text")
}

#[sqlx::test(migrations = false)]
async fn every_transaction_leaves_a_pdf_packet_that_opens(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    let policy = app.issued_policy(&agent, &auto_quote(35)).await;
    app.transacted(
        &agent,
        &policy,
        "endorse",
        &json!({"effectiveDate": "2026-10-01", "changes": [replace("/uwAnswers/driverAge", json!(22))]}),
    )
    .await;
    let cancelled = app
        .transacted(
            &agent,
            &policy,
            "cancel",
            &json!({"effectiveDate": "2026-12-01", "cancellationReasonCode": "INSURED_REQUEST"}),
        )
        .await;
    let number = app
        .get_json(&format!("/api/v1/policies/{policy}"), &agent)
        .await["policyNumber"]
        .as_str()
        .expect("number")
        .to_owned();

    let list = app
        .get_json(&format!("/api/v1/policies/{policy}/documents"), &agent)
        .await;
    let packets: Vec<&Value> = list["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter(|d| d["type"] == "POLICY_PACKET")
        .collect();
    let types: Vec<&str> = packets
        .iter()
        .filter_map(|d| d["transactionType"].as_str())
        .collect();
    assert_eq!(types, ["NB", "ENDORSE", "CANCEL"]);

    // 153 days in force earn 70 %: 652.47 - 456.73 = 195.74 returned.
    assert_eq!(cancelled["meta"]["refund"]["amount"], json!(195.74));
    let expected: [&[&str]; 3] = [
        &[
            "Policy Declarations",
            "Ada Lovelace",
            "Bodily Injury Liability (BI)",
            "$100,000",
            "$300.71",
            "$516.93",
            "Automobile Insurance Identification Card",
            "2022 Subaru Outback",
        ],
        &["$652.47", "Premium charged by this transaction", "$101.38"],
        &["Notice of Cancellation", "Short rate", "$195.74", "70%"],
    ];
    for (packet, phrases) in packets.iter().zip(expected) {
        let id = packet["documentId"].as_str().expect("id");
        let response = app
            .get(
                &format!("/api/v1/policies/{policy}/documents/{id}/content"),
                Some(&agent),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        assert_eq!(header("content-type").as_deref(), Some("application/pdf"));
        assert_eq!(header("cache-control").as_deref(), Some("no-store"));
        assert!(header("content-disposition").is_some_and(|d| d.starts_with("inline; filename=")));
        let bytes = response.bytes().await.expect("bytes");
        let hash: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(packet["contentHash"], json!(hash));
        assert_eq!(packet["byteSize"], json!(bytes.len()));
        assert_eq!(packet["customerSafe"], true);

        let text = render_and_read(&bytes);
        assert!(text.contains(&number), "policy number in {text}");
        for phrase in phrases {
            assert!(text.contains(phrase), "{phrase:?} in {text}");
        }
        // ID cards go with cover that continues, not with a cancellation.
        assert_eq!(
            text.contains("Identification Card"),
            packet["transactionType"] != "CANCEL",
            "{text}"
        );
    }

    let worksheet = list["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .find(|d| d["type"] == "RATING_WORKSHEET")
        .expect("a worksheet");
    let no_file = app
        .get(
            &format!(
                "/api/v1/policies/{policy}/documents/{}/content",
                worksheet["documentId"].as_str().expect("id")
            ),
            Some(&agent),
        )
        .await;
    assert_error(no_file, StatusCode::NOT_FOUND, "ARTIFACT_NOT_FOUND").await;
}

#[sqlx::test(migrations = false)]
async fn documents_of_another_tenant_are_not_found(pool: PgPool) {
    let app = TestApp::spawn(pool).await;
    let agent = app.demo_token("agent1").await;
    let policy = app.issued_policy(&agent, &auto_quote(35)).await;
    let list = app
        .get_json(&format!("/api/v1/policies/{policy}/documents"), &agent)
        .await;
    let doc = list["documents"][0]["documentId"]
        .as_str()
        .expect("id")
        .to_owned();
    let other = app.new_tenant("acme").await;

    let listed = app
        .get(
            &format!("/api/v1/policies/{policy}/documents"),
            Some(&other),
        )
        .await;
    let content = app
        .get(
            &format!("/api/v1/policies/{policy}/documents/{doc}/content"),
            Some(&other),
        )
        .await;
    let state = app
        .get(&format!("/api/v1/policies/{policy}/state"), Some(&other))
        .await;
    let cancel = app
        .transact(
            &other,
            &policy,
            "cancel",
            &json!({"effectiveDate": "2026-08-01"}),
        )
        .await;

    assert_error(listed, StatusCode::NOT_FOUND, "POLICY_NOT_FOUND").await;
    assert_error(content, StatusCode::NOT_FOUND, "POLICY_NOT_FOUND").await;
    assert_error(state, StatusCode::NOT_FOUND, "POLICY_NOT_FOUND").await;
    assert_error(cancel, StatusCode::NOT_FOUND, "POLICY_NOT_FOUND").await;
    let mine = app
        .get_json(&format!("/api/v1/policies/{policy}"), &agent)
        .await;
    assert_eq!(mine["internalStatus"], "Issued");
}

//! Policy documents: the PDF packet generated for bind and every servicing transaction,
//! stored with its sha256 in the database, listed per policy and served for download.

use lattice_shared::api::lifecycle::{DocumentItem, DocumentList};
use lattice_shared::api::rating::Premium;
use lattice_shared::product::Product;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::bind::policy_not_found;
use super::rfc3339;
use crate::db::events::NewDocument;
use crate::db::policies::PolicyRow;
use crate::db::{self, Tx};
use crate::documents::packet::{self, Notice, Packet};
use crate::error::{Error, Result};
use crate::state::App;

pub const PDF: &str = "application/pdf";

/// The transaction a packet is for.
pub struct PacketFor<'a> {
    pub transaction_id: Uuid,
    pub version_id: Uuid,
    /// NB, ENDORSE, CANCEL...
    pub transaction_type: &'a str,
    /// New Business, Endorse, Cancel...
    pub label: &'a str,
    pub number: &'a str,
    pub effective: Date,
    pub payload: &'a Value,
    pub premium: &'a Premium,
    pub amount: Option<Decimal>,
    pub notice: Option<Notice>,
}

/// Renders the packet and stores it as the transaction's `POLICY_PACKET` document.
pub async fn store_packet(
    tx: &mut Tx,
    policy: &PolicyRow,
    product: &Product,
    p: PacketFor<'_>,
    actor: Uuid,
) -> Result<Uuid> {
    let generated_at = rfc3339(OffsetDateTime::now_utc());
    let bytes = packet::render(&Packet {
        carrier: &policy.tenant_id,
        product,
        policy_number: &policy.policy_number,
        insured_name: &policy.insured_name,
        state: policy.state.as_deref(),
        term: (policy.term_effective_date, policy.term_expiration_date),
        transaction_label: p.label,
        transaction_number: p.number,
        effective: p.effective,
        payload: p.payload,
        premium: p.premium,
        transaction_amount: p.amount,
        notice: p.notice,
        id_cards: !matches!(p.transaction_type, "CANCEL" | "NON_RENEWAL"),
        generated_at: &generated_at,
    });
    let hash = hex(&Sha256::digest(&bytes));
    let uri = format!("db://document/{}/{}", policy.policy_id, p.transaction_id);
    let id = db::events::insert_document(
        tx,
        NewDocument {
            tenant_id: &policy.tenant_id,
            policy_id: policy.policy_id,
            transaction_id: Some(p.transaction_id),
            version_id: Some(p.version_id),
            document_type: "POLICY_PACKET",
            uri: &uri,
            content_hash: &hash,
            content_type: Some(PDF),
            content: Some(&bytes),
            customer_safe: true,
            metadata: json!({"transactionType": p.transaction_type, "transactionNumber": p.number,
                "transactionLabel": p.label, "effectiveDate": p.effective.to_string(),
                "productCode": policy.product_code, "state": policy.state,
                "pages": ["declarations"], "generatedAt": generated_at}),
            created_by: actor,
        },
    )
    .await?;
    Ok(id)
}

/// Every document of a policy, oldest first.
pub async fn list(app: &App, tenant_id: &str, policy_id: Uuid) -> Result<DocumentList> {
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    db::policies::find_policy(&mut tx, tenant_id, policy_id)
        .await?
        .ok_or_else(|| policy_not_found(policy_id))?;
    let rows = db::events::list_documents(&mut tx, tenant_id, policy_id).await?;
    tx.commit().await?;
    let documents = rows
        .into_iter()
        .map(|d| {
            let text = |key: &str| {
                d.metadata
                    .get(key)
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            };
            let number = text("transactionNumber").or_else(|| {
                d.metadata
                    .pointer("/context/transactionNumber")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            });
            let title = if d.document_type == "POLICY_PACKET" {
                "Policy Document Packet"
            } else {
                "Rating Worksheet"
            };
            DocumentItem {
                display_name: match &number {
                    Some(n) => format!("{title} {n}"),
                    None => title.to_owned(),
                },
                document_id: d.document_id,
                kind: d.document_type,
                transaction_id: d.transaction_id,
                transaction_type: text("transactionType"),
                transaction_number: number,
                content_hash: d.content_hash,
                content_type: d.content_type,
                byte_size: d.byte_size.map(i64::from),
                customer_safe: d.customer_safe,
                generated_at: rfc3339(d.created_at),
            }
        })
        .collect();
    Ok(DocumentList { documents })
}

/// A document's artifact: content type, file name and bytes.
pub async fn content(
    app: &App,
    tenant_id: &str,
    policy_id: Uuid,
    document_id: Uuid,
) -> Result<(String, String, Vec<u8>)> {
    let mut tx = db::begin_tenant(&app.db, tenant_id).await?;
    db::policies::find_policy(&mut tx, tenant_id, policy_id)
        .await?
        .ok_or_else(|| policy_not_found(policy_id))?;
    let doc = db::events::find_document_content(&mut tx, tenant_id, policy_id, document_id)
        .await?
        .ok_or_else(|| {
            Error::not_found(
                "DOCUMENT_NOT_FOUND",
                format!("Document {document_id} not found"),
            )
        })?;
    tx.commit().await?;
    let (Some(bytes), Some(content_type)) = (doc.content, doc.content_type) else {
        return Err(Error::not_found(
            "ARTIFACT_NOT_FOUND",
            format!("Document {document_id} has no file to download"),
        ));
    };
    let extension = if content_type == PDF { "pdf" } else { "bin" };
    let filename = format!(
        "{}-{document_id}.{extension}",
        doc.document_type.to_ascii_lowercase().replace('_', "-")
    );
    Ok((content_type, filename, bytes))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

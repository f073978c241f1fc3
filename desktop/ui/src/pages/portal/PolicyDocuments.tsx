// A policy's documents in the portal: the declarations and ID card first, then every
// other document, each downloaded through the API and handed to the platform to save.
import { useState } from 'react';
import { downloadFile } from '../../components/download';
import { date } from '../../components/format';
import { OutcomeNotice } from '../../components/Notice';
import type { Outcome } from '../../components/Notice';
import type { PortalDocument } from './portalApi';
import { documentPath, fileName, sortDocuments } from './portalApi';

export function PolicyDocuments({
  policyId,
  policyNumber,
  idCardAvailable,
  documents,
}: {
  policyId: string;
  policyNumber: string;
  idCardAvailable: boolean;
  documents: PortalDocument[];
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const { declarations, idCard, others } = sortDocuments(documents, idCardAvailable);

  async function download(key: string, document: PortalDocument, name: string) {
    setBusy(key);
    setOutcome(null);
    try {
      await downloadFile(documentPath(policyId, document.documentId), name);
      setOutcome({ ok: `Downloaded ${name}.` });
    } catch (error) {
      setOutcome({ error });
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="card" aria-labelledby="portal-documents-title">
      <h2 id="portal-documents-title">Documents</h2>
      <OutcomeNotice outcome={outcome} />
      {documents.length === 0 ? (
        <p className="muted">No documents are available for this policy yet.</p>
      ) : (
        <>
          <div className="actions">
            {declarations && (
              <button
                type="button"
                className="primary"
                disabled={busy !== null}
                aria-busy={busy === 'declarations'}
                onClick={() =>
                  void download('declarations', declarations, fileName(policyNumber, 'declarations'))
                }
              >
                Download declarations
              </button>
            )}
            {idCard && (
              <button
                type="button"
                disabled={busy !== null}
                aria-busy={busy === 'id-card'}
                onClick={() => void download('id-card', idCard, fileName(policyNumber, 'id-card'))}
              >
                Download ID card
              </button>
            )}
          </div>
          {others.length > 0 && (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Document</th>
                    <th scope="col">Date</th>
                    <th scope="col">
                      <span className="muted">File</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {others.map((document) => {
                    const nameId = `portal-doc-${document.documentId}`;
                    return (
                      <tr key={document.documentId}>
                        <td id={nameId}>{document.displayName}</td>
                        <td>{date(document.generatedAt)}</td>
                        <td>
                          <button
                            type="button"
                            aria-describedby={nameId}
                            disabled={busy !== null}
                            aria-busy={busy === document.documentId}
                            onClick={() =>
                              void download(
                                document.documentId,
                                document,
                                fileName(policyNumber, document.displayName),
                              )
                            }
                          >
                            Download
                          </button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

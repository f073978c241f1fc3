// The "Documents" section: the policy's documents with a download each. Packets are PDFs
// from the content endpoint; rating worksheets have no file, so their snapshot is saved as
// JSON from the version's worksheet endpoint.
import { useEffect, useRef, useState } from 'react';
import { platform } from '@platform';
import { api } from '../../api/client';
import { downloadFile, slug } from '../../components/download';
import { date } from '../../components/format';
import { AsyncContent, ErrorNotice } from '../../components/States';
import { useAsync } from '../../components/useAsync';
import type { DocumentItem, PolicyView } from './policyApi';
import { fileSize, humanize, policyPath } from './policyApi';

function extension(contentType: string | null | undefined): string {
  if (!contentType || contentType.includes('pdf')) return 'pdf';
  if (contentType.includes('html')) return 'html';
  if (contentType.includes('json')) return 'json';
  return 'bin';
}

/** `PC-1234ABCD-policy-packet-EN-20261128-GEEB.pdf` */
export function documentFileName(policyNumber: string, doc: DocumentItem, ext: string): string {
  const parts = [policyNumber, slug(doc.type), doc.transactionNumber].filter(Boolean);
  return `${parts.join('-')}.${ext}`;
}

export function DocumentsSection({
  policy,
  round,
  focus,
}: {
  policy: PolicyView;
  round: number;
  focus: boolean;
}) {
  const base = policyPath(policy.policyId);
  const [docs, reload] = useAsync(
    () => api.get<{ documents: DocumentItem[] }>(`${base}/documents`).then((r) => r.documents),
    [base, round],
  );
  const [busy, setBusy] = useState<string | null>(null);
  const [failed, setFailed] = useState<{ id: string; error: unknown } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (!focus || docs.status !== 'ready') return;
    heading.current?.scrollIntoView?.({ block: 'start' });
    heading.current?.focus();
  }, [focus, docs.status]);

  function worksheetVersion(doc: DocumentItem) {
    return policy.versions.find((v) => v.transactionId === doc.transactionId)?.versionId;
  }

  async function download(doc: DocumentItem) {
    setBusy(doc.documentId);
    setFailed(null);
    try {
      if (doc.byteSize != null) {
        await downloadFile(
          `${base}/documents/${encodeURIComponent(doc.documentId)}/content`,
          documentFileName(policy.policyNumber, doc, extension(doc.contentType)),
        );
      } else {
        const version = worksheetVersion(doc);
        const sheet = await api.get<unknown>(`${base}/versions/${version}/rating-worksheet`);
        const blob = new Blob([JSON.stringify(sheet, null, 2)], { type: 'application/json' });
        await platform.saveFile(documentFileName(policy.policyNumber, doc, 'json'), blob);
      }
    } catch (error) {
      setFailed({ id: doc.documentId, error });
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="policy-documents">
      <h2 id="policy-documents" ref={heading} tabIndex={-1}>
        Documents
      </h2>
      <AsyncContent
        state={docs}
        what="documents"
        onRetry={reload}
        isEmpty={(list) => list.length === 0}
        empty="No documents yet."
      >
        {(list) => (
          <div className="table-wrap">
            <table aria-label="Policy documents">
              <thead>
                <tr>
                  <th>Document</th>
                  <th>Type</th>
                  <th>Created</th>
                  <th className="num">Size</th>
                  <th>
                    <span className="visually-hidden">Download</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((doc) => {
                  const nameId = `doc-${doc.documentId}`;
                  const available = doc.byteSize != null || !!worksheetVersion(doc);
                  return (
                    <tr key={doc.documentId}>
                      <td id={nameId}>{doc.displayName}</td>
                      <td>{humanize(doc.type)}</td>
                      <td>{date(doc.generatedAt)}</td>
                      <td className="num">{doc.byteSize != null ? fileSize(doc.byteSize) : 'Data only'}</td>
                      <td>
                        {available ? (
                          <button
                            type="button"
                            aria-describedby={nameId}
                            disabled={busy === doc.documentId}
                            onClick={() => void download(doc)}
                          >
                            {busy === doc.documentId ? 'Downloading…' : 'Download'}
                          </button>
                        ) : (
                          <span className="muted">No file</span>
                        )}
                        {failed?.id === doc.documentId && <ErrorNotice error={failed.error} />}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </AsyncContent>
    </section>
  );
}

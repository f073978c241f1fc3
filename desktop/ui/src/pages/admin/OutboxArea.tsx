// Outbox: integration messages by status (failed ones first), with "Retry" for a message
// that failed every attempt.
import { useState } from 'react';
import { can } from '../../auth/permissions';
import { useUser } from '../../auth/session';
import { Field } from '../../components/Field';
import { date } from '../../components/format';
import { OutcomeNotice } from '../../components/Notice';
import type { Outcome } from '../../components/Notice';
import { Pager } from '../../components/Pager';
import { AsyncContent } from '../../components/States';
import { useAsync } from '../../components/useAsync';
import { adminApi } from './adminApi';
import type { OutboxMessage } from './adminApi';

const PAGE_SIZE = 25;
const STATUSES = ['Failed', 'Retry', 'Pending', 'Processing', 'Sent'];

function when(value: string | null | undefined): string {
  if (!value) return '–';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return `${date(value)} ${d.toLocaleTimeString('en-US', { hour: '2-digit', minute: '2-digit' })}`;
}

export function OutboxArea() {
  const user = useUser();
  const manage = can(user, 'admin.jobs.manage');
  const [status, setStatus] = useState('Failed');
  const [page, setPage] = useState(1);
  const [state, reload] = useAsync(
    () => adminApi.outbox(status, page, PAGE_SIZE),
    [status, page],
  );
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [retrying, setRetrying] = useState<string | null>(null);

  async function retry(message: OutboxMessage) {
    setRetrying(message.messageId);
    setOutcome(null);
    try {
      await adminApi.retryOutbox(message.messageId);
      setOutcome({ ok: `Message ${message.topic} is queued for another attempt.` });
      reload();
    } catch (e) {
      setOutcome({ error: e });
    } finally {
      setRetrying(null);
    }
  }

  return (
    <section aria-labelledby="admin-outbox-title">
      <h2 id="admin-outbox-title">Outbox</h2>
      <p className="muted">Messages sent to other systems when policies change.</p>
      <div className="form-grid">
        <Field label="Status">
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value);
              setPage(1);
            }}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
            <option value="">All</option>
          </select>
        </Field>
      </div>
      <OutcomeNotice outcome={outcome} />
      <AsyncContent
        state={state}
        what="outbox messages"
        onRetry={reload}
        isEmpty={(data) => data.items.length === 0}
        empty={
          status === 'Failed'
            ? 'No failed messages: every message was delivered or is still being tried.'
            : 'No messages with this status.'
        }
      >
        {(data) => (
          <>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Topic</th>
                    <th scope="col">Key</th>
                    <th scope="col">Status</th>
                    <th scope="col" className="num">
                      Attempts
                    </th>
                    <th scope="col">Last error</th>
                    <th scope="col">Created</th>
                    <th scope="col">Last attempt</th>
                    {manage && <th scope="col">Actions</th>}
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((m) => (
                    <tr key={m.messageId}>
                      <th scope="row">{m.topic}</th>
                      <td>{m.orderingKey}</td>
                      <td>{m.status}</td>
                      <td className="num">{m.attempts}</td>
                      <td>{m.lastError || '–'}</td>
                      <td>{when(m.createdAt)}</td>
                      <td>{when(m.lastAttemptAt)}</td>
                      {manage && (
                        <td>
                          {m.status === 'Failed' && (
                            <button
                              type="button"
                              disabled={retrying === m.messageId}
                              onClick={() => void retry(m)}
                            >
                              Retry
                            </button>
                          )}
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager page={page} pageSize={PAGE_SIZE} total={data.total} onPage={setPage} />
          </>
        )}
      </AsyncContent>
    </section>
  );
}

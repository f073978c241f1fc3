// The underwriting referral queue (/uw/queue): referrals by status, and the one under
// review with its comments, assignment and decision.
import { useRef, useState } from 'react';
import { useUser } from '../auth/session';
import { Field } from '../components/Field';
import { SuccessNotice, useNoticeFocus } from '../components/Notice';
import { Pager } from '../components/Pager';
import { AsyncContent } from '../components/States';
import { useAsync } from '../components/useAsync';
import { ReferralDetail } from './uw/ReferralDetail';
import { ReferralTable } from './uw/ReferralTable';
import type { Referral } from './uw/uwApi';
import { listReferrals, PAGE_SIZE, quoteNumbers, STATUS_OPTIONS } from './uw/uwApi';
import './uw/UwQueue.css';

export function UwQueuePage() {
  const user = useUser();
  const [status, setStatus] = useState('Open');
  const [page, setPage] = useState(1);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  /** Referrals changed here since the list was loaded (a decision, a comment). */
  const [changed, setChanged] = useState<Record<string, Referral>>({});
  const numbers = useRef(new Map<string, string>());
  /** The outcome of the last decision, shown (and focused) at the top of the page. */
  const [notice, setNotice] = useState<string | null>(null);
  const noticeRef = useNoticeFocus(notice);
  /** The "Review" button that opened the detail, where focus returns when it closes. */
  const opener = useRef<HTMLButtonElement | null>(null);

  const [list, reload] = useAsync(async () => {
    const result = await listReferrals(status, page);
    await quoteNumbers(result.items, numbers.current);
    setChanged({});
    return result;
  }, [status, page]);

  const items =
    list.status === 'ready' ? list.data.items.map((r) => changed[r.referralId] ?? r) : [];
  const selected = items.find((r) => r.referralId === selectedId);

  return (
    <>
      <h1>Underwriting referrals</h1>
      {notice && <SuccessNotice ref={noticeRef}>{notice}</SuccessNotice>}
      <div className="form-grid">
        <Field label="Status">
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value);
              setPage(1);
              setNotice(null);
            }}
          >
            {STATUS_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </Field>
      </div>

      <AsyncContent
        state={list}
        what="referrals"
        onRetry={reload}
        isEmpty={(data) => data.items.length === 0}
        empty={status === 'Open' ? 'No referrals waiting.' : 'No referrals with this status.'}
      >
        {(data) => (
          <>
            <ReferralTable
              items={items}
              numbers={numbers.current}
              userId={user.id}
              selectedId={selectedId}
              onReview={(referral, button) => {
                opener.current = button;
                setSelectedId(referral.referralId);
                setNotice(null);
              }}
            />
            <Pager
              label="Referral pages"
              page={data.page}
              pageSize={PAGE_SIZE}
              total={data.total}
              shown={items.length}
              onPage={setPage}
            />
          </>
        )}
      </AsyncContent>

      {selectedId && (
        <ReferralDetail
          id={selectedId}
          row={selected}
          numbers={numbers.current}
          onChange={(referral) =>
            setChanged((all) => ({ ...all, [referral.referralId]: referral }))
          }
          onDecided={setNotice}
          onClose={() => {
            setSelectedId(null);
            if (opener.current?.isConnected) opener.current.focus();
          }}
        />
      )}
    </>
  );
}

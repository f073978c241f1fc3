// One referral opened from the queue: its reasons and comment history, a comment box, and
// (for underwriters who decide) assign, approve and decline.
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { can } from '../../auth/permissions';
import { useUser } from '../../auth/session';
import { Field } from '../../components/Field';
import { date, productLabel, StatusBadge } from '../../components/format';
import { SuccessNotice } from '../../components/Notice';
import { ErrorNotice, Loading } from '../../components/States';
import { useAsync } from '../../components/useAsync';
import { DecisionDialog } from './DecisionDialog';
import type { Decision, Referral } from './uwApi';
import {
  assigneeLabel,
  assignReferral,
  commentOnReferral,
  commentsOf,
  getReferral,
  isOpen,
  referralNumber,
  transactionLabel,
} from './uwApi';

export function ReferralDetail({
  id,
  row,
  numbers,
  onChange,
  onDecided,
  onClose,
}: {
  id: string;
  /** The referral as the list shows it, for the heading while the detail loads. */
  row?: Referral;
  numbers: Map<string, string>;
  onChange: (referral: Referral) => void;
  /** Announces a decision at the top of the page. */
  onDecided: (message: string) => void;
  onClose: () => void;
}) {
  const [state, reload] = useAsync(() => getReferral(id), [id]);
  const shown = state.status === 'ready' ? state.data : row;
  const number = shown ? referralNumber(shown, numbers) : '';
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [id]);
  return (
    <section className="card uw-detail" aria-labelledby="uw-detail-title">
      <div className="actions" style={{ justifyContent: 'space-between', marginTop: 0 }}>
        <h2 id="uw-detail-title" ref={heading} tabIndex={-1} style={{ margin: 0 }}>
          {number ? `Referral ${number}` : 'Referral'}
        </h2>
        <button type="button" onClick={onClose}>
          Close details
        </button>
      </div>
      {state.status === 'loading' && <Loading what="the referral" />}
      {state.status === 'error' && <ErrorNotice error={state.error} onRetry={reload} />}
      {state.status === 'ready' && (
        <ReferralBody
          key={state.data.referralId}
          loaded={state.data}
          number={number}
          onChange={onChange}
          onDecided={onDecided}
        />
      )}
    </section>
  );
}

function ReferralBody({
  loaded,
  number,
  onChange,
  onDecided,
}: {
  loaded: Referral;
  number: string;
  onChange: (referral: Referral) => void;
  onDecided: (message: string) => void;
}) {
  const user = useUser();
  const mayDecide = can(user, 'uw.referrals.decide');
  const [referral, setReferral] = useState(loaded);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [deciding, setDeciding] = useState<Decision | null>(null);

  function updated(next: Referral, message: string | null) {
    setReferral(next);
    setNotice(message);
    setFailure(null);
    onChange(next);
  }

  async function assignToMe() {
    setBusy(true);
    setNotice(null);
    try {
      updated(await assignReferral(referral.referralId, user.id), 'Assigned to you.');
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  const open = isOpen(referral);
  return (
    <>
      {notice && <SuccessNotice>{notice}</SuccessNotice>}
      {failure !== null && <ErrorNotice error={failure} />}
      <dl className="summary">
        <dt>Insured</dt>
        <dd>{referral.insuredName}</dd>
        <dt>Product</dt>
        <dd>{productLabel(referral.productCode)}</dd>
        <dt>Transaction</dt>
        <dd>{transactionLabel(referral.transactionType)}</dd>
        <dt>Effective</dt>
        <dd>{date(referral.effectiveDate)}</dd>
        <dt>Status</dt>
        <dd data-testid="referral-status">
          <StatusBadge status={referral.status} />
        </dd>
        <dt>Priority</dt>
        <dd>{referral.priority}</dd>
        <dt>Assigned</dt>
        <dd>{assigneeLabel(referral, user.id)}</dd>
        <dt>Raised</dt>
        <dd>{date(referral.createdAt)}</dd>
        {referral.decidedAt && (
          <>
            <dt>Decided</dt>
            <dd>
              {referral.decision ?? referral.status} on {date(referral.decidedAt)}
              {referral.decisionReason ? `: ${referral.decisionReason}` : ''}
            </dd>
          </>
        )}
      </dl>

      <h3>Reasons</h3>
      {referral.reasons.length ? (
        <ul>
          {referral.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">No reasons recorded.</p>
      )}

      {mayDecide && open && (
        <div className="actions" role="group" aria-label="Decision">
          <button type="button" className="primary" onClick={() => setDeciding('approve')}>
            Approve
          </button>
          <button type="button" className="danger" onClick={() => setDeciding('decline')}>
            Decline
          </button>
          {referral.assignedTo !== user.id && (
            <button type="button" onClick={() => void assignToMe()} disabled={busy}>
              Assign to me
            </button>
          )}
        </div>
      )}
      {!open && <p className="muted">This referral is {referral.status} and can no longer be decided.</p>}

      <Comments referral={referral} onAdded={(next) => updated(next, 'Comment added.')} />

      <DecisionDialog
        referral={referral}
        number={number}
        decision={deciding}
        onClose={() => setDeciding(null)}
        onDecided={(next, decision) => {
          setDeciding(null);
          updated(next, null);
          onDecided(
            decision === 'approve'
              ? `Referral ${number} approved. The agent can now bind it.`
              : `Referral ${number} declined.`,
          );
        }}
      />
    </>
  );
}

function Comments({ referral, onAdded }: { referral: Referral; onAdded: (r: Referral) => void }) {
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const comments = commentsOf(referral);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!text.trim()) {
      setMissing(true);
      return;
    }
    setSending(true);
    setError(null);
    try {
      const next = await commentOnReferral(referral.referralId, text.trim());
      setText('');
      onAdded(next);
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  }

  return (
    <>
      <h3>Comments</h3>
      {comments.length ? (
        <ol className="uw-comments">
          {comments.map((comment, i) => (
            <li key={`${comment.at ?? ''}-${i}`}>
              <strong>{comment.by ?? 'Someone'}</strong>{' '}
              <span className="muted">
                {date(comment.at)}
                {comment.decision ? ` · ${comment.decision}` : ''}
              </span>
              <p>{comment.text}</p>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">No comments yet.</p>
      )}
      <form onSubmit={submit} noValidate>
        <Field label="Comment" error={missing ? 'Write a comment first.' : null}>
          <textarea
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              if (e.target.value.trim()) setMissing(false);
            }}
          />
        </Field>
        {error !== null && <ErrorNotice error={error} />}
        <button type="submit" disabled={sending}>
          Add comment
        </button>
      </form>
    </>
  );
}

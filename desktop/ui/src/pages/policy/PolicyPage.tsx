// The policy view (/policies/:id): summary, transactions (endorse, cancel, reinstate,
// renew, rewrite, non-renew), the timeline and the documents. `?tab=documents` jumps to the
// documents; `?action=endorse|cancel|…` opens that transaction's dialog.
import { useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { can } from '../../auth/permissions';
import { useUser } from '../../auth/session';
import { StatusBadge } from '../../components/format';
import { SuccessNotice, useNoticeFocus } from '../../components/Notice';
import { ErrorNotice, Loading } from '../../components/States';
import { useAsync } from '../../components/useAsync';
import { DocumentsSection } from './DocumentsSection';
import './Policy.css';
import type { PolicyData } from './policyApi';
import { loadPolicy } from './policyApi';
import { SummarySection } from './SummarySection';
import { TimelineSection } from './TimelineSection';
import { actionFromParam, TransactionsSection } from './TransactionsSection';

export function PolicyPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const user = useUser();
  const [round, setRound] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [state] = useAsync(() => loadPolicy(id), [id, round]);
  const last = useRef<{ id: string; data: PolicyData } | null>(null);
  const reload = () => setRound((r) => r + 1);
  // After a transaction its dialog (and maybe its button) is gone: focus goes to the result.
  const noticeRef = useNoticeFocus(notice);

  if (state.status === 'ready') last.current = { id, data: state.data };
  // While reloading (or when a reload fails) the page keeps showing what it had.
  const stale = state.status !== 'ready' && last.current?.id === id ? last.current.data : null;
  const data = state.status === 'ready' ? state.data : stale;

  if (!data) {
    if (state.status === 'error' && state.error instanceof ApiError && state.error.status === 404) {
      return (
        <div className="policy-page">
          <h1>Policy not found</h1>
          <div className="state state-empty" role="status">
            <p>There is no policy {id} in your organization.</p>
            <Link to="/search">Back to search</Link>
          </div>
        </div>
      );
    }
    if (state.status === 'error') {
      return (
        <div className="policy-page">
          <h1>Policy</h1>
          <ErrorNotice error={state.error} onRetry={reload} />
          <p>
            <Link to="/search">Back to search</Link>
          </p>
        </div>
      );
    }
    return (
      <div className="policy-page">
        <h1>Policy</h1>
        <Loading what="the policy" />
      </div>
    );
  }

  const { policy } = data;
  return (
    <div className="policy-page">
      <header className="policy-header">
        <h1>{policy.policyNumber}</h1>
        <StatusBadge status={policy.status} />
        {stale && state.status === 'loading' && (
          <span className="muted" role="status">
            Refreshing…
          </span>
        )}
      </header>
      {notice && (
        <SuccessNotice ref={noticeRef} onDismiss={() => setNotice(null)}>
          {notice}
        </SuccessNotice>
      )}
      {state.status === 'error' && <ErrorNotice error={state.error} onRetry={reload} />}
      <SummarySection data={data} />
      {can(user, 'page.wizard.view') && (
        <TransactionsSection
          key={policy.policyId}
          data={data}
          canOverride={can(user, 'uw.referrals.decide')}
          initialAction={actionFromParam(params.get('action'))}
          onDone={(text) => {
            setNotice(text);
            reload();
          }}
        />
      )}
      <TimelineSection data={data} round={round} />
      <DocumentsSection
        policy={policy}
        round={round}
        focus={params.get('tab') === 'documents'}
      />
    </div>
  );
}

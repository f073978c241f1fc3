// The "Summary" section: product, insured, term, current premium, status and whether the
// policy is in force today (from the as-of state).
import { date, money, productLabel, StatusBadge } from '../../components/format';
import type { PolicyData } from './policyApi';
import { isNonRenewed, lastCancellation, todayIso, totalOf } from './policyApi';

/** Whether cover runs today: within the term and not switched off by a cancellation. */
function inForce({ policy, state }: PolicyData) {
  const today = todayIso();
  const why = (text: string) => <span className="muted"> ({text})</span>;
  if (today < policy.term.effectiveDate) {
    return <>No{why(`the term starts ${date(policy.term.effectiveDate)}`)}</>;
  }
  if (today >= policy.term.expirationDate) {
    return <>No{why(`the term ended ${date(policy.term.expirationDate)}`)}</>;
  }
  if (!state.inForce) return <>No{why(`cover cancelled from ${date(state.segmentStart)}`)}</>;
  return <>Yes{why(`current period ${date(state.segmentStart)} – ${date(state.segmentEnd)}`)}</>;
}

export function SummarySection({ data }: { data: PolicyData }) {
  const { policy } = data;
  const cancelled = policy.internalStatus.toLowerCase() === 'cancelled';
  const cancellation = cancelled ? lastCancellation(policy) : undefined;
  return (
    <section aria-labelledby="policy-summary">
      <h2 id="policy-summary">Summary</h2>
      <div className="card">
        <dl className="summary">
          <dt>Product</dt>
          <dd>
            {productLabel(policy.productCode)}{' '}
            <span className="muted">
              ({policy.productCode} {policy.productVersion})
            </span>
          </dd>
          <dt>Insured</dt>
          <dd>{policy.insuredName || '–'}</dd>
          {policy.state && (
            <>
              <dt>State</dt>
              <dd>{policy.state}</dd>
            </>
          )}
          <dt>Term</dt>
          <dd>
            {date(policy.term.effectiveDate)} – {date(policy.term.expirationDate)}{' '}
            <span className="muted">
              ({policy.termMonths} months, term {policy.termCount})
            </span>
          </dd>
          <dt>Current premium</dt>
          <dd>
            {money(totalOf(policy.premium))} <span className="muted">full term</span>
          </dd>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={policy.status} />
            {cancellation && (
              <span className="muted"> effective {date(cancellation.effectiveDate)}</span>
            )}
            {isNonRenewed(policy) && (
              <span className="muted">
                {' '}
                · not renewing, ends {date(policy.term.expirationDate)}
              </span>
            )}
          </dd>
          <dt>In force</dt>
          <dd data-testid="in-force">{inForce(data)}</dd>
        </dl>
      </div>
    </section>
  );
}

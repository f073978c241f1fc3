// The "Timeline" section: every transaction from the timeline endpoint (type, number,
// effective date, premium or charge) and the current term's effective-dated segments.
import { api } from '../../api/client';
import { date, money } from '../../components/format';
import { Empty, ErrorNotice, Loading } from '../../components/States';
import { useAsync } from '../../components/useAsync';
import type { PolicyData, PolicyState, PolicyView, TimelineTransaction } from './policyApi';
import { policyPath, signedMoney, totalOf, transactionLabel } from './policyApi';

/** Transactions whose amount is a change (charged or returned), not a term's premium. */
const DELTAS = new Set(['ENDORSE', 'CANCEL', 'REINSTATE']);

function TransactionsTable({ transactions }: { transactions: TimelineTransaction[] }) {
  if (transactions.length === 0) return <Empty>No transactions yet.</Empty>;
  return (
    <div className="table-wrap">
      <table aria-label="Policy transactions">
        <thead>
          <tr>
            <th>Transaction</th>
            <th>Number</th>
            <th>Effective</th>
            <th className="num">Premium / charge</th>
            <th>Processed</th>
            <th>By</th>
            <th>Underwriting</th>
          </tr>
        </thead>
        <tbody>
          {transactions.map((t) => {
            const type = t.type.toUpperCase();
            const total = totalOf(t.rating);
            return (
              <tr key={t.transactionId}>
                <td>{transactionLabel(type)}</td>
                <td>{t.transactionNumber ?? '–'}</td>
                <td>{date(t.effectiveDate)}</td>
                <td className="num">
                  {total === null ? '–' : DELTAS.has(type) ? signedMoney(total) : money(total)}
                </td>
                <td>{date(t.createdAt)}</td>
                <td>{t.createdBy ?? '–'}</td>
                <td>{t.uw?.decision ?? '–'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The dates in the current term where a version starts a new segment. */
export function segmentStarts(policy: PolicyView): string[] {
  const { effectiveDate, expirationDate } = policy.term;
  const dates = policy.versions
    .map((v) => v.effectiveDate)
    .filter((d) => d >= effectiveDate && d < expirationDate);
  return [...new Set([effectiveDate, ...dates])].sort();
}

function Segments({ policy, round }: { policy: PolicyView; round: number }) {
  const starts = segmentStarts(policy);
  const [state, reload] = useAsync(async () => {
    const base = policyPath(policy.policyId);
    const found = await Promise.all(
      starts.map((d) => api.get<PolicyState>(`${base}/state?asOf=${encodeURIComponent(d)}`)),
    );
    const seen = new Set<string>();
    return found.filter((s) => !seen.has(s.segmentStart) && seen.add(s.segmentStart));
  }, [policy.policyId, starts.join(','), round]);

  if (state.status === 'loading') return <Loading what="segments" />;
  if (state.status === 'error') return <ErrorNotice error={state.error} onRetry={reload} />;
  return (
    <div className="table-wrap">
      <table aria-label="Effective-dated segments">
        <thead>
          <tr>
            <th>From</th>
            <th>To</th>
            <th>Cover</th>
            <th className="num">Full-term premium</th>
          </tr>
        </thead>
        <tbody>
          {state.data.map((s) => (
            <tr key={s.segmentStart}>
              <td>{date(s.segmentStart)}</td>
              <td>{date(s.segmentEnd)}</td>
              <td>{s.inForce ? 'In force' : 'Cancelled'}</td>
              <td className="num">{money(totalOf(s.premium))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function TimelineSection({ data, round }: { data: PolicyData; round: number }) {
  const transactions = data.timeline.transactions as TimelineTransaction[];
  return (
    <section aria-labelledby="policy-timeline">
      <h2 id="policy-timeline">Timeline</h2>
      <TransactionsTable transactions={transactions} />
      <h3>Segments of the current term</h3>
      <p className="muted">
        Each period the policy stood unchanged, with its full-term premium.
      </p>
      <Segments policy={data.policy} round={round} />
    </section>
  );
}

// The portal's home: a greeting and the customer's policies, each linking to its summary.
import { Link } from 'react-router';
import { date, money, StatusBadge } from '../../components/format';
import { Empty, ErrorNotice, Loading } from '../../components/States';
import { useAsync } from '../../components/useAsync';
import { getSummary, productName } from './portalApi';

export function PolicyList() {
  const [state, reload] = useAsync(getSummary, []);
  if (state.status === 'loading') return <Loading what="your policies" />;
  if (state.status === 'error') return <ErrorNotice error={state.error} onRetry={reload} />;
  const { customer, policies } = state.data;
  return (
    <>
      <p className="portal-welcome">Welcome, {customer.customerName}</p>
      {policies.length === 0 ? (
        <Empty>You have no policies yet.</Empty>
      ) : (
        <ul className="portal-policies" aria-label="Your policies">
          {policies.map((policy) => (
            <li key={policy.policyId} className="card">
              <h2>
                <Link to={`/portal/policies/${policy.policyId}`}>{policy.policyNumber}</Link>
              </h2>
              <p>
                {productName(policy.productCode)} <StatusBadge status={policy.status} />
              </p>
              <dl className="summary">
                <dt>Term</dt>
                <dd>
                  {date(policy.term.effectiveDate)} – {date(policy.term.expirationDate)}
                </dd>
                <dt>Premium</dt>
                <dd>{money(policy.premium?.amount)}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

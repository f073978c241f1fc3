// One of the customer's policies: its summary (term, premium, coverages, vehicles) and
// its documents. Another customer's policy, or one not issued, is "not available".
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { date, money, StatusBadge } from '../../components/format';
import { ErrorNotice, Loading } from '../../components/States';
import { useAsync } from '../../components/useAsync';
import { PolicyDocuments } from './PolicyDocuments';
import type { PortalPolicyDetail } from './portalApi';
import { amountText, getPolicy, limitText } from './portalApi';

function BackLink() {
  return (
    <Link to="/portal" className="portal-back">
      <span aria-hidden="true">← </span>My policies
    </Link>
  );
}

export function PolicyDetail({ id }: { id: string }) {
  const [state, reload] = useAsync(() => getPolicy(id), [id]);
  if (state.status === 'loading') return <Loading what="your policy" />;
  if (state.status === 'error') {
    const unavailable =
      state.error instanceof ApiError && (state.error.status === 404 || state.error.status === 403);
    return (
      <>
        {unavailable ? (
          <div className="state" role="alert">
            <p>This policy is not available.</p>
          </div>
        ) : (
          <ErrorNotice error={state.error} onRetry={reload} />
        )}
        <BackLink />
      </>
    );
  }
  const { detail, documents } = state.data;
  return (
    <div className="portal-detail">
      <BackLink />
      <Summary detail={detail} />
      <PolicyDocuments
        policyId={detail.policy.policyId}
        policyNumber={detail.policy.policyNumber}
        idCardAvailable={detail.idCard.available}
        documents={documents}
      />
    </div>
  );
}

function Summary({ detail }: { detail: PortalPolicyDetail }) {
  const { policy, declarations: dec, idCard } = detail;
  return (
    <section className="card" aria-labelledby="portal-policy-title">
      <h2 id="portal-policy-title">
        Policy {policy.policyNumber} <StatusBadge status={policy.status} />
      </h2>
      <dl className="summary">
        <dt>Product</dt>
        <dd>{dec.productName}</dd>
        <dt>Named insured</dt>
        <dd>{dec.namedInsured}</dd>
        <dt>Term</dt>
        <dd>
          {date(policy.term.effectiveDate)} – {date(policy.term.expirationDate)}
        </dd>
        <dt>Premium</dt>
        <dd>{money(policy.premium.amount)}</dd>
        <dt>Fees</dt>
        <dd>{money(dec.fees.amount)}</dd>
        <dt>Taxes</dt>
        <dd>{money(dec.taxes.amount)}</dd>
        {dec.transaction && (
          <>
            <dt>Last change</dt>
            <dd>
              {dec.transaction.transactionNumber}, effective{' '}
              {date(dec.transaction.transactionEffectiveDate)}
            </dd>
          </>
        )}
      </dl>

      <h3>Coverages</h3>
      {dec.coverages.length === 0 ? (
        <p className="muted">No coverages are listed for this policy.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Coverage</th>
                <th scope="col" className="num">
                  Limit
                </th>
                <th scope="col" className="num">
                  Deductible
                </th>
                <th scope="col" className="num">
                  Premium
                </th>
              </tr>
            </thead>
            <tbody>
              {dec.coverages.map((coverage) => (
                <tr key={coverage.code}>
                  <th scope="row">{coverage.label}</th>
                  <td className="num">{limitText(coverage)}</td>
                  <td className="num">{amountText(coverage.deductible)}</td>
                  <td className="num">{money(coverage.premium.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {idCard.vehicles.length > 0 && (
        <>
          <h3>Vehicles</h3>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Year</th>
                  <th scope="col">Make</th>
                  <th scope="col">Model</th>
                  <th scope="col">VIN</th>
                </tr>
              </thead>
              <tbody>
                {idCard.vehicles.map((vehicle) => (
                  <tr key={vehicle.index}>
                    <td>{vehicle.year ?? '–'}</td>
                    <td>{vehicle.make ?? '–'}</td>
                    <td>{vehicle.model ?? '–'}</td>
                    <td>{vehicle.vin ?? '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

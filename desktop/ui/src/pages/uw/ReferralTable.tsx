// The referral list: one row per referral with a "Review <number>" button that opens it.
import { date, productLabel, StatusBadge } from '../../components/format';
import type { Referral } from './uwApi';
import { assigneeLabel, referralNumber, transactionLabel } from './uwApi';

export function ReferralTable({
  items,
  numbers,
  userId,
  selectedId,
  onReview,
}: {
  items: Referral[];
  numbers: Map<string, string>;
  userId: string;
  selectedId: string | null;
  onReview: (referral: Referral, button: HTMLButtonElement) => void;
}) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="uw-visually-hidden">Underwriting referrals</caption>
        <thead>
          <tr>
            <th scope="col">Quote/Policy #</th>
            <th scope="col">Product</th>
            <th scope="col">Transaction</th>
            <th scope="col">Effective</th>
            <th scope="col">Reasons</th>
            <th scope="col">Status</th>
            <th scope="col">Assigned</th>
            <th scope="col">
              <span className="uw-visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((referral) => {
            const number = referralNumber(referral, numbers);
            const selected = referral.referralId === selectedId;
            return (
              <tr key={referral.referralId} aria-current={selected ? 'true' : undefined}>
                <td>
                  {number}
                  <div className="muted">{referral.insuredName}</div>
                </td>
                <td>{productLabel(referral.productCode)}</td>
                <td>{transactionLabel(referral.transactionType)}</td>
                <td>{date(referral.effectiveDate)}</td>
                <td>
                  <ul className="uw-reasons">
                    {referral.reasons.map((reason) => (
                      <li key={reason}>{reason}</li>
                    ))}
                  </ul>
                </td>
                <td>
                  <StatusBadge status={referral.status} />
                </td>
                <td>{assigneeLabel(referral, userId)}</td>
                <td>
                  <button
                    type="button"
                    className={selected ? 'primary' : undefined}
                    onClick={(e) => onReview(referral, e.currentTarget)}
                  >
                    Review {number}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

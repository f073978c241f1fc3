// What an endorsement would do, from its preview: the premium change, the full-term
// premiums, the retro adjustment by stretch, underwriting and any later transactions rebased.
import { useEffect, useRef } from 'react';
import { date, money } from '../../components/format';
import type { EndorsePreview } from './policyApi';
import { amountOf, signedMoney, transactionLabel } from './policyApi';

interface CoverageLine {
  code?: string;
  amount?: unknown;
  fullTermOld?: unknown;
  fullTermNew?: unknown;
}

export function EndorsePreviewView({ preview }: { preview: EndorsePreview }) {
  const { premium, fullTerm, retroAdjustment: retro, timeline, underwriting } = preview;
  const lines = (premium.byCoverage as CoverageLine[]).filter((l) => l && l.code);
  const section = useRef<HTMLElement>(null);
  // The form above is long: bring the numbers into view when they arrive.
  useEffect(() => {
    section.current?.scrollIntoView?.({ block: 'nearest' });
  }, [preview]);
  return (
    <section ref={section} className="policy-preview" aria-labelledby="endorse-preview-title">
      <h3 id="endorse-preview-title">Preview</h3>
      <dl className="summary">
        <dt>Premium change</dt>
        <dd data-testid="premium-change">{signedMoney(premium.total)}</dd>
        <dt>Full-term premium</dt>
        <dd>
          {money(amountOf(fullTerm.old))} → {money(amountOf(fullTerm.new))} (
          {signedMoney(fullTerm.delta)})
        </dd>
        <dt>Retro adjustment</dt>
        <dd>
          {signedMoney(retro.totalDelta)}{' '}
          <span className="muted">
            (fees {signedMoney(retro.feesDelta)}, taxes {signedMoney(retro.taxesDelta)})
          </span>
        </dd>
        <dt>Effective</dt>
        <dd>{date(preview.effectiveDate)}</dd>
        <dt>Underwriting</dt>
        <dd>
          {underwriting.decision}
          {underwriting.reasons.length > 0 && `: ${underwriting.reasons.join('; ')}`}
        </dd>
      </dl>
      {retro.impactedSegments.length > 0 && (
        <div className="table-wrap policy-gap">
          <table aria-label="Retro adjustment by period">
            <thead>
              <tr>
                <th>From</th>
                <th>To</th>
                <th className="num">Change</th>
              </tr>
            </thead>
            <tbody>
              {retro.impactedSegments.map((s) => (
                <tr key={s.from}>
                  <td>{date(s.from)}</td>
                  <td>{date(s.to)}</td>
                  <td className="num">{signedMoney(s.totalDelta)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {lines.length > 0 && (
        <div className="table-wrap policy-gap">
          <table aria-label="Change by coverage">
            <thead>
              <tr>
                <th>Coverage</th>
                <th className="num">Full term before</th>
                <th className="num">Full term after</th>
                <th className="num">Charged</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={l.code}>
                  <td>{l.code}</td>
                  <td className="num">{money(amountOf(l.fullTermOld))}</td>
                  <td className="num">{money(amountOf(l.fullTermNew))}</td>
                  <td className="num">{signedMoney(l.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {timeline.wouldRebase ? (
        <div className="notice policy-gap" role="note">
          This endorsement lands before later transactions; they will be re-applied on top of it:
          <ul>
            {timeline.rebasedTransactions.map((t) => (
              <li key={t.versionId}>
                {transactionLabel(t.transactionType)} {t.transactionNumber} effective{' '}
                {date(t.effectiveDate)}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="muted">No later transactions are affected.</p>
      )}
    </section>
  );
}

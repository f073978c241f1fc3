// Step 7: the premium by coverage, then Bind (an underwriter may approve a referral with an
// override reason) and Issue policy. A referral is explained, never a dead end.
import { useState } from 'react';
import { Link } from 'react-router';
import { api, ApiError, query } from '../../api/client';
import { Field } from '../../components/Field';
import { money } from '../../components/format';
import { ErrorNotice } from '../../components/States';
import { optionLabel } from './CoveragesStep';
import { Decision } from './Worksheet';
import type { BindResponse, IssueResponse, ProductCtx, QuoteView, Rating } from './wizardTypes';

export interface Bound {
  policyId: string;
  policyNumber: string;
  issued: boolean;
}

interface Referred {
  message: string;
  referralId?: string;
  reasons: string[];
}

function selection(line: { limit?: unknown; deductible?: unknown; percent?: unknown }) {
  const parts: string[] = [];
  if (line.limit !== undefined && line.limit !== null) parts.push(`Limit ${optionLabel(line.limit)}`);
  if (line.deductible !== undefined && line.deductible !== null) {
    parts.push(`Deductible ${optionLabel(line.deductible)}`);
  }
  if (line.percent !== undefined && line.percent !== null) parts.push(`${optionLabel(line.percent, true)}`);
  return parts.join(' · ') || '–';
}

export function Breakdown({ rating, ctx }: { rating: Rating; ctx: ProductCtx | null }) {
  const { premium } = rating;
  const nameOf = (code: string) =>
    ctx?.config.coverages.find((c) => c.code.toUpperCase() === code.toUpperCase())?.name ?? code;
  return (
    <div className="table-wrap">
      <table>
        <caption className="muted">Premium by coverage</caption>
        <thead>
          <tr>
            <th scope="col">Coverage</th>
            <th scope="col">Selection</th>
            <th scope="col" className="num">Premium</th>
          </tr>
        </thead>
        <tbody>
          {premium.byCoverage.map((line, i) => (
            <tr key={`${line.code}-${i}`}>
              <td>{nameOf(line.code)}</td>
              <td>{selection(line)}</td>
              <td className="num">{money(line.amount.amount)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>Fees</th>
            <td className="num">{money(premium.fees.amount)}</td>
          </tr>
          <tr>
            <th scope="row" colSpan={2}>Taxes</th>
            <td className="num">{money(premium.taxes.amount)}</td>
          </tr>
          <tr>
            <th scope="row" colSpan={2}>Total</th>
            <td className="num">
              <strong>{money(premium.total.amount)}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export function BindStep({
  ctx,
  quote,
  rating,
  stale,
  canOverride,
  bound,
  onBound,
  onBackToQuote,
  onBackToRating,
  onRestart,
}: {
  ctx: ProductCtx | null;
  quote: QuoteView | null;
  rating: Rating | null;
  stale: boolean;
  canOverride: boolean;
  bound: Bound | null;
  onBound: (b: Bound) => void;
  onBackToQuote: () => void;
  onBackToRating: () => void;
  onRestart: () => void;
}) {
  const [overrideReason, setOverrideReason] = useState('');
  const [busy, setBusy] = useState<'bind' | 'issue' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [referred, setReferred] = useState<Referred | null>(null);

  if (!rating || stale || !quote) {
    return (
      <div className="notice" role="status">
        {stale ? 'The quote has changed since it was rated.' : 'The quote has not been rated yet.'}{' '}
        Rate it before binding.{' '}
        <button type="button" className="link" onClick={onBackToRating}>
          Back to Rating
        </button>
      </div>
    );
  }
  const decision = rating.underwriting.decision;

  async function bind() {
    if (!quote) return;
    setBusy('bind');
    setError(null);
    try {
      const reason = overrideReason.trim();
      const body = canOverride && reason ? { overrideReason: reason } : {};
      const result = await api.post<BindResponse>(`/api/v1/quotes/${quote.quoteId}/bind`, body);
      setReferred(null);
      onBound({ policyId: result.policyId, policyNumber: result.policyNumber, issued: false });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'UW_REFERRAL_REQUIRED') {
        const details = (e.details ?? {}) as { referralId?: string; reasons?: unknown };
        setReferred({
          message: e.message,
          referralId: details.referralId,
          reasons: Array.isArray(details.reasons) ? details.reasons.map(String) : rating!.underwriting.reasons,
        });
      } else if (e instanceof ApiError && e.code === 'QUOTE_CONVERTED') {
        const policyId = (e.details as { policyId?: string } | undefined)?.policyId;
        setError(e);
        if (policyId) onBound({ policyId, policyNumber: '', issued: false });
      } else {
        setError(e);
      }
    } finally {
      setBusy(null);
    }
  }

  async function issue() {
    if (!bound) return;
    setBusy('issue');
    setError(null);
    try {
      const result = await api.post<IssueResponse>(`/api/v1/policies/${bound.policyId}/issue`, {});
      onBound({ ...bound, policyNumber: result.policyNumber || bound.policyNumber, issued: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  const searchLink = `/search${query({ mode: 'quotes', q: quote.quoteNumber })}`;
  return (
    <>
      <Breakdown rating={rating} ctx={ctx} />
      {!bound && <Decision underwriting={rating.underwriting} />}

      {referred && !bound && (
        <section className="notice wizard-referred" role="alert" aria-labelledby="referred-title">
          <h3 id="referred-title">Referred to underwriting</h3>
          <p>
            Quote {quote.quoteNumber} needs an underwriter&rsquo;s approval before it can be bound
            {referred.referralId ? ` (referral ${referred.referralId})` : ''}. Reasons:
          </p>
          <ul>
            {referred.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          <p>
            The quote is saved. Once the referral is approved, open it again and choose Bind.
            {canOverride ? ' As an underwriter you can approve it now with an override reason.' : ''}
          </p>
          <div className="actions">
            <Link to={searchLink}>Find quote {quote.quoteNumber} in search</Link>
            <button type="button" onClick={onBackToQuote}>
              Back to quote
            </button>
          </div>
        </section>
      )}

      {error !== null && <ErrorNotice error={error} />}

      {!bound && decision === 'Decline' && (
        <div className="actions">
          <button type="button" onClick={onBackToQuote}>
            Back to quote
          </button>
        </div>
      )}

      {!bound && decision !== 'Decline' && (
        <>
          {canOverride && decision === 'Refer' && (
            <Field
              label="Override reason"
              hint="Approves the referral and binds the quote. Leave empty to leave it referred."
            >
              <textarea
                rows={3}
                value={overrideReason}
                onChange={(e) => setOverrideReason(e.target.value)}
              />
            </Field>
          )}
          <div className="actions">
            <button type="button" className="primary" onClick={() => void bind()} disabled={busy !== null}>
              {busy === 'bind' ? 'Binding…' : 'Bind'}
            </button>
          </div>
        </>
      )}

      {bound && (
        <div className={`notice success`} role="status">
          {bound.issued ? (
            <p>Policy {bound.policyNumber} has been issued.</p>
          ) : (
            <p>Quote {quote.quoteNumber} is bound as policy {bound.policyNumber || bound.policyId}.</p>
          )}
          <div className="actions">
            {!bound.issued && (
              <button
                type="button"
                className="primary"
                onClick={() => void issue()}
                disabled={busy !== null}
              >
                {busy === 'issue' ? 'Issuing…' : 'Issue policy'}
              </button>
            )}
            <Link to={`/policies/${bound.policyId}`}>Open policy</Link>
            {bound.issued && (
              <button type="button" onClick={onRestart}>
                Start another quote
              </button>
            )}
          </div>
        </div>
      )}
    </>
  );
}

// Step 6: rate the quote (saved as Rated) and show the premium, decision and worksheet.
import { money } from '../../components/format';
import { Problems } from './Problems';
import { Decision, Worksheet } from './Worksheet';
import { RATING, type Errors, type ProductCtx, type Rating } from './wizardTypes';

export function RatingStep({
  ctx,
  rating,
  stale,
  busy,
  error,
  serverFields,
  missing,
  onRate,
  onGoto,
}: {
  ctx: ProductCtx | null;
  rating: Rating | null;
  stale: boolean;
  busy: boolean;
  error: unknown;
  serverFields: Errors;
  /** A step that must be completed before rating, with its first problem. */
  missing: { step: number; name: string; message: string } | null;
  onRate: () => void;
  onGoto: (step: number) => void;
}) {
  return (
    <>
      <div className="actions">
        <button type="button" className="primary" onClick={onRate} disabled={busy}>
          {busy ? 'Rating…' : 'Rate'}
        </button>
        {!rating && !busy && <span className="muted">Rating saves the quote and prices it.</span>}
      </div>
      {missing && (
        <div className="notice" role="alert">
          Complete the {missing.name} step first: {missing.message}{' '}
          <button type="button" className="link" onClick={() => onGoto(missing.step)}>
            Go to {missing.name}
          </button>
        </div>
      )}
      {error !== null && (
        <Problems error={error} fields={serverFields} ctx={ctx} current={RATING} onGoto={onGoto} />
      )}
      {rating && (
        <div aria-live="polite">
          {stale && (
            <p className="notice" role="status">
              The quote has changed since it was rated. Rate it again to see the new premium.
            </p>
          )}
          <div className="cards">
            <div className="card">
              <div className="muted">Total premium</div>
              <div className="kpi" data-testid="total-premium">
                {money(rating.premium.total.amount)}
              </div>
            </div>
          </div>
          <Decision underwriting={rating.underwriting} />
          <Worksheet premium={rating.premium} coverages={ctx?.config.coverages ?? []} />
        </div>
      )}
    </>
  );
}

// The seven steps: what is typed, Next/Back with validation, the draft autosave, rating,
// and binding. Nothing typed is lost on an error: the data lives here until the page closes.
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, query } from '../../api/client';
import type { Page } from '../../api/types';
import { can } from '../../auth/permissions';
import { useUser } from '../../auth/session';
import { useAsync } from '../../components/useAsync';
import { BindStep, type Bound } from './BindStep';
import { CoveragesStep } from './CoveragesStep';
import { InsuredsStep, QualificationStep } from './PartyStep';
import { Problems } from './Problems';
import { buildPayload, emptyData } from './payload';
import { useProductDetails } from './productDetails';
import { ProductStep } from './ProductStep';
import { OfflinePreview } from './OfflinePreview';
import { RatingStep } from './RatingStep';
import { RiskStep } from './RiskStep';
import { useDraft, type SaveStatus } from './useDraft';
import { serverErrors, stepName, validateStep } from './validation';
import {
  BIND,
  COVERAGES,
  INSUREDS,
  PRODUCT,
  QUALIFICATION,
  RATING,
  RISK,
  STEPS,
  type Errors,
  type ProductCtx,
  type ProductSummary,
  type QuoteView,
  type Rating,
  type UnderwritingCompany,
  type WizardData,
} from './wizardTypes';

/** A saved quote, read back for the wizard. */
export interface Resume {
  quote: QuoteView;
  ctx: ProductCtx | null;
  data: WizardData;
  rating: Rating | null;
  step: number;
  payloadJson: string;
}

function DraftStatus({ status, quote }: { status: SaveStatus; quote: QuoteView | null }) {
  let text = '';
  if (status.kind === 'saving') text = 'Saving draft…';
  else if (status.kind === 'error') {
    const message = status.error instanceof Error ? status.error.message : String(status.error);
    text = `Draft not saved: ${message}`;
  } else if (quote) {
    const what =
      quote.status === 'Converted' ? 'Quote bound' : quote.status === 'Rated' ? 'Quote saved (rated)' : 'Draft saved';
    text = `${what} · Quote ${quote.quoteNumber}`;
  }
  return (
    <p
      className={`wizard-draft ${status.kind === 'error' ? 'field-error' : 'muted'}`}
      role="status"
      aria-live="polite"
      data-testid="draft-status"
    >
      {text}
    </p>
  );
}

export function Wizard({
  products,
  resume,
  onRestart,
}: {
  products: ProductSummary[];
  resume: Resume | null;
  onRestart: () => void;
}) {
  const user = useUser();
  const [step, setStep] = useState(resume?.step ?? PRODUCT);
  const [data, setData] = useState<WizardData>(() => resume?.data ?? emptyData());
  const [errors, setErrors] = useState<Errors>({});
  const [server, setServer] = useState<Errors>({});
  const [blocked, setBlocked] = useState(false);
  const [rating, setRating] = useState<Rating | null>(resume?.rating ?? null);
  const [rateBusy, setRateBusy] = useState(false);
  const [rateError, setRateError] = useState<unknown>(null);
  const [missing, setMissing] = useState<{ step: number; name: string; message: string } | null>(null);
  const [bound, setBound] = useState<Bound | null>(null);
  const draft = useDraft(resume?.quote ?? null, resume?.payloadJson ?? null);
  const details = useProductDetails(data.productCode, products, user.roles, resume?.ctx ?? null);
  const { ctx } = details;

  const country = ctx?.country ?? 'US';
  const [companiesState] = useAsync(
    () =>
      data.productCode && data.state
        ? api
            .get<Page<UnderwritingCompany>>(
              `/api/v1/underwriting-companies${query({ productCode: data.productCode, country, state: data.state })}`,
            )
            .then((p) => p.items ?? [])
        : Promise.resolve([] as UnderwritingCompany[]),
    [data.productCode, data.state, country],
  );
  // A failed company lookup hides the choice; the server does not require one.
  const companies = companiesState.status === 'ready' ? companiesState.data : [];

  const payload = useMemo(() => buildPayload(data, ctx), [data, ctx]);
  const payloadJson = useMemo(() => JSON.stringify(payload), [payload]);
  const stale = rating !== null && rating.ratedFor !== payloadJson;
  const stepContext = { ctx, companies, rated: rating !== null && !stale };

  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    heading.current?.focus();
  }, [step]);

  function update(patch: Partial<WizardData>, keys: string[]) {
    setData((d) => ({ ...d, ...patch }));
    const drop = (e: Errors) => {
      if (!keys.some((k) => k in e)) return e;
      const next = { ...e };
      for (const k of keys) delete next[k];
      return next;
    };
    setErrors(drop);
    setServer(drop);
  }

  function autosave(to: number) {
    void draft.save(payload, to).then((error) => {
      if (error) setServer((s) => ({ ...s, ...serverErrors(error, ctx) }));
    });
  }

  function go(to: number) {
    if (bound) return;
    for (let s = step; s < to; s++) {
      const problems = validateStep(s, data, stepContext);
      if (Object.keys(problems).length > 0) {
        setErrors(problems);
        setBlocked(true);
        if (s !== step) setStep(s);
        return;
      }
    }
    setBlocked(false);
    setMissing(null);
    setStep(to);
    if (draft.quote || to > PRODUCT) autosave(to);
  }

  async function rate() {
    setMissing(null);
    for (let s = PRODUCT; s <= COVERAGES; s++) {
      const problems = validateStep(s, data, stepContext);
      const first = Object.values(problems)[0];
      if (first) {
        setErrors(problems);
        setMissing({ step: s, name: stepName(s), message: first });
        return;
      }
    }
    setRateBusy(true);
    setRateError(null);
    setServer({});
    try {
      const view = await draft.rate(payload);
      if (view.premium && view.underwriting) {
        setRating({ premium: view.premium, underwriting: view.underwriting, ratedFor: payloadJson });
      }
    } catch (error) {
      setRateError(error);
      setServer(serverErrors(error, ctx));
    } finally {
      setRateBusy(false);
    }
  }

  const shown = { ...server, ...errors };
  const props = { data, update, errors: shown, ctx };
  let content;
  switch (step) {
    case PRODUCT:
      content = (
        <ProductStep
          {...props}
          products={products}
          details={details.state}
          onRetryDetails={details.retry}
          companies={companies}
        />
      );
      break;
    case QUALIFICATION:
      content = <QualificationStep {...props} />;
      break;
    case INSUREDS:
      content = <InsuredsStep {...props} />;
      break;
    case RISK:
      content = <RiskStep {...props} />;
      break;
    case COVERAGES:
      content = <CoveragesStep {...props} />;
      break;
    case RATING:
      content = (
        <RatingStep
          ctx={ctx}
          rating={rating}
          stale={stale}
          busy={rateBusy}
          error={rateError}
          serverFields={server}
          missing={missing}
          onRate={() => void rate()}
          onGoto={go}
        />
      );
      break;
    default:
      content = (
        <BindStep
          ctx={ctx}
          quote={draft.quote}
          rating={rating}
          stale={stale}
          canOverride={can(user, 'uw.referrals.decide')}
          bound={bound}
          onBound={(b) => {
            setBound(b);
            draft.converted(b.policyId);
          }}
          onBackToQuote={() => go(RISK)}
          onBackToRating={() => go(RATING)}
          onRestart={onRestart}
        />
      );
  }

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (step < BIND) go(step + 1);
      }}
    >
      <ol className="steps" aria-label="Quote steps">
        {STEPS.map((name, i) => (
          <li key={name} aria-current={i === step ? 'step' : undefined}>
            <span className="wizard-step-number">{i + 1}.</span> {name}
          </li>
        ))}
      </ol>
      <DraftStatus status={draft.status} quote={draft.quote} />
      {draft.status.kind === 'error' && (
        <Problems
          error={draft.status.error}
          fields={step === RATING ? {} : server}
          ctx={ctx}
          current={step}
          onGoto={go}
          onRetry={() => autosave(step)}
        />
      )}

      <section className="card">
        <h2 id="wizard-step-title" ref={heading} tabIndex={-1}>
          {STEPS[step]}
        </h2>
        {content}
        {(step === RISK || step === COVERAGES || step === RATING) && (
          <OfflinePreview tenant={user.tenantId} payload={payload} />
        )}
        {blocked && Object.keys(errors).length > 0 && (
          <p className="field-error" role="alert">
            {errors.rating ?? 'Fix the highlighted fields to continue.'}
          </p>
        )}
      </section>

      {!bound && (
        <div className="actions wizard-nav">
          <button type="button" onClick={() => go(step - 1)} disabled={step === PRODUCT}>
            Back
          </button>
          {step < BIND && (
            <button
              type="submit"
              className="primary"
              disabled={step === PRODUCT && !!data.productCode && !ctx}
            >
              Next
            </button>
          )}
        </div>
      )}
    </form>
  );
}

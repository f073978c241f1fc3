// A server refusal with the fields it names, each with a way to the step that holds it.
import { ErrorNotice } from '../../components/States';
import { labelOf, stepName, stepOf } from './validation';
import type { Errors, ProductCtx } from './wizardTypes';

export function Problems({
  error,
  fields,
  ctx,
  current,
  onGoto,
  onRetry,
}: {
  error: unknown;
  fields: Errors;
  ctx: ProductCtx | null;
  current: number;
  onGoto: (step: number) => void;
  onRetry?: () => void;
}) {
  const entries = Object.entries(fields);
  return (
    <div className="wizard-problems">
      <ErrorNotice error={error} onRetry={onRetry} />
      {entries.length > 0 && (
        <ul aria-label="Problems to fix">
          {entries.map(([key, message]) => {
            const step = stepOf(key, ctx);
            return (
              <li key={key}>
                <strong>{labelOf(key, ctx)}</strong>: {message}{' '}
                {step >= 0 && step !== current && (
                  <button type="button" className="link" onClick={() => onGoto(step)}>
                    Go to {stepName(step)}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

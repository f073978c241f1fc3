// The loading, empty and error states every page shows.
import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import type { Async } from './useAsync';

export function Loading({ what }: { what: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <div className="state state-empty" role="status">
      {children}
    </div>
  );
}

/** Explains a failure; offers a retry when one is given. */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const message = error instanceof Error ? error.message : String(error);
  const trace = error instanceof ApiError ? error.traceId : undefined;
  return (
    <div className="state state-error" role="alert">
      <p>{message}</p>
      {trace && <p className="muted">Reference: {trace}</p>}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/**
 * What `useAsync` loaded: "Loading …", the failure with a retry, `empty` when `isEmpty`
 * says there is nothing to show, else the content made from the data.
 */
export function AsyncContent<T>({
  state,
  what,
  onRetry,
  isEmpty,
  empty,
  children,
}: {
  state: Async<T>;
  /** Completes "Loading …". */
  what: string;
  onRetry: () => void;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (state.status === 'loading') return <Loading what={what} />;
  if (state.status === 'error') return <ErrorNotice error={state.error} onRetry={onRetry} />;
  if (isEmpty?.(state.data)) return <Empty>{empty}</Empty>;
  return children(state.data);
}

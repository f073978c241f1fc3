// Success notices: a line saying what was done (focusable, dismissable), and the outcome of
// the last action, a success line or the refusal.
import { useEffect, useRef } from 'react';
import type { ReactNode, Ref } from 'react';
import { ErrorNotice } from './States';

/** A success line. With `ref` it can take focus; with `onDismiss` it offers "Dismiss". */
export function SuccessNotice({
  children,
  ref,
  onDismiss,
}: {
  children: ReactNode;
  ref?: Ref<HTMLDivElement>;
  onDismiss?: () => void;
}) {
  return (
    <div className="notice success" role="status" tabIndex={ref ? -1 : undefined} ref={ref}>
      {onDismiss ? (
        <>
          <span>{children}</span>
          <button type="button" className="link" onClick={onDismiss}>
            Dismiss
          </button>
        </>
      ) : (
        children
      )}
    </div>
  );
}

/**
 * The ref of a SuccessNotice that takes focus whenever `message` is set. Called in the
 * component that owns the message, so that it focuses after any dialog below has closed.
 */
export function useNoticeFocus(message: string | null) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (message) ref.current?.focus();
  }, [message]);
  return ref;
}

export type Outcome = { ok: string } | { error: unknown } | null;

/** The outcome of the last action: its success line or its refusal, or nothing. */
export function OutcomeNotice({ outcome }: { outcome: Outcome }) {
  if (!outcome) return null;
  if ('ok' in outcome) return <SuccessNotice>{outcome.ok}</SuccessNotice>;
  return <ErrorNotice error={outcome.error} />;
}

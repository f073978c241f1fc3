// The quote behind the wizard: the draft is created on leaving the first step and patched
// on every move; rating saves it as Rated. Saves run one after another, never in parallel.
import { useCallback, useRef, useState } from 'react';
import { api } from '../../api/client';
import type { QuoteView } from './wizardTypes';

export type SaveStatus =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  | { kind: 'error'; error: unknown };

/**
 * Puts the new quote's id in the address bar, so a reload resumes it. The router is not
 * told (it would reload the page it is showing); its next navigation replaces the entry.
 */
function rememberInAddress(quoteId: string) {
  const url = new URL(window.location.href);
  if (url.pathname !== '/wizard' || url.searchParams.get('quoteId')) return;
  url.searchParams.set('quoteId', quoteId);
  window.history.replaceState(window.history.state, '', url);
}

export function useDraft(initial: QuoteView | null, initialSaved: string | null) {
  const [quote, setQuote] = useState<QuoteView | null>(initial);
  const [status, setStatus] = useState<SaveStatus>({ kind: initial ? 'saved' : 'idle' });
  const quoteRef = useRef<QuoteView | null>(initial);
  /** JSON of the payload the server holds: an unchanged payload is not sent again. */
  const saved = useRef<string | null>(initialSaved);
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  const enqueue = useCallback(<T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.current.then(task, task);
    queue.current = run.catch(() => undefined);
    return run;
  }, []);

  const adopt = useCallback((view: QuoteView, payloadJson: string) => {
    if (!quoteRef.current) rememberInAddress(view.quoteId);
    quoteRef.current = view;
    saved.current = payloadJson;
    setQuote(view);
  }, []);

  /** Saves the draft at `progressStep`; resolves with the failure, or null. */
  const save = useCallback(
    (payload: Record<string, unknown>, progressStep: number) =>
      enqueue(async (): Promise<unknown> => {
        const current = quoteRef.current;
        if (current?.status === 'Converted') return null;
        const payloadJson = JSON.stringify(payload);
        setStatus({ kind: 'saving' });
        try {
          const view = current
            ? await api.patch<QuoteView>(
                `/api/v1/quotes/${current.quoteId}/draft`,
                payloadJson === saved.current ? { progressStep } : { progressStep, payload },
              )
            : await api.post<QuoteView>('/api/v1/quotes/draft', {
                productCode: payload.productCode,
                effectiveDate: payload.effectiveDate,
                termMonths: payload.termMonths,
                state: payload.state,
                progressStep,
                payload,
              });
          adopt(view, payloadJson);
          setStatus({ kind: 'saved' });
          return null;
        } catch (error) {
          setStatus({ kind: 'error', error });
          return error;
        }
      }),
    [adopt, enqueue],
  );

  /** Rates the payload (as this quote when there is one); throws the server's refusal. */
  const rate = useCallback(
    (payload: Record<string, unknown>) =>
      enqueue(async () => {
        const current = quoteRef.current;
        const body = current ? { ...payload, quoteId: current.quoteId } : payload;
        const view = await api.post<QuoteView>('/api/v1/quotes', body);
        adopt(view, JSON.stringify(payload));
        setStatus({ kind: 'saved' });
        return view;
      }),
    [adopt, enqueue],
  );

  /** Records that the quote is now bound (later moves save nothing). */
  const converted = useCallback((policyId: string) => {
    const current = quoteRef.current;
    if (!current) return;
    const view = { ...current, status: 'Converted', convertedPolicyId: policyId };
    quoteRef.current = view;
    setQuote(view);
  }, []);

  return { quote, status, save, rate, converted };
}

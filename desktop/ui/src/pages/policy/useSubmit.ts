// One request at a time from a dialog: whether it is running and how it failed. A failure
// leaves the form as it was, so nothing typed is lost.
import { useCallback, useState } from 'react';
import { ApiError } from '../../api/client';

export function useSubmit() {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  /** Once a request was referred to underwriting, the override reason stays offered. */
  const [referred, setReferred] = useState(false);
  const run = useCallback(async <T>(what: string, request: () => Promise<T>) => {
    setBusy(what);
    setError(null);
    try {
      return await request();
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && e.code === 'UW_REFERRAL_REQUIRED') setReferred(true);
      return undefined;
    } finally {
      setBusy(null);
    }
  }, []);
  const clearError = useCallback(() => setError(null), []);
  return { busy, error, run, clearError, referred };
}

/** What a finished transaction tells the page: the notice to show. */
export type Done = (notice: string) => void;

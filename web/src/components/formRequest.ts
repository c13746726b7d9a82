import { useState } from 'react';
import { applyFieldErrors, type ErrorTarget } from './errors.tsx';

/**
 * A form's round trip to the API: busy while the request runs; when it fails, the
 * server's field messages stand next to the form's inputs and the rest go to the alert
 * (`<ErrorAlert {...request.alert} />`).
 */
export function useFormRequest(form: ErrorTarget, alias?: (field: string) => string) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const run = async (request: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setUnplaced([]);
    try {
      await request();
    } catch (caught) {
      setUnplaced(applyFieldErrors(form, caught, alias));
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const clear = () => {
    setError(null);
    setUnplaced([]);
  };
  return { busy, error, run, clear, alert: { error, extra: unplaced } };
}

// Small pieces the pages share: loading what a page shows, showing why
// something failed, and the link back.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, NetworkError } from './api';
import { t } from './i18n';

/** The words for a failure: the gateway's problem detail, or the network's. */
export function failureText(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 403) return e.detail || t('forbidden');
    return e.detail || e.title;
  }
  if (e instanceof NetworkError) return t('error_network');
  return String((e as Error)?.message ?? e);
}

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` now and whenever `deps` change or reload() is called. */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    load(ctl.signal)
      .then((d) => {
        setData(d);
        setError(undefined);
      })
      .catch((e) => {
        if ((e as Error).name !== 'AbortError') setError(e);
      })
      .finally(() => setLoading(false));
    return () => ctl.abort();
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

export function Failure(props: { error: unknown; retry?: () => void }) {
  if (!props.error) return null;
  return (
    <div class="failure" role="alert">
      <span>{failureText(props.error)}</span>
      {props.retry && <button type="button" class="btn small" onClick={props.retry}>{t('retry')}</button>}
    </div>
  );
}

export function Back(props: { href: string }) {
  return <a class="back" href={props.href}>‹ {t('back')}</a>;
}

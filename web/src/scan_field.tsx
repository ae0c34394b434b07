// The field every scan arrives in. Handheld scanners type into the focused
// field like a keyboard and end with Enter; some send a prefix first (set in
// the settings and taken off here) and some send no Enter at all: a burst of
// keys faster than a person types, followed by a pause, is taken as a whole
// scan. A phone without a scanner uses its camera (loaded only when asked).
import { useEffect, useRef, useState } from 'preact/hooks';
import { signalled } from './feedback';
import { t } from './i18n';
import { Icon } from './icons';

const BURST_GAP_MS = 35; // keys closer than this come from a scanner
const BURST_END_MS = 120; // a pause this long after a burst ends the scan
const BURST_MIN = 6;

export function scanPrefix(): string {
  return localStorage.getItem('jxc.scanPrefix') ?? '';
}

export function ScanField(props: { onScan: (text: string) => void; busy?: boolean; label?: string; id?: string }) {
  const input = useRef<HTMLInputElement>(null);
  const keys = useRef<number[]>([]);
  const timer = useRef<number | undefined>(undefined);
  const [camera, setCamera] = useState(false);

  const submit = () => {
    const el = input.current;
    if (!el) return;
    let text = el.value;
    const prefix = scanPrefix();
    if (prefix && text.startsWith(prefix)) text = text.slice(prefix.length);
    el.value = '';
    keys.current = [];
    text = text.trim();
    if (text) props.onScan(text);
  };

  // Scans land here: the field takes the focus when the page opens and after
  // each scan, but never from another field someone is typing in (a page that
  // renders late must not pull a half-typed bin code into the scan).
  const takeFocus = () => {
    const active = document.activeElement;
    const typing = active instanceof HTMLElement && active !== input.current &&
      (active.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(active.tagName));
    if (!typing) input.current?.focus();
  };
  useEffect(takeFocus, []);
  useEffect(() => {
    if (!props.busy) takeFocus();
  }, [props.busy]);

  const onKeyDown = (e: KeyboardEvent) => {
    window.clearTimeout(timer.current);
    if (e.key === 'Enter') {
      e.preventDefault();
      submit();
      return;
    }
    const now = performance.now();
    const k = keys.current;
    if (k.length && now - k[k.length - 1] > BURST_GAP_MS) k.length = 0;
    k.push(now);
    if (k.length >= BURST_MIN) timer.current = window.setTimeout(submit, BURST_END_MS);
  };

  const id = props.id ?? 'scan';
  return (
    <div class="scan">
      <label for={id} class="scan-label">{props.label ?? t('scan_here')}</label>
      <div class="scan-row">
        <input
          id={id}
          ref={input}
          class="scan-input"
          type="text"
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
          enterkeyhint="go"
          placeholder={t('scan_hint')}
          onKeyDown={onKeyDown}
        />
        <button type="button" class="btn camera-btn" onClick={() => setCamera(true)} aria-label={t('camera')}>
          <svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true">
            <path fill="currentColor" d="M9 3 7.2 5H4a2 2 0 0 0-2 2v11a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2h-3.2L15 3H9zm3 5a5 5 0 1 1 0 10 5 5 0 0 1 0-10zm0 2a3 3 0 1 0 0 6 3 3 0 0 0 0-6z" />
          </svg>
        </button>
      </div>
      {camera && <CameraScan onClose={() => setCamera(false)} onScan={(text) => { setCamera(false); props.onScan(text); }} />}
    </div>
  );
}

function CameraScan(props: { onClose: () => void; onScan: (text: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let stop: (() => void) | undefined;
    let cancelled = false;
    import('./camera')
      .then((m) => m.startCamera(video.current!, props.onScan))
      .then((s) => {
        if (cancelled) s();
        else stop = s;
      })
      .catch(() => setError(t('camera_unavailable')));
    return () => {
      cancelled = true;
      stop?.();
    };
  }, []);
  return (
    <div class="camera" role="dialog" aria-modal="true" aria-label={t('camera')}>
      <video ref={video} playsInline muted />
      {error && <p class="verdict refused">{error}</p>}
      <button type="button" class="btn" onClick={props.onClose}>{t('camera_close')}</button>
    </div>
  );
}

export interface VerdictView {
  kind: 'accepted' | 'refused' | 'queued';
  text: string;
  detail?: string;
}

/** The answer to the last scan, large and coloured, read out by screen readers. */
export function Verdict(props: { v: VerdictView | null }) {
  const v = props.v;
  if (!v) return <div class="verdict idle" role="status" aria-live="polite" />;
  const head = v.kind === 'accepted' ? t('accepted') : v.kind === 'refused' ? t('refused') : t('queued_offline');
  return (
    <div class={`verdict ${v.kind}`} role={v.kind === 'refused' ? 'alert' : 'status'} aria-live="assertive" data-verdict={v.kind} data-n={signalled}>
      <strong><Icon name={v.kind === 'accepted' ? 'ok' : v.kind === 'refused' ? 'no' : 'wait'} size={26} /> {head}</strong>
      <span class="verdict-text">{v.text}</span>
      {v.detail && <span class="verdict-detail">{v.detail}</span>}
    </div>
  );
}

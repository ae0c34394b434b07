// 待办异常: everything a manager must decide, each in one or two taps, kept
// current by the event stream: RFID passes held for review (with the missing
// and unexpected tags and the door; lines can be corrected before posting),
// weight discrepancies, open alerts, counts waiting for approval and
// replenishment suggestions.
import { useRef, useState } from 'preact/hooks';
import { api, get, post, q } from '../api';
import { useEvents } from '../events';
import { exceptionText } from '../exception_text';
import { lang, siteTime, t } from '../i18n';
import { useValue } from '../state';
import { Back, Failure, useLoad } from '../ui';

interface HeldLine {
  sku: string;
  name: string;
  lot: string;
  qty: number;
  flag: '' | 'short' | 'over' | 'unexpected' | 'negative';
}

interface Entry {
  kind: 'held_document' | 'weight_discrepancy' | 'alert' | 'suggestion';
  id: string;
  sku: string | null;
  name: string | null;
  at: string;
  summary: { 'zh-CN': string; en: string };
  document?: {
    number: string;
    type: string;
    order: string | null;
    door: string | null;
    source: string;
    edited_by: string | null;
    exceptions: string[];
    lines: HeldLine[];
  };
}

interface Inbox {
  entries: Entry[];
  counts: Record<Entry['kind'], number>;
}

const LIVE = [
  'document.needs_review', 'document.cancelled', 'receipt.posted', 'issue.posted', 'transfer.posted',
  'alert.raised', 'alert.cleared', 'alert.acknowledged', 'alert.escalated',
  'weight.discrepancy', 'replenishment.suggested', 'count.submitted', 'count.approved', 'count.reopened',
];

const kindKey = { held_document: 'held_pass', weight_discrepancy: 'discrepancy', alert: 'alert', suggestion: 'suggestion' } as const;

export function InboxPage() {
  useValue(lang);
  const inbox = useLoad(async (s) => {
    const [box, counts] = await Promise.all([
      get<Inbox>('/inbox', s),
      get<{ counts: { number: string; blind: boolean; submitted_by: string | null; submitted_at: string | null }[] }>(`/counts${q({ state: 'submitted' })}`, s),
    ]);
    return { box, counts: counts.counts };
  }, []);
  const [live, setLive] = useState(0);
  const timer = useRef<number | undefined>(undefined);
  useEvents(LIVE, () => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      setLive((n) => n + 1);
      inbox.reload();
    }, 150);
  });
  const d = inbox.data;
  const language = lang.value === 'zh' ? 'zh-CN' : 'en';
  return (
    <section>
      <Back href="#/" />
      <h1>{t('inbox')} <span class="live" data-live={live} title={t('live')}>● {t('live')}</span></h1>
      <Failure error={inbox.error} retry={inbox.reload} />
      {d && d.box.entries.length === 0 && d.counts.length === 0 && <p class="muted">{t('inbox_empty')}</p>}
      {d?.counts.map((c) => (
        <article class="card entry" key={`count-${c.number}`} data-kind="count">
          <h2>{t('count_to_approve')} {c.number}</h2>
          <p class="muted">{c.submitted_by} · {siteTime(c.submitted_at)}</p>
          <a class="btn primary" href={`#/count/${encodeURIComponent(c.number)}`}>{t('approve')}</a>
        </article>
      ))}
      {d?.box.entries.map((e) => <EntryCard key={`${e.kind}-${e.id}`} e={e} language={language} done={inbox.reload} />)}
    </section>
  );
}

function EntryCard(props: { e: Entry; language: 'zh-CN' | 'en'; done: () => void }) {
  const { e } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [editing, setEditing] = useState(false);
  const act = async (path: string, body?: unknown, method = 'POST') => {
    setBusy(true);
    try {
      await (method === 'POST' ? post(path, body) : api(method, path, { body }));
      setError(undefined);
      setEditing(false);
      props.done();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const id = encodeURIComponent(e.id);
  return (
    <article class={`card entry ${e.kind}`} data-kind={e.kind} data-id={e.id}>
      <h2>{t(kindKey[e.kind])}{e.name && ` · ${e.name}`}</h2>
      <p>{e.summary[props.language]}</p>
      <p class="muted">{siteTime(e.at)}</p>
      {e.document && <HeldDoc doc={e.document} editing={editing} busy={busy}
        onSave={(lines) => void act(`/inbox/documents/${id}/lines`, { lines }, 'PUT')} onCancel={() => setEditing(false)} />}
      <Failure error={error} />
      <div class="actions">
        {e.kind === 'held_document' && !editing && (
          <>
            <button type="button" class="btn primary" disabled={busy} onClick={() => void act(`/inbox/documents/${id}/release`)}>{t('post_document')}</button>
            <button type="button" class="btn" disabled={busy} onClick={() => setEditing(true)}>{t('edit_lines')}</button>
            <button type="button" class="btn danger" disabled={busy} onClick={() => void act(`/inbox/documents/${id}/cancel`)}>{t('cancel_document')}</button>
          </>
        )}
        {e.kind === 'weight_discrepancy' && (
          <>
            <button type="button" class="btn primary" disabled={busy} onClick={() => void act(`/discrepancies/${id}/accept`)}>{t('accept')}</button>
            <button type="button" class="btn" disabled={busy} onClick={() => void act(`/discrepancies/${id}/dismiss`)}>{t('dismiss')}</button>
          </>
        )}
        {e.kind === 'alert' && (
          <button type="button" class="btn primary" disabled={busy} onClick={() => void act(`/alerts/${id}/acknowledge`)}>{t('acknowledge')}</button>
        )}
        {e.kind === 'suggestion' && (
          <>
            <button type="button" class="btn primary" disabled={busy} onClick={() => void act(`/suggestions/${id}/accept`)}>{t('accept')}</button>
            <button type="button" class="btn" disabled={busy} onClick={() => void act(`/suggestions/${id}/dismiss`)}>{t('dismiss')}</button>
          </>
        )}
      </div>
    </article>
  );
}

function HeldDoc(props: {
  doc: NonNullable<Entry['document']>;
  editing: boolean;
  busy: boolean;
  onSave: (lines: { sku: string; qty: number; lot?: string }[]) => void;
  onCancel: () => void;
}) {
  const { doc } = props;
  const [qty, setQty] = useState<number[]>(doc.lines.map((l) => l.qty));
  const flagText = (f: HeldLine['flag']) => (f === 'short' ? t('short') : f === 'over' ? t('over') : f === 'unexpected' ? t('unexpected_tags') : f);
  return (
    <div>
      <p class="muted">{doc.number}{doc.door && ` · ${t('door')} ${doc.door}`}{doc.order && ` · ${doc.order}`}</p>
      {doc.exceptions.length > 0 && (
        <ul class="exceptions">
          {doc.exceptions.map((x) => <li key={x} title={x}>{exceptionText(x, (sku) => doc.lines.find((l) => l.sku === sku)?.name ?? sku)}</li>)}
        </ul>
      )}
      <table class="lines">
        <thead><tr><th>{t('item')}</th><th>{t('lot')}</th><th class="num">{t('qty')}</th></tr></thead>
        <tbody>
          {doc.lines.map((l, i) => (
            <tr key={`${l.sku}|${l.lot}`} class={l.flag ? 'over' : ''}>
              <td>{l.name}<br /><span class="muted">{l.sku}</span>{l.flag && <span class="tag warn"> {flagText(l.flag)}</span>}</td>
              <td>{l.lot}</td>
              <td class="num">
                {props.editing ? (
                  <input type="number" min="0" class="qty-input" aria-label={`${l.name} ${t('qty')}`} value={qty[i]}
                    onInput={(e) => {
                      const next = [...qty];
                      next[i] = Number((e.target as HTMLInputElement).value);
                      setQty(next);
                    }} />
                ) : l.qty}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.editing && (
        <div class="actions">
          <button type="button" class="btn primary" disabled={props.busy}
            onClick={() => props.onSave(doc.lines.map((l, i) => ({ sku: l.sku, qty: qty[i], ...(l.lot ? { lot: l.lot } : {}) })).filter((l) => l.qty > 0))}>{t('save')}</button>
          <button type="button" class="btn" onClick={props.onCancel}>{t('cancel')}</button>
        </div>
      )}
    </div>
  );
}

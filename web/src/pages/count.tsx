// 盘点: counting bin by bin. The clerk scans a bin's label, then every item
// found there (each scan adds what it names: a case's GTIN its units), and
// records the bin; a bin a manager asked to be recounted is marked and
// counted again the same way. In a blind count the clerk never sees the
// book. Managers see book and variance, ask for recounts and approve; the
// gateway refuses approval to anyone who counted (four eyes).
import { useState } from 'preact/hooks';
import { get, post, q } from '../api';
import { useEvents } from '../events';
import { resolveScan, binOf } from '../catalogue';
import { signal as beep } from '../feedback';
import { qtyText, siteTime, t, moneyText } from '../i18n';
import { submit } from '../queue';
import { ScanField, Verdict, type VerdictView } from '../scan_field';
import { can, me, useValue } from '../state';
import { Back, Failure, failureText, useLoad } from '../ui';

interface CountSummary {
  number: string;
  state: 'counting' | 'submitted' | 'approved' | 'cancelled';
  blind: boolean;
  scope: { bins: string[]; items: { sku: string; name: string }[] };
  opened_at: string;
  progress: { bins: number; counted: number; recounts_requested: number };
}

interface CountLine {
  bin: string;
  sku: string;
  name: string;
  lot: string;
  book: number | null;
  counted: number;
  variance: number | null;
  rounds: number;
  recount: boolean;
}

interface CountReport extends CountSummary {
  book_shown: boolean;
  lines: CountLine[];
  uncounted: string[];
  recount_requested: string[];
  variance_value: number | null;
}

export function CountsPage() {
  useValue(me);
  const states = can('manager') ? ['counting', 'submitted'] : ['counting'];
  const counts = useLoad(
    async (s) => (await Promise.all(states.map((st) => get<{ counts: CountSummary[] }>(`/counts${q({ state: st })}`, s)))).flatMap((p) => p.counts),
    [states.join()],
  );
  return (
    <section>
      <Back href="#/" />
      <h1>{t('counts')}</h1>
      <Failure error={counts.error} retry={counts.reload} />
      {counts.data && counts.data.length === 0 && <p class="muted">{t('no_counts')}</p>}
      {can('manager') && <OpenCount opened={counts.reload} />}
      <ul class="list">
        {counts.data?.map((c) => (
          <li key={c.number}>
            <a class="card row-link" href={`#/count/${encodeURIComponent(c.number)}`}>
              <strong>{t('count_n', { n: c.number })}</strong>
              <span class="muted">{c.blind && `${t('blind')} · `}{c.state === 'submitted' ? t('submitted') : ''} {siteTime(c.opened_at)}</span>
              <span class="progress">{t('bins_done', { done: c.progress.counted, all: c.progress.bins })}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

function OpenCount(props: { opened: () => void }) {
  const [where, setWhere] = useState('');
  const [blind, setBlind] = useState(true);
  const [error, setError] = useState<unknown>();
  const open = async (e: Event) => {
    e.preventDefault();
    try {
      const locations = where.split(/[\s,，]+/).filter(Boolean);
      const made = await post<CountSummary>('/counts', { locations, blind });
      setError(undefined);
      setWhere('');
      props.opened();
      location.hash = `#/count/${encodeURIComponent(made.number)}`;
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form class="card" onSubmit={open}>
      <h2>{t('open_count')}</h2>
      <label for="count-where">{t('count_where')}</label>
      <input id="count-where" value={where} required autocomplete="off" onInput={(e) => setWhere((e.target as HTMLInputElement).value)} />
      <label class="inline"><input type="checkbox" class="check" checked={blind} onChange={(e) => setBlind((e.target as HTMLInputElement).checked)} /> {t('blind')}</label>
      <Failure error={error} />
      <button class="btn primary big" type="submit">{t('open_count')}</button>
    </form>
  );
}

interface Tally {
  sku: string;
  name: string;
  lot: string;
  qty: number;
  decimals?: number;
  uom: string;
}

export function CountPage(props: { number: string }) {
  useValue(me);
  const report = useLoad((s) => get<CountReport>(`/counts/${encodeURIComponent(props.number)}`, s), [props.number]);
  const [bin, setBin] = useState('');
  const [tally, setTally] = useState<Tally[]>([]);
  const [verdict, setVerdict] = useState<VerdictView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const r = report.data;
  const path = `/counts/${encodeURIComponent(props.number)}`;
  // Recounts asked for, lines recorded by others, submission and approval show at once.
  useEvents(['count.line', 'count.recount', 'count.submitted', 'count.reopened', 'count.approved'], (_type, data) => {
    const other = (data as { count?: unknown } | null)?.count;
    if (typeof other === 'string' && other !== props.number) return;
    report.reload();
  });

  const onScan = async (text: string) => {
    if (!r) return;
    const asBin = binOf(text, r.scope.bins);
    if (asBin) {
      setBin(asBin);
      setTally([]);
      beep('accepted');
      setVerdict({ kind: 'accepted', text: t('counting_bin', { bin: asBin }) });
      return;
    }
    if (!bin) {
      beep('refused');
      setVerdict({ kind: 'refused', text: t('scan_bin') });
      return;
    }
    setBusy(true);
    try {
      const found = await resolveScan(text);
      if (!found) {
        beep('refused');
        setVerdict({ kind: 'refused', text: t('unknown_barcode', { code: text }) });
        return;
      }
      const lot = found.lot ?? '';
      setTally((old) => {
        const i = old.findIndex((x) => x.sku === found.item.sku && x.lot === lot);
        if (i < 0) return [...old, { sku: found.item.sku, name: found.item.name, lot, qty: found.qty, decimals: found.item.decimals, uom: found.item.uom }];
        const next = [...old];
        next[i] = { ...next[i], qty: next[i].qty + found.qty };
        return next;
      });
      beep('accepted');
      setVerdict({ kind: 'accepted', text: `${found.item.name} +${qtyText(found.qty, found.item.decimals)} ${found.item.uom}` });
    } catch (e) {
      beep('refused');
      setVerdict({ kind: 'refused', text: t('unknown_barcode', { code: text }), detail: failureText(e) });
    } finally {
      setBusy(false);
    }
  };

  const finishBin = async () => {
    setBusy(true);
    try {
      let refused: string | undefined;
      let queued = false;
      for (const x of tally) {
        const e = await submit({
          method: 'POST',
          path: `${path}/lines`,
          body: { bin, sku: x.sku, ...(x.lot ? { lot: x.lot } : {}), qty: x.qty },
          label: `${t('count_n', { n: props.number })} ${bin}: ${x.name} ${qtyText(x.qty, x.decimals)} ${x.uom}`,
          context: `count:${props.number}`,
        });
        if (e.state === 'refused') refused = e.problem?.detail || e.problem?.title;
        if (e.state === 'waiting') queued = true;
      }
      if (refused) {
        beep('refused');
        setVerdict({ kind: 'refused', text: bin, detail: refused });
        return;
      }
      beep(queued ? 'queued' : 'accepted');
      setVerdict({ kind: queued ? 'queued' : 'accepted', text: t('bin_recorded', { bin }) });
      setBin('');
      setTally([]);
      report.reload();
    } finally {
      setBusy(false);
    }
  };

  const act = async (what: 'submit' | 'approve' | 'recount', body?: unknown) => {
    setBusy(true);
    try {
      await post(`${path}/${what}`, body);
      setError(undefined);
      report.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (!r) return <section><Back href="#/count" /><Failure error={report.error} retry={report.reload} /></section>;
  const manager = can('manager');
  const varianceBins = [...new Set(r.lines.filter((l) => l.variance).map((l) => l.bin))];
  return (
    <section>
      <Back href="#/count" />
      <h1>{t('count_n', { n: r.number })} {r.blind && <span class="tag">{t('blind')}</span>}</h1>
      <p class="muted">{t('bins_done', { done: r.progress.counted, all: r.progress.bins })}{r.state !== 'counting' && ` · ${t(r.state === 'approved' ? 'approved' : 'submitted')}`}</p>
      <Failure error={error} />
      {r.state === 'counting' && (
        <>
          <ScanField onScan={(text) => void onScan(text)} busy={busy} label={bin ? t('counting_bin', { bin }) : t('scan_bin')} />
          <Verdict v={verdict} />
          {bin && (
            <div class="card">
              <h2>{t('bin')} {bin} {r.recount_requested.includes(bin) && <span class="tag warn">{t('recount_needed')}</span>}</h2>
              <table class="lines">
                <thead><tr><th>{t('item')}</th><th>{t('lot')}</th><th class="num">{t('counted')}</th></tr></thead>
                <tbody>
                  {tally.map((x) => (
                    <tr key={`${x.sku}|${x.lot}`} data-sku={x.sku}>
                      <td>{x.name}<br /><span class="muted">{x.sku}</span></td><td>{x.lot}</td>
                      <td class="num">
                        <input class="qty-input" type="number" min="0" step={x.decimals ? 1 / 10 ** x.decimals : 1} inputMode="decimal"
                          aria-label={`${x.name} ${t('counted')}`} value={qtyText(x.qty, x.decimals)}
                          onChange={(e) => {
                            const typed = Number((e.target as HTMLInputElement).value);
                            if (!Number.isFinite(typed) || typed < 0) return;
                            const qty = Math.round(typed * 10 ** (x.decimals ?? 0));
                            setTally((old) => old.map((y) => (y === x ? { ...y, qty } : y)));
                          }} /> {x.uom}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <button type="button" class="btn primary big" disabled={busy || tally.length === 0} onClick={() => void finishBin()}>{t('finish_bin')}</button>
            </div>
          )}
          <h2>{t('bin')}</h2>
          <ul class="bins">
            {r.scope.bins.map((b) => (
              <li key={b} class={r.recount_requested.includes(b) ? 'recount' : r.uncounted.includes(b) ? 'todo' : 'done'}>
                {b} {r.recount_requested.includes(b) ? `· ${t('recount_needed')}` : r.uncounted.includes(b) ? `· ${t('uncounted')}` : '✔'}
              </li>
            ))}
          </ul>
          <button type="button" class="btn big" disabled={busy} onClick={() => void act('submit')}>{t('submit_count')}</button>
        </>
      )}
      {(r.book_shown || r.state !== 'counting') && r.lines.length > 0 && (
        <table class="lines report">
          <thead>
            <tr><th>{t('bin')}</th><th>{t('item')}</th><th class="num">{t('counted')}</th>{r.book_shown && <><th class="num">{t('book')}</th><th class="num">{t('variance')}</th></>}</tr>
          </thead>
          <tbody>
            {r.lines.map((l) => (
              <tr key={`${l.bin}|${l.sku}|${l.lot}`} class={l.variance ? 'over' : ''}>
                <td>{l.bin}</td><td>{l.name}{l.lot && ` · ${l.lot}`}{l.recount && <span class="tag warn"> {t('recount_needed')}</span>}</td>
                <td class="num">{l.counted}</td>
                {r.book_shown && <><td class="num">{l.book}</td><td class="num">{l.variance}</td></>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {r.book_shown && r.variance_value !== null && <p>{t('variance')}: {moneyText(r.variance_value)}</p>}
      {manager && r.state !== 'approved' && r.state !== 'cancelled' && (
        <div class="actions">
          {varianceBins.length > 0 && (
            <button type="button" class="btn big" disabled={busy} onClick={() => void act('recount', { bins: varianceBins })}>{t('ask_recount')}</button>
          )}
          {r.state === 'submitted' && <button type="button" class="btn primary big" disabled={busy} onClick={() => void act('approve')}>{t('approve')}</button>}
        </div>
      )}
    </section>
  );
}

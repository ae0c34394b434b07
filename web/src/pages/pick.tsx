// 拣货: picking a pick list. The page shows where to pick each open line
// from (the gateway's FEFO suggestions: the lot expiring first first); the
// clerk scans the bin, then each item taken, and every item scan is posted
// at once as an issue against the pick list from that bin.
import { useState } from 'preact/hooks';
import { ApiError, get } from '../api';
import { describe, lineOf, refuse, resolveOrRefuse, verdictOf } from '../booking';
import { binOf, remember } from '../catalogue';
import { signal as beep } from '../feedback';
import { qtyText, t } from '../i18n';
import { submit } from '../queue';
import { ScanField, Verdict, type VerdictView } from '../scan_field';
import type { ItemDetailLike, Order } from '../types';
import { OpenOrders } from './open_orders';
import { Back, Failure, useLoad } from '../ui';

interface PickLine {
  line: number;
  sku: string;
  name: string;
  uom: string;
  decimals?: number;
  lot: string | null;
  ordered: number;
  done: number;
  open: number;
  short: number;
  picks: { location: string; location_name: string; lot: string; expiry: string | null; on_hand: number; qty: number }[];
}

interface Suggestions {
  number: string;
  partner: string;
  lines: PickLine[];
}

export function PickListsPage() {
  return <OpenOrders kind="pick" />;
}

export function PickPage(props: { number: string }) {
  const path = `/orders/${encodeURIComponent(props.number)}/picks`;
  const sugg = useLoad(async (s) => {
    let answer: Suggestions;
    try {
      answer = await get<Suggestions>(path, s);
    } catch (e) {
      // A pick list no longer open (picked in full, closed or cancelled) has no suggestions: show it as it ended.
      if (!(e instanceof ApiError && e.status === 409)) throw e;
      const done = await get<Order>(`/orders/${encodeURIComponent(props.number)}`, s);
      return { number: done.number, partner: done.partner, lines: [], ended: done } as Suggestions & { ended?: Order };
    }
    const skus = [...new Set(answer.lines.map((l) => l.sku))];
    remember(await Promise.all(skus.map((sku) => get<ItemDetailLike>(`/items/${encodeURIComponent(sku)}`, s))));
    return answer;
  }, [props.number]);
  const [bin, setBin] = useState('');
  const [verdict, setVerdict] = useState<VerdictView | null>(null);
  const [busy, setBusy] = useState(false);
  const d = sugg.data as (Suggestions & { ended?: Order }) | undefined;
  const bins = d ? [...new Set(d.lines.flatMap((l) => l.picks.map((p) => p.location)))] : [];

  const onScan = async (text: string) => {
    if (!d) return;
    const asBin = binOf(text, bins);
    if (asBin) {
      setBin(asBin);
      beep('accepted');
      setVerdict({ kind: 'accepted', text: `${t('pick_from')} ${asBin}` });
      return;
    }
    if (!bin) {
      setVerdict(refuse(t('pick_from')));
      return;
    }
    setBusy(true);
    try {
      const found = await resolveOrRefuse(text);
      if (!('item' in found)) {
        setVerdict(found);
        return;
      }
      const r = found;
      const line = d.lines.find((l) => l.sku === r.item.sku);
      if (!line) {
        setVerdict(refuse(t('not_on_order', { name: `${r.item.name} (${r.item.sku})` })));
        return;
      }
      const lot = line.picks.find((p) => p.location === bin && p.lot)?.lot ?? line.lot ?? undefined;
      const e = await submit({
        method: 'POST',
        path: '/documents',
        body: { type: 'issue', order: d.number, from: bin, post: true, lines: [lineOf(r, lot)] },
        label: `${describe(r)} ← ${bin} · ${d.number}`,
        context: `pick:${d.number}`,
      });
      setVerdict(verdictOf(e, describe(r)));
      if (e.state === 'done') sugg.reload();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <Back href="#/pick" />
      <h1>{t('order_n', { n: props.number })}</h1>
      <Failure error={sugg.error} retry={sugg.reload} />
      {d && (
        <>
          <p class="muted">{d.partner}</p>
          <ScanField onScan={(text) => void onScan(text)} busy={busy} label={bin ? `${t('pick_from')} ${bin}` : t('scan_bin')} />
          <Verdict v={verdict} />
          {d.lines.length === 0 && <p><span class="tag ok">{t('complete')}</span></p>}
          <table class="lines">
            <thead><tr><th>{t('item')}</th><th>{t('pick_from')}</th><th class="num">{t('remaining')}</th></tr></thead>
            <tbody>
              {d.lines.map((l) => (
                <tr key={l.line} data-sku={l.sku}>
                  <td>{l.name}<br /><span class="muted">{l.sku}</span></td>
                  <td>{l.picks.map((p) => (
                    <div key={`${p.location}|${p.lot}`} class={p.location === bin ? 'here' : ''}>
                      {p.location} × {qtyText(p.qty, l.decimals)}{p.lot && ` · ${p.lot}`}{p.expiry && ` · ${p.expiry}`}
                    </div>
                  ))}{l.short > 0 && <span class="tag warn">{t('short')} {qtyText(l.short, l.decimals)}</span>}</td>
                  <td class="num">{qtyText(l.open, l.decimals)} {l.uom}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

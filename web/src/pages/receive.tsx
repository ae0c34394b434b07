// 到货收货: receiving a truck against its expected receipt. Each scan is
// posted at once as a receipt of what it names (a case's GTIN books the
// case's units), with its own Idempotency-Key; the lines show expected,
// received, over and short as the gateway counts them. Offline, scans are
// queued on the device and counted here as waiting until they are posted.
import { useEffect, useRef, useState } from 'preact/hooks';
import { get } from '../api';
import { describe, lineOf, refuse, resolveOrRefuse, verdictOf } from '../booking';
import { remember } from '../catalogue';
import { qtyText, siteTime, t } from '../i18n';
import { entries, submit } from '../queue';
import { ScanField, Verdict, type VerdictView } from '../scan_field';
import { useValue } from '../state';
import type { ItemDetailLike, Order } from '../types';
import { OpenOrders } from './open_orders';
import { Back, Failure, useLoad } from '../ui';

export function OrdersPage() {
  return <OpenOrders kind="receipt" />;
}

const orderKey = (n: string) => `jxc.order.${n}`;

async function loadOrder(number: string, s: AbortSignal): Promise<Order> {
  try {
    const order = await get<Order>(`/orders/${encodeURIComponent(number)}`, s);
    // The items' barcodes and packs, so that scans resolve on the device offline.
    const skus = [...new Set(order.lines.map((l) => l.sku))];
    const details = await Promise.all(skus.map((sku) => get<ItemDetailLike>(`/items/${encodeURIComponent(sku)}`, s)));
    remember(details);
    localStorage.setItem(orderKey(number), JSON.stringify(order));
    return order;
  } catch (e) {
    const kept = localStorage.getItem(orderKey(number));
    if (kept && (e as Error).name !== 'AbortError' && !(e as { status?: number }).status) return JSON.parse(kept) as Order;
    throw e;
  }
}

export function ReceivePage(props: { number: string }) {
  const order = useLoad((s) => loadOrder(props.number, s), [props.number]);
  const queue = useValue(entries);
  const [to, setTo] = useState(localStorage.getItem('jxc.receiveTo') ?? '');
  const [verdict, setVerdict] = useState<VerdictView | null>(null);
  const [busy, setBusy] = useState(false);
  const context = `receive:${props.number}`;

  // The scan field is there before the order (a scan made meanwhile waits for it).
  const loaded = useRef<Order | undefined>(undefined);
  const waiting = useRef<((o: Order) => void)[]>([]);
  useEffect(() => {
    loaded.current = order.data;
    if (order.data) for (const w of waiting.current.splice(0)) w(order.data);
  }, [order.data]);
  const onScan = async (text: string) => {
    const o = loaded.current ?? (await new Promise<Order>((resolve) => waiting.current.push(resolve)));
    setBusy(true);
    try {
      const found = await resolveOrRefuse(text);
      if (!('item' in found)) {
        setVerdict(found);
        return;
      }
      const r = found;
      if (!o.lines.some((l) => l.sku === r.item.sku)) {
        setVerdict(refuse(t('not_on_order', { name: `${r.item.name} (${r.item.sku})` })));
        return;
      }
      if (!to) {
        setVerdict(refuse(t('receive_to')));
        return;
      }
      const lot = o.lines.find((l) => l.sku === r.item.sku && l.lot)?.lot;
      const e = await submit({
        method: 'POST',
        path: '/documents',
        body: { type: 'receipt', order: o.number, to, post: true, lines: [lineOf(r, lot)] },
        label: `${describe(r)} → ${o.number}`,
        context,
      });
      setVerdict(verdictOf(e, describe(r)));
      if (e.state === 'done') order.reload();
    } finally {
      setBusy(false);
    }
  };

  const o = order.data;
  const pending = queue.filter((e) => e.context === context && (e.state === 'waiting' || e.state === 'sending'));
  const pendingOf = (sku: string) =>
    pending.reduce((s, e) => s + ((e.body as { lines: { sku: string; qty?: number }[] }).lines[0]?.sku === sku ? 1 : 0), 0);
  return (
    <section>
      <Back href="#/receive" />
      <h1>{t('order_n', { n: props.number })}</h1>
      <Failure error={order.error} retry={order.reload} />
      <p class="muted">{o ? <>{o.partner}{o.expected_at && ` · ${siteTime(o.expected_at)}`}</> : t('loading')}</p>
      <label for="receive-to">{t('receive_to')}</label>
      <input id="receive-to" class="loc-input" value={to} autocomplete="off"
        onInput={(e) => {
          const v = (e.target as HTMLInputElement).value.trim();
          setTo(v);
          localStorage.setItem('jxc.receiveTo', v);
        }} />
      <ScanField onScan={(text) => void onScan(text)} busy={busy} />
      <Verdict v={verdict} />
      {o && (
        <>
          <table class="lines" aria-label={t('order_n', { n: o.number })}>
            <thead>
              <tr><th>{t('item')}</th><th class="num">{t('expected')}</th><th class="num">{t('received')}</th><th class="num">{t('remaining')}</th></tr>
            </thead>
            <tbody>
              {o.lines.map((l) => {
                const over = l.done > l.expected;
                const waiting = pendingOf(l.sku);
                return (
                  <tr key={l.line} class={over ? 'over' : l.remaining === 0 ? 'complete' : ''} data-sku={l.sku}>
                    <td>{l.name}<br /><span class="muted">{l.sku}{l.lot && ` · ${l.lot}`}</span></td>
                    <td class="num">{qtyText(l.expected, l.decimals)}</td>
                    <td class="num" data-col="done">{qtyText(l.done, l.decimals)}{waiting > 0 && <span class="pending"> +{waiting} {t('not_sent')}</span>}</td>
                    <td class="num">{over ? <span class="tag over">{t('over')} {qtyText(l.done - l.expected, l.decimals)}</span>
                      : l.remaining === 0 ? <span class="tag ok">{t('complete')}</span> : qtyText(l.remaining, l.decimals)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

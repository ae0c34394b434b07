// The open expected receipts or pick lists, each a link to work on it.
import { get, q } from '../api';
import { siteTime, t } from '../i18n';
import type { OrderSummary } from '../types';
import { Back, Failure, useLoad } from '../ui';

const words = {
  receipt: { title: 'open_receipts', done: 'received', of: 'expected', page: 'receive' },
  pick: { title: 'open_picks', done: 'picked', of: 'to_pick', page: 'pick' },
} as const;

export function OpenOrders(props: { kind: 'receipt' | 'pick' }) {
  const w = words[props.kind];
  const orders = useLoad((s) => get<{ orders: OrderSummary[] }>(`/orders${q({ kind: props.kind, state: 'open' })}`, s), [props.kind]);
  return (
    <section>
      <Back href="#/" />
      <h1>{t(w.title)}</h1>
      <Failure error={orders.error} retry={orders.reload} />
      {orders.data && orders.data.orders.length === 0 && <p class="muted">{t('no_open_orders')}</p>}
      <ul class="list">
        {orders.data?.orders.map((o) => (
          <li key={o.number}>
            <a class="card row-link" href={`#/${w.page}/${encodeURIComponent(o.number)}`}>
              <strong>{o.number}</strong>
              <span class="muted">{o.partner} {o.door && `· ${t('door')} ${o.door}`} · {siteTime(o.created_at)}</span>
              <span class="progress">{t(w.done)} {o.done} / {t(w.of)} {o.expected}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

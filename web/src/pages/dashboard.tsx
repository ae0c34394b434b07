// 看板 (manager): stock on hand and its value, movements per day, open
// exceptions, every device's health and the uplink's backlog, kept current
// by the event stream. Its chart library is loaded only when it is opened,
// so the clerk's pages stay small.
import { useRef, useState } from 'preact/hooks';
import { get, q } from '../api';
import { useEvents } from '../events';
import { lang, moneyText, qtyText, siteTime, t, type Key } from '../i18n';
import { useValue } from '../state';
import { Back, Failure, useLoad } from '../ui';
import { useChart } from '../use_chart';

interface ValueRow { place: string; sku: string; name: string; uom: string; decimals: number; qty: number; value: number }
interface ValueAnswer { total_value: number; rows: ValueRow[] }
interface Device { id: string; kind: string; state: 'starting' | 'online' | 'degraded' | 'offline' | 'stopped'; detail: string; since: string }
interface Uplink { configured: boolean; connected: boolean; backlog: number; oldest_unacked_age_s: number | null; last_error: string | null }
interface Day { date: string; movements_in: number; movements_out: number; movements_internal: number; value_in: number; value_out: number }
interface Daily { days: Day[] }
interface InboxCounts { counts: { held_document: number; weight_discrepancy: number; alert: number; suggestion: number } }

const DAYS = 14;

export function DashboardPage() {
  useValue(lang);
  const data = useLoad(async (s) => {
    const [byItem, devices, uplink, inbox, daily] = await Promise.all([
      get<ValueAnswer>(`/stock/value${q({ by: 'item' })}`, s),
      get<{ devices: Device[] }>('/devices', s),
      get<Uplink>('/uplink', s),
      get<InboxCounts>(`/inbox${q({ limit: 1 })}`, s),
      get<Daily>(`/stats/daily${q({ days: DAYS })}`, s),
    ]);
    return { byItem, devices: devices.devices, uplink, inbox: inbox.counts, daily: daily.days };
  }, []);
  const timer = useRef<number | undefined>(undefined);
  useEvents(['device.health', 'receipt.posted', 'issue.posted', 'transfer.posted', 'adjustment.posted', 'alert.raised',
    'alert.acknowledged', 'document.needs_review', 'weight.discrepancy', 'replenishment.suggested'], () => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(data.reload, 500);
  });
  const d = data.data;
  const top = d ? [...d.byItem.rows].sort((a, b) => b.value - a.value).slice(0, 8) : [];
  const maxValue = Math.max(1, ...top.map((r) => r.value));
  const open = d ? d.inbox.held_document + d.inbox.weight_discrepancy + d.inbox.alert + d.inbox.suggestion : 0;
  return (
    <section class="dashboard">
      <Back href="#/" />
      <h1>{t('dashboard')}</h1>
      <Failure error={data.error} retry={data.reload} />
      {d && (
        <>
          <div class="kpis">
            <div class="card kpi"><span class="muted">{t('stock_value')}</span><strong>{moneyText(d.byItem.total_value)}</strong><span class="muted">{t('items_n', { n: d.byItem.rows.length })}</span></div>
            <a class="card kpi" href="#/inbox"><span class="muted">{t('open_exceptions')}</span><strong>{open}</strong><span class="muted">{t('held_pass')} {d.inbox.held_document} · {t('alert')} {d.inbox.alert}</span></a>
            <div class="card kpi"><span class="muted">{t('uplink_backlog')}</span><strong>{d.uplink.backlog}</strong>
              <span class={d.uplink.connected ? 'ok' : 'bad'}>{d.uplink.configured ? (d.uplink.connected ? t('online') : t('offline')) : '—'}</span></div>
          </div>
          <article class="card">
            <h2>{t('movements_per_day')}</h2>
            <Chart days={d.daily} />
          </article>
          <article class="card">
            <h2>{t('stock_value')}</h2>
            <table class="lines">
              <tbody>
                {top.map((r) => (
                  <tr key={r.sku}>
                    <td>{r.name}<br /><span class="muted">{r.sku} · {qtyText(r.qty, r.decimals)} {r.uom}</span></td>
                    <td class="bar-cell"><span class="bar" style={{ width: `${Math.round((r.value / maxValue) * 100)}%` }} /></td>
                    <td class="num">{moneyText(r.value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </article>
          <article class="card">
            <h2>{t('devices')}</h2>
            <ul class="devices">
              {d.devices.map((dev) => (
                <li key={dev.id} class={`device ${dev.state}`} data-device={dev.id}>
                  <strong>{dev.id}</strong> <span class="muted">{dev.kind}</span>
                  <span class={`state ${dev.state}`}>{t(`device_${dev.state}` as Key)}</span>
                  <span class="muted">{siteTime(dev.since)}</span>
                  {dev.state !== 'online' && dev.detail && <span class="detail">{dev.detail}</span>}
                </li>
              ))}
            </ul>
          </article>
        </>
      )}
    </section>
  );
}

function Chart(props: { days: Day[] }) {
  const { el, failed } = useChart((m, div, width) => m.dailyChart(div, {
    label: t('date'),
    dates: props.days.map((x) => x.date),
    series: [
      { label: t('movements_in'), values: props.days.map((x) => x.movements_in), colour: '#1f4e79' },
      { label: t('movements_out'), values: props.days.map((x) => x.movements_out), colour: '#d9822b' },
    ],
  }, width), [props.days, lang.value]);
  return (
    <>
      <div ref={el} class="chart" role="img" aria-label={t('movements_per_day')} />
      {failed && <p class="muted">{t('error_network')}</p>}
      <table class="lines sr-table">
        <caption>{t('movements_per_day')}</caption>
        <thead><tr><th>{t('date')}</th><th class="num">{t('movements_in')}</th><th class="num">{t('movements_out')}</th></tr></thead>
        <tbody>{props.days.map((x) => <tr key={x.date}><td>{x.date}</td><td class="num">{x.movements_in}</td><td class="num">{x.movements_out}</td></tr>)}</tbody>
      </table>
    </>
  );
}

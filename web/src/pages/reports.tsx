// 报表 (manager): the stock movement summary of a period (收发存汇总: the
// opening stock, what came in and went out by document type, the closing
// stock), the stock value now or at the end of a past day, turnover, ageing
// and ABC/XYZ (report_analysis.tsx), count accuracy (report_counts.tsx) and
// device performance (report_devices.tsx), as tables on the screen and as CSV
// or Excel files the gateway writes with the same filters. Days are the
// site's calendar days (its time zone, whatever the device's). The chart
// library is loaded only when a chart is shown.
import { useState } from 'preact/hooks';
import { get, q } from '../api';
import { lang, moneyText, qtyText, site, siteTime, siteToday, t, type Key } from '../i18n';
import { me, useValue } from '../state';
import { Back, Failure, useLoad } from '../ui';
import { useChart } from '../use_chart';
import { Exports, isDay, monthBefore, PAGE, Pager, PeriodFields, SortHeader, thisMonth, usePaged, usePeriod } from './report_parts';
import { AbcReport, AgeingReport, TurnoverReport } from './report_analysis';
import { CountAccuracyReport } from './report_counts';
import { DeviceReport } from './report_devices';

type By = 'item' | 'location' | 'warehouse' | 'category';

interface Amount { qty: number; value: number }
interface SummaryRow {
  place: string; sku: string; name: string; uom: string; decimals: number;
  opening: Amount; in: Record<string, Amount>; out: Record<string, Amount>; closing: Amount;
}
interface Summary {
  from: string; to: string; by: By; timezone: string; currency: string; kinds: string[];
  totals: {
    opening_value: number; in_value: number; out_value: number; closing_value: number;
    in_by_kind: Record<string, number>; out_by_kind: Record<string, number>;
  };
  total_rows: number; offset: number; rows: SummaryRow[];
}
interface ValueRow { place: string; sku: string; name: string; uom: string; decimals: number; qty: number; unit_cost: number | null; value: number }
interface ValueAnswer { as_of?: string; timezone?: string; by: By; currency: string; total_value: number; rows: ValueRow[] }

const BYS: By[] = ['item', 'location', 'warehouse', 'category'];
const PLACE_HEADING: Record<By, Key> = { item: 'location', location: 'location', warehouse: 'warehouse', category: 'category' };
// The document types in the ledger's order (the files' columns follow it too).
const KINDS = ['receipt', 'issue', 'transfer', 'count', 'adjustment', 'scrap', 'customer_return', 'supplier_return',
  'reversal', 'opening', 'production_issue', 'production_receipt', 'other_issue', 'other_receipt'];

function kindName(kind: string): string {
  return KINDS.includes(kind) ? t(`kind_${kind}` as Key) : kind;
}

function byKinds(kinds: Iterable<string>): string[] {
  const rank = (k: string) => (KINDS.includes(k) ? KINDS.indexOf(k) : KINDS.length);
  return [...new Set(kinds)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

const TABS: { tab?: string; key: Key }[] = [
  { key: 'report_movements' },
  { tab: 'value', key: 'stock_value' },
  { tab: 'turnover', key: 'report_turnover' },
  { tab: 'ageing', key: 'report_ageing' },
  { tab: 'abc', key: 'report_abc' },
  { tab: 'accuracy', key: 'report_accuracy' },
  { tab: 'devices', key: 'report_devices' },
];

export function ReportsPage(props: { tab?: string }) {
  useValue(lang);
  useValue(me); // the site's time zone comes with it
  const tab = TABS.some((x) => x.tab === props.tab) ? props.tab : undefined;
  return (
    <section class="reports">
      <Back href="#/" />
      <h1>{t('nav_reports')}</h1>
      <nav class="tabs" aria-label={t('nav_reports')}>
        {TABS.map((x) => (
          <a key={x.key} href={x.tab ? `#/reports/${x.tab}` : '#/reports'} class={tab === x.tab ? 'here' : ''}
            aria-current={tab === x.tab ? 'page' : undefined}>{t(x.key)}</a>
        ))}
      </nav>
      {tab === 'value' ? <StockValueReport /> : tab === 'turnover' ? <TurnoverReport /> : tab === 'ageing' ? <AgeingReport /> : tab === 'abc' ? <AbcReport /> : tab === 'accuracy' ? <CountAccuracyReport /> : tab === 'devices' ? <DeviceReport /> : <MovementReport />}
    </section>
  );
}

// ---------------------------------------------------------------------------
// 收发存汇总

function MovementReport() {
  const [by, setBy] = useState<By>('item');
  const [skuDraft, setSkuDraft] = useState('');
  const [sku, setSku] = useState('');
  const { sort, sortBy, offset, setOffset, change } = usePaged();
  const { from, to, valid, pick, picked } = usePeriod(thisMonth, change);
  const filters = { from, to, by, sku: sku || undefined, sort: sort || undefined };

  const table = useLoad(async (s) => {
    if (!valid) return null;
    return get<Summary>(`/reports/stock-movements${q({ ...filters, limit: PAGE, offset })}`, s);
  }, [from, to, by, sku, sort, offset]);

  const d = table.data;
  const currency = d?.currency ?? site.currency;
  const placed = d ? d.by !== 'item' : by !== 'item';
  const columns = placed ? 7 : 6;
  return (
    <>
      <form class="card filters" onSubmit={(e) => {
        e.preventDefault();
        change(() => setSku(skuDraft.trim()));
      }}>
        <PeriodFields id="rep" from={from} to={to} set={pick} />
        <div class="actions">
          <button type="button" class="btn small" aria-pressed={picked === null}
            onClick={() => pick(null)}>{t('this_month')}</button>
          <button type="button" class="btn small" aria-pressed={picked !== null && picked.from === monthBefore(siteToday()).from && picked.to === monthBefore(siteToday()).to}
            onClick={() => pick(monthBefore(siteToday()))}>{t('last_month')}</button>
        </div>
        <div class="filter-row">
          <div>
            <label for="rep-by">{t('group_by')}</label>
            <select id="rep-by" value={by} onChange={(e) => change(() => setBy((e.target as HTMLSelectElement).value as By))}>
              {BYS.map((b) => <option key={b} value={b}>{t(`by_${b}` as Key)}</option>)}
            </select>
          </div>
          <div>
            <label for="rep-sku">{t('sku_filter')}</label>
            <input id="rep-sku" value={skuDraft} autocomplete="off" spellcheck={false}
              onInput={(e) => setSkuDraft((e.target as HTMLInputElement).value)}
              onChange={(e) => change(() => setSku((e.target as HTMLInputElement).value.trim()))} />
          </div>
        </div>
        <button type="submit" class="btn primary">{t('search')}</button>
      </form>

      {!valid && <div class="failure" role="alert"><span>{t('period_invalid')}</span></div>}
      <Failure error={table.error} retry={table.reload} />
      {valid && (
        <Exports path="/reports/stock-movements" params={filters} />
      )}
      {valid && d && (
        <>
          <p class="muted period">{t('period_text', { from: d.from, to: d.to, tz: d.timezone })}</p>
          {d.total_rows === 0 ? <p class="muted">{t('no_rows')}</p> : (
            <div class="table-scroll" role="region" aria-label={t('report_movements')} tabIndex={0}>
              <table class="lines report" data-report="stock-movements">
                <thead>
                  <tr>
                    {placed && <th>{t(PLACE_HEADING[d.by])}</th>}
                    <th>{t('item')}</th>
                    <th>{t('unit')}</th>
                    <SortHeader col="opening_value" label={t('opening')} sort={sort} set={sortBy} />
                    <SortHeader col="in_value" label={t('stock_in')} sort={sort} set={sortBy} />
                    <SortHeader col="out_value" label={t('stock_out')} sort={sort} set={sortBy} />
                    <SortHeader col="closing_value" label={t('closing')} sort={sort} set={sortBy} />
                  </tr>
                </thead>
                <tbody>
                  {d.rows.map((r) => (
                    <tr key={`${r.place}|${r.sku}`} data-sku={r.sku} data-place={r.place}>
                      {placed && <td class="place">{r.place || '—'}</td>}
                      <td class="item-cell">{r.name}<br /><span class="muted">{r.sku}</span></td>
                      <td>{r.uom}</td>
                      <td class="num" data-col="opening"><AmountText a={r.opening} decimals={r.decimals} currency={currency} /></td>
                      <td class="num" data-col="in"><Side kinds={r.in} decimals={r.decimals} currency={currency} /></td>
                      <td class="num" data-col="out"><Side kinds={r.out} decimals={r.decimals} currency={currency} /></td>
                      <td class="num" data-col="closing"><AmountText a={r.closing} decimals={r.decimals} currency={currency} /></td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr data-row="totals">
                    <th scope="row" colSpan={columns - 4}>{t('total')}</th>
                    <td class="num" data-col="opening">{moneyText(d.totals.opening_value, currency)}</td>
                    <td class="num" data-col="in">{moneyText(d.totals.in_value, currency)}</td>
                    <td class="num" data-col="out">{moneyText(d.totals.out_value, currency)}</td>
                    <td class="num" data-col="closing">{moneyText(d.totals.closing_value, currency)}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
          <Pager offset={d.offset} shown={d.rows.length} total={d.total_rows} go={setOffset} />
        </>
      )}
      {valid && d && d.kinds.length > 0 && (
        <article class="card">
          <h2>{t('value_by_kind')}</h2>
          <KindChart answer={d} />
        </article>
      )}
    </>
  );
}

function AmountText(props: { a: Amount; decimals: number; currency: string }) {
  return (
    <>
      <span data-part="qty">{qtyText(props.a.qty, props.decimals)}</span><br />
      <span class="muted" data-part="value">{moneyText(props.a.value, props.currency)}</span>
    </>
  );
}

/** What came in (or went out): the sum, and each document type's share when opened. */
function Side(props: { kinds: Record<string, Amount>; decimals: number; currency: string }) {
  const kinds = byKinds(Object.keys(props.kinds));
  if (kinds.length === 0) return <span class="muted">—</span>;
  const sum = kinds.reduce((s, k) => ({ qty: s.qty + props.kinds[k].qty, value: s.value + props.kinds[k].value }), { qty: 0, value: 0 });
  const line = (k: string) =>
    `${kindName(k)} ${qtyText(props.kinds[k].qty, props.decimals)} · ${moneyText(props.kinds[k].value, props.currency)}`;
  return (
    <details class="kinds">
      <summary title={kinds.map(line).join('\n')}><AmountText a={sum} decimals={props.decimals} currency={props.currency} /></summary>
      <ul>
        {kinds.map((k) => (
          <li key={k} data-kind={k}>
            {kindName(k)} <span>{qtyText(props.kinds[k].qty, props.decimals)}</span> · <span>{moneyText(props.kinds[k].value, props.currency)}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The value that came in and went out per document type over the period, every row. */
function KindChart(props: { answer: Summary }) {
  const a = props.answer;
  const kinds = byKinds(a.kinds);
  // Over every row of the period, not only this page.
  const ins = kinds.map((k) => a.totals.in_by_kind[k] ?? 0);
  const outs = kinds.map((k) => a.totals.out_by_kind[k] ?? 0);
  const { el, failed } = useChart((m, div, width) => m.categoryChart(div, {
    label: t('doc_type'),
    categories: kinds.map(kindName),
    series: [
      { label: t('value_in'), values: ins.map((v) => v / 10000), colour: '#1f4e79' },
      { label: t('value_out'), values: outs.map((v) => v / 10000), colour: '#d9822b' },
    ],
    format: (v) => moneyText(Math.round(v * 10000), a.currency),
  }, width), [a, lang.value]);
  return (
    <>
      <div ref={el} class="chart" role="img" aria-label={t('value_by_kind')} />
      {failed && <p class="muted">{t('error_network')}</p>}
      <table class="lines sr-table">
        <caption>{t('value_by_kind')}</caption>
        <thead><tr><th>{t('doc_type')}</th><th class="num">{t('value_in')}</th><th class="num">{t('value_out')}</th></tr></thead>
        <tbody>
          {kinds.map((k, i) => (
            <tr key={k} data-kind={k}><td>{kindName(k)}</td><td class="num">{moneyText(ins[i], a.currency)}</td><td class="num">{moneyText(outs[i], a.currency)}</td></tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

// ---------------------------------------------------------------------------
// 库存金额

function StockValueReport() {
  const [asOf, setAsOf] = useState(''); // '': now
  const [by, setBy] = useState<By>('item');
  const [skuDraft, setSkuDraft] = useState('');
  const [sku, setSku] = useState('');
  const { offset, setOffset, change } = usePaged();
  const [loadedAt, setLoadedAt] = useState(new Date());
  const valid = asOf === '' || isDay(asOf);
  const filters = { as_of: asOf || undefined, by, sku: sku || undefined };
  const data = useLoad(async (s) => {
    if (!valid) return null;
    const answer = await get<ValueAnswer>(`/stock/value${q(filters)}`, s);
    setLoadedAt(new Date());
    return answer;
  }, [asOf, by, sku]);
  const d = data.data;
  const currency = d?.currency ?? site.currency;
  const placed = d ? d.by !== 'item' : by !== 'item';
  const rows = d ? d.rows.slice(offset, offset + PAGE) : [];
  return (
    <>
      <form class="card filters" onSubmit={(e) => {
        e.preventDefault();
        change(() => setSku(skuDraft.trim()));
      }}>
        <div class="filter-row">
          <div>
            <label for="val-as-of">{t('as_of')}</label>
            <input id="val-as-of" type="date" value={asOf} max={siteToday()}
              onChange={(e) => change(() => setAsOf((e.target as HTMLInputElement).value))} />
          </div>
          <div>
            <label for="val-by">{t('group_by')}</label>
            <select id="val-by" value={by} onChange={(e) => change(() => setBy((e.target as HTMLSelectElement).value as By))}>
              {BYS.map((b) => <option key={b} value={b}>{t(`by_${b}` as Key)}</option>)}
            </select>
          </div>
        </div>
        <label for="val-sku">{t('sku_filter')}</label>
        <input id="val-sku" value={skuDraft} autocomplete="off" spellcheck={false}
          onInput={(e) => setSkuDraft((e.target as HTMLInputElement).value)}
          onChange={(e) => change(() => setSku((e.target as HTMLInputElement).value.trim()))} />
        <button type="submit" class="btn primary">{t('search')}</button>
      </form>
      <Failure error={data.error} retry={data.reload} />
      {valid && <Exports path="/stock/value" params={filters} />}
      {d && (
        <>
          <p class="muted period">
            {d.as_of ? t('as_of_day', { date: d.as_of, tz: d.timezone ?? site.timezone }) : t('as_of_now', { time: siteTime(loadedAt.toISOString()) })}
          </p>
          {d.rows.length === 0 ? <p class="muted">{t('no_rows')}</p> : (
            <div class="table-scroll" role="region" aria-label={t('stock_value')} tabIndex={0}>
              <table class="lines report" data-report="stock-value">
                <thead>
                  <tr>
                    {placed && <th>{t(PLACE_HEADING[d.by])}</th>}
                    <th>{t('item')}</th>
                    <th>{t('unit')}</th>
                    <th class="num">{t('qty')}</th>
                    <th class="num">{t('unit_cost')}</th>
                    <th class="num">{t('value')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={`${r.place}|${r.sku}`} data-sku={r.sku} data-place={r.place}>
                      {placed && <td class="place">{r.place || '—'}</td>}
                      <td class="item-cell">{r.name}<br /><span class="muted">{r.sku}</span></td>
                      <td>{r.uom}</td>
                      <td class="num" data-col="qty">{qtyText(r.qty, r.decimals)}</td>
                      <td class="num" data-col="unit_cost">{r.qty > 0 ? moneyText(r.unit_cost, currency) : ''}</td>
                      <td class="num" data-col="value">{moneyText(r.value, currency)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr data-row="totals">
                    <th scope="row" colSpan={placed ? 5 : 4}>{t('total')}</th>
                    <td class="num" data-col="value">{moneyText(d.total_value, currency)}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
          <Pager offset={offset} shown={rows.length} total={d.rows.length} go={setOffset} />
        </>
      )}
    </>
  );
}

// 库存周转, 库龄 and ABC/XYZ (manager): turnover and days of cover per item
// over a period, the stock on hand by age with the idle items, and the
// items' classes by issued value and demand variability, as tables with a
// chart, and as the gateway's CSV and Excel files with the same filters.
import { useState } from 'preact/hooks';
import { get, q } from '../api';
import { lang, moneyText, qtyText, site, siteToday, t } from '../i18n';
import { Failure, useLoad } from '../ui';
import { Bars, Exports, isDay, PAGE, Pager, PeriodFields, SortHeader, thisMonth, usePaged, usePeriod } from './report_parts';

interface Amount { qty: number; value: number }
interface TurnoverRow {
  sku: string; name: string; uom: string; decimals: number; opening: Amount; closing: Amount;
  average_value: number; issued: Amount; demand_qty: number; demand_per_day: number;
  turnover: number | null; turnover_days: number | null; days_of_cover: number | null;
}
interface Turnover {
  from: string; to: string; days: number; demand_days: number; timezone: string; currency: string;
  totals: { opening_value: number; closing_value: number; average_value: number; issued_value: number; turnover: number | null; turnover_days: number | null };
  total_rows: number; offset: number; rows: TurnoverRow[];
}
interface Bucket { name: string; from: number; to: number | null }
interface AgeingRow {
  sku: string; name: string; uom: string; decimals: number; on_hand: Amount; buckets: Amount[];
  oldest_arrival: string | null; last_issue: string | null; idle: boolean;
}
interface Ageing {
  as_of: string; timezone: string; currency: string; idle_days: number; buckets: Bucket[];
  totals: { value: number; bucket_values: number[]; idle_items: number; idle_value: number };
  total_rows: number; offset: number; rows: AgeingRow[];
}

const fixed = (v: number | null, digits: number) =>
  v === null ? '—' : v.toLocaleString(lang.value === 'en' ? 'en' : 'zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function TurnoverReport() {
  const [skuDraft, setSkuDraft] = useState('');
  const [sku, setSku] = useState('');
  const { sort, sortBy, offset, setOffset, change } = usePaged();
  const { from, to, valid, pick } = usePeriod(thisMonth, change);
  const filters = { from, to, sku: sku || undefined, sort: sort || undefined };
  const table = useLoad(async (s) => {
    if (!valid) return null;
    return get<Turnover>(`/reports/turnover${q({ ...filters, limit: PAGE, offset })}`, s);
  }, [from, to, sku, sort, offset]);
  const d = table.data;
  const currency = d?.currency ?? site.currency;
  return (
    <>
      <form class="card filters" onSubmit={(e) => {
        e.preventDefault();
        change(() => setSku(skuDraft.trim()));
      }}>
        <PeriodFields id="to" from={from} to={to} set={pick} />
        <label for="to-sku">{t('sku_filter')}</label>
        <input id="to-sku" value={skuDraft} autocomplete="off" spellcheck={false}
          onInput={(e) => setSkuDraft((e.target as HTMLInputElement).value)}
          onChange={(e) => change(() => setSku((e.target as HTMLInputElement).value.trim()))} />
        <button type="submit" class="btn primary">{t('search')}</button>
      </form>
      {!valid && <div class="failure" role="alert"><span>{t('period_invalid')}</span></div>}
      <Failure error={table.error} retry={table.reload} />
      {valid && <Exports path="/reports/turnover" params={filters} />}
      {valid && d && (
        <>
          <p class="muted period">{t('period_text', { from: d.from, to: d.to, tz: d.timezone })}</p>
          <p class="period" data-row="overall">
            {t('turnover_overall', { turnover: fixed(d.totals.turnover, 2), days: fixed(d.totals.turnover_days, 1) })}
            {' · '}{t('cogs')} {moneyText(d.totals.issued_value, currency)}
            {' · '}{t('average_stock')} {moneyText(d.totals.average_value, currency)}
          </p>
          {d.total_rows === 0 ? <p class="muted">{t('no_rows')}</p> : (
            <div class="table-scroll" role="region" aria-label={t('report_turnover')} tabIndex={0}>
              <table class="lines report" data-report="turnover">
                <thead>
                  <tr>
                    <th>{t('item')}</th>
                    <SortHeader col="closing_value" label={t('closing')} sort={sort} set={sortBy} />
                    <SortHeader col="average_value" label={t('average_stock')} sort={sort} set={sortBy} />
                    <SortHeader col="issued_value" label={t('cogs')} sort={sort} set={sortBy} />
                    <SortHeader col="turnover" label={t('turnover')} sort={sort} set={sortBy} />
                    <SortHeader col="days_of_cover" label={t('days_of_cover')} sort={sort} set={sortBy} />
                  </tr>
                </thead>
                <tbody>
                  {d.rows.map((r) => (
                    <tr key={r.sku} data-sku={r.sku}>
                      <td class="item-cell">{r.name}<br /><span class="muted">{r.sku}</span></td>
                      <td class="num" data-col="closing">{qtyText(r.closing.qty, r.decimals)} {r.uom}<br /><span class="muted">{moneyText(r.closing.value, currency)}</span></td>
                      <td class="num" data-col="average">{moneyText(r.average_value, currency)}</td>
                      <td class="num" data-col="issued">{moneyText(r.issued.value, currency)}</td>
                      <td class="num" data-col="turnover">{fixed(r.turnover, 2)}<br /><span class="muted">{r.turnover_days === null ? '' : t('days_n', { n: fixed(r.turnover_days, 1) })}</span></td>
                      <td class="num" data-col="cover">{r.days_of_cover === null ? '—' : t('days_n', { n: fixed(r.days_of_cover, 1) })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager offset={d.offset} shown={d.rows.length} total={d.total_rows} go={setOffset} />
          {d.rows.some((r) => r.turnover !== null) && (
            <article class="card">
              <h2>{t('turnover_chart')}</h2>
              <Bars label={t('item')} names={d.rows.filter((r) => r.turnover !== null).slice(0, 12).map((r) => r.name)}
                values={d.rows.filter((r) => r.turnover !== null).slice(0, 12).map((r) => r.turnover ?? 0)}
                series={t('turnover')} format={(v) => fixed(v, 2)} title={t('turnover_chart')} />
            </article>
          )}
        </>
      )}
    </>
  );
}

const BUCKETS = '30,60,90,180,365';

export function AgeingReport() {
  const [asOf, setAsOf] = useState(''); // '': today
  const [idleOnly, setIdleOnly] = useState(false);
  const [skuDraft, setSkuDraft] = useState('');
  const [sku, setSku] = useState('');
  const { sort, sortBy, offset, setOffset, change } = usePaged();
  const valid = asOf === '' || isDay(asOf);
  const filters = { as_of: asOf || undefined, sku: sku || undefined, buckets: BUCKETS, idle: idleOnly ? 'true' : undefined, sort: sort || undefined };
  const table = useLoad(async (s) => {
    if (!valid) return null;
    return get<Ageing>(`/reports/ageing${q({ ...filters, limit: PAGE, offset })}`, s);
  }, [asOf, sku, idleOnly, sort, offset]);
  const d = table.data;
  const currency = d?.currency ?? site.currency;
  const bucketName = (b: Bucket) => t('age_bucket', { name: b.name });
  return (
    <>
      <form class="card filters" onSubmit={(e) => {
        e.preventDefault();
        change(() => setSku(skuDraft.trim()));
      }}>
        <div class="filter-row">
          <div>
            <label for="age-as-of">{t('as_of_day_label')}</label>
            <input id="age-as-of" type="date" value={asOf} max={siteToday()}
              onChange={(e) => change(() => setAsOf((e.target as HTMLInputElement).value))} />
          </div>
          <div>
            <label for="age-sku">{t('sku_filter')}</label>
            <input id="age-sku" value={skuDraft} autocomplete="off" spellcheck={false}
              onInput={(e) => setSkuDraft((e.target as HTMLInputElement).value)}
              onChange={(e) => change(() => setSku((e.target as HTMLInputElement).value.trim()))} />
          </div>
        </div>
        <label class="inline">
          <input type="checkbox" class="check" checked={idleOnly} onChange={(e) => change(() => setIdleOnly((e.target as HTMLInputElement).checked))} />
          {' '}{t('idle_only')}
        </label>
        <button type="submit" class="btn primary">{t('search')}</button>
      </form>
      <Failure error={table.error} retry={table.reload} />
      {valid && <Exports path="/reports/ageing" params={filters} />}
      {valid && d && (
        <>
          <p class="muted period">{t('as_of_day', { date: d.as_of, tz: d.timezone })}</p>
          <p class="period" data-row="idle">
            {t('idle_summary', { n: d.totals.idle_items, days: d.idle_days, value: moneyText(d.totals.idle_value, currency) })}
          </p>
          {d.total_rows === 0 ? <p class="muted">{t('no_rows')}</p> : (
            <div class="table-scroll" role="region" aria-label={t('report_ageing')} tabIndex={0}>
              <table class="lines report" data-report="ageing">
                <thead>
                  <tr>
                    <th>{t('item')}</th>
                    <SortHeader col="value" label={t('on_hand')} sort={sort} set={sortBy} />
                    {d.buckets.map((b) => <th key={b.name} class="num">{bucketName(b)}</th>)}
                    <SortHeader col="last_issue" label={t('last_issue')} sort={sort} set={sortBy} />
                  </tr>
                </thead>
                <tbody>
                  {d.rows.map((r) => (
                    <tr key={r.sku} data-sku={r.sku} data-idle={r.idle ? 'true' : 'false'}>
                      <td class="item-cell">{r.name}<br /><span class="muted">{r.sku}</span>
                        {r.idle && <> <span class="tag warn">{t('idle')}</span></>}</td>
                      <td class="num" data-col="on_hand">{qtyText(r.on_hand.qty, r.decimals)} {r.uom}<br /><span class="muted">{moneyText(r.on_hand.value, currency)}</span></td>
                      {r.buckets.map((b, i) => (
                        <td key={i} class="num" data-col={`bucket-${i}`}>
                          {b.qty === 0 ? <span class="muted">—</span> : <>{qtyText(b.qty, r.decimals)}<br /><span class="muted">{moneyText(b.value, currency)}</span></>}
                        </td>
                      ))}
                      <td data-col="last_issue">{r.last_issue ?? <span class="muted">{t('no_issue_in', { days: Math.max(d.idle_days, d.buckets[d.buckets.length - 2]?.to ?? 0) })}</span>}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr data-row="totals">
                    <th scope="row">{t('total')}</th>
                    <td class="num" data-col="on_hand">{moneyText(d.totals.value, currency)}</td>
                    {d.totals.bucket_values.map((v, i) => <td key={i} class="num" data-col={`bucket-${i}`}>{moneyText(v, currency)}</td>)}
                    <td />
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
          <Pager offset={d.offset} shown={d.rows.length} total={d.total_rows} go={setOffset} />
          {d.totals.value !== 0 && (
            <article class="card">
              <h2>{t('value_by_age')}</h2>
              <Bars label={t('age')} names={d.buckets.map(bucketName)} values={d.totals.bucket_values.map((v) => v / 10000)}
                series={t('value')} format={(v) => moneyText(Math.round(v * 10000), currency)} title={t('value_by_age')} />
            </article>
          )}
        </>
      )}
    </>
  );
}

interface AbcRow {
  sku: string; name: string; uom: string; decimals: number; issued: Amount; share: number; cumulative: number;
  abc: 'A' | 'B' | 'C'; weeks: number[]; cv: number | null; xyz: 'X' | 'Y' | 'Z'; class: string;
}
interface Abc {
  from: string; to: string; weeks: number; timezone: string; currency: string;
  totals: { issued_value: number; classes: Record<'A' | 'B' | 'C', { items: number; value: number }>; pairs: Record<string, number> };
  total_rows: number; offset: number; rows: AbcRow[];
}

/** The last four whole weeks' period, ending yesterday in the site's calendar. */
function lastFourWeeks(): { from: string; to: string } {
  const today = siteToday();
  const end = new Date(`${today}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() - 1);
  const start = new Date(end);
  start.setUTCDate(start.getUTCDate() - 27);
  return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}

const CLASSES = ['', 'A', 'B', 'C', 'X', 'Y', 'Z'];

export function AbcReport() {
  const [klass, setKlass] = useState('');
  const { sort, sortBy, offset, setOffset, change } = usePaged();
  const { from, to, pick } = usePeriod(lastFourWeeks, change);
  const days = isDay(from) && isDay(to) ? (Date.parse(to) - Date.parse(from)) / 86400000 + 1 : 0;
  const valid = days >= 14;
  const filters = { from, to, class: klass || undefined, sort: sort || undefined };
  const table = useLoad(async (s) => {
    if (!valid) return null;
    return get<Abc>(`/reports/abc${q({ ...filters, limit: PAGE, offset })}`, s);
  }, [from, to, klass, sort, offset]);
  const d = table.data;
  const currency = d?.currency ?? site.currency;
  return (
    <>
      <form class="card filters" onSubmit={(e) => e.preventDefault()}>
        <PeriodFields id="abc" from={from} to={to} set={pick} />
        <label for="abc-class">{t('abc_class')}</label>
        <select id="abc-class" value={klass} onChange={(e) => change(() => setKlass((e.target as HTMLSelectElement).value))}>
          {CLASSES.map((c) => <option key={c} value={c}>{c || t('all')}</option>)}
        </select>
      </form>
      {!valid && <div class="failure" role="alert"><span>{t('abc_period_invalid')}</span></div>}
      <Failure error={table.error} retry={table.reload} />
      {valid && <Exports path="/reports/abc" params={filters} />}
      {valid && d && (
        <>
          <p class="muted period">{t('period_text', { from: d.from, to: d.to, tz: d.timezone })} · {t('abc_weeks', { n: d.weeks })}</p>
          <table class="lines report abc-matrix" data-report="abc-matrix">
            <caption>{t('abc_matrix')}</caption>
            <thead><tr><th /><th class="num">X</th><th class="num">Y</th><th class="num">Z</th><th class="num">{t('issued_value')}</th></tr></thead>
            <tbody>
              {(['A', 'B', 'C'] as const).map((a) => (
                <tr key={a} data-class={a}>
                  <th scope="row">{a}</th>
                  {['X', 'Y', 'Z'].map((x) => <td key={x} class="num" data-pair={`${a}${x}`}>{d.totals.pairs[`${a}${x}`] ?? 0}</td>)}
                  <td class="num" data-col="value">{moneyText(d.totals.classes[a].value, currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="muted">{t('abc_rule')}</p>
          {d.total_rows === 0 ? <p class="muted">{t('no_rows')}</p> : (
            <div class="table-scroll" role="region" aria-label={t('report_abc')} tabIndex={0}>
              <table class="lines report" data-report="abc">
                <thead>
                  <tr>
                    <th>{t('item')}</th>
                    <SortHeader col="issued_value" label={t('issued_value')} sort={sort} set={sortBy} />
                    <th class="num">{t('abc_share')}</th>
                    <SortHeader col="cv" label={t('abc_cv')} sort={sort} set={sortBy} />
                    <th>{t('abc_class')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.rows.map((r) => (
                    <tr key={r.sku} data-sku={r.sku} data-class={r.class}>
                      <td class="item-cell">{r.name}<br /><span class="muted">{r.sku}</span></td>
                      <td class="num" data-col="issued">{qtyText(r.issued.qty, r.decimals)} {r.uom}<br /><span class="muted">{moneyText(r.issued.value, currency)}</span></td>
                      <td class="num" data-col="share">{fixed(r.share * 100, 1)}%<br /><span class="muted">{fixed(r.cumulative * 100, 1)}%</span></td>
                      <td class="num" data-col="cv">{fixed(r.cv, 2)}</td>
                      <td data-col="class"><span class={`tag ${r.abc === 'A' ? 'ok' : r.abc === 'C' ? 'warn' : ''}`}>{r.class}</span></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager offset={d.offset} shown={d.rows.length} total={d.total_rows} go={setOffset} />
          {d.totals.issued_value > 0 && (
            <article class="card">
              <h2>{t('abc_chart')}</h2>
              <Bars label={t('abc_class')} names={['A', 'B', 'C']}
                values={(['A', 'B', 'C'] as const).map((a) => d.totals.classes[a].value / 10000)}
                series={t('issued_value')} format={(v) => moneyText(Math.round(v * 10000), currency)} title={t('abc_chart')} />
            </article>
          )}
        </>
      )}
    </>
  );
}

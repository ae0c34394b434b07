// 盘点准确率 (manager): how far the books were off in the counts approved in
// a period — per count, per month, per zone or per counter — with the share
// of lines found exactly as booked and within the count's tolerance, and the
// gains and losses the approvals booked; a chart of the accuracy, and the
// gateway's CSV and Excel files with the same filters.
import { useState } from 'preact/hooks';
import { get, q } from '../api';
import { lang, moneyText, site, siteTime, siteToday, t, type Key } from '../i18n';
import { Failure, useLoad } from '../ui';
import { Bars, Exports, PAGE, Pager, PeriodFields, SortHeader, usePaged, usePeriod } from './report_parts';

type By = 'count' | 'month' | 'zone' | 'counter';

interface Figures {
  counts: number; bins: number; lines: number; exact: number; within_tolerance: number;
  accuracy: number | null; tolerance_accuracy: number | null; gain_value: number; loss_value: number; net_value: number;
}
interface AccuracyRow {
  key: string; name: string; figures: Figures;
  approved_at?: string; approved_by?: string; counters?: string[]; tolerance?: number;
}
interface Accuracy {
  from: string; to: string; by: By; timezone: string; currency: string; totals: Figures;
  total_rows: number; offset: number; rows: AccuracyRow[];
}

const BYS: By[] = ['count', 'month', 'zone', 'counter'];
const BY_KEY: Record<By, Key> = { count: 'accuracy_by_count', month: 'accuracy_by_month', zone: 'accuracy_by_zone', counter: 'accuracy_by_counter' };
const COLUMN_KEY: Record<By, Key> = { count: 'count_number', month: 'month', zone: 'zone', counter: 'counter' };

const percent = (v: number | null) =>
  v === null ? '—' : `${(v * 100).toLocaleString(lang.value === 'en' ? 'en' : 'zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;

/** The last three calendar months of the site, this one included. */
function lastThreeMonths(): { from: string; to: string } {
  const today = siteToday();
  const start = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 3, 1));
  return { from: start.toISOString().slice(0, 10), to: today };
}

export function CountAccuracyReport() {
  const [by, setBy] = useState<By>('count');
  const { sort, sortBy, offset, setOffset, change } = usePaged();
  const { from, to, valid, pick } = usePeriod(lastThreeMonths, change);
  const filters = { from, to, by, sort: sort || undefined };
  const table = useLoad(async (s) => {
    if (!valid) return null;
    return get<Accuracy>(`/reports/count-accuracy${q({ ...filters, limit: PAGE, offset })}`, s);
  }, [from, to, by, sort, offset]);
  const d = table.data;
  const currency = d?.currency ?? site.currency;
  const label = (r: AccuracyRow) => (r.name ? `${r.name} (${r.key})` : r.key || t('no_zone'));
  const charted = d ? d.rows.filter((r) => r.figures.accuracy !== null).slice(0, 12) : [];
  return (
    <>
      <form class="card filters" onSubmit={(e) => e.preventDefault()}>
        <PeriodFields id="acc" from={from} to={to} set={pick} />
        <label for="acc-by">{t('group_by')}</label>
        <select id="acc-by" value={by} onChange={(e) => {
          change(() => setBy((e.target as HTMLSelectElement).value as By));
          sortBy('');
        }}>
          {BYS.map((b) => <option key={b} value={b}>{t(BY_KEY[b])}</option>)}
        </select>
      </form>
      {!valid && <div class="failure" role="alert"><span>{t('period_invalid')}</span></div>}
      <Failure error={table.error} retry={table.reload} />
      {valid && <Exports path="/reports/count-accuracy" params={filters} />}
      {valid && d && (
        <>
          <p class="muted period">{t('accuracy_period', { from: d.from, to: d.to, tz: d.timezone })}</p>
          <p class="period" data-row="overall">
            {t('accuracy_overall', {
              counts: d.totals.counts, lines: d.totals.lines, accuracy: percent(d.totals.accuracy),
              tolerance: percent(d.totals.tolerance_accuracy),
            })}
            {' · '}{t('count_gains')} {moneyText(d.totals.gain_value, currency)}
            {' · '}{t('count_losses')} {moneyText(d.totals.loss_value, currency)}
          </p>
          <p class="muted">{t('accuracy_rule')}</p>
          {d.total_rows === 0 ? <p class="muted">{t('no_rows')}</p> : (
            <div class="table-scroll" role="region" aria-label={t('report_accuracy')} tabIndex={0}>
              <table class="lines report" data-report="count-accuracy">
                <thead>
                  <tr>
                    <th>{t(COLUMN_KEY[by])}</th>
                    <SortHeader col="lines" label={t('accuracy_lines')} sort={sort} set={sortBy} />
                    <SortHeader col="accuracy" label={t('accuracy')} sort={sort} set={sortBy} />
                    <SortHeader col="tolerance_accuracy" label={t('tolerance_accuracy')} sort={sort} set={sortBy} />
                    <SortHeader col="loss_value" label={t('count_losses')} sort={sort} set={sortBy} />
                    <SortHeader col="net_value" label={t('count_net')} sort={sort} set={sortBy} />
                  </tr>
                </thead>
                <tbody>
                  {d.rows.map((r) => (
                    <tr key={r.key} data-key={r.key}>
                      <td class="item-cell">{label(r)}
                        {r.approved_at && <><br /><span class="muted">{siteTime(r.approved_at)} · {t('counted_by_n', { who: (r.counters ?? []).join('、') })}</span></>}
                      </td>
                      <td class="num" data-col="lines">{r.figures.lines}<br /><span class="muted">{t('bins_n', { n: r.figures.bins })}</span></td>
                      <td class="num" data-col="accuracy">{percent(r.figures.accuracy)}<br /><span class="muted">{r.figures.exact}/{r.figures.lines}</span></td>
                      <td class="num" data-col="tolerance">{percent(r.figures.tolerance_accuracy)}</td>
                      <td class="num" data-col="losses">{moneyText(r.figures.loss_value, currency)}<br /><span class="muted">+{moneyText(r.figures.gain_value, currency)}</span></td>
                      <td class="num" data-col="net">{moneyText(r.figures.net_value, currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager offset={d.offset} shown={d.rows.length} total={d.total_rows} go={setOffset} />
          {charted.length > 0 && (
            <article class="card">
              <h2>{t('accuracy_chart')}</h2>
              <Bars label={t(COLUMN_KEY[by])} names={charted.map(label)} values={charted.map((r) => (r.figures.accuracy ?? 0) * 100)}
                series={t('accuracy')} format={(v) => percent(v / 100)} title={t('accuracy_chart')} max={100} />
            </article>
          )}
        </>
      )}
    </>
  );
}

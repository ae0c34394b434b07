// What the 报表 pages share: a table's sort, page and period, paging,
// sortable columns, the file links, a bar chart, and the site's calendar
// months.
import { useState } from 'preact/hooks';
import { q } from '../api';
import { lang, langTag, siteToday, t } from '../i18n';
import { useChart } from '../use_chart';

/** Rows on one page of a table. */
export const PAGE = 100;
const pad = (n: number) => String(n).padStart(2, '0');

/** The first and last day of the month before `day`'s (YYYY-MM-DD). */
export function monthBefore(day: string): { from: string; to: string } {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  const py = m === 1 ? y - 1 : y;
  const pm = m === 1 ? 12 : m - 1;
  const last = new Date(Date.UTC(py, pm, 0)).getUTCDate();
  return { from: `${py}-${pad(pm)}-01`, to: `${py}-${pad(pm)}-${pad(last)}` };
}

/** This month so far, in the site's calendar. */
export function thisMonth(): { from: string; to: string } {
  const today = siteToday();
  return { from: `${today.slice(0, 8)}01`, to: today };
}

export const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);

export interface Period { from: string; to: string }

/** A report table's sort and page. Any change of filter, made through
 * `change`, goes back to the first page. */
export function usePaged() {
  const [sort, setSort] = useState('');
  const [offset, setOffset] = useState(0);
  const change = (f: () => void) => {
    f();
    setOffset(0);
  };
  return { sort, sortBy: (s: string) => change(() => setSort(s)), offset, setOffset, change };
}

/** A report's period: `initial()` (worked out at each showing, in the
 * site's calendar) until one is picked; picking goes through `change`. */
export function usePeriod(initial: () => Period, change: (f: () => void) => void) {
  const [picked, setPicked] = useState<Period | null>(null);
  const { from, to } = picked ?? initial();
  return {
    from, to, picked,
    valid: isDay(from) && isDay(to) && from <= to,
    pick: (p: Period | null) => change(() => setPicked(p)),
  };
}

/** A column that sorts the rows, largest first at the first tap. */
export function SortHeader(props: { col: string; label: string; sort: string; set: (sort: string) => void }) {
  const state = props.sort === props.col ? 'ascending' : props.sort === `-${props.col}` ? 'descending' : undefined;
  return (
    <th class="num" aria-sort={state}>
      <button type="button" class="sort" data-sort={props.col}
        onClick={() => props.set(props.sort === `-${props.col}` ? props.col : `-${props.col}`)}>
        {props.label}
        {state && <span aria-hidden="true">{state === 'descending' ? ' ↓' : ' ↑'}</span>}
      </button>
    </th>
  );
}

export function Pager(props: { offset: number; shown: number; total: number; go: (offset: number) => void }) {
  if (props.total <= PAGE && props.offset === 0) return null;
  const first = props.shown ? props.offset + 1 : 0;
  return (
    <div class="pager">
      <button type="button" class="btn small" disabled={props.offset === 0}
        onClick={() => props.go(Math.max(0, props.offset - PAGE))}>‹ {t('prev_page')}</button>
      <span role="status">{t('rows_range', { first, last: props.offset + props.shown, n: props.total })}</span>
      <button type="button" class="btn small" disabled={props.offset + props.shown >= props.total}
        onClick={() => props.go(props.offset + PAGE)}>{t('next_page')} ›</button>
    </div>
  );
}

/** The same report as a file: a plain link (the session's cookie goes with it), headings in the chosen language. */
export function Exports(props: { path: string; params: Record<string, string | number | undefined> }) {
  const href = (format: 'csv' | 'xlsx') => `/api/v1${props.path}${q({ ...props.params, format, lang: langTag() })}`;
  return (
    <div class="actions exports">
      <a class="btn small" href={href('csv')} download data-format="csv">{t('export_csv')}</a>
      <a class="btn small" href={href('xlsx')} download data-format="xlsx">{t('export_xlsx')}</a>
    </div>
  );
}


/** A period's first and last day, `id`-from and `id`-to. */
export function PeriodFields(props: { id: string; from: string; to: string; set: (period: { from: string; to: string }) => void }) {
  const { from, to } = props;
  return (
    <div class="filter-row">
      <div>
        <label for={`${props.id}-from`}>{t('period_from')}</label>
        <input id={`${props.id}-from`} type="date" value={from} required
          onChange={(e) => props.set({ from: (e.target as HTMLInputElement).value, to })} />
      </div>
      <div>
        <label for={`${props.id}-to`}>{t('period_to')}</label>
        <input id={`${props.id}-to`} type="date" value={to} required
          onChange={(e) => props.set({ from, to: (e.target as HTMLInputElement).value })} />
      </div>
    </div>
  );
}

/** One series of bars, with the numbers as a table for screen readers. */
export function Bars(props: { label: string; names: string[]; values: number[]; series: string; format: (v: number) => string; title: string; max?: number }) {
  const { el, failed } = useChart((m, div, width) => m.categoryChart(div, {
    label: props.label,
    categories: props.names,
    series: [{ label: props.series, values: props.values, colour: '#1f4e79' }],
    format: props.format,
    max: props.max,
  }, width), [props.names.join('\n'), props.values.join(','), lang.value]);
  return (
    <>
      <div ref={el} class="chart" role="img" aria-label={props.title} />
      {failed && <p class="muted">{t('error_network')}</p>}
      <table class="lines sr-table">
        <caption>{props.title}</caption>
        <thead><tr><th>{props.label}</th><th class="num">{props.series}</th></tr></thead>
        <tbody>
          {props.names.map((n, i) => <tr key={i}><td>{n}</td><td class="num">{props.format(props.values[i])}</td></tr>)}
        </tbody>
      </table>
    </>
  );
}

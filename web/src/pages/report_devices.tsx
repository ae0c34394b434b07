// 设备表现 (manager): per RFID door its passes, how many were held for
// review and why; per scanner its rejected scans by reason; per shelf slot
// its weighing discrepancies, over a period of the site's days, as a table
// with a chart and as the gateway's CSV and Excel files.
import { useState } from 'preact/hooks';
import { get, q } from '../api';
import { lang, t, type Key } from '../i18n';
import { Failure, useLoad } from '../ui';
import { Bars, Exports, PAGE, Pager, PeriodFields, SortHeader, thisMonth, usePaged, usePeriod } from './report_parts';

type Kind = 'doors' | 'scanners' | 'shelves';
const KINDS: Kind[] = ['doors', 'scanners', 'shelves'];
const REJECTS = ['unknown_barcode', 'bad_gs1', 'unknown_bin', 'unknown_order', 'not_on_order', 'over_quantity',
  'lot_or_serial', 'out_of_sequence', 'refused', 'store_unavailable'];
const HELD = ['missing', 'unexpected', 'ambiguous', 'other'];

interface DoorRow {
  door: string; passes: number; per_hour: number; posted: number; held: number; held_share: number | null;
  held_by_reason: Record<string, number>; no_document: number;
}
interface ScannerRow {
  scanner: string; scans: number; accepted: number; rejected: number; rejected_share: number | null;
  rejected_by_reason: Record<string, number>;
}
interface ShelfRow { slot: string; sku: string; name: string; bin: string; discrepancies: number; open: number; accepted: number; dismissed: number }
interface Devices<Row> { from: string; to: string; hours: number; timezone: string; kind: Kind; total_rows: number; offset: number; rows: Row[] }

const pct = (v: number | null) =>
  v === null ? '—' : `${(v * 100).toLocaleString(lang.value === 'en' ? 'en' : 'zh-CN', { maximumFractionDigits: 1 })}%`;
const num = (v: number, digits = 0) =>
  v.toLocaleString(lang.value === 'en' ? 'en' : 'zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function DeviceReport() {
  const [kind, setKind] = useState<Kind>('doors');
  const { sort, sortBy, offset, setOffset, change } = usePaged();
  const { from, to, valid, pick } = usePeriod(thisMonth, change);
  const filters = { from, to, kind, sort: sort || undefined };
  const table = useLoad(async (s) => {
    if (!valid) return null;
    return get<Devices<DoorRow | ScannerRow | ShelfRow>>(`/reports/devices${q({ ...filters, limit: PAGE, offset })}`, s);
  }, [from, to, kind, sort, offset]);
  const d = table.data;
  return (
    <>
      <form class="card filters" onSubmit={(e) => e.preventDefault()}>
        <PeriodFields id="dev" from={from} to={to} set={pick} />
        <label for="dev-kind">{t('device_kind')}</label>
        <select id="dev-kind" value={kind} onChange={(e) => {
          change(() => setKind((e.target as HTMLSelectElement).value as Kind));
          sortBy('');
        }}>
          {KINDS.map((k) => <option key={k} value={k}>{t(`device_kind_${k}` as Key)}</option>)}
        </select>
      </form>
      {!valid && <div class="failure" role="alert"><span>{t('period_invalid')}</span></div>}
      <Failure error={table.error} retry={table.reload} />
      {valid && <Exports path="/reports/devices" params={filters} />}
      {valid && d && d.kind === kind && (
        <>
          <p class="muted period">{t('period_text', { from: d.from, to: d.to, tz: d.timezone })}</p>
          {d.total_rows === 0 ? <p class="muted">{t('no_rows')}</p> : (
            <div class="table-scroll" role="region" aria-label={t('report_devices')} tabIndex={0}>
              {kind === 'doors' && <DoorTable rows={d.rows as DoorRow[]} sort={sort} sortBy={sortBy} />}
              {kind === 'scanners' && <ScannerTable rows={d.rows as ScannerRow[]} sort={sort} sortBy={sortBy} />}
              {kind === 'shelves' && <ShelfTable rows={d.rows as ShelfRow[]} sort={sort} sortBy={sortBy} />}
            </div>
          )}
          <Pager offset={d.offset} shown={d.rows.length} total={d.total_rows} go={setOffset} />
          {d.rows.length > 0 && (
            <article class="card">
              <h2>{t(`device_chart_${kind}` as Key)}</h2>
              <DeviceChart kind={kind} rows={d.rows} />
            </article>
          )}
        </>
      )}
    </>
  );
}

type Sorting = { sort: string; sortBy: (s: string) => void };

function DoorTable(props: { rows: DoorRow[] } & Sorting) {
  return (
    <table class="lines report" data-report="devices-doors">
      <thead>
        <tr>
          <th>{t('door')}</th>
          <SortHeader col="passes" label={t('passes')} sort={props.sort} set={props.sortBy} />
          <th class="num">{t('passes_per_hour')}</th>
          <SortHeader col="held" label={t('held_passes')} sort={props.sort} set={props.sortBy} />
          <SortHeader col="held_share" label={t('held_share')} sort={props.sort} set={props.sortBy} />
          {HELD.map((h) => <th key={h} class="num">{t(`held_${h}` as Key)}</th>)}
          <SortHeader col="no_document" label={t('no_document')} sort={props.sort} set={props.sortBy} />
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr key={r.door} data-door={r.door}>
            <td>{r.door}</td>
            <td class="num" data-col="passes">{r.passes}</td>
            <td class="num" data-col="per_hour">{num(r.per_hour, 2)}</td>
            <td class="num" data-col="held">{r.held}</td>
            <td class="num" data-col="held_share">{pct(r.held_share)}</td>
            {HELD.map((h) => <td key={h} class="num" data-col={h}>{r.held_by_reason[h]}</td>)}
            <td class="num" data-col="no_document">{r.no_document}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ScannerTable(props: { rows: ScannerRow[] } & Sorting) {
  // Only the reasons some row has, so that the table stays narrow.
  const reasons = REJECTS.filter((x) => props.rows.some((r) => r.rejected_by_reason[x] > 0));
  return (
    <table class="lines report" data-report="devices-scanners">
      <thead>
        <tr>
          <th>{t('scanner')}</th>
          <SortHeader col="scans" label={t('scans')} sort={props.sort} set={props.sortBy} />
          <SortHeader col="rejected" label={t('rejected')} sort={props.sort} set={props.sortBy} />
          <SortHeader col="rejected_share" label={t('rejected_share')} sort={props.sort} set={props.sortBy} />
          {reasons.map((x) => <th key={x} class="num">{t(`reject_${x}` as Key)}</th>)}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr key={r.scanner} data-scanner={r.scanner}>
            <td>{r.scanner}</td>
            <td class="num" data-col="scans">{r.scans}</td>
            <td class="num" data-col="rejected">{r.rejected}</td>
            <td class="num" data-col="rejected_share">{pct(r.rejected_share)}</td>
            {reasons.map((x) => <td key={x} class="num" data-col={x}>{r.rejected_by_reason[x]}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ShelfTable(props: { rows: ShelfRow[] } & Sorting) {
  return (
    <table class="lines report" data-report="devices-shelves">
      <thead>
        <tr>
          <th>{t('slot')}</th>
          <th>{t('item')}</th>
          <th>{t('bin')}</th>
          <SortHeader col="discrepancies" label={t('discrepancies')} sort={props.sort} set={props.sortBy} />
          <SortHeader col="open" label={t('discrepancy_open')} sort={props.sort} set={props.sortBy} />
          <th class="num">{t('discrepancy_accepted')}</th>
          <th class="num">{t('discrepancy_dismissed')}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr key={`${r.slot}|${r.sku}|${r.bin}`} data-slot={r.slot} data-sku={r.sku}>
            <td>{r.slot}</td>
            <td class="item-cell">{r.name}<br /><span class="muted">{r.sku}</span></td>
            <td>{r.bin}</td>
            <td class="num" data-col="discrepancies">{r.discrepancies}</td>
            <td class="num" data-col="open">{r.open}</td>
            <td class="num" data-col="accepted">{r.accepted}</td>
            <td class="num" data-col="dismissed">{r.dismissed}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** This page's rows: the share held per door, rejected per scanner, discrepancies per slot. */
function DeviceChart(props: { kind: Kind; rows: (DoorRow | ScannerRow | ShelfRow)[] }) {
  const rows = props.rows.slice(0, 12);
  if (props.kind === 'doors') {
    const doors = rows as DoorRow[];
    return <Bars label={t('door')} names={doors.map((r) => r.door)} values={doors.map((r) => (r.held_share ?? 0) * 100)}
      series={t('held_share')} format={(v) => `${num(v, 1)}%`} title={t('device_chart_doors')} />;
  }
  if (props.kind === 'scanners') {
    const scanners = rows as ScannerRow[];
    return <Bars label={t('scanner')} names={scanners.map((r) => r.scanner)} values={scanners.map((r) => (r.rejected_share ?? 0) * 100)}
      series={t('rejected_share')} format={(v) => `${num(v, 1)}%`} title={t('device_chart_scanners')} />;
  }
  const shelves = rows as ShelfRow[];
  return <Bars label={t('slot')} names={shelves.map((r) => `${r.slot} ${r.name}`)} values={shelves.map((r) => r.discrepancies)}
    series={t('discrepancies')} format={(v) => num(v)} title={t('device_chart_shelves')} />;
}

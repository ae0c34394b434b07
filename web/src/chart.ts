// The dashboard's chart of movements per day (uPlot, bundled; loaded with
// the dashboard only). Days are the site's local dates; two series as bars
// side by side: the first left of each day, the second right of it.
import uPlot from 'uplot';

export interface DailySeries {
  label: string; // what the days are called in the legend
  dates: string[]; // YYYY-MM-DD, site-local
  series: { label: string; values: number[]; colour: string }[];
}

export function dailyChart(el: HTMLElement, data: DailySeries, width: number): () => void {
  const x = data.dates.map((_, i) => i);
  const bars = uPlot.paths.bars!;
  const plot = new uPlot(
    {
      width,
      height: 220,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false, range: [-0.5, data.dates.length - 0.5] } },
      axes: [
        { values: (_u, splits) => splits.map((i) => (Number.isInteger(i) ? (data.dates[i] ?? '').slice(5) : '')), grid: { show: false } },
        { size: 44 },
      ],
      series: [
        { label: data.label, value: (_u: uPlot, i: number | null) => (i === null ? '--' : (data.dates[i] ?? '')) },
        ...data.series.map((s, k) => ({
          label: s.label,
          stroke: s.colour,
          fill: s.colour,
          width: 0,
          paths: bars({ size: [0.4, 24], align: k === 0 ? -1 : 1 }),
          points: { show: false },
        })),
      ],
    },
    [x, ...data.series.map((s) => s.values)],
    el,
  );
  return () => plot.destroy();
}

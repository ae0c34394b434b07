// The manager pages' bar charts (uPlot, bundled; loaded with the dashboard
// or the reports only): the dashboard's movements per day, the reports'
// value in and out by document type. Categories along the bottom; two
// series as bars side by side: the first left of each category, the second
// right of it.
import uPlot from 'uplot';

export interface DailySeries {
  label: string; // what the days are called in the legend
  dates: string[]; // YYYY-MM-DD, site-local
  series: { label: string; values: number[]; colour: string }[];
}

export interface CategorySeries {
  label: string; // what the categories are called in the legend
  categories: string[]; // the words under each pair of bars
  series: { label: string; values: number[]; colour: string }[];
  /** How a value reads in the legend (default: as it is); the left axis shows plain numbers. */
  format?: (v: number) => string;
  /** The top of the left axis when the values have one (100 for a percentage); default: from the values. */
  max?: number;
}

export function dailyChart(el: HTMLElement, data: DailySeries, width: number): () => void {
  return barChart(el, { label: data.label, categories: data.dates, series: data.series }, width, (d) => d.slice(5));
}

export function categoryChart(el: HTMLElement, data: CategorySeries, width: number): () => void {
  return barChart(el, data, width, (c) => c);
}

function barChart(el: HTMLElement, data: CategorySeries, width: number, tick: (c: string) => string): () => void {
  const x = data.categories.map((_, i) => i);
  const bars = uPlot.paths.bars!;
  const format = data.format;
  // Long words under many bars lean, so that they do not run into each other.
  const lean = !!format && data.categories.length * 80 > width;
  const plot = new uPlot(
    {
      width,
      height: lean ? 280 : 220,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: false, range: [-0.5, data.categories.length - 0.5] },
        ...(data.max !== undefined ? { y: { range: [0, data.max] as uPlot.Range.MinMax } } : {}),
      },
      axes: [
        {
          values: (_u, splits) => splits.map((i) => (Number.isInteger(i) ? tick(data.categories[i] ?? '') : '')),
          grid: { show: false },
          ...(format ? { splits: () => x } : {}),
          ...(lean ? { rotate: 40, size: 100 } : {}),
        },
        { size: format ? 64 : 44 },
      ],
      series: [
        { label: data.label, value: (_u: uPlot, i: number | null) => (i === null ? '--' : (data.categories[i] ?? '')) },
        ...data.series.map((s, k) => ({
          label: s.label,
          stroke: s.colour,
          fill: s.colour,
          width: 0,
          paths: bars({ size: [0.4, 24], align: k === 0 ? -1 : 1 }),
          points: { show: false },
          ...(format ? { value: (_u: uPlot, v: number | null) => (v === null ? '--' : format(v)) } : {}),
        })),
      ],
    },
    [x, ...data.series.map((s) => s.values)],
    el,
  );
  return () => plot.destroy();
}

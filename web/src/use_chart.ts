// Draws a chart from the chart module (uPlot), loaded only when a page first
// shows one, into the element the caller renders; redrawn when `deps`
// change, removed when the page goes. `failed`: the module could not be
// loaded (offline before it was cached); the numbers' table still reads.
import { useEffect, useRef, useState } from 'preact/hooks';

type ChartModule = typeof import('./chart');

export function useChart(draw: (m: ChartModule, el: HTMLDivElement, width: number) => () => void, deps: unknown[]) {
  const el = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let destroy: (() => void) | undefined;
    let gone = false;
    import('./chart')
      .then((m) => {
        if (gone || !el.current) return;
        el.current.textContent = '';
        destroy = draw(m, el.current, Math.max(280, el.current.clientWidth));
      })
      .catch(() => setFailed(true));
    return () => {
      gone = true;
      destroy?.();
    };
  }, deps);
  return { el, failed };
}

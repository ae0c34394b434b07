// The gateway's event stream (/api/v1/events, Server-Sent Events): pages
// name the events they show and are called when one arrives, or on `reset`
// (the stream could not say what was missed: reload). The browser
// reconnects by itself with Last-Event-ID.
import { useEffect } from 'preact/hooks';

export function useEvents(types: string[], onEvent: (type: string, data: unknown) => void) {
  useEffect(() => {
    const source = new EventSource('/api/v1/events');
    const handler = (e: MessageEvent) => {
      let data: unknown = null;
      try {
        data = JSON.parse(e.data as string);
      } catch {
        /* a malformed event still says something changed */
      }
      onEvent(e.type, data);
    };
    for (const type of [...types, 'reset']) source.addEventListener(type, handler);
    return () => source.close();
  }, [types.join()]);
}

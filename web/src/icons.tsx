// The few pictures the pages use, as inline SVG: every device draws them,
// with or without an emoji font (the tiles and verdicts must never show a
// missing-glyph box). Decorative: the words beside them say the same.
const paths = {
  search: 'M10 3a7 7 0 0 1 5.6 11.2l5.1 5.1-1.4 1.4-5.1-5.1A7 7 0 1 1 10 3zm0 2a5 5 0 1 0 0 10 5 5 0 0 0 0-10z',
  receive: 'M11 3h2v9.2l3.3-3.3 1.4 1.4L12 16l-5.7-5.7 1.4-1.4 3.3 3.3zM3 15h2v4h14v-4h2v6H3z',
  pick: 'M11 16V6.8L7.7 10.1 6.3 8.7 12 3l5.7 5.7-1.4 1.4L13 6.8V16zM3 15h2v4h14v-4h2v6H3z',
  move: 'M7 4 2 9l5 5v-4h7V8H7zm10 6v4h-7v2h7v4l5-5z',
  count: 'M9 2h6v2h3a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2h3zm0 4H6v14h12V6h-3v2H9zm1.5 9.1 5.3-5.3 1.4 1.4-6.7 6.7-3.7-3.7 1.4-1.4z',
  inbox: 'M12 2 1 21h22zm0 4.2L19.6 19H4.4zM11 10h2v5h-2zm0 6h2v2h-2z',
  dashboard: 'M3 21V11h4v10zm7 0V3h4v18zm7 0v-7h4v7z',
  reports: 'M5 2h10l5 5v15H5zm2 2v16h11V8h-4V4zm2 7h6v2H9zm0 4h6v2H9z',
  admin: 'M12 2a5 5 0 1 1 0 10 5 5 0 0 1 0-10zm0 12c5 0 9 2.2 9 5v3H3v-3c0-2.8 4-5 9-5z',
  ok: 'M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z',
  no: 'M19 6.4 17.6 5 12 10.6 6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12z',
  wait: 'M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20zm0 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16zm-1 3h2v5.6l4 2.3-1 1.7-5-2.9z',
} as const;

export type IconName = keyof typeof paths;

export function Icon(props: { name: IconName; size?: number }) {
  const s = props.size ?? 24;
  return (
    <svg class="icon" viewBox="0 0 24 24" width={s} height={s} aria-hidden="true" focusable="false">
      <path fill="currentColor" d={paths[props.name]} />
    </svg>
  );
}

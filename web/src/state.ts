// What every page shares: who is signed in, the route, and whether the
// gateway can be reached. Pages read these through useValue().
import { signal, type Signal } from '@preact/signals-core';
import { useEffect, useState } from 'preact/hooks';
import { NetworkError, api, get, setCsrf, whenUnauthenticated } from './api';
import { site } from './i18n';
import * as queue from './queue';
import type { Login, Me, Role } from './types';

// Who is signed in: null when no one; undefined until the gateway has said.
// Pages do not wait for it (on a phone network the question costs a round
// trip): they start at once, and a 401 on any request brings the sign-in.
export const me = signal<Me | null | undefined>(undefined);
export const route = signal<string[]>(parseHash());
export const online = signal<boolean>(navigator.onLine);

/** The value of a signal, re-rendering the component when it changes. */
export function useValue<T>(s: Signal<T>): T {
  const [, bump] = useState(0);
  useEffect(() => s.subscribe(() => bump((n) => n + 1)), [s]);
  return s.value;
}

function parseHash(): string[] {
  return location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
}
window.addEventListener('hashchange', () => (route.value = parseHash()));

export function go(...parts: string[]) {
  location.hash = `#/${parts.map(encodeURIComponent).join('/')}`;
}

window.addEventListener('online', () => (online.value = true));
window.addEventListener('offline', () => (online.value = false));

const rank: Record<Role, number> = { operator: 0, manager: 1, admin: 2 };
export function can(role: Role): boolean {
  const m = me.value;
  return !!m && rank[m.role] >= rank[role];
}

function adopt(m: Me) {
  if (m.timezone) site.timezone = m.timezone;
  if (m.currency) site.currency = m.currency;
  localStorage.setItem('jxc.me', JSON.stringify(m));
  me.value = m;
  queue.setUser(m.user);
}

/** Who is signed in: asked of the gateway; offline, the last known answer (the shell works offline). */
export async function loadMe() {
  try {
    adopt(await get<Me>('/me'));
  } catch (e) {
    const kept = localStorage.getItem('jxc.me');
    if (e instanceof NetworkError && kept) {
      adopt(JSON.parse(kept) as Me);
      return;
    }
    me.value = null;
  }
}

export async function signIn(user: string, password: string) {
  const login = await api<Login>('POST', '/session', { body: { user, password } });
  setCsrf(login.csrf_token);
  await loadMe();
}

export async function signOut() {
  try {
    await api('DELETE', '/session');
  } catch {
    /* the session may be gone already */
  }
  setCsrf('');
  localStorage.removeItem('jxc.me');
  queue.setUser('');
  me.value = null;
}

whenUnauthenticated(() => {
  localStorage.removeItem('jxc.me');
  queue.setUser('');
  me.value = null;
});

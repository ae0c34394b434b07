// Every write a clerk's scan makes goes through this queue, kept in
// IndexedDB so that nothing is lost when the Wi-Fi drops between racks or
// the page is closed: each request is stored with its Idempotency-Key
// before it is sent, sent in order, and kept until the gateway has answered
// it. A request that does not reach the gateway stays waiting and is sent
// again when the network returns (the key makes a repeat book nothing
// twice); one the gateway refuses is flagged with its reason, never dropped.
import { signal } from '@preact/signals-core';
import { ApiError, NetworkError, api } from './api';

export type EntryState = 'waiting' | 'sending' | 'done' | 'refused';

export interface Entry {
  seq?: number;
  key: string;
  user: string;
  method: string;
  path: string;
  body: unknown;
  /** What the person did, in their words ("3 × 矿泉水 → PO-1001"). */
  label: string;
  /** Where it was made (a page and order), to show it there again. */
  context: string;
  state: EntryState;
  created_at: string;
  /** The gateway's answer: its result, or its problem's code and words. */
  result?: unknown;
  problem?: { status: number; code: string; title: string; detail: string };
  tries: number;
  /** The answer was shown to the person as they scanned; a refusal they saw needs no flag later. */
  shown?: boolean;
}

const DB = 'jxc-edge';
const STORE = 'queue';

let dbPromise: Promise<IDBDatabase> | undefined;
function db(): Promise<IDBDatabase> {
  dbPromise ??= new Promise((resolve, reject) => {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'seq', autoIncrement: true });
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  return dbPromise;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

async function store(mode: IDBTransactionMode) {
  return (await db()).transaction(STORE, mode).objectStore(STORE);
}

async function put(e: Entry): Promise<number> {
  return (await request((await store('readwrite')).put(e))) as number;
}

export async function all(): Promise<Entry[]> {
  return (await request((await store('readonly')).getAll())) as Entry[];
}

/** The queue as the pages show it; refreshed after every change. */
export const entries = signal<Entry[]>([]);
async function refresh() {
  entries.value = await all();
}

let currentUser = '';
let userKnown: () => void = () => {};
let userReady = new Promise<void>((resolve) => (userKnown = resolve));
/** Whose requests may be sent: only the signed-in user's own (their key is theirs). */
export function setUser(user: string) {
  currentUser = user;
  if (user) {
    userKnown();
    void drain();
  } else userReady = new Promise<void>((resolve) => (userKnown = resolve));
}

let draining: Promise<boolean> | undefined;

async function sendOne(e: Entry): Promise<'next' | 'stop'> {
  e.state = 'sending';
  e.tries += 1;
  await put(e);
  try {
    e.result = await api(e.method, e.path, { body: e.body, idempotencyKey: e.key });
    e.state = 'done';
    e.problem = undefined;
  } catch (err) {
    if (err instanceof NetworkError || (err instanceof ApiError && (err.status === 401 || err.status >= 500 || err.status === 429))) {
      // Not answered for good: the network, the session or the gateway's
      // load; the same request (same key) goes again later.
      e.state = 'waiting';
      if (err instanceof ApiError) e.problem = { status: err.status, code: err.code, title: err.title, detail: err.detail };
      await put(e);
      return 'stop';
    }
    const p = err as ApiError;
    e.state = 'refused';
    e.problem = { status: p.status, code: p.code, title: p.title, detail: p.detail };
  }
  await put(e);
  return 'next';
}

/**
 * A new Idempotency-Key: a random UUID. crypto.randomUUID exists only in a
 * secure context (HTTPS or the box itself); on a plain-HTTP LAN the key is
 * made from crypto.getRandomValues, which every context has.
 */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Sends every waiting request of the signed-in user, oldest first; stops at
 * the first that cannot be sent (the answer is then true).
 */
export function drain(): Promise<boolean> {
  draining ??= (async () => {
    try {
      for (;;) {
        const next = (await all()).find((e) => (e.state === 'waiting' || e.state === 'sending') && (e.user === currentUser || !e.user));
        if (!next || !currentUser) return false;
        // Made before the gateway said who is signed in (so never sent): the signed-in user's.
        if (!next.user) next.user = currentUser;
        const go = await sendOne(next);
        await refresh();
        if (go === 'stop') return true;
      }
    } finally {
      draining = undefined;
      await refresh();
    }
  })();
  return draining;
}

/**
 * Queues a write and sends it (after any earlier one still waiting). The
 * answer is the entry as it stands then: done, refused, or still waiting
 * when the gateway cannot be reached.
 */
export async function submit(req: Pick<Entry, 'method' | 'path' | 'body' | 'label' | 'context'>): Promise<Entry> {
  // A scan made in the first moments after the page opened waits for the
  // gateway to say who is signed in (briefly: offline, the kept answer).
  if (!currentUser) await Promise.race([userReady, new Promise((r) => setTimeout(r, 10000))]);
  const e: Entry = {
    ...req,
    key: newKey(),
    user: currentUser,
    state: 'waiting',
    created_at: new Date().toISOString(),
    tries: 0,
  };
  e.seq = await put(e);
  await refresh();
  // A drain already running may have looked for work before this entry was
  // stored: drain again until this entry is answered or sending stopped.
  for (;;) {
    const stopped = await drain();
    const now = (await request((await store('readonly')).get(e.seq))) as Entry;
    if (now.state === 'done' || now.state === 'refused') {
      now.shown = true;
      await put(now);
      await refresh();
      return now;
    }
    if (stopped || !currentUser) return now;
  }
}

/** Refusals the person has not seen as they scanned: answered later, from the queue. */
export function unseenRefusals(list: Entry[]): Entry[] {
  return list.filter((e) => e.state === 'refused' && !e.shown);
}

/** Forgets the requests the gateway has answered (done); refused ones stay until dismissed one by one. */
export async function clearDone() {
  const s = await store('readwrite');
  for (const e of await request(s.getAll()) as Entry[]) if (e.state === 'done') s.delete(e.seq!);
  await new Promise((r) => setTimeout(r, 0));
  await refresh();
}

export async function dismiss(seq: number) {
  await request((await store('readwrite')).delete(seq));
  await refresh();
}

/** Retries when the network comes back, and every 5 s while anything waits. */
export function startReplaying() {
  window.addEventListener('online', () => void drain());
  setInterval(() => {
    if (entries.value.some((e) => e.state === 'waiting' && e.user === currentUser)) void drain();
  }, 5000);
  void refresh();
}

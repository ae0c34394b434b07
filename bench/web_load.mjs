// web_load: the web app's first load on a phone, beside the same load
// unthrottled in the same run and beside the product's budget.
//
// The budget: a clerk page's first load carries at most 150 KB compressed of
// JS + CSS + fonts (the app uses the system's fonts), and is interactive
// within 1 s on a mid-range phone: Chromium's CPU throttling x4 and DevTools'
// "Fast 3G" network.
//
// Method. A real gateway on loopback with the seeded warehouse of the browser
// tests (web/tests/site.mjs: startSite, launchBrowser, phoneContext), Debian's
// chromium headless through playwright-core. Each round:
//   1. the clerk signs in as a person does, in a fresh phone context: opens
//      /app/, fills 用户名 and 密码, clicks 登录, waits for the home page; the
//      context's cookies (the session) are kept and that context is closed;
//   2. every page (/app/#/stock, /app/#/receive/PO-1001) is loaded, once with
//      the phone's emulation and once without (the order alternates by
//      round), each time in a new phone context given only that cookie: cold
//      HTTP cache, no service worker, no local storage, no connection. The
//      login page's own load would otherwise have filled the cache and
//      installed the service worker: the measured load holds none of it.
// The phone: a CDP session on the page, Emulation.setCPUThrottlingRate 4 and
// Network.emulateNetworkConditions with DevTools' "Fast 3G" (since 2024 also
// named "Slow 4G"): 562.5 ms latency per request, 180,000 B/s down, 84,375 B/s
// up (front_end/core/sdk/NetworkManager.ts, puppeteer's
// PredefinedNetworkConditions: 150 ms x 3.75, 1.6 Mbit/s x 0.9, 750 kbit/s x 0.9).
// Chromium adds that latency once to every request (no separate connection
// set-up), so a page needs at least 562.5 ms per request it waits on.
//
// Counted, from the page's own CDP session (Network.*): bytes are each
// request's Network.loadingFinished encodedDataLength (what crossed the wire:
// compressed body and response headers), by the resource type of
// Network.responseReceived; "JS + CSS + fonts" = types Script, Stylesheet and
// Font, and the page itself (Document), which holds the first load's script
// and style sheet inline. Requests: Network.requestWillBeSent of the page. The service
// worker's own fetches (its script, and the shell it keeps at install, mostly
// from the HTTP cache the page has just filled) run in its own target, which
// the emulation does not reach: they are counted apart, from playwright's
// service-worker network events (request.sizes(): encoded body + headers).
// The tally is taken once the network has been quiet for 500 ms after the
// page became interactive.
//
// Times from the navigation's start (the document's timeOrigin):
//   - FCP: performance.getEntriesByType('paint') first-contentful-paint;
//   - field: the first moment the page's scan field (.scan-input) is in the
//     document, laid out with a non-empty box, not visibility:hidden and not
//     disabled (checked by a MutationObserver and every animation frame; the
//     check lays the page out, once the field exists);
//   - interactive: the first moment T >= field such that no long task (a
//     PerformanceObserver on 'longtask', i.e. main-thread tasks >= 50 ms)
//     runs in [T, T + 50 ms): the field is there and the main thread has had
//     a 50 ms quiet window.
// Median (range) over --rounds (5). Never asserts; exits 0 once measured.
//
// Usage: node bench/web_load.mjs [--rounds 5] [--files]
//   --files: also list every request of the first phone load of each page
//   (type, bytes, start and end in ms).
// Needs build/bin/jxc-edge and jxc-hwsim (or JXC_EDGE_BIN / JXC_HWSIM_BIN) and
// /usr/bin/chromium (or CHROMIUM), as the browser tests do.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { CHROMIUM, EDGE_BIN, launchBrowser, phoneContext, startSite } from '../web/tests/site.mjs';

// Read when playwright-core is loaded (by launchBrowser, below): requests a
// service worker makes are reported on the context, with serviceWorker() set.
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';

const BUDGET_BYTES = 150_000; // 150 KB, KB = 1,000 bytes
const BUDGET_MS = 1000;
const FAST_3G = { offline: false, latency: 150 * 3.75, downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9, uploadThroughput: ((750 * 1000) / 8) * 0.9 };
const CPU_RATE = 4;
const QUIET_MS = 50;
const ASSET_TYPES = new Set(['Document', 'Script', 'Stylesheet', 'Font']);

function usage(code) {
  console.log('usage: node bench/web_load.mjs [--rounds N (5)] [--files]');
  process.exit(code);
}

const opts = { rounds: 5, files: false };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--rounds') opts.rounds = Number(process.argv[++i]);
  else if (a.startsWith('--rounds=')) opts.rounds = Number(a.slice(9));
  else if (a === '--files') opts.files = true;
  else if (a === '--help' || a === '-h') usage(0);
  else usage(2);
}
if (!Number.isInteger(opts.rounds) || opts.rounds < 1) usage(2);

// Runs in every document before its own scripts: records the scan field's
// arrival and the long tasks, and offers a promise of "interactive".
const OBSERVER = () => {
  const m = (window.__webLoad = { field: null, longTasks: [] });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) m.longTasks.push([e.startTime, e.startTime + e.duration]);
    }).observe({ type: 'longtask', buffered: true });
    m.longTaskObserver = true;
  } catch {
    m.longTaskObserver = false;
  }
  let found;
  m.fieldShown = new Promise((resolve) => (found = resolve));
  const ready = () => {
    const el = document.querySelector('.scan-input');
    if (!el || el.disabled || !el.isConnected) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  const check = () => {
    if (m.field === null && ready()) {
      m.field = performance.now();
      found(m.field);
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
  const frame = () => {
    check();
    if (m.field === null) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  // The first T >= field with no long task in [T, T + QUIET): decided once
  // the window has passed and the observer has had time to report.
  m.interactive = async (quiet, settle) => {
    await m.fieldShown;
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    let last = -1;
    for (;;) {
      let t = m.field;
      const tasks = [...m.longTasks].sort((a, b) => a[0] - b[0]);
      for (const [start, end] of tasks) if (start < t + quiet && end > t) t = end;
      if (t === last) return { field: m.field, interactive: t, longTasks: tasks, observer: m.longTaskObserver };
      last = t;
      const wait = t + quiet + settle - performance.now();
      await sleep(Math.max(wait, settle));
    }
  };
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Signs the clerk in through the login page; resolves with the session's cookies. */
async function signInAsPerson(browser, site) {
  const context = await phoneContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(`${site.url}/app/`);
    await page.getByLabel('用户名').fill(site.users.clerk.name);
    await page.getByLabel('密码').fill(site.users.clerk.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('link', { name: '库存查询' }).waitFor();
    const cookies = await context.cookies(site.url);
    if (!cookies.length) throw new Error('signed in, but the gateway set no cookie');
    return cookies;
  } finally {
    await context.close();
  }
}

/** One cold load of `path` in a new context holding `cookies`; `phone` applies the emulation. */
async function measureLoad(browser, site, cookies, path, phone) {
  const context = await phoneContext(browser);
  try {
    await context.addCookies(cookies);
    const page = await context.newPage();
    await page.addInitScript(OBSERVER);
    const cdp = await context.newCDPSession(page);
    const requests = new Map(); // requestId -> {url, type, start, end, bytes, status}
    let lastActivity = Date.now();
    cdp.on('Network.requestWillBeSent', (e) => {
      lastActivity = Date.now();
      if (e.request.url.startsWith('data:')) return;
      const r = requests.get(e.requestId);
      if (r) r.redirects = (r.redirects ?? 0) + 1; // a redirect reuses the id
      else requests.set(e.requestId, { url: e.request.url, type: e.type ?? 'Other', start: e.timestamp, end: null, bytes: null });
    });
    cdp.on('Network.responseReceived', (e) => {
      lastActivity = Date.now();
      const r = requests.get(e.requestId);
      if (r) {
        r.type = e.type ?? r.type;
        r.status = e.response.status;
        r.fromServiceWorker = e.response.fromServiceWorker;
      }
    });
    cdp.on('Network.loadingFinished', (e) => {
      lastActivity = Date.now();
      const r = requests.get(e.requestId);
      if (r) {
        r.end = e.timestamp;
        r.bytes = e.encodedDataLength;
      }
    });
    cdp.on('Network.loadingFailed', (e) => {
      lastActivity = Date.now();
      const r = requests.get(e.requestId);
      if (r) {
        r.end = e.timestamp;
        r.bytes = 0;
        r.failed = e.errorText;
      }
    });
    const worker = { requests: 0, bytes: 0, pending: [] };
    context.on('requestfinished', (r) => {
      if (!r.serviceWorker()) return;
      lastActivity = Date.now();
      worker.requests++;
      worker.pending.push(r.sizes().then((z) => (worker.bytes += z.responseBodySize + z.responseHeadersSize), () => {}));
    });
    await cdp.send('Network.enable');
    if (phone) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_RATE });
      await cdp.send('Network.emulateNetworkConditions', FAST_3G);
    }

    await page.goto(site.url + path, { waitUntil: 'commit', timeout: 60000 });
    const times = await Promise.race([
      page.evaluate(([quiet, settle]) => window.__webLoad.interactive(quiet, settle), [QUIET_MS, 250]),
      sleep(60000).then(() => {
        throw new Error(`${path}: no usable scan field within 60 s (signed out? the gateway's log: ${site.tmp})`);
      }),
    ]);
    // The rest of the load (what arrives after the page became usable).
    const end = Date.now() + 30000;
    while (Date.now() < end) {
      const open = [...requests.values()].some((r) => r.end === null && r.type !== 'EventSource');
      if (!open && Date.now() - lastActivity >= 500) break;
      await sleep(50);
    }
    await Promise.all(worker.pending);
    const nav = await page.evaluate(() => {
      const fcp = performance.getEntriesByType('paint').find((p) => p.name === 'first-contentful-paint');
      return { fcp: fcp ? fcp.startTime : null, url: location.href };
    });
    if (phone) {
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    }
    const list = [...requests.values()];
    const t0 = Math.min(...list.map((r) => r.start));
    const assets = list.filter((r) => ASSET_TYPES.has(r.type));
    const sum = (rs) => rs.reduce((s, r) => s + (r.bytes ?? 0), 0);
    return {
      assetBytes: sum(assets),
      totalBytes: sum(list),
      requests: list.length,
      unfinished: list.filter((r) => r.end === null).length,
      workerRequests: worker.requests,
      workerBytes: worker.bytes,
      fcp: nav.fcp,
      field: times.field,
      interactive: times.interactive,
      longTasks: times.longTasks,
      observer: times.observer,
      files: list.map((r) => ({
        type: r.type,
        path: r.url.replace(site.url, ''),
        bytes: r.bytes,
        status: r.status,
        start: (r.start - t0) * 1000,
        end: r.end === null ? null : (r.end - t0) * 1000,
        failed: r.failed,
      })),
    };
  } finally {
    await context.close();
  }
}

function describeMachine() {
  const cpus = os.cpus();
  let chromium = '?';
  try {
    chromium = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {}
  return `${cpus.length} CPUs (${cpus[0]?.model.trim() ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
    `Linux ${os.release()}, Node ${process.version}, ${chromium}`;
}

const loadLine = () => `load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`;
const kb = (b) => (b / 1000).toFixed(1);
const ms = (x) => (x === null || x === undefined ? '—' : Math.round(x).toLocaleString('en'));
const ratio = (a, b) => (b ? (a / b).toFixed(2) : '—');

function cell(values, fmt) {
  const v = values.filter((x) => x !== null && x !== undefined);
  if (!v.length) return '—';
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  return lo === hi ? fmt(lo) : `${fmt(median(v))} (${fmt(lo)}–${fmt(hi)})`;
}

function printFiles(title, load) {
  console.log(`\n${title}: every request of the first such load (ms from the first request)`);
  console.log(`  ${'type'.padEnd(11)} ${'bytes'.padStart(8)} ${'start'.padStart(7)} ${'end'.padStart(7)}  path`);
  for (const f of [...load.files].sort((a, b) => a.start - b.start))
    console.log(`  ${f.type.padEnd(11)} ${String(f.bytes ?? '—').padStart(8)} ${ms(f.start).padStart(7)} ${ms(f.end).padStart(7)}  ` +
      `${f.path}${f.status && f.status !== 200 ? ` [${f.status}]` : ''}${f.failed ? ` [${f.failed}]` : ''}`);
}

const PAGES = [
  { name: 'stock', path: '/app/#/stock' },
  { name: 'receive PO-1001', path: '/app/#/receive/PO-1001' },
];

console.log("web_load: the web app's first load of the clerk pages, phone beside unthrottled");
console.log(`machine:  ${describeMachine()}`);
console.log(`gateway:  ${EDGE_BIN} (the seeded site of web/tests/site.mjs on loopback)`);
console.log(`phone:    CPU x${CPU_RATE}; "Fast 3G": latency ${FAST_3G.latency} ms, down ${FAST_3G.downloadThroughput} B/s, ` +
  `up ${FAST_3G.uploadThroughput} B/s; viewport 412x915 @2x (phoneContext)`);
console.log(`method:   ${opts.rounds} rounds; each: the clerk signs in on the login page (own context), then each page ` +
  'is loaded cold with and without the emulation, each in a new context with only the session cookie');
console.log(`bytes:    Network.loadingFinished encodedDataLength (compressed body + headers); JS + CSS + fonts = ` +
  'types Document (the page, with the first load inline), Script, Stylesheet, Font; KB = 1,000 bytes');
console.log(`interactive: .scan-input visible and enabled, then the first ${QUIET_MS} ms without a long task`);
console.log(`before:   ${loadLine()}`);

const started = Date.now();
const site = await startSite();
const browser = await launchBrowser();
const results = Object.fromEntries(PAGES.map((p) => [p.name, { phone: [], bare: [] }]));
try {
  for (let round = 0; round < opts.rounds; round++) {
    const cookies = await signInAsPerson(browser, site);
    const modes = round % 2 ? [false, true] : [true, false];
    for (const p of PAGES)
      for (const phone of modes) {
        const load = await measureLoad(browser, site, cookies, p.path, phone);
        results[p.name][phone ? 'phone' : 'bare'].push(load);
        process.stderr.write(`round ${round + 1}/${opts.rounds} ${p.name} ${phone ? 'phone' : 'unthrottled'}: ` +
          `${kb(load.assetBytes)} KB JS+CSS, ${load.requests} requests, FCP ${ms(load.fcp)} ms, interactive ${ms(load.interactive)} ms\n`);
      }
  }
} finally {
  await browser.close();
  await site.stop();
}

console.log(`after:    ${loadLine()}; ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
console.log(`\nmedian (range) of ${opts.rounds}; "÷ unthrottled": medians of the per-round ratios; ` +
  `"÷ budget": the phone's median over ${BUDGET_BYTES / 1000} KB or ${BUDGET_MS} ms`);
const head = ['page', 'figure', 'phone (x4, Fast 3G)', 'unthrottled', '÷ unthrottled', '÷ budget'];
const rows = [];
for (const p of PAGES) {
  const { phone, bare } = results[p.name];
  const per = (key) => phone.map((l, i) => (bare[i][key] ? l[key] / bare[i][key] : null)).filter((x) => x !== null);
  const figure = (label, key, fmt, budget) => {
    const r = per(key);
    rows.push([p.name, label, cell(phone.map((l) => l[key]), fmt), cell(bare.map((l) => l[key]), fmt),
      r.length ? median(r).toFixed(2) : '—', budget ? ratio(median(phone.map((l) => l[key])), budget) : '']);
  };
  figure('page + JS + CSS + fonts, KB', 'assetBytes', kb, BUDGET_BYTES);
  figure('all bytes, KB', 'totalBytes', kb);
  figure('requests', 'requests', String);
  figure("service worker's own fetches", 'workerRequests', String);
  figure("service worker's own bytes, KB", 'workerBytes', kb);
  figure('first contentful paint, ms', 'fcp', ms);
  figure('scan field shown, ms', 'field', ms);
  figure('interactive, ms', 'interactive', ms, BUDGET_MS);
}
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(line(head));
for (const r of rows) console.log(line(r));

for (const p of PAGES) {
  const loads = [...results[p.name].phone, ...results[p.name].bare];
  if (loads.some((l) => !l.observer)) console.log(`\n!! ${p.name}: no longtask observer in this chromium: interactive = field`);
  const unfinished = loads.reduce((s, l) => s + l.unfinished, 0);
  if (unfinished) console.log(`\n!! ${p.name}: ${unfinished} requests still open at the tally (not counted in bytes)`);
  const lt = results[p.name].phone.map((l) => l.longTasks.length);
  console.log(`${p.name}: long tasks per phone load ${cell(lt, String)}, longest ` +
    `${cell(results[p.name].phone.map((l) => Math.max(0, ...l.longTasks.map(([s, e]) => e - s))), ms)} ms`);
}
if (opts.files)
  for (const p of PAGES) {
    printFiles(`${p.name}, phone`, results[p.name].phone[0]);
    printFiles(`${p.name}, unthrottled`, results[p.name].bare[0]);
  }
process.exit(0);

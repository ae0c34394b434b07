// The site the browser tests run against: a real `jxc-edge run` on loopback
// with a small warehouse (items, bins, opening stock, users, two expected
// receipts), an LLRP reader simulator at its dock door, and helpers to drive
// Debian's chromium through playwright-core like a phone in the warehouse.
//
//   import { startSite, launchBrowser, phoneContext } from './site.mjs';
//   const site = await startSite();
//   const browser = await launchBrowser();
//   const page = await (await phoneContext(browser)).newPage();
//   await page.goto(site.url + '/app/');
//   ...
//   await browser.close(); await site.stop();
//
// The binaries come from JXC_EDGE_BIN and JXC_HWSIM_BIN (default
// ../build/bin beside web/); chromium from CHROMIUM (default
// /usr/bin/chromium). JXC_KEEP_TMP=1 keeps the site's folder (store, TOML,
// CSVs, logs) after stop(); JXC_SCREENSHOT_DIR says where screenshots go.
// Every process started here is stopped when the test process ends, however
// it ends short of SIGKILL.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPO = path.resolve(WEB, '..');
export const EDGE_BIN = process.env.JXC_EDGE_BIN || path.join(REPO, 'build', 'bin', 'jxc-edge');
export const HWSIM_BIN = process.env.JXC_HWSIM_BIN || path.join(REPO, 'build', 'bin', 'jxc-hwsim');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const SCREENSHOT_DIR = process.env.JXC_SCREENSHOT_DIR || path.join(REPO, 'build', 'web-screenshots');
const AXE = path.join(WEB, 'node_modules', 'axe-core', 'axe.min.js');

// playwright-core never downloads by itself; this keeps anything it might
// spawn from trying.
process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';

export const PASSWORD = 'warehouse-pass-1'; // the gateway wants at least 8 bytes

// ---------------------------------------------------------------------------
// The seeded warehouse. Tests read these facts from site.items / site.bins /
// site.orders rather than repeating them.

const SITE_CODE = 'SITE-1';
const LOCATIONS = [
  // code, kind, name, parent, barcode
  [SITE_CODE, 'site', '上海测试配送中心', '', ''],
  ['WH1', 'warehouse', '一号仓', SITE_CODE, 'LOC-WH1'],
  ['RECV', 'zone', '收货区', 'WH1', 'LOC-RECV'],
  ['A', 'zone', 'A区 货架', 'WH1', 'LOC-A'],
  ['RECV-01', 'bin', '收货区 1号门道口', 'RECV', 'LOC-RECV-01'],
  ['A-01-1', 'bin', 'A区 01排 1层', 'A', 'LOC-A-01-1'],
  ['A-01-2', 'bin', 'A区 01排 2层', 'A', 'LOC-A-01-2'],
  ['A-02-1', 'bin', 'A区 02排 1层', 'A', 'LOC-A-02-1'],
];

// Raw (non-GS1) RFID tags, one per tagged unit: E280116060000204, the
// SKU's digits, the truck and the unit. Every truck brings units of its own
// (the same tags read again within [portal] departure_ms of the last truck
// would count as never having left the door, and make no pass).
const hex = (n, width) => n.toString(16).toUpperCase().padStart(width, '0');
const rawTag = (sku, truck, unit) => `E280116060000204${sku.slice(4)}${hex(truck, 2)}${hex(unit, 2)}`;
const unexpectedTag = (truck, n) => `E2801160600002049999${hex(truck, 2)}${hex(n, 2)}`;
const TRUCKS = 30; // trucks whose tags master data knows

const ITEMS = {
  bolt: { sku: 'SKU-1001', name: '不锈钢六角螺栓 M8x30', uom: 'EA', gtin: '6901234001013', weight: 18.5, cost: '0.35' },
  nut: { sku: 'SKU-1002', name: '六角螺母 M8', uom: 'EA', gtin: '6901234001020', weight: 5.2, cost: '0.08' },
  cable: { sku: 'SKU-4001', name: 'USB-C 数据线 1米', uom: 'EA', gtin: '6942109004012', weight: 45, cost: '9.90' },
  charger: { sku: 'SKU-4002', name: '快速充电器 20W', uom: 'EA', gtin: '6942109004029', weight: 60, cost: '39.00' },
  water: {
    sku: 'SKU-2001', name: '矿泉水 550ml', uom: 'BTL', gtin: '6920456002011', weight: 570, cost: '1.20',
    caseUnit: 'case', caseFactor: 12, caseGtin: '16920456002018',
  },
  formula: {
    sku: 'SKU-3001', name: '婴儿配方奶粉 900g', uom: 'CAN', gtin: '6938765003018', weight: 1050, cost: '168.00',
    lotTracked: true, lot: 'L20250601', expiry: '2030-06-30',
  },
};

// Opening stock (sku, bin, quantity in base units[, lot, expiry]).
const OPENING = [
  [ITEMS.bolt.sku, 'A-01-1', 100],
  [ITEMS.nut.sku, 'A-01-2', 50],
  [ITEMS.cable.sku, 'A-01-1', 25],
  [ITEMS.charger.sku, 'A-01-2', 10],
  [ITEMS.water.sku, 'A-02-1', 120],
  [ITEMS.formula.sku, 'A-02-1', 12, ITEMS.formula.lot, ITEMS.formula.expiry],
];

// The cables on A-01-1 are watched: 25 on hand, low below 20, so picking 6
// of them raises a low_stock alert.
const LOW_STOCK = { sku: ITEMS.cable.sku, location: 'A-01-1', onHand: 25, min: 20, max: 100, reorder: 50 };

// The weighed shelf: the chargers on A-01-2 (10 of 60 g) stand on slot 0 of
// a Modbus TCP transmitter; shelfRemoval() takes some off unexplained.
const SHELF = { slot: 'A-01-2-chargers', sku: ITEMS.charger.sku, bin: 'A-01-2', units: 10, unitGrams: ITEMS.charger.weight };
const shelfScenario = (picks = '') =>
  `slot 1 0 tuna-id551 grams=${SHELF.units * SHELF.unitGrams} unit=${SHELF.unitGrams}\n${picks}`;

const PO = { number: 'PO-1001', lines: [[ITEMS.bolt.sku, 10], [ITEMS.nut.sku, 5]] };
// What the truck at DOOR-1 brings: each unit carries its own raw tag.
const ASN = { number: 'ASN-DOOR-1', door: 'DOOR-1', lines: [[ITEMS.cable.sku, 3], [ITEMS.charger.sku, 2]] };
const truckTags = (truck) =>
  ASN.lines.flatMap(([sku, qty]) => Array.from({ length: qty }, (_, i) => ({ epc: rawTag(sku, truck, i + 1), sku })));
const ASN_TAGS = truckTags(1);

const USERS = {
  clerk: { name: 'clerk', password: PASSWORD, role: 'operator' },
  clerk2: { name: 'clerk2', password: PASSWORD, role: 'operator' },
  manager: { name: 'manager', password: PASSWORD, role: 'manager' },
  admin: { name: 'admin', password: PASSWORD, role: 'admin' },
};

// ---------------------------------------------------------------------------
// Every child process started here, and the folders to remove, whatever way
// the test process ends.

const children = new Set();
const tmpDirs = new Set();

function alive(pid) {
  // A child killed while the event loop no longer runs is never reaped: a
  // zombie counts as gone.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function killEverythingNow() {
  const pids = [...children].filter((c) => c.exitCode === null && c.signalCode === null).map((c) => c.pid);
  for (const pid of pids) try { process.kill(pid, 'SIGTERM'); } catch {}
  const wait = new Int32Array(new SharedArrayBuffer(4));
  const end = Date.now() + 3000;
  while (pids.some(alive) && Date.now() < end) Atomics.wait(wait, 0, 0, 20);
  for (const pid of pids.filter(alive)) try { process.kill(pid, 'SIGKILL'); } catch {}
  children.clear();
  if (!process.env.JXC_KEEP_TMP) for (const dir of tmpDirs) rmSync(dir, { recursive: true, force: true });
  tmpDirs.clear();
}

process.on('exit', killEverythingNow);
for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
  process.on(signal, () => {
    killEverythingNow();
    process.exit(128 + number);
  });
}

/** Starts a child with its output captured in memory and in `logFile`. */
function startChild(bin, args, { logFile, env } = {}) {
  const child = spawn(bin, args.map(String), {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  children.add(child);
  // A site nobody stopped must not keep the test process alive: the exit
  // handler above stops its processes when the process ends.
  child.unref();
  child.output = { stdout: '', stderr: '' };
  const log = logFile ? createWriteStream(logFile) : null;
  for (const stream of ['stdout', 'stderr']) {
    child[stream].unref?.();
    child[stream].setEncoding('utf8');
    child[stream].on('data', (text) => {
      child.output[stream] += text;
      log?.write(text);
    });
  }
  child.exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', (error) => resolve({ code: null, signal: null, error }));
  });
  child.exited.then(() => {
    children.delete(child);
    log?.end();
  });
  return child;
}

async function stopChild(child, ms = 10000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return child && (await child.exited);
  child.kill('SIGTERM');
  let timer;
  const killed = new Promise((resolve) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, ms);
  });
  await Promise.race([child.exited, killed]);
  clearTimeout(timer);
  return child.exited;
}

/** Runs a program to its end; rejects with its output when it fails. */
function run(bin, args, { input, env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args.map(String), { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t) => (stderr += t));
    child.on('error', (e) => {
      children.delete(child);
      reject(new Error(`${bin}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      children.delete(child);
      if (code === 0) resolve(stdout);
      else {
        const e = new Error(`${path.basename(bin)} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${stderr}${stdout}`);
        Object.assign(e, { code, stdout, stderr });
        reject(e);
      }
    });
    // A program that exits without reading its input closes the pipe: the
    // write's EPIPE says nothing its exit status does not.
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns something truthy; throws `what` (and the
 * last error or value) after `ms`. */
export async function waitFor(what, probe, { ms = 30000, every = 100 } = {}) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try {
      const got = await probe();
      if (got) return got;
      last = got;
    } catch (e) {
      if (e?.fatal) throw e;
      last = e;
    }
    if (Date.now() > end) {
      const why = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${why})`);
    }
    await sleep(every);
  }
}

// ---------------------------------------------------------------------------
// Configuration and master data files.

function tomlValue(v) {
  if (Array.isArray(v)) return `[${v.map(tomlValue).join(', ')}]`;
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

function tomlTable(name, entries) {
  return `[${name}]\n${Object.entries(entries).map(([k, v]) => `${k} = ${tomlValue(v)}`).join('\n')}\n`;
}

/** The gateway's TOML; `extra` ({http: {...}, site: {...}, alerts: {...},
 * portal: {...}, inventory: {...}}) adds or overrides keys of those tables. */
function gatewayToml({ tmp, httpPort, readerPort, shelfPort, extra = {} }) {
  const table = (name, defaults) => tomlTable(name, { ...defaults, ...(extra[name] ?? {}) });
  return [
    table('gateway', { id: 'gw-web-test', site: SITE_CODE }),
    table('log', { level: 'info' }),
    table('store', { path: path.join(tmp, 'jxc-edge.db') }),
    table('site', { timezone: 'Asia/Shanghai' }),
    ...(extra.inventory ? [table('inventory', {})] : []),
    table('alerts', { check_seconds: 1 }),
    // Plain HTTP is allowed on loopback as it is; the browser tests log in
    // and out a lot from 127.0.0.1, so failed logins lock out later.
    table('http', { enabled: true, address: '127.0.0.1', port: httpPort, login_max_failures: 50 }),
    `[[rfid.readers]]
id = "dock-1"
host = "127.0.0.1"
port = ${readerPort}
keepalive_ms = 2000
reconnect_min_ms = 200
reconnect_max_ms = 1000
start_trigger = "gpi"
gpi_port = 1
stop_trigger = "gpi"
`,
    table('scales', { match_window_s: 2 }),
    `[[scales.buses]]
id = "shelf-bus-1"
transport = "tcp"
host = "127.0.0.1"
port = ${shelfPort}
poll_interval_ms = 100
[[scales.slots]]
id = "${SHELF.slot}"
bus = "shelf-bus-1"
slave = 1
channel = 0
model = "tuna-id551"
item = "${SHELF.sku}"
bin = "${SHELF.bin}"
`,
    table('portal', { min_reads: 2 }),
    `[[portal.doors]]
id = "DOOR-1"
location = "RECV-01"
reader = "dock-1"
outside_antennas = [1]
inside_antennas = [2]
mode = "inbound"
gpi_reader = "dock-1"
gpi_port = 1
pass_idle_close_ms = 800
`,
  ].join('\n');
}

function csv(header, rows) {
  const cell = (v) => {
    const s = v === undefined || v === null ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const pad = (r) => [...r, ...Array(Math.max(0, header.length - r.length)).fill('')];
  return [header, ...rows].map((r) => pad(r).map(cell).join(',')).join('\n') + '\n';
}

async function writeMasterData(tmp) {
  const files = {
    'items.csv': csv(
      ['sku', 'name', 'uom', 'gtins', 'unit_weight_g', 'lot_tracked', 'unit_cost', 'decimals', 'packs'],
      Object.values(ITEMS).map((i) => [
        i.sku, i.name, i.uom, i.gtin, i.weight, i.lotTracked ? 'true' : 'false', i.cost, 0,
        i.caseGtin ? `${i.caseUnit}:${i.caseFactor}:${i.caseGtin}` : '',
      ]),
    ),
    'locations.csv': csv(['code', 'kind', 'name', 'parent', 'barcode'], LOCATIONS),
    'thresholds.csv': csv(
      ['sku', 'location', 'min', 'max', 'reorder'],
      [[LOW_STOCK.sku, LOW_STOCK.location, LOW_STOCK.min, LOW_STOCK.max, LOW_STOCK.reorder]],
    ),
    'item-tags.csv': csv(['epc', 'sku'],
      Array.from({ length: TRUCKS }, (_, i) => truckTags(i + 1)).flat().map((t) => [t.epc, t.sku])),
    'opening.csv': csv(['sku', 'location', 'quantity', 'lot', 'expiry'], OPENING),
  };
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(tmp, name), text);
}

/** An LLRP reader scenario: a truck through the door, light beam first. */
function doorScenario(epcs) {
  const steps = [
    { kind: 'gpi', at_ms: 300, port: 1, high: true },
    // First half on antenna 1 (outside), second on 2 (inside): inbound.
    { kind: 'pass', at_ms: 500, epcs, antennas: [1, 2], duration_ms: 1500, interval_ms: 100, rssi_low: -65, rssi_peak: -45 },
    { kind: 'gpi', at_ms: 2300, port: 1, high: false },
  ];
  return { id: 'dock-1', steps };
}

// ---------------------------------------------------------------------------

/**
 * Starts a gateway on a fresh store with the seeded warehouse.
 * options.config: extra keys per table ({http: {...}, site: {four_eyes: false}, ...}).
 * options.reader: false leaves the dock door's reader off until doorPass()
 *   (by default an idle reader simulator answers, so the device is online).
 * options.logLevel: the gateway's [log] level (default info).
 */
export async function startSite(options = {}) {
  for (const bin of [EDGE_BIN, HWSIM_BIN])
    if (!existsSync(bin)) throw new Error(`${bin} is missing (set JXC_EDGE_BIN / JXC_HWSIM_BIN)`);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'jxc-web-site-'));
  tmpDirs.add(tmp);
  const [httpPort, readerPort, shelfPort] = await distinctPorts(3);
  const config = path.join(tmp, 'gateway.toml');
  const extra = { ...options.config };
  if (options.logLevel) extra.log = { ...extra.log, level: options.logLevel };
  await writeFile(config, gatewayToml({ tmp, httpPort, readerPort, shelfPort, extra }));

  const cli = (...args) => {
    let opts = {};
    if (args.length && typeof args[args.length - 1] === 'object') opts = args.pop();
    const needsConfig = !['tools', 'check-config', '--help', '-h', '--version'].includes(args[0]) &&
      !args.includes('--config') && !args.includes('--store') && !args.includes('--help');
    return run(EDGE_BIN, needsConfig ? [...args, '--config', config] : args, opts);
  };

  let gateway;
  let reader;
  let shelf;
  const site = {
    url: `http://127.0.0.1:${httpPort}`,
    port: httpPort,
    readerPort,
    shelfPort,
    shelf: { ...SHELF },
    tmp,
    config,
    users: structuredClone(USERS),
    items: { ...structuredClone(ITEMS), lowStock: { ...LOW_STOCK }, doorTags: structuredClone(ASN_TAGS) },
    bins: LOCATIONS.filter((l) => l[1] === 'bin').map(([code, , name, parent, barcode]) => ({ code, name, zone: parent, barcode })),
    locations: LOCATIONS.map(([code, kind, name, parent, barcode]) => ({ code, kind, name, parent, barcode })),
    opening: OPENING.map(([sku, location, qty, lot, expiry]) => ({ sku, location, qty, lot: lot ?? '', expiry: expiry ?? null })),
    orders: { po: structuredClone(PO), asn: structuredClone(ASN) },
    door: { id: ASN.door, location: 'RECV-01', reader: 'dock-1' },
    passes: [],
    /** Runs jxc-edge against this site's configuration; resolves with its
     * stdout, rejects (with .code, .stdout, .stderr) when it fails. A last
     * object argument may give {input} for stdin. */
    cli,
    /** The gateway's log (stderr and stdout) so far. */
    log: () => (gateway ? gateway.output.stderr + gateway.output.stdout : ''),
  };

  try {
    await cli('check-config', config);
    await cli('init');
    await writeMasterData(tmp);
    for (const kind of ['locations', 'items', 'thresholds', 'item-tags'])
      await cli('import', kind, path.join(tmp, `${kind}.csv`));
    await cli('import', 'opening', path.join(tmp, 'opening.csv'), '--note', '期初库存 (web tests)');
    for (const u of Object.values(USERS)) await cli('user', 'add', u.name, '--role', u.role, { input: `${u.password}\n` });
    await cli('order', 'add', 'receipt', PO.number, '--tolerance', '0', '--partner', '宁波紧固件有限公司',
      ...PO.lines.flatMap(([sku, qty]) => ['--line', `${sku}:${qty}`]));
    await cli('order', 'add', 'receipt', ASN.number, '--tolerance', '0', '--door', ASN.door, '--partner', '深圳电子配件有限公司',
      ...ASN.lines.flatMap(([sku, qty]) => ['--line', `${sku}:${qty}`]));

    if (options.reader !== false) reader = await startReader(site, { id: 'dock-1', steps: [] }, 'idle');
    shelf = await startShelf(site, shelfScenario(), 'full');
    gateway = startChild(EDGE_BIN, ['run', '--config', config], { logFile: path.join(tmp, 'gateway.log') });
    await waitFor('the gateway to answer /readyz', async () => {
      if (gateway.exitCode !== null || gateway.signalCode !== null)
        throw Object.assign(new Error(`the gateway exited (${gateway.signalCode ?? gateway.exitCode})`), { fatal: true });
      const res = await fetch(`${site.url}/readyz`).catch(() => null);
      return res?.status === 200;
    }, { ms: 30000, every: 100 }).catch((e) => {
      throw new Error(`${e.message}\n--- gateway log ---\n${site.log()}`);
    });
  } catch (e) {
    await stopChild(gateway);
    await stopChild(reader);
    await stopChild(shelf);
    if (!process.env.JXC_KEEP_TMP) {
      await rm(tmp, { recursive: true, force: true });
      tmpDirs.delete(tmp);
    }
    throw e;
  }

  // --- the API as a user ---------------------------------------------------
  const sessions = new Map(); // name -> Promise<{cookie, csrf}>
  const userOf = (user) => (typeof user === 'string' ? site.users[user] ?? { name: user, password: PASSWORD } : user);

  async function login(user) {
    const res = await fetch(`${site.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ user: user.name, password: user.password }),
    });
    const body = await res.json().catch(() => null);
    if (res.status !== 200) throw new Error(`login as ${user.name}: HTTP ${res.status} ${JSON.stringify(body)}`);
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    return { cookie, csrf: body.csrf_token };
  }

  /**
   * A request as `user` ('clerk', a {name, password} object, or null for no
   * one). Logs in once per user and keeps the session (again after a 401);
   * writes carry X-CSRF-Token. Resolves with {status, body, headers}: body is
   * parsed JSON when the answer is JSON, else text.
   */
  site.api = async (user, method, urlPath, body, { headers = {} } = {}) => {
    const who = user ? userOf(user) : null;
    for (let attempt = 0; ; attempt++) {
      let session = null;
      if (who) {
        if (!sessions.has(who.name)) sessions.set(who.name, login(who).catch((e) => { sessions.delete(who.name); throw e; }));
        session = await sessions.get(who.name);
      }
      const h = { Accept: 'application/json', ...headers };
      if (session) h.Cookie = session.cookie;
      if (session && !['GET', 'HEAD'].includes(method.toUpperCase())) h['X-CSRF-Token'] = session.csrf;
      if (body !== undefined) h['Content-Type'] = 'application/json';
      const res = await fetch(site.url + urlPath, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
      const type = res.headers.get('content-type') ?? '';
      const text = await res.text();
      let parsed = text;
      if (type.includes('json') && text) try { parsed = JSON.parse(text); } catch {}
      if (res.status === 401 && session && attempt === 0 && urlPath !== '/api/v1/session') {
        sessions.delete(who.name); // the session ended: log in again, once
        continue;
      }
      return { status: res.status, body: parsed, headers: res.headers };
    }
  };
  /** Forgets the kept session of a user (the next api() call logs in anew). */
  site.forget = (user) => sessions.delete(userOf(user).name);

  // --- a truck at DOOR-1 -------------------------------------------------------
  let asnCount = 1;
  let trucks = 0;
  // The order a truck at DOOR-1 is matched with, as the gateway chooses it
  // (edge/inventory/queries_orders.cpp): the oldest open expected receipt
  // for the door with no document held for review against it, else the
  // oldest such order for any door, which would be PO-1001. So a truck finds
  // ASN-DOOR-1 until a pass has been booked or held against it; each later
  // truck gets an ASN-DOOR-n of its own, made here by the manager.
  async function openAsnForDoor() {
    const list = async (query) => {
      const r = await site.api('manager', 'GET', `/api/v1/${query}`);
      if (r.status !== 200) throw new Error(`GET /api/v1/${query}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    };
    const drafts = (await list('documents?state=draft&limit=1000')).documents;
    const waiting = new Set(drafts.filter((d) => d.needs_review && d.order).map((d) => d.order));
    const open = (await list('orders?kind=receipt&state=open&limit=1000')).orders
      .filter((o) => o.door === ASN.door && !waiting.has(o.number))
      .sort((a, b) => a.id - b.id);
    if (open.length) {
      const o = await list(`orders/${open[0].number}`);
      site.orders.asn = { number: o.number, door: o.door, lines: o.lines.map((l) => [l.sku, l.expected]) };
      return o.number;
    }
    let number;
    do number = `ASN-DOOR-${++asnCount}`; while ((await site.api('manager', 'GET', `/api/v1/orders/${number}`)).status !== 404);
    const made = await site.api('manager', 'POST', '/api/v1/orders', {
      kind: 'receipt', number, door: ASN.door, tolerance_pct: 0, partner: '深圳电子配件有限公司',
      lines: ASN.lines.map(([sku, qty]) => ({ sku, qty })),
    });
    if (made.status !== 201) throw new Error(`creating ${number}: HTTP ${made.status} ${JSON.stringify(made.body)}`);
    site.orders.asn = { number, door: ASN.door, lines: structuredClone(ASN.lines) };
    return number;
  }

  async function doorDocuments() {
    const r = await site.api('manager', 'GET', `/api/v1/documents?source=${ASN.door}&limit=200`);
    if (r.status !== 200) throw new Error(`GET /api/v1/documents: HTTP ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.documents;
  }

  /**
   * Drives a truck through DOOR-1 against the open ASN for it (ASN-DOOR-1,
   * then a new ASN-DOOR-n per later truck) with the last `missing` of its
   * tagged units absent (3 x SKU-4001 then 2 x SKU-4002: missing 1 leaves
   * out a charger) and `unexpected` tags no item carries. Any of them
   * makes the receipt short or exceptional, so it is held for review; the
   * promise resolves with the document's number once the manager's inbox
   * lists it (with neither, with the posted receipt's number). The pass is
   * recorded in site.passes ({number, order, read, missing, unexpected}).
   */
  site.doorPass = async ({ missing = 0, unexpected = 0, ms = 30000 } = {}) => {
    if (!(missing >= 0 && missing <= ASN_TAGS.length && unexpected >= 0 && unexpected < 256))
      throw new Error(`missing must be 0 to ${ASN_TAGS.length}, unexpected 0 to 255`);
    if (missing === ASN_TAGS.length && !unexpected) throw new Error('a truck with no tags at all makes no pass');
    const truck = ++trucks;
    if (truck > TRUCKS) throw new Error(`master data knows the tags of ${TRUCKS} trucks only`);
    const order = await openAsnForDoor();
    const tags = truckTags(truck);
    const read = tags.slice(0, tags.length - missing);
    const absent = tags.slice(tags.length - missing);
    const strangers = Array.from({ length: unexpected }, (_, i) => unexpectedTag(truck, i + 1));
    const before = new Set((await doorDocuments()).map((d) => d.number));
    const scenario = doorScenario([...read.map((t) => t.epc), ...strangers]);
    await stopChild(reader);
    reader = await startReader(site, scenario, `truck-${truck}`);
    const doc = await waitFor(`a document from the pass at ${ASN.door}`, async () =>
      (await doorDocuments()).find((d) => !before.has(d.number)), { ms, every: 200 }).catch((e) => {
      throw new Error(`${e.message}\n--- reader ---\n${reader.output.stdout}${reader.output.stderr}\n--- gateway log ---\n${site.log()}`);
    });
    const held = missing > 0 || unexpected > 0;
    if (held !== doc.needs_review || doc.order !== order) {
      const full = await site.api('manager', 'GET', `/api/v1/documents/${doc.number}`);
      throw new Error(`the pass at ${ASN.door} became ${doc.number} (${doc.state}, needs_review ${doc.needs_review}, ` +
        `order ${doc.order}), expected it ${held ? 'held for review' : 'posted' } against ${order}; ` +
        `exceptions: ${JSON.stringify(full.body.exceptions)}`);
    }
    if (held)
      await waitFor(`${doc.number} in the manager's inbox`, async () => {
        const inbox = await site.api('manager', 'GET', '/api/v1/inbox?limit=1000');
        return inbox.body.entries?.some((e) => e.kind === 'held_document' && e.id === doc.number);
      }, { ms, every: 200 });
    site.passes.push({ number: doc.number, truck, order, read: read.map((t) => t.epc), missing: absent, unexpected: strangers });
    return doc.number;
  };

  /**
   * Takes `units` chargers off the weighed shelf with nothing booked (the
   * transmitter's simulator restarts with the slot full, and 1.5 s later
   * they go); resolves with the weight discrepancy's id once the manager's
   * inbox lists it.
   */
  site.shelfRemoval = async (units, { ms = 30000 } = {}) => {
    const open = async () => (await site.api('manager', 'GET', '/api/v1/discrepancies')).body.discrepancies ?? [];
    const before = new Set((await open()).map((d) => d.id));
    await stopChild(shelf);
    shelf = await startShelf(site, shelfScenario(`at 1500 pick 1 0 ${units}\n`), `removal-${units}`);
    const found = await waitFor(`a weight discrepancy at ${SHELF.bin}`, async () =>
      (await open()).find((d) => !before.has(d.id) && d.state === 'open'), { ms, every: 200 }).catch((e) => {
      throw new Error(`${e.message}\n--- shelf ---\n${shelf.output.stdout}${shelf.output.stderr}\n--- gateway log ---\n${site.log()}`);
    });
    return String(found.id);
  };

  /** SIGTERM the gateway and the simulators, wait for them, remove the folder. */
  site.stop = async () => {
    await Promise.all([stopChild(gateway, 15000), stopChild(reader), stopChild(shelf)]);
    if (process.env.JXC_KEEP_TMP) console.error(`site kept in ${tmp}`);
    else {
      await rm(tmp, { recursive: true, force: true });
      tmpDirs.delete(tmp);
    }
  };
  site.gateway = gateway;
  return site;
}

async function distinctPorts(n) {
  const ports = new Set();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

/** Starts the Modbus TCP shelf simulator on the site's shelf port with `scenario` (hw-sim/scale/scenario.h). */
async function startShelf(site, scenario, name) {
  const file = path.join(site.tmp, `shelf-${name}.txt`);
  await writeFile(file, scenario);
  for (let attempt = 1; ; attempt++) {
    const child = startChild(HWSIM_BIN, ['scales', '--scenario', file, '--tcp-port', site.shelfPort], {
      logFile: path.join(site.tmp, `shelf-${name}-${attempt}.log`),
    });
    const outcome = await Promise.race([
      waitFor('the shelf simulator to be ready', () => /^ready$/m.test(child.output.stdout), { ms: 10000, every: 20 })
        .then(() => 'ready'),
      child.exited.then(() => 'exited'),
    ]);
    if (outcome === 'ready') return child;
    if (attempt >= 10)
      throw new Error(`jxc-hwsim scales did not start on port ${site.shelfPort}:\n${child.output.stderr}${child.output.stdout}`);
    await sleep(100 * attempt);
  }
}

/** Starts the LLRP reader simulator on the site's reader port with `scenario`. */
async function startReader(site, scenario, name) {
  const file = path.join(site.tmp, `reader-${name}.json`);
  await writeFile(file, JSON.stringify(scenario));
  // The port was just let go by the previous simulator: retry a refused listen.
  for (let attempt = 1; ; attempt++) {
    const child = startChild(HWSIM_BIN, ['rfid', '--scenario', file, '--port', site.readerPort], {
      logFile: path.join(site.tmp, `reader-${name}-${attempt}.log`),
    });
    const outcome = await Promise.race([
      waitFor('the reader simulator to listen', () => /^listening /m.test(child.output.stdout), { ms: 10000, every: 20 })
        .then(() => 'listening'),
      child.exited.then(() => 'exited'),
    ]);
    if (outcome === 'listening') return child;
    if (attempt >= 10)
      throw new Error(`jxc-hwsim rfid did not start on port ${site.readerPort}:\n${child.output.stderr}${child.output.stdout}`);
    await sleep(100 * attempt);
  }
}

// ---------------------------------------------------------------------------
// The browser.

/** Debian's chromium, headless, through playwright-core (which never downloads one). */
export async function launchBrowser(options = {}) {
  const { chromium } = await import('playwright-core');
  if (!existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
    ],
    ...options,
  });
}

/** A context like a mid-range Android phone in a Chinese warehouse. */
export async function phoneContext(browser, { lang = 'zh-CN', offline = false, ...more } = {}) {
  const major = (browser.version().match(/^(\d+)/) ?? [])[1] ?? '120';
  return browser.newContext({
    viewport: { width: 412, height: 915 },
    screen: { width: 412, height: 915 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    userAgent: `Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Mobile Safari/537.36`,
    locale: lang,
    timezoneId: 'Asia/Shanghai',
    serviceWorkers: 'allow',
    offline: Boolean(offline),
    ...more,
  });
}

/**
 * Runs axe-core on the page; resolves with its serious and critical
 * violations, one readable line each ("label: rule (impact) help — targets"),
 * so a test can assert.deepEqual(result, []).
 */
export async function checkAccessibility(page, label = page.url()) {
  // Evaluated rather than added as a <script>: the gateway's pages forbid
  // inline scripts (Content-Security-Policy script-src 'self'), and the
  // refusal would show up among the page's console errors.
  if (!(await page.evaluate(() => typeof window.axe === 'object')))
    await page.evaluate(`${readFileSync(AXE, 'utf8')}\n;0`);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' ')),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${label}: ${v.id} (${v.impact}) ${v.help} — ${v.targets.join(', ')}`);
}

/** A full-page PNG in JXC_SCREENSHOT_DIR (default build/web-screenshots); resolves with its path. */
export async function screenshot(page, name) {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${String(name).replace(/\.png$/i, '').replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Types `text` as a keyboard-wedge barcode scanner does into whatever has the
 * focus: a keydown, keypress and keyup per character, 0 to 5 ms apart, then
 * Enter (the scanner's suffix) unless enter is false.
 */
export async function typeLikeWedge(page, text, { enter = true, prefix = '' } = {}) {
  for (const ch of prefix + text) {
    await page.keyboard.type(ch);
    const gap = Math.floor(Math.random() * 6);
    if (gap) await sleep(gap);
  }
  if (enter) await page.keyboard.press('Enter');
}

// The harness itself: the site starts with what the browser tests rely on,
// the API helper logs each user in, the door pass is held for review, and
// chromium, the screenshots, axe and the wedge typing work.
//   cd web && node --test tests/site.test.mjs
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';

import {
  checkAccessibility, launchBrowser, phoneContext, screenshot, startSite, typeLikeWedge, waitFor,
} from './site.mjs';

let site;
let browser;

before(async () => {
  site = await startSite();
}, { timeout: 60000 });

after(async () => {
  await browser?.close();
  await site?.stop();
}, { timeout: 30000 });

describe('the site', () => {
  test('answers /healthz and /readyz', async () => {
    for (const p of ['/healthz', '/readyz']) {
      const res = await fetch(site.url + p);
      assert.equal(res.status, 200, `${p}: ${await res.text()}\n${site.log()}`);
    }
  });

  test('every user logs in with their role', async () => {
    const roles = { clerk: 'operator', clerk2: 'operator', manager: 'manager', admin: 'admin' };
    for (const [key, role] of Object.entries(roles)) {
      const me = await site.api(key, 'GET', '/api/v1/me');
      assert.equal(me.status, 200, JSON.stringify(me.body));
      const { user, role: got, via } = me.body;
      assert.deepEqual({ user, role: got, via }, { user: site.users[key].name, role, via: 'session' });
    }
  });

  test('a clerk is refused the manager-only inbox, the manager is not', async () => {
    const refused = await site.api('clerk', 'GET', '/api/v1/inbox');
    assert.equal(refused.status, 403, JSON.stringify(refused.body));
    const allowed = await site.api('manager', 'GET', '/api/v1/inbox');
    assert.equal(allowed.status, 200, JSON.stringify(allowed.body));
  });

  test('writes carry the CSRF token: a clerk posts a draft', async () => {
    const { bolt } = site.items;
    const made = await site.api('clerk', 'POST', '/api/v1/documents', {
      type: 'issue', from: 'A-01-1', lines: [{ sku: bolt.sku, qty: 1 }],
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.state, 'draft');
    const cancelled = await site.api('clerk', 'POST', `/api/v1/documents/${made.body.number}/cancel`);
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
  });

  test('the opening stock is in the books, by the API and the CLI', async () => {
    const { water, formula } = site.items;
    const stock = await site.api('clerk', 'GET', `/api/v1/items/${water.sku}`);
    assert.equal(stock.status, 200, JSON.stringify(stock.body));
    assert.equal(stock.body.name, water.name);
    assert.deepEqual(stock.body.packs, [{ unit: water.caseUnit, factor: water.caseFactor, gtin: water.caseGtin }]);
    assert.deepEqual(stock.body.balances.map((b) => [b.location, b.qty]), [['A-02-1', 120]]);
    const lots = JSON.parse(await site.cli('stock', '--item', formula.sku, '--json'));
    assert.deepEqual(lots, [{ sku: formula.sku, location: 'A-02-1', lot: formula.lot, qty: 12 }]);
  });

  test('picking the watched item below its minimum raises a low-stock alert', { timeout: 30000 }, async () => {
    const { sku, location, onHand, min } = site.items.lowStock;
    const pick = await site.api('clerk', 'POST', '/api/v1/documents', {
      type: 'issue', from: location, post: true, lines: [{ sku, qty: onHand - min + 1 }],
    });
    assert.equal(pick.status, 201, JSON.stringify(pick.body));
    assert.equal(pick.body.state, 'posted');
    await waitFor('the low-stock alert', async () => {
      const alerts = await site.api('manager', 'GET', '/api/v1/alerts');
      return alerts.body.alerts?.some((a) => a.kind === 'low_stock' && a.sku === sku);
    }, { ms: 20000 });
  });

  test('PO-1001 expects 10 bolts and 5 nuts, no tolerance', async () => {
    const po = await site.api('clerk', 'GET', '/api/v1/orders/PO-1001');
    assert.equal(po.status, 200, JSON.stringify(po.body));
    assert.equal(po.body.state, 'open');
    assert.equal(po.body.kind, 'receipt');
    assert.equal(po.body.tolerance_pct, 0);
    assert.deepEqual(
      po.body.lines.map((l) => [l.sku, l.name, l.expected, l.done]),
      [
        [site.items.bolt.sku, site.items.bolt.name, 10, 0],
        [site.items.nut.sku, site.items.nut.name, 5, 0],
      ],
    );
  });

  test('a truck with one tag missing is held for review in the inbox', { timeout: 60000 }, async () => {
    const number = await site.doorPass({ missing: 1 });
    const pass = site.passes.at(-1);
    assert.equal(pass.missing.length, 1);
    const missingSku = pass.missing[0].sku;
    const inbox = await site.api('manager', 'GET', '/api/v1/inbox?limit=1000');
    const entry = inbox.body.entries.find((e) => e.kind === 'held_document' && e.id === number);
    assert.ok(entry, JSON.stringify(inbox.body));
    assert.equal(entry.document.door, 'DOOR-1');
    assert.equal(entry.document.order, 'ASN-DOOR-1');
    assert.equal(entry.document.type, 'receipt');
    const expected = site.orders.asn.lines.find(([sku]) => sku === missingSku)[1];
    assert.ok(entry.document.exceptions.includes(`short: ${missingSku} ${expected - 1} of ${expected}`),
      JSON.stringify(entry.document));
    const doc = await site.api('manager', 'GET', `/api/v1/documents/${number}`);
    assert.equal(doc.body.needs_review, true);
    assert.equal(doc.body.state, 'draft');
  });
});

describe('the browser', () => {
  test('chromium opens /healthz on a phone and reads the JSON', { timeout: 60000 }, async () => {
    browser = await launchBrowser();
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const res = await page.goto(`${site.url}/healthz`);
    assert.equal(res.status(), 200);
    const health = JSON.parse(await page.locator('body').innerText());
    assert.equal(typeof health, 'object');
    assert.deepEqual(await res.json(), health);
    const env = await page.evaluate(() => ({
      width: screen.width, dpr: devicePixelRatio, lang: navigator.language, touch: navigator.maxTouchPoints > 0,
      zone: Intl.DateTimeFormat().resolvedOptions().timeZone, mobile: /Mobile/.test(navigator.userAgent),
    }));
    assert.deepEqual(env, { width: 412, dpr: 2, lang: 'zh-CN', touch: true, zone: 'Asia/Shanghai', mobile: true });

    const file = await screenshot(page, 'harness-healthz');
    const png = await readFile(file);
    assert.ok((await stat(file)).size > 100);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await context.close();
  });

  test('axe finds an image without alt text, and nothing on a clean page', { timeout: 60000 }, async () => {
    browser ??= await launchBrowser();
    const context = await phoneContext(browser, { lang: 'en' });
    const page = await context.newPage();
    await page.setContent('<html lang="en"><body><main><h1>x</h1><img src="a.png"></main></body></html>');
    // (the page has no <title> either: document-title, serious, is found too)
    const found = await checkAccessibility(page, 'no alt');
    assert.ok(found.some((v) => /^no alt: image-alt \(critical\) Images must have alternative text — img$/.test(v)),
      found.join('\n'));
    await page.setContent('<html lang="en"><head><title>ok</title></head><body><main><h1>x</h1>' +
      '<img src="a.png" alt="a pallet"></main></body></html>');
    assert.deepEqual(await checkAccessibility(page, 'clean'), []);
    await context.close();
  });

  test('a wedge scan types key by key and ends with Enter', { timeout: 60000 }, async () => {
    browser ??= await launchBrowser();
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.setContent(`<input id="scan" aria-label="scan"><script>
      window.keys = [];
      window.submitted = null;
      for (const type of ['keydown', 'keypress', 'keyup'])
        scan.addEventListener(type, (e) => keys.push(type + ':' + e.key));
      scan.addEventListener('keydown', (e) => { if (e.key === 'Enter') submitted = scan.value; });
    </script>`);
    await page.focus('#scan');
    const code = site.items.water.caseGtin;
    await typeLikeWedge(page, code);
    assert.equal(await page.evaluate(() => window.submitted), code);
    const keys = await page.evaluate(() => window.keys);
    assert.equal(keys.filter((k) => k.startsWith('keydown:')).length, code.length + 1);
    assert.equal(keys.filter((k) => k.startsWith('keypress:')).length, code.length + 1);
    assert.equal(keys.filter((k) => k.startsWith('keyup:')).length, code.length + 1);
    assert.deepEqual(keys.slice(0, 3), [`keydown:${code[0]}`, `keypress:${code[0]}`, `keyup:${code[0]}`]);
    await context.close();
  });
});

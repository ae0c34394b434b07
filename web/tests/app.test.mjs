// The web app in Debian's chromium against the real gateway on loopback,
// as the warehouse uses it: a clerk on an Android handheld receives a truck
// by wedge-scanner scans (one over-receipt refused and explained), counts a
// bin blind with a recount, scans offline and sees each scan posted once
// when the network returns; a manager approves the count (which the clerk
// could not), watches an RFID pass held for review arrive live, corrects a
// line and posts it, and acknowledges an alert. Every page passes axe-core
// without a serious or critical violation, and is photographed (phone size,
// zh-CN) into build/web-screenshots.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  CHROMIUM, checkAccessibility, launchBrowser, phoneContext, screenshot, startSite, typeLikeWedge, waitFor,
} from './site.mjs';

let site;
let browser;
const a11y = [];
const requests = [];

/** A phone's browser context, every request it makes noted. */
async function phone() {
  const context = await phoneContext(browser);
  context.on('request', (r) => requests.push(r.url()));
  return context;
}

before(async () => {
  site = await startSite();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.stop();
});

/** Checks the page with axe and saves its picture. */
async function look(page, name) {
  await page.waitForLoadState('networkidle').catch(() => {});
  a11y.push(...(await checkAccessibility(page, name)));
  await screenshot(page, name);
}

async function signIn(page, who) {
  await page.goto(`${site.url}/app/`);
  await page.getByLabel('用户名').fill(site.users[who].name);
  await page.getByLabel('密码').fill(site.users[who].password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('link', { name: '库存查询' }).waitFor();
}

/** Scans like a wedge scanner into the page's scan field and waits for the verdict of that scan. */
async function scan(page, text, opts) {
  const field = page.locator('.scan-input');
  await field.focus();
  const before = Number((await page.locator('.verdict').getAttribute('data-n')) ?? 0);
  await typeLikeWedge(page, text, opts);
  // Every verdict is signalled once and counted in data-n.
  await page.waitForFunction((n) => Number(document.querySelector('[data-verdict]')?.dataset.n ?? 0) > n, before);
  return page.locator('[data-verdict]');
}

async function order(number) {
  const r = await site.api('manager', 'GET', `/api/v1/orders/${number}`);
  assert.equal(r.status, 200);
  return r.body;
}

let clerk; // the clerk's page, kept across the clerk's tests
let clerkContext;

test('the app is served by the gateway and signs a clerk in, in Chinese', async () => {
  clerkContext = await phone();
  clerk = await clerkContext.newPage();
  await clerk.goto(`${site.url}/app/`);
  assert.equal(await clerk.getAttribute('html', 'lang'), 'zh-CN');
  await clerk.getByRole('button', { name: '登录' }).waitFor();
  await look(clerk, 'login');
  await clerk.getByLabel('用户名').fill('clerk');
  await clerk.getByLabel('密码').fill('wrong-password');
  await clerk.getByRole('button', { name: '登录' }).click();
  await clerk.getByRole('alert').waitFor();
  await signIn(clerk, 'clerk');
  assert.equal(await clerk.locator('.topbar a[href="#/settings"]').getAttribute('title'), 'clerk（仓管员）');
  // A clerk is not offered the manager's inbox.
  assert.equal(await clerk.getByRole('link', { name: '待办异常' }).count(), 0);
  await look(clerk, 'home-clerk');
});

test('stock lookup by a scanned GTIN shows the item by name with its bins', async () => {
  await clerk.goto(`${site.url}/app/#/stock`);
  const bolt = site.items.bolt;
  await clerk.locator('.scan-input').focus();
  await typeLikeWedge(clerk, bolt.gtin);
  await clerk.getByRole('heading', { name: bolt.name }).waitFor();
  const text = await clerk.locator('article.item').innerText();
  assert.match(text, /A-01-1/);
  assert.match(text, /100/);
  await look(clerk, 'stock');
});

test('receiving a truck by wedge scans: each accepted, the over-receipt refused and explained', async () => {
  const bolt = site.items.bolt;
  await clerk.goto(`${site.url}/app/#/receive`);
  await clerk.getByRole('link', { name: /PO-1001/ }).waitFor();
  await look(clerk, 'receive-list');
  await clerk.getByRole('link', { name: /PO-1001/ }).click();
  await clerk.locator(`tr[data-sku="${bolt.sku}"]`).waitFor();
  await clerk.getByLabel('收货到').fill('RECV-01');
  assert.equal(await clerk.getByLabel('收货到').inputValue(), 'RECV-01');
  assert.equal(await clerk.locator('.scan-input').inputValue(), '');
  for (let i = 0; i < 10; i++) {
    const v = await scan(clerk, bolt.gtin);
    assert.equal(await v.getAttribute('data-verdict'), 'accepted', await v.innerText());
  }
  await waitFor('10 bolts received on the page', async () =>
    (await clerk.locator(`tr[data-sku="${bolt.sku}"] [data-col="done"]`).innerText()).trim() === '10');
  assert.equal((await order('PO-1001')).lines.find((l) => l.sku === bolt.sku).done, 10);

  const v = await scan(clerk, bolt.gtin);
  assert.equal(await v.getAttribute('data-verdict'), 'refused');
  const words = await v.innerText();
  assert.match(words, /已拒绝/);
  assert.match(words, new RegExp(bolt.name.slice(0, 4)));
  assert.match(words, /PO-1001/, `the refusal says why: ${words}`);
  assert.equal((await order('PO-1001')).lines.find((l) => l.sku === bolt.sku).done, 10, 'nothing booked');
  await look(clerk, 'receive');
});

test('scanners that send a prefix or no Enter are read as whole scans', async () => {
  const bolt = site.items.bolt;
  await clerk.goto(`${site.url}/app/#/settings`);
  await look(clerk, 'settings');
  await clerk.getByLabel('扫描枪前缀').fill('#');
  await clerk.goto(`${site.url}/app/#/stock`);
  await clerk.locator('.scan-input').focus();
  await typeLikeWedge(clerk, bolt.gtin, { prefix: '#' });
  await clerk.getByRole('heading', { name: bolt.name }).waitFor();
  await clerk.goto(`${site.url}/app/#/settings`);
  await clerk.getByLabel('扫描枪前缀').fill('');
  // No Enter: a burst of keys faster than a person types, then a pause.
  // The burst is typed inside the page: keys sent one by one from here
  // arrive as far apart as the machine's load makes them, and a scanner's
  // are milliseconds apart.
  await clerk.goto(`${site.url}/app/#/stock`);
  const water = site.items.water;
  await clerk.locator('.scan-input').evaluate((el, text) => {
    el.focus();
    for (const ch of text) {
      el.dispatchEvent(new KeyboardEvent('keydown', { key: ch, bubbles: true }));
      el.value += ch;
      el.dispatchEvent(new InputEvent('input', { data: ch, bubbles: true }));
      el.dispatchEvent(new KeyboardEvent('keyup', { key: ch, bubbles: true }));
    }
  }, water.gtin);
  await clerk.getByRole('heading', { name: water.name }).waitFor();
  // A person typing slowly is not cut short.
  await clerk.locator('.scan-input').pressSequentially('SKU-20', { delay: 200 });
  await clerk.waitForTimeout(400);
  assert.equal(await clerk.locator('.scan-input').inputValue(), 'SKU-20');
  await clerk.locator('.scan-input').fill('');
});

test('English from the switch, Chinese again', async () => {
  await clerk.goto(`${site.url}/app/#/stock`);
  await clerk.getByRole('button', { name: 'English' }).click();
  await clerk.getByRole('heading', { name: 'Stock lookup' }).waitFor();
  assert.equal(await clerk.getAttribute('html', 'lang'), 'en');
  await look(clerk, 'stock-en');
  await clerk.getByRole('button', { name: '中文' }).click();
  await clerk.getByRole('heading', { name: '库存查询' }).waitFor();
  assert.equal(await clerk.getAttribute('html', 'lang'), 'zh-CN');
});

test('offline scans are queued on the device, survive a reload and are posted once each when the network returns', async () => {
  const nut = site.items.nut;
  const bolt = site.items.bolt;
  await clerk.goto(`${site.url}/app/#/receive/PO-1001`);
  await clerk.getByLabel('收货到').waitFor();
  // The shell is cached by the service worker once it controls the page.
  await clerk.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 15000 }).catch(async () => {
    await clerk.reload();
    await clerk.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 15000 });
  });
  await clerk.getByLabel('收货到').waitFor();
  await clerkContext.setOffline(true);
  await clerk.getByText('离线', { exact: true }).waitFor();
  for (let i = 0; i < 3; i++) {
    const v = await scan(clerk, nut.gtin);
    assert.equal(await v.getAttribute('data-verdict'), 'queued', await v.innerText());
  }
  // A fourth scan that the gateway will refuse once it hears of it: the bolts are complete.
  assert.equal(await (await scan(clerk, bolt.gtin)).getAttribute('data-verdict'), 'queued');
  await clerk.getByText('待发送 4 条').waitFor();
  await look(clerk, 'receive-offline');

  // Closed and opened again while still offline: the shell and the queue are on the device.
  await clerk.reload();
  await clerk.getByText('待发送 4 条').waitFor();
  assert.equal((await order('PO-1001')).lines.find((l) => l.sku === nut.sku).done, 0, 'nothing reached the gateway');

  await clerkContext.setOffline(false);
  await waitFor('the queue to drain', async () =>
    (await order('PO-1001')).lines.find((l) => l.sku === nut.sku).done === 3, { ms: 20000 });
  // The refusal the clerk did not see as they scanned is flagged.
  await clerk.getByText('1 条被拒绝').waitFor({ timeout: 15000 });
  await clerk.getByText('1 条被拒绝').click();
  await clerk.getByRole('heading', { name: '离线队列' }).waitFor();
  const refusals = clerk.locator('li[data-state="refused"]', { hasText: bolt.name });
  assert.equal(await refusals.count(), 2, 'the over-receipt refused online, and the one refused on replay');
  assert.equal(await clerk.locator('li[data-state="done"]', { hasText: nut.name }).count(), 3);
  const refused = await refusals.first().innerText();
  assert.match(refused, /PO-1001/, refused);
  await look(clerk, 'queue');
  // Posted once each: three receipts of nuts, never four or six.
  const docs = await site.api('manager', 'GET', `/api/v1/documents?type=receipt&sku=${nut.sku}`);
  assert.equal(docs.body.documents.length, 3);
  assert.equal((await order('PO-1001')).lines.find((l) => l.sku === bolt.sku).done, 10);
});

test('picking a pick list where the gateway proposes, by bin and case scans', async () => {
  const water = site.items.water;
  const made = await site.api('manager', 'POST', '/api/v1/orders', {
    kind: 'pick', number: 'SO-2001', partner: '华东超市', lines: [{ sku: water.sku, qty: 24 }],
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  await clerk.goto(`${site.url}/app/#/pick`);
  await clerk.getByRole('link', { name: /SO-2001/ }).waitFor();
  await look(clerk, 'pick-list');
  await clerk.getByRole('link', { name: /SO-2001/ }).click();
  await clerk.getByText('A-02-1 × 24').waitFor();
  await look(clerk, 'pick');
  assert.equal(await (await scan(clerk, 'LOC-A-02-1')).getAttribute('data-verdict'), 'accepted');
  for (let i = 0; i < 2; i++) {
    const v = await scan(clerk, water.caseGtin);
    assert.equal(await v.getAttribute('data-verdict'), 'accepted', await v.innerText());
  }
  await clerk.getByText('已完成').waitFor();
  const picked = await order('SO-2001');
  assert.equal(picked.lines[0].done, 24);
  const docs = await site.api('manager', 'GET', `/api/v1/documents?type=issue&sku=${water.sku}`);
  const doc = await site.api('manager', 'GET', `/api/v1/documents/${docs.body.documents[0].number}`);
  assert.equal(doc.body.lines[0].unit, 'case', 'the document keeps the unit the clerk scanned');
});

test('a move: from a bin, a case, to another bin, posted as one transfer', async () => {
  const water = site.items.water;
  await clerk.goto(`${site.url}/app/#/move`);
  assert.equal(await (await scan(clerk, 'LOC-A-02-1')).getAttribute('data-verdict'), 'accepted');
  assert.equal(await (await scan(clerk, water.caseGtin)).getAttribute('data-verdict'), 'accepted');
  await look(clerk, 'move');
  const v = await scan(clerk, 'LOC-A-01-2');
  assert.equal(await v.getAttribute('data-verdict'), 'accepted', await v.innerText());
  const stock = await site.api('clerk', 'GET', `/api/v1/stock?sku=${water.sku}&location=A-01-2`);
  assert.equal(stock.body.balances.reduce((s, b) => s + b.qty, 0), 12);
});

let countNumber;

test('a blind count: the clerk never sees the book, counts a bin, and counts it again when asked', async () => {
  const bolt = site.items.bolt;
  const cable = site.items.cable;
  const opened = await site.api('manager', 'POST', '/api/v1/counts', { locations: ['A-01-1'], blind: true });
  assert.equal(opened.status, 201, JSON.stringify(opened.body));
  countNumber = opened.body.number;

  const countBin = async (bolts) => {
    await clerk.goto(`${site.url}/app/#/count/${countNumber}`);
    await clerk.locator('.scan-input').waitFor();
    assert.equal(await (await scan(clerk, 'LOC-A-01-1')).getAttribute('data-verdict'), 'accepted');
    assert.equal(await (await scan(clerk, bolt.gtin)).getAttribute('data-verdict'), 'accepted');
    assert.equal(await (await scan(clerk, cable.gtin)).getAttribute('data-verdict'), 'accepted');
    await clerk.getByLabel(`${bolt.name} 实盘`).fill(String(bolts));
    await clerk.getByLabel(`${cable.name} 实盘`).fill('25');
    await clerk.getByLabel(`${cable.name} 实盘`).press('Tab');
    await clerk.getByRole('button', { name: '完成此库位' }).click();
    await clerk.getByText('库位 A-01-1 已记录').waitFor();
  };

  await clerk.goto(`${site.url}/app/#/count`);
  await clerk.getByRole('link', { name: new RegExp(countNumber) }).waitFor();
  await look(clerk, 'count-list');
  await countBin(98);
  const page = await clerk.locator('main').innerText();
  assert.doesNotMatch(page, /账面|差异/, 'a blind count hides the book from the clerk');

  // The manager sees the variance and asks for the bin again.
  const report = await site.api('manager', 'GET', `/api/v1/counts/${countNumber}`);
  assert.equal(report.body.lines.find((l) => l.sku === bolt.sku).variance, -2);
  const recount = await site.api('manager', 'POST', `/api/v1/counts/${countNumber}/recount`, { bins: ['A-01-1'] });
  assert.equal(recount.status, 200, JSON.stringify(recount.body));

  await clerk.goto(`${site.url}/app/#/count/${countNumber}`);
  await clerk.getByText('A-01-1 · 需复盘').waitFor();
  await look(clerk, 'count-recount');
  await countBin(100);
  await clerk.getByRole('button', { name: '提交盘点' }).click();
  await clerk.getByText('已提交').first().waitFor();
  // The clerk is offered no approval, and the gateway refuses one.
  assert.equal(await clerk.getByRole('button', { name: '审批' }).count(), 0);
  const refused = await site.api('clerk', 'POST', `/api/v1/counts/${countNumber}/approve`, {});
  assert.equal(refused.status, 403);
  const after = await site.api('manager', 'GET', `/api/v1/counts/${countNumber}`);
  assert.equal(after.body.lines.find((l) => l.sku === bolt.sku).rounds, 2);
  assert.equal(after.body.state, 'submitted');
});

let manager;

test('the manager approves the count from the inbox', async () => {
  const context = await phone();
  manager = await context.newPage();
  await signIn(manager, 'manager');
  await manager.goto(`${site.url}/app/#/inbox`);
  const entry = manager.locator('[data-kind="count"]', { hasText: countNumber });
  await entry.waitFor();
  await look(manager, 'inbox');
  await entry.getByRole('link', { name: '审批' }).click();
  await manager.getByRole('columnheader', { name: '账面' }).waitFor();
  await look(manager, 'count-manager');
  await manager.getByRole('button', { name: '审批' }).click();
  await waitFor('the count approved', async () =>
    (await site.api('manager', 'GET', `/api/v1/counts/${countNumber}`)).body.state === 'approved');
});

test('an RFID pass held for review arrives live; a manager corrects a line, another posts it', async () => {
  await manager.goto(`${site.url}/app/#/inbox`);
  await manager.locator('.live').waitFor();
  // The event stream is open before the truck comes.
  await manager.waitForTimeout(500);
  const reloadsBefore = await manager.evaluate(() => performance.getEntriesByType('navigation').length);
  const number = await site.doorPass({ missing: 1 });
  const card = manager.locator(`[data-kind="held_document"][data-id="${number}"]`);
  await card.waitFor({ timeout: 15000 });
  assert.equal(await manager.evaluate(() => performance.getEntriesByType('navigation').length), reloadsBefore, 'no reload');
  const text = await card.innerText();
  assert.match(text, /DOOR-1/);
  // The entry names the item short, not merely the document's first line.
  assert.match(await card.getByRole('heading').innerText(), new RegExp(site.items.charger.name));
  assert.match(text, /短缺|short/i, text);
  await look(manager, 'inbox-held-pass');

  await card.getByRole('button', { name: '修改行' }).click();
  const charger = site.items.charger;
  await card.getByLabel(`${charger.name} 数量`).fill('2');
  await card.getByRole('button', { name: '保存' }).click();
  await waitFor('the edit saved', async () => {
    const doc = await site.api('manager', 'GET', `/api/v1/documents/${number}`);
    return doc.body.lines?.some((l) => l.sku === charger.sku && l.qty === 2) && doc.body;
  });
  // Under the site's four-eyes rule the one who edited it may not post it: refused, in words.
  await card.getByRole('button', { name: '过账' }).click();
  const refusal = card.getByRole('alert');
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /manager/);
  await look(manager, 'inbox-four-eyes');

  // Another manager (the admin) posts it.
  const admin = await (await phone()).newPage();
  await signIn(admin, 'admin');
  await admin.goto(`${site.url}/app/#/inbox`);
  const same = admin.locator(`[data-kind="held_document"][data-id="${number}"]`);
  await same.getByRole('button', { name: '过账' }).click();
  await same.waitFor({ state: 'detached', timeout: 15000 });
  const doc = await site.api('manager', 'GET', `/api/v1/documents/${number}`);
  assert.equal(doc.body.state, 'posted');
  // The first manager's page drops it too, from the event stream.
  await card.waitFor({ state: 'detached', timeout: 15000 });
  await admin.context().close();
});

test('a low-stock alert arrives live in the inbox and is acknowledged; its replenishment suggestion accepted', async () => {
  const low = site.items.lowStock;
  await manager.goto(`${site.url}/app/#/inbox`);
  await manager.locator('.live').waitFor();
  await manager.waitForTimeout(500);
  const issue = await site.api('clerk', 'POST', '/api/v1/documents', {
    type: 'issue', from: low.location, post: true, lines: [{ sku: low.sku, qty: low.onHand - low.min + 1 }],
  });
  assert.equal(issue.status, 201, JSON.stringify(issue.body));
  const card = manager.locator('[data-kind="alert"]', { hasText: site.items.cable.name });
  await card.waitFor({ timeout: 20000 });
  await look(manager, 'inbox-alert');
  const id = await card.getAttribute('data-id');
  await card.getByRole('button', { name: '确认' }).click();
  await card.waitFor({ state: 'detached', timeout: 15000 });
  const alerts = await site.api('manager', 'GET', '/api/v1/alerts');
  const alert = alerts.body.alerts.find((x) => String(x.id) === id);
  assert.ok(alert.acknowledged_at, JSON.stringify(alert));
  assert.equal(alert.acknowledged_by, 'user:manager');

  // The replenishment suggestion that came with it is accepted in one tap.
  const suggestion = manager.locator('[data-kind="suggestion"]', { hasText: site.items.cable.name });
  const sid = await suggestion.getAttribute('data-id');
  await suggestion.getByRole('button', { name: '接受' }).click();
  await suggestion.waitFor({ state: 'detached', timeout: 15000 });
  const suggestions = await site.api('manager', 'GET', '/api/v1/suggestions?state=all');
  const decided = suggestions.body.suggestions.find((x) => String(x.id) === sid);
  assert.equal(decided.state, 'accepted', JSON.stringify(decided));
  assert.equal(decided.decided_by, 'user:manager');
});

test('a weight discrepancy from the shelf arrives live and is accepted: the books follow the scale', async () => {
  const shelf = site.shelf;
  await manager.goto(`${site.url}/app/#/inbox`);
  await manager.locator('.live').waitFor();
  await manager.waitForTimeout(500);
  const id = await site.shelfRemoval(3);
  const card = manager.locator(`[data-kind="weight_discrepancy"][data-id="${id}"]`);
  await card.waitFor({ timeout: 15000 });
  assert.match(await card.innerText(), new RegExp(site.items.charger.name));
  await look(manager, 'inbox-discrepancy');
  await card.getByRole('button', { name: '接受' }).click();
  await card.waitFor({ state: 'detached', timeout: 15000 });
  const all = await site.api('manager', 'GET', '/api/v1/discrepancies?state=all');
  const decided = all.body.discrepancies.find((d) => String(d.id) === id);
  assert.equal(decided.state, 'accepted', JSON.stringify(decided));
  assert.ok(decided.document, 'an adjustment was posted');
  const stock = await site.api('manager', 'GET', `/api/v1/stock?sku=${shelf.sku}&location=${shelf.bin}`);
  assert.equal(stock.body.balances.reduce((n, b) => n + b.qty, 0), shelf.units - 3);
});

test('the dashboard shows stock value, movements per day, devices and the uplink', async () => {
  await manager.goto(`${site.url}/app/#/dashboard`);
  await manager.getByRole('heading', { name: '看板' }).waitFor();
  await manager.locator('.chart canvas').waitFor();
  const text = await manager.locator('main').innerText();
  assert.match(text, /库存金额/);
  assert.match(text, /dock-1/);
  const daily = await site.api('manager', 'GET', '/api/v1/stats/daily?days=14');
  assert.equal(daily.status, 200);
  const today = daily.body.days.at(-1);
  assert.ok(today.movements_in > 0 && today.movements_out > 0 && today.movements_internal > 0, JSON.stringify(today));
  // The hidden table beside the chart says the same to a screen reader.
  assert.equal(await manager.locator('.sr-table tbody tr').count(), 14);
  assert.equal(await manager.locator('.sr-table tbody tr').last().locator('td').nth(1).innerText(), String(today.movements_in));
  await look(manager, 'dashboard');
});

/** The digits of an amount as the page shows it ("¥1,234.50" → "1234.50"). */
const digits = (text) => text.replace(/[^\d.-]/g, '');
/** A Money (1/10000 of the currency) as those digits. */
const moneyDigits = (money) => (money / 10000).toFixed(2);

/** GETs a page's link with the page's own cookies, as the browser's download does; resolves with the Response. */
async function fetchAsPage(page, href) {
  const url = new URL(href, page.url());
  const cookies = await page.context().cookies(url.origin);
  return fetch(url, { headers: { Cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') } });
}

test('reports: the month\'s stock movement summary as the API has it, sorted, in English too, and as a CSV file', async () => {
  const bolt = site.items.bolt;
  await manager.goto(`${site.url}/app/#/`);
  await manager.getByRole('link', { name: '报表' }).click();
  await manager.getByRole('heading', { name: '报表', level: 1 }).waitFor();
  const row = manager.locator(`table[data-report="stock-movements"] tbody tr[data-sku="${bolt.sku}"]`);
  await row.waitFor();

  // This month so far in the site's calendar (Asia/Shanghai), by item.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const from = await manager.locator('#rep-from').inputValue();
  const to = await manager.locator('#rep-to').inputValue();
  assert.equal(to, today);
  assert.equal(from, `${today.slice(0, 8)}01`);
  const summary = await site.api('manager', 'GET', `/api/v1/reports/stock-movements?from=${from}&to=${to}&by=item&limit=100`);
  assert.equal(summary.status, 200, JSON.stringify(summary.body));
  const expected = summary.body.rows.find((r) => r.sku === bolt.sku);
  // The period began before the opening stock was imported: it closes at what is on hand now.
  const now = await site.api('manager', 'GET', `/api/v1/stock/value?by=item&sku=${bolt.sku}`);
  assert.equal(expected.closing.qty, now.body.rows[0].qty);
  assert.equal(expected.closing.value, now.body.rows[0].value);
  assert.ok(expected.in.opening, JSON.stringify(expected));

  assert.match(await row.locator('td').first().innerText(), new RegExp(`${bolt.name}\\s+${bolt.sku}`));
  assert.equal(await row.locator('[data-col="closing"] [data-part="qty"]').innerText(), String(expected.closing.qty));
  assert.equal(digits(await row.locator('[data-col="closing"] [data-part="value"]').innerText()), moneyDigits(expected.closing.value));
  assert.equal(digits(await row.locator('[data-col="opening"] [data-part="value"]').innerText()), moneyDigits(expected.opening.value));
  const totals = manager.locator('table[data-report="stock-movements"] tfoot tr[data-row="totals"]');
  assert.equal(digits(await totals.locator('[data-col="closing"]').innerText()), moneyDigits(summary.body.totals.closing_value));
  assert.equal(digits(await totals.locator('[data-col="in"]').innerText()), moneyDigits(summary.body.totals.in_value));
  // What came in, by document type, when the cell is opened.
  await row.locator('[data-col="in"] summary').click();
  const opening = row.locator('[data-col="in"] li[data-kind="opening"]');
  await opening.waitFor();
  assert.match(await opening.innerText(), new RegExp(`期初库存 ${expected.in.opening.qty}`));
  // The chart of value in and out by document type, and its table for screen readers.
  await manager.locator('.chart canvas').waitFor();
  const kinds = manager.locator('.sr-table tbody tr');
  assert.equal(await kinds.count(), summary.body.kinds.length);
  const receipts = manager.locator('.sr-table tbody tr[data-kind="receipt"]');
  assert.match(await receipts.innerText(), /采购入库/);
  // Over every row of the period, as the gateway adds them up.
  assert.equal(digits(await receipts.locator('td').nth(1).innerText()), moneyDigits(summary.body.totals.in_by_kind.receipt));
  await look(manager, 'reports');

  // Sorted by closing value, largest first, by the gateway.
  const sorted = manager.waitForResponse((r) => r.url().includes('/reports/stock-movements') && r.url().includes('sort=-closing_value'));
  await manager.getByRole('button', { name: '期末' }).click();
  await sorted;
  const largest = [...summary.body.rows].sort((a, b) => b.closing.value - a.closing.value)[0];
  await waitFor('the largest closing value first', async () =>
    (await manager.locator('table[data-report="stock-movements"] tbody tr').first().getAttribute('data-sku')) === largest.sku);
  assert.equal(await manager.locator('th[aria-sort="descending"]').count(), 1);

  // The export carries the same filters, the language of the page, and the session's cookie.
  const csvLink = manager.getByRole('link', { name: '导出 CSV' });
  const href = new URL(await csvLink.getAttribute('href'), site.url);
  assert.equal(href.pathname, '/api/v1/reports/stock-movements');
  const params = Object.fromEntries(href.searchParams);
  assert.deepEqual(params, { from, to, by: 'item', sort: '-closing_value', format: 'csv', lang: 'zh-CN' });
  assert.notEqual(await csvLink.getAttribute('download'), null);
  const xlsx = new URL(await manager.getByRole('link', { name: '导出 Excel' }).getAttribute('href'), site.url);
  assert.equal(xlsx.searchParams.get('format'), 'xlsx');
  const file = await fetchAsPage(manager, href);
  assert.equal(file.status, 200);
  assert.match(file.headers.get('content-type'), /^text\/csv/);
  assert.match(file.headers.get('content-disposition'), /^attachment; filename="stock-movements-/);
  const bytes = new Uint8Array(await file.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'a byte order mark for Excel');
  const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
  assert.equal(lines[0].split(',')[0], '商品编码');
  assert.equal(lines[1].split(',')[0], largest.sku, 'the file is sorted as the page is');
  const boltLine = lines.find((l) => l.startsWith(`${bolt.sku},`)).split(',');
  assert.equal(boltLine.at(-2), String(expected.closing.qty));

  // In English: the headings, and the file's.
  await manager.getByRole('button', { name: 'English' }).click();
  await manager.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
  for (const heading of ['Item', 'Unit', 'Opening', 'In', 'Out', 'Closing'])
    await manager.getByRole('columnheader', { name: heading, exact: true }).waitFor();
  await manager.getByRole('heading', { name: 'Value in and out by document type' }).waitFor();
  const enHref = new URL(await manager.getByRole('link', { name: 'Export CSV' }).getAttribute('href'), site.url);
  assert.equal(enHref.searchParams.get('lang'), 'en');
  assert.equal(enHref.searchParams.get('from'), from);
  assert.equal(enHref.searchParams.get('to'), to);
  const enFile = await fetchAsPage(manager, enHref);
  const enText = new TextDecoder().decode(new Uint8Array(await enFile.arrayBuffer()).slice(3));
  assert.equal(enText.split('\r\n')[0].split(',')[0], 'SKU');
  await look(manager, 'reports-en');

  // Last month: nothing had been imported yet, so nothing to show.
  await manager.getByRole('button', { name: 'Last month' }).click();
  await manager.getByText('Nothing to show').waitFor();
  const lastFrom = await manager.locator('#rep-from').inputValue();
  assert.match(lastFrom, /^\d{4}-\d{2}-01$/);
  assert.ok(lastFrom < from);

  // A period that ends before it begins is not asked for.
  await manager.locator('#rep-to').fill('2000-01-01');
  await manager.getByText('The end date is before the start date').waitFor();
  await manager.getByRole('button', { name: 'This month' }).click();
  await row.waitFor();

  // An unknown SKU: the gateway's refusal, in the page's language.
  await manager.locator('#rep-sku').fill('NO-SUCH-SKU');
  await manager.locator('#rep-sku').press('Enter');
  await manager.getByRole('alert').filter({ hasText: 'NO-SUCH-SKU' }).waitFor();
  await manager.locator('#rep-sku').fill('');
  await manager.locator('#rep-sku').press('Enter');
  await row.waitFor();

  await manager.getByRole('button', { name: '中文' }).click();
  await manager.getByRole('heading', { name: '报表', level: 1 }).waitFor();
});

test('reports: the stock value now and at the end of a past day, and its Excel file', async () => {
  const bolt = site.items.bolt;
  await manager.goto(`${site.url}/app/#/reports`);
  await manager.getByRole('link', { name: '库存金额' }).click();
  const row = manager.locator(`table[data-report="stock-value"] tbody tr[data-sku="${bolt.sku}"]`);
  await row.waitFor();
  const now = await site.api('manager', 'GET', '/api/v1/stock/value?by=item');
  const expected = now.body.rows.find((r) => r.sku === bolt.sku);
  assert.equal(await row.locator('[data-col="qty"]').innerText(), String(expected.qty));
  assert.equal(digits(await row.locator('[data-col="value"]').innerText()), moneyDigits(expected.value));
  assert.equal(digits(await manager.locator('table[data-report="stock-value"] tfoot [data-col="value"]').innerText()),
    moneyDigits(now.body.total_value));
  assert.match(await manager.locator('.period').innerText(), /^当前库存，\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/);

  // By location: the bolts' bins.
  await manager.getByLabel('汇总方式').selectOption('location');
  await manager.locator(`table[data-report="stock-value"] tbody tr[data-sku="${bolt.sku}"][data-place="A-01-1"]`).waitFor();
  await look(manager, 'reports-value');

  // The end of the day before the month began: before the opening stock.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const before = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1, 0)).toISOString().slice(0, 10);
  await manager.getByLabel('截至日期（留空为当前）').fill(before);
  await manager.getByText(`${before} 日终库存（Asia/Shanghai）`).waitFor();
  await manager.getByText('没有数据').waitFor();
  const xlsx = new URL(await manager.getByRole('link', { name: '导出 Excel' }).getAttribute('href'), site.url);
  assert.deepEqual(Object.fromEntries(xlsx.searchParams), { as_of: before, by: 'location', format: 'xlsx', lang: 'zh-CN' });
  const file = await fetchAsPage(manager, xlsx);
  assert.equal(file.status, 200);
  assert.match(file.headers.get('content-type'), /spreadsheetml/);
  const bytes = new Uint8Array(await file.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 2)], [0x50, 0x4b], 'an .xlsx is a zip');
});

test('reports: turnover and days of cover, ageing by bucket with the idle items, ABC/XYZ classes, as the API has them', async () => {
  const bolt = site.items.bolt;
  await manager.goto(`${site.url}/app/#/reports`);
  await manager.getByRole('link', { name: '库存周转' }).click();
  const row = manager.locator(`table[data-report="turnover"] tbody tr[data-sku="${bolt.sku}"]`);
  await row.waitFor();
  const from = await manager.locator('#to-from').inputValue();
  const to = await manager.locator('#to-to').inputValue();
  const turnover = await site.api('manager', 'GET', `/api/v1/reports/turnover?from=${from}&to=${to}&limit=100`);
  assert.equal(turnover.status, 200, JSON.stringify(turnover.body));
  const expected = turnover.body.rows.find((r) => r.sku === bolt.sku);
  assert.match(await row.locator('td').first().innerText(), new RegExp(`${bolt.name}\\s+${bolt.sku}`));
  assert.equal(digits(await row.locator('[data-col="average"]').innerText()), moneyDigits(expected.average_value));
  assert.equal(digits(await row.locator('[data-col="issued"]').innerText()), moneyDigits(expected.issued.value));
  const turnoverText = await row.locator('[data-col="turnover"]').innerText();
  assert.equal(turnoverText.split('\n')[0], expected.turnover === null ? '—' : expected.turnover.toFixed(2));
  assert.match(await manager.locator('p[data-row="overall"]').innerText(), /^整体周转率 /);
  const csv = new URL(await manager.getByRole('link', { name: '导出 CSV' }).getAttribute('href'), site.url);
  assert.deepEqual(Object.fromEntries(csv.searchParams), { from, to, format: 'csv', lang: 'zh-CN' });
  const file = await fetchAsPage(manager, csv);
  const lines = new TextDecoder().decode(new Uint8Array(await file.arrayBuffer()).slice(3)).split('\r\n');
  assert.equal(lines[0].split(',')[6], '平均库存金额');
  assert.equal(lines.find((l) => l.startsWith(`${bolt.sku},`)).split(',')[6], (expected.average_value / 10000).toFixed(4));
  await look(manager, 'reports-turnover');

  // Ageing as of today: the bolts' stock by bucket, valued as the gateway values it.
  await manager.getByRole('link', { name: '库龄分析' }).click();
  const aged = manager.locator(`table[data-report="ageing"] tbody tr[data-sku="${bolt.sku}"]`);
  await aged.waitFor();
  const ageing = await site.api('manager', 'GET', '/api/v1/reports/ageing?buckets=30,60,90,180,365&limit=100');
  assert.equal(ageing.status, 200, JSON.stringify(ageing.body));
  const mine = ageing.body.rows.find((r) => r.sku === bolt.sku);
  for (const [i, heading] of ['0–30 天', '31–60 天', '61–90 天', '91–180 天', '181–365 天', '>365 天'].entries()) {
    await manager.getByRole('columnheader', { name: heading, exact: true }).waitFor();
    const cell = aged.locator(`[data-col="bucket-${i}"]`);
    if (mine.buckets[i].qty === 0) assert.equal(await cell.innerText(), '—');
    else assert.equal(digits((await cell.innerText()).split('\n')[1]), moneyDigits(mine.buckets[i].value));
  }
  assert.equal(digits(await manager.locator('table[data-report="ageing"] tfoot [data-col="on_hand"]').innerText()),
    moneyDigits(ageing.body.totals.value));
  assert.equal(await aged.getAttribute('data-idle'), String(mine.idle));
  // The chart of value by age, and its table for screen readers.
  await manager.locator('.chart canvas').waitFor();
  assert.equal(await manager.locator('.sr-table tbody tr').count(), 6);
  assert.match(await manager.locator('p[data-row="idle"]').innerText(), new RegExp(`^呆滞商品 ${ageing.body.totals.idle_items} 种`));
  await look(manager, 'reports-ageing');

  // Only the idle items, asked of the gateway.
  const idle = manager.waitForResponse((r) => r.url().includes('/reports/ageing') && r.url().includes('idle=true'));
  await manager.getByLabel('只看呆滞商品').check();
  await idle;
  const idleRows = manager.locator('table[data-report="ageing"] tbody tr');
  await waitFor('only idle rows', async () =>
    (await idleRows.count()) === 0 || (await manager.locator('table[data-report="ageing"] tbody tr[data-idle="false"]').count()) === 0);
  const xlsx = new URL(await manager.getByRole('link', { name: '导出 Excel' }).getAttribute('href'), site.url);
  assert.equal(xlsx.searchParams.get('idle'), 'true');
  assert.equal((await fetchAsPage(manager, xlsx)).status, 200);

  // ABC/XYZ over the two weeks up to today: the classes as the gateway gives them.
  await manager.getByRole('link', { name: 'ABC/XYZ 分类' }).click();
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const start = new Date(`${today}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() - 13);
  const abcFrom = start.toISOString().slice(0, 10);
  await manager.locator('#abc-from').fill(abcFrom);
  await manager.locator('#abc-to').fill(today);
  const classed = manager.locator(`table[data-report="abc"] tbody tr[data-sku="${bolt.sku}"]`);
  await classed.waitFor();
  const abc = await site.api('manager', 'GET', `/api/v1/reports/abc?from=${abcFrom}&to=${today}&limit=100`);
  assert.equal(abc.status, 200, JSON.stringify(abc.body));
  const boltClass = abc.body.rows.find((r) => r.sku === bolt.sku);
  assert.equal(await classed.locator('[data-col="class"]').innerText(), boltClass.class);
  for (const pair of ['AX', 'BY', 'CZ'])
    assert.equal(await manager.locator(`table[data-report="abc-matrix"] [data-pair="${pair}"]`).innerText(), String(abc.body.totals.pairs[pair]));
  await manager.locator('#abc-class').selectOption(boltClass.abc);
  await waitFor('only the bolts\' class', async () =>
    (await manager.locator(`table[data-report="abc"] tbody tr:not([data-class^="${boltClass.abc}"])`).count()) === 0);
  const abcCsv = new URL(await manager.getByRole('link', { name: '导出 CSV' }).getAttribute('href'), site.url);
  assert.deepEqual(Object.fromEntries(abcCsv.searchParams), { from: abcFrom, to: today, class: boltClass.abc, format: 'csv', lang: 'zh-CN' });
  await look(manager, 'reports-abc');

  await manager.getByRole('button', { name: 'English' }).click();
  await manager.getByRole('columnheader', { name: 'CV' }).waitFor();
  await manager.getByRole('link', { name: 'Stock ageing' }).click();
  await manager.getByRole('columnheader', { name: '>365 days', exact: true }).waitFor();
  await manager.getByRole('button', { name: '中文' }).click();
  await manager.getByRole('heading', { name: '报表', level: 1 }).waitFor();

  // Device performance this month: the dock door's passes (the one held for
  // a missing tag above among them), the scanners' rejects, the shelf's
  // discrepancies, as the API has them.
  await manager.getByRole('link', { name: '设备表现' }).click();
  const dockRow = manager.locator('table[data-report="devices-doors"] tbody tr[data-door="DOOR-1"]');
  await dockRow.waitFor();
  const devFrom = await manager.locator('#dev-from').inputValue();
  const devTo = await manager.locator('#dev-to').inputValue();
  const doors = await site.api('manager', 'GET', `/api/v1/reports/devices?from=${devFrom}&to=${devTo}&limit=100`);
  assert.equal(doors.status, 200, JSON.stringify(doors.body));
  const dock = doors.body.rows.find((r) => r.door === 'DOOR-1');
  assert.ok(dock.held >= 1 && dock.held_by_reason.missing >= 1, JSON.stringify(dock));
  assert.equal(await dockRow.locator('[data-col="passes"]').innerText(), String(dock.passes));
  assert.equal(await dockRow.locator('[data-col="missing"]').innerText(), String(dock.held_by_reason.missing));
  await manager.locator('.chart canvas').waitFor();
  await manager.locator('#dev-kind').selectOption('shelves');
  const shelfRow = manager.locator(`table[data-report="devices-shelves"] tbody tr[data-slot="${site.shelf.slot}"]`);
  await shelfRow.first().waitFor();
  assert.ok(Number(await shelfRow.first().locator('[data-col="discrepancies"]').innerText()) >= 1);
  await manager.locator('#dev-kind').selectOption('scanners');
  const devCsv = new URL(await manager.getByRole('link', { name: '导出 CSV' }).getAttribute('href'), site.url);
  assert.deepEqual(Object.fromEntries(devCsv.searchParams), { from: devFrom, to: devTo, kind: 'scanners', format: 'csv', lang: 'zh-CN' });
  const devFile = await fetchAsPage(manager, devCsv);
  const devLines = new TextDecoder().decode(new Uint8Array(await devFile.arrayBuffer()).slice(3)).split('\r\n');
  assert.equal(devLines[0].split(',').slice(0, 4).join(','), '扫描枪,扫描次数,接受,拒绝');
  await manager.locator('#dev-kind').selectOption('doors');
  await dockRow.waitFor();
  await look(manager, 'reports-devices');
  await manager.getByRole('button', { name: 'English' }).click();
  await manager.locator('table[data-report="devices-doors"]').getByRole('columnheader', { name: 'Share held' }).waitFor();
  await manager.getByRole('button', { name: '中文' }).click();
  await manager.getByRole('link', { name: '设备表现' }).waitFor();
});

test('reports: count accuracy of the approved count, per count and per counter, as the API has it', async () => {
  await manager.goto(`${site.url}/app/#/reports/accuracy`);
  const row = manager.locator(`table[data-report="count-accuracy"] tbody tr[data-key="${countNumber}"]`);
  await row.waitFor();
  const from = await manager.locator('#acc-from').inputValue();
  const to = await manager.locator('#acc-to').inputValue();
  const answer = await site.api('manager', 'GET', `/api/v1/reports/count-accuracy?from=${from}&to=${to}`);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  const mine = answer.body.rows.find((r) => r.key === countNumber);
  assert.ok(mine.figures.lines > 0, JSON.stringify(mine));
  const shown = (v) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
  assert.equal((await row.locator('[data-col="accuracy"]').innerText()).split('\n')[0], shown(mine.figures.accuracy));
  assert.equal(digits(await row.locator('[data-col="net"]').innerText()), moneyDigits(mine.figures.net_value));
  assert.match(await row.locator('td').first().innerText(), new RegExp(`盘点人：${mine.counters.join('、')}`));
  assert.match(await manager.locator('p[data-row="overall"]').innerText(),
    new RegExp(`^${answer.body.totals.counts} 次盘点、${answer.body.totals.lines} 行：准确率 `));
  await manager.locator('.chart canvas').waitFor();
  await look(manager, 'reports-accuracy');

  // Per counter: the person behind the count's rounds, and the file with the same filters.
  await manager.getByLabel('汇总方式').selectOption('counter');
  await manager.locator(`table[data-report="count-accuracy"] tbody tr[data-key="${mine.counters[0]}"]`).waitFor();
  const csv = new URL(await manager.getByRole('link', { name: '导出 CSV' }).getAttribute('href'), site.url);
  assert.deepEqual(Object.fromEntries(csv.searchParams), { from, to, by: 'counter', format: 'csv', lang: 'zh-CN' });
  const file = await fetchAsPage(manager, csv);
  const lines = new TextDecoder().decode(new Uint8Array(await file.arrayBuffer()).slice(3)).split('\r\n');
  assert.deepEqual(lines[0].split(',').slice(0, 6), ['盘点人', '盘点单数', '库位数', '盘点行数', '准确行数', '准确率（%）']);
  assert.ok(lines.some((l) => l.startsWith(`${mine.counters[0]},`)), lines.join('\n'));
  await manager.getByRole('button', { name: 'English' }).click();
  await manager.getByRole('option', { name: 'By counter' }).waitFor({ state: 'attached' });
  await manager.getByRole('button', { name: '中文' }).click();
  await manager.getByRole('heading', { name: '报表', level: 1 }).waitFor();
});

test('reports are offered to managers only', async () => {
  await clerk.goto(`${site.url}/app/#/`);
  await clerk.getByRole('link', { name: '库存查询' }).waitFor();
  assert.equal(await clerk.getByRole('link', { name: '报表' }).count(), 0);
  assert.equal(await clerk.getByRole('link', { name: '看板' }).count(), 0);
  const refused = await site.api('clerk', 'GET', '/api/v1/reports/stock-movements?from=2024-01-01&to=2024-01-31');
  assert.equal(refused.status, 403);
});

test('the admin adds a user, makes a token shown once, and revokes it', async () => {
  const admin = await (await phone()).newPage();
  await signIn(admin, 'admin');
  await admin.goto(`${site.url}/app/#/admin`);
  await admin.locator('#new-user').fill('picker3');
  await admin.locator('#new-role').selectOption('operator');
  await admin.locator('#new-password').fill('another-pass-9');
  await admin.getByRole('button', { name: '新增用户' }).click();
  await admin.getByLabel('picker3 角色').waitFor();
  await admin.locator('#token-user').selectOption('picker3');
  await admin.locator('#token-label').fill('手持终端 3');
  await admin.getByRole('button', { name: '新建令牌' }).click();
  const token = (await admin.locator('.secret').innerText()).trim();
  assert.match(token, /^jxc_[A-Za-z0-9_-]{43}$/);
  await look(admin, 'admin');
  const asToken = async () => (await fetch(`${site.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } })).status;
  assert.equal(await asToken(), 200);
  await admin.getByRole('button', { name: '吊销 手持终端 3' }).click();
  await waitFor('the token refused', async () => (await asToken()) === 401);
  await admin.context().close();
});

test('on a plain-HTTP LAN address (no secure context) a scan is still keyed and booked once', async () => {
  // A name for the gateway that is not the box itself: the page is then no secure context.
  const lan = await launchBrowser({ args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP gateway.lan 127.0.0.1'] });
  try {
    const context = await phoneContext(lan);
    context.on('request', (r) => requests.push(r.url().replace(`http://gateway.lan:${site.port}`, site.url)));
    const page = await context.newPage();
    const base = `http://gateway.lan:${site.port}`;
    await page.goto(`${base}/app/`);
    assert.equal(await page.evaluate(() => window.isSecureContext), false);
    assert.equal(await page.evaluate(() => typeof crypto.randomUUID), 'undefined');
    await page.getByLabel('用户名').fill('clerk');
    await page.getByLabel('密码').fill(site.users.clerk.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('link', { name: '库存查询' }).waitFor();
    const nut = site.items.nut;
    const before = (await order('PO-1001')).lines.find((l) => l.sku === nut.sku).done;
    await page.goto(`${base}/app/#/receive/PO-1001`);
    await page.getByLabel('收货到').fill('RECV-01');
    const v = await scan(page, nut.gtin);
    assert.equal(await v.getAttribute('data-verdict'), 'accepted', await v.innerText());
    assert.equal((await order('PO-1001')).lines.find((l) => l.sku === nut.sku).done, before + 1);
  } finally {
    await lan.close();
  }
});

test('the app is installable: chromium finds no installability error once the service worker runs', async () => {
  // Playwright's own contexts are incognito, where nothing installs: a profile of its own.
  const { chromium } = await import('playwright-core');
  const profile = await mkdtemp(path.join(os.tmpdir(), 'jxc-web-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await context.newPage();
    await page.goto(`${site.url}/app/`);
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 15000 });
    const cdp = await context.newCDPSession(page);
    assert.deepEqual((await cdp.send('Page.getInstallabilityErrors')).installabilityErrors, []);
    assert.deepEqual((await cdp.send('Page.getAppManifest')).errors, []);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
});

test('every page has no serious or critical accessibility violation', () => {
  assert.deepEqual(a11y, []);
});

test('the pages fetched nothing from anywhere but the gateway', () => {
  assert.ok(requests.length > 50, `${requests.length} requests seen`);
  assert.deepEqual(requests.filter((u) => !u.startsWith(`${site.url}/`) && !/^(data|blob):/.test(u)), []);
});

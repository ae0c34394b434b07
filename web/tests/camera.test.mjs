// Scanning with a phone's camera, in chromium against the real gateway: the
// page decodes EAN-13, GS1 DataMatrix (lot and expiry), GS1-128 and a QR
// code holding a GS1 Digital Link, with the decoder the gateway serves
// (zxing-wasm, or the browser's BarcodeDetector where it has one). The
// camera is the one part stood in for: getUserMedia answers with a canvas
// stream showing the barcode, drawn by zxing-wasm's writer here in Node.
// Debian's chromium has no BarcodeDetector, so the WebAssembly decoder is
// the one at work, fetched from the gateway like everything else.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { prepareZXingModule, writeBarcode } from 'zxing-wasm/writer';
import { checkAccessibility, launchBrowser, phoneContext, screenshot, startSite } from './site.mjs';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
prepareZXingModule({
  overrides: { wasmBinary: readFileSync(path.join(web, 'node_modules/zxing-wasm/dist/writer/zxing_writer.wasm')).buffer },
});

let site;
let browser;
let page;
const requests = [];

before(async () => {
  site = await startSite();
  browser = await launchBrowser();
  const context = await phoneContext(browser);
  // The camera: a 640×480 canvas stream of whatever SVG the test puts in
  // window.__barcode, drawn in the middle as a phone held over a label sees it.
  await context.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 640;
      canvas.height = 480;
      const g = canvas.getContext('2d');
      const img = new Image();
      let shown = '';
      const draw = () => {
        const svg = window.__barcode ?? '';
        if (svg !== shown) {
          shown = svg;
          img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
        }
        g.fillStyle = '#fff';
        g.fillRect(0, 0, 640, 480);
        if (img.complete && img.naturalWidth) {
          const k = Math.min(440 / img.naturalWidth, 320 / img.naturalHeight);
          const w = img.naturalWidth * k;
          const h = img.naturalHeight * k;
          g.drawImage(img, (640 - w) / 2, (480 - h) / 2, w, h);
        }
        requestAnimationFrame(draw);
      };
      draw();
      return canvas.captureStream(15);
    };
  });
  page = await context.newPage();
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${site.url}/app/`);
  await page.getByLabel('用户名').fill('clerk');
  await page.getByLabel('密码').fill(site.users.clerk.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('link', { name: '库存查询' }).click();
});

after(async () => {
  await browser?.close();
  await site?.stop();
});

async function scanWithCamera(format, text, options = {}) {
  const code = await writeBarcode(text, { format, scale: 4, ...options });
  assert.equal(code.error, '', `${format}: ${code.error}`);
  await page.evaluate((svg) => { window.__barcode = svg; }, code.svg);
  await page.getByRole('button', { name: '摄像头扫码' }).click();
  // The dialog closes by itself once a barcode is read (at once, as often as not).
  await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 20000 });
}

test('EAN-13 on a unit', async () => {
  const bolt = site.items.bolt;
  await scanWithCamera('EAN13', bolt.gtin);
  await page.getByRole('heading', { name: bolt.name }).waitFor();
});

test('GS1 DataMatrix with a lot and an expiry: the lot filters the stock shown', async () => {
  const formula = site.items.formula;
  await scanWithCamera('DataMatrix', `(01)0${formula.gtin}(17)300630(10)${formula.lot}`, { options: 'gs1' });
  await page.getByRole('heading', { name: formula.name }).waitFor();
  assert.match(await page.locator('article.item').innerText(), new RegExp(formula.lot));
});

test('GS1-128 on a case', async () => {
  const water = site.items.water;
  await scanWithCamera('Code128', `(01)${water.caseGtin}`, { options: 'gs1' });
  await page.getByRole('heading', { name: water.name }).waitFor();
});

test('a QR code holding a GS1 Digital Link', async () => {
  const cable = site.items.cable;
  await scanWithCamera('QRCode', `https://id.gs1.org/01/0${cable.gtin}`);
  await page.getByRole('heading', { name: cable.name }).waitFor();
  await page.evaluate(() => { window.__barcode = ''; });
  await page.getByRole('button', { name: '摄像头扫码' }).click();
  await page.getByRole('dialog', { name: '摄像头扫码' }).waitFor();
  await screenshot(page, 'camera');
  assert.deepEqual(await checkAccessibility(page, 'camera'), []);
  await page.getByRole('button', { name: '关闭摄像头' }).click();
});

test('the decoder came from the gateway, and nothing from anywhere else', () => {
  assert.ok(requests.some((u) => u.startsWith(`${site.url}/app/`) && u.endsWith('.wasm')), requests.join('\n'));
  assert.deepEqual(requests.filter((u) => !u.startsWith(`${site.url}/`) && !/^(data|blob):/.test(u)), []);
});

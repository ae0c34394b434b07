// The barcode reading the pages do on the device (src/gs1.ts), so that a
// scan made offline still names an item: GS1 element strings with FNC1 as
// GS or with the AIs in brackets, Digital Link URLs, bare GTINs with their
// check digits, and what is none of these (a SKU or a bin label).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/gs1.ts');
const bundled = await build({ entryPoints: [src], bundle: true, format: 'esm', write: false, platform: 'neutral' });
const { parseLabel, checkDigitOk } = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);

const GS = '\u001d';

test('a bare EAN-13, UPC-A, EAN-8 or GTIN-14 is a GTIN-14 when its check digit is right', () => {
  assert.deepEqual(parseLabel('6901234001013'), { raw: '6901234001013', gtin: '06901234001013' });
  assert.equal(parseLabel('036000291452').gtin, '00036000291452');
  assert.equal(parseLabel('96385074').gtin, '00000000963850'.slice(0, 6) + '96385074');
  assert.equal(parseLabel('16920456002018').gtin, '16920456002018');
  assert.equal(parseLabel('6901234001014'), undefined, 'a wrong check digit is no GTIN');
  assert.equal(checkDigitOk('6901234001013'), true);
  assert.equal(checkDigitOk('12'), false);
});

test('an element string with FNC1 as GS: GTIN, lot, expiry, serial, count', () => {
  const l = parseLabel(`]d20106938765003018${GS}17300630${GS}10L20250601${GS}21SN-7${GS}3012`);
  assert.equal(l.gtin, '06938765003018');
  assert.equal(l.expiry, '2030-06-30');
  assert.equal(l.lot, 'L20250601');
  assert.equal(l.serial, 'SN-7');
  assert.equal(l.count, 12);
  // Fixed-length AIs need no separator after them.
  assert.equal(parseLabel('010693876500301817300600').expiry, '2030-06-30', 'day 00 is the month\'s last day');
});

test('the same with the AIs written in brackets, and an SSCC', () => {
  const l = parseLabel('(01)06938765003018(10)L1(17)301231');
  assert.deepEqual([l.gtin, l.lot, l.expiry], ['06938765003018', 'L1', '2030-12-31']);
  assert.equal(parseLabel('(00)069012340000000016').sscc, '069012340000000016');
  assert.equal(parseLabel('(00)069012340000000012'), undefined, 'an SSCC with a wrong check digit');
  assert.equal(parseLabel('(01)06938765003019'), undefined, 'a GTIN with a wrong check digit');
});

test('a GS1 Digital Link URL names its GTIN, lot and serial', () => {
  const l = parseLabel('https://id.gs1.org/01/06942109004012/10/LOT%201?17=301231');
  assert.deepEqual([l.gtin, l.lot, l.expiry], ['06942109004012', 'LOT 1', '2030-12-31']);
  assert.equal(parseLabel('https://example.com/products/42'), undefined);
});

test('what is not GS1 is refused as GS1 and left to be read as a SKU or a bin', () => {
  for (const text of ['https://id.gs1.org/01/123', 'https://id.gs1.org/01/%E0%A4%A', 'SKU-1001', 'LOC-A-01-1', '', '01123', '(01)123', `01069387650030${GS}`, 'http://[bad', '99xyz']) {
    assert.equal(parseLabel(text), undefined, JSON.stringify(text));
  }
});

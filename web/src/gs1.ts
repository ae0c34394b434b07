// What a scanned barcode says, read on the device so that scans made while
// offline can still be booked: a GS1 element string (GS1-128 / DataMatrix
// with FNC1 as ASCII 29, or with "(01)…(10)…" written out), a GS1 Digital
// Link URL (QR), a bare EAN-13/UPC-A/EAN-8/GTIN-14, or anything else (a SKU
// or bin label), which is returned as text. The gateway reads the same
// barcode again when the line is posted; this reading only chooses the item.

export interface Label {
  raw: string;
  gtin?: string;
  lot?: string;
  expiry?: string; // YYYY-MM-DD
  serial?: string;
  count?: number;
  sscc?: string;
}

const GS = '\u001d';
// Fixed-length AIs (data length without the AI) that matter here; every
// other AI in the table of predefined lengths ends at a GS or the end.
const fixed: Record<string, number> = { '00': 18, '01': 14, '02': 14, '11': 6, '13': 6, '15': 6, '16': 6, '17': 6 };
const variableAis = ['10', '21', '22', '30', '37', '240', '241', '250', '251', '400', '401', '402', '403'];

/** The GS1 check digit of the digits before it is right. */
export function checkDigitOk(digits: string): boolean {
  if (!/^[0-9]{8,18}$/.test(digits)) return false;
  let sum = 0;
  const body = digits.slice(0, -1);
  for (let i = 0; i < body.length; i++) {
    const d = body.charCodeAt(body.length - 1 - i) - 48;
    sum += i % 2 === 0 ? d * 3 : d;
  }
  return (10 - (sum % 10)) % 10 === Number(digits[digits.length - 1]);
}

function yymmdd(v: string): string | undefined {
  if (!/^[0-9]{6}$/.test(v)) return undefined;
  const yy = Number(v.slice(0, 2));
  // GS1 General Specifications 7.12: the century that puts the year within -49..+50 of now.
  const now = new Date().getUTCFullYear();
  let year = 2000 + yy;
  if (year - now > 50) year -= 100;
  else if (now - year > 49) year += 100;
  let dd = v.slice(4, 6);
  const mm = v.slice(2, 4);
  if (dd === '00') dd = String(new Date(Date.UTC(year, Number(mm), 0)).getUTCDate()).padStart(2, '0');
  return `${year}-${mm}-${dd}`;
}

/** A value its AI allows: fixed-length AIs are that many digits, keys (GTIN, SSCC) end with their check digit. */
function valid(ai: string, value: string): boolean {
  if (ai in fixed) {
    if (value.length !== fixed[ai] || !/^[0-9]+$/.test(value)) return false;
    if (ai === '00' || ai === '01' || ai === '02') return checkDigitOk(value);
    return true;
  }
  return value.length > 0 && value.length <= 30;
}

function apply(label: Label, ai: string, value: string) {
  switch (ai) {
    case '00': label.sscc = value; break;
    case '01': case '02': label.gtin = value; break;
    case '10': label.lot = value; break;
    case '17': label.expiry = yymmdd(value); break;
    case '21': label.serial = value; break;
    case '30': case '37': {
      const n = Number(value);
      if (Number.isInteger(n) && n > 0) label.count = n;
      break;
    }
  }
}

function parseElementString(s: string): Label | undefined {
  const label: Label = { raw: s };
  let i = 0;
  while (i < s.length) {
    if (s[i] === GS) { i++; continue; }
    const two = s.slice(i, i + 2);
    if (two in fixed) {
      const value = s.slice(i + 2, i + 2 + fixed[two]);
      if (!valid(two, value)) return undefined;
      apply(label, two, value);
      i += 2 + fixed[two];
      continue;
    }
    const ai = variableAis.find((a) => s.startsWith(a, i));
    if (!ai) return undefined;
    const end = s.indexOf(GS, i);
    const value = s.slice(i + ai.length, end < 0 ? s.length : end);
    if (!valid(ai, value)) return undefined;
    apply(label, ai, value);
    i = end < 0 ? s.length : end + 1;
  }
  return label.gtin || label.sscc ? label : undefined;
}

function parseBracketed(s: string): Label | undefined {
  const label: Label = { raw: s };
  const re = /\(([0-9]{2,4})\)([^(]*)/g;
  let m: RegExpExecArray | null;
  let seen = 0;
  while ((m = re.exec(s))) {
    if (!valid(m[1], m[2])) return undefined;
    apply(label, m[1], m[2]);
    seen += m[0].length;
  }
  return seen === s.length && (label.gtin || label.sscc) ? label : undefined;
}

function parseDigitalLink(s: string): Label | undefined {
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return undefined;
  }
  const parts = url.pathname.split('/').filter(Boolean);
  const label: Label = { raw: s };
  for (let i = 0; i + 1 < parts.length; i++) {
    if (!/^(01|10|21|00|17)$/.test(parts[i])) continue;
    let value: string;
    try {
      value = decodeURIComponent(parts[i + 1]);
    } catch {
      return undefined;
    }
    if (!valid(parts[i], value)) return undefined;
    apply(label, parts[i], value);
  }
  for (const [k, v] of url.searchParams) if (/^(10|21|17)$/.test(k) && valid(k, v)) apply(label, k, v);
  return label.gtin ? label : undefined;
}

/** The barcode read as GS1, or undefined when it is not GS1 (a SKU or bin label). */
export function parseLabel(scan: string): Label | undefined {
  let s = scan.trim();
  if (s.startsWith(']C1') || s.startsWith(']d2') || s.startsWith(']Q3') || s.startsWith(']e0')) s = s.slice(3);
  if (/^[0-9]{8}$|^[0-9]{12,14}$/.test(s)) {
    return checkDigitOk(s) ? { raw: scan, gtin: s.padStart(14, '0') } : undefined;
  }
  if (/^https?:\/\//i.test(s)) return parseDigitalLink(s);
  if (s.startsWith('(')) return parseBracketed(s);
  if (/^[0-9]{2}/.test(s)) return parseElementString(s);
  return undefined;
}

// What receiving, picking and moving share: a resolved scan as a document
// line (a pack scanned is entered in its pack unit, so the document keeps
// the unit the person saw), its words, and the queue's answer as a verdict
// with its sound.
import { resolveScan, type Resolved } from './catalogue';
import { signal as beep } from './feedback';
import { qtyText, t } from './i18n';
import type { Entry } from './queue';
import type { VerdictView } from './scan_field';
import type { DocumentResult } from './types';
import { failureText } from './ui';

export function lineOf(r: Resolved, lot?: string): Record<string, unknown> {
  const line: Record<string, unknown> = { sku: r.item.sku };
  if (r.unit !== r.item.uom) {
    line.quantity = r.count;
    line.unit = r.unit;
  } else line.qty = r.qty;
  const l = r.lot ?? lot;
  if (l) line.lot = l;
  if (r.expiry) line.expiry = r.expiry;
  if (r.serial) line.serials = [r.serial];
  return line;
}

export function describe(r: Resolved): string {
  const base = `${qtyText(r.qty, r.item.decimals)} ${r.item.uom}`;
  return `${r.item.name} × ${r.unit !== r.item.uom ? `${r.count} ${r.unit} (${base})` : base}`;
}

/** The verdict for the queue's answer to a posted document, signalled. */
export function verdictOf(e: Entry, what: string): VerdictView {
  if (e.state === 'done') {
    const res = e.result as DocumentResult | undefined;
    beep('accepted');
    return { kind: 'accepted', text: what, detail: res?.needs_review ? t('held_for_review') : res?.number };
  }
  if (e.state === 'refused') {
    beep('refused');
    return { kind: 'refused', text: what, detail: e.problem?.detail || e.problem?.title };
  }
  beep('queued');
  return { kind: 'queued', text: what };
}

export function refuse(text: string, detail?: string): VerdictView {
  beep('refused');
  return { kind: 'refused', text, detail };
}

/**
 * The item a scan names, or the refusal to show: a barcode nobody knows, or
 * one this device does not know while the gateway cannot be asked.
 */
export async function resolveOrRefuse(text: string): Promise<Resolved | VerdictView> {
  try {
    return (await resolveScan(text)) ?? refuse(t('unknown_barcode', { code: text }));
  } catch (e) {
    return refuse(t('unknown_barcode', { code: text }), failureText(e));
  }
}

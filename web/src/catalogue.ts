// The items this device has seen (from orders, counts and lookups), kept in
// localStorage so that a scan made offline can still be turned into an item
// and a quantity. Online, a barcode the device does not know is asked of the
// gateway (GET /stock?q=), which resolves it as the fixed scanners do.
import { get, q } from './api';
import { parseLabel } from './gs1';
import type { Item, StockAnswer } from './types';

const KEY = 'jxc.items';
const items = new Map<string, Item>(
  Object.entries(JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, Item>),
);

function save() {
  localStorage.setItem(KEY, JSON.stringify(Object.fromEntries(items)));
}

export function remember(list: Item[]) {
  if (!list.length) return;
  for (const it of list) {
    const { sku, name, uom, gtins, lot_tracked, serial_tracked, unit_weight_g, decimals, packs } = it;
    items.set(sku, { sku, name, uom, gtins, lot_tracked, serial_tracked, unit_weight_g, decimals, packs });
  }
  save();
}

export function itemOf(sku: string): Item | undefined {
  return items.get(sku);
}

/** What a scan books: the item, and how many of its smallest units. */
export interface Resolved {
  item: Item;
  qty: number; // smallest units
  unit: string; // the pack level scanned (the base unit for a unit's GTIN)
  count: number; // packs
  lot?: string;
  expiry?: string;
  serial?: string;
}

const scale = (it: Item) => 10 ** (it.decimals ?? 0);

function fromCatalogue(text: string): Resolved | undefined {
  const label = parseLabel(text);
  if (label?.gtin) {
    for (const it of items.values()) {
      const count = label.count ?? 1;
      const extra = { lot: label.lot, expiry: label.expiry, serial: label.serial };
      if (it.gtins.includes(label.gtin)) return { item: it, qty: count * scale(it), unit: it.uom, count, ...extra };
      const pack = it.packs?.find((p) => p.gtin === label.gtin);
      if (pack) return { item: it, qty: Math.round(pack.factor * scale(it)) * count, unit: pack.unit, count, ...extra };
    }
    return undefined;
  }
  const it = items.get(text.trim());
  return it ? { item: it, qty: scale(it), unit: it.uom, count: 1 } : undefined;
}

/**
 * The item and quantity a scan stands for: from the items this device knows,
 * else from the gateway when it can be reached; undefined when neither knows it.
 * Throws NetworkError only when the device does not know it and the gateway
 * cannot be reached.
 */
export async function resolveScan(text: string): Promise<Resolved | undefined> {
  const known = fromCatalogue(text);
  if (known) return known;
  const answer = await get<StockAnswer>(`/stock${q({ q: text.trim() })}`);
  remember(answer.items);
  if (answer.resolved_by === 'label' && answer.label) {
    const it = answer.items.find((i) => i.sku === answer.label!.sku);
    if (!it) return undefined;
    const label = parseLabel(text);
    return {
      item: it,
      qty: answer.label.factor * answer.label.count,
      unit: answer.label.unit,
      count: answer.label.count,
      lot: label?.lot,
      expiry: label?.expiry,
      serial: label?.serial,
    };
  }
  const exact = answer.items.find((i) => i.sku === text.trim());
  return exact ? { item: exact, qty: scale(exact), unit: exact.uom, count: 1 } : undefined;
}

/** A bin's code when the scan is a bin label ("LOC-A-01-1" or the code itself), from the bins given. */
export function binOf(text: string, bins: string[]): string | undefined {
  const s = text.trim();
  if (bins.includes(s)) return s;
  const bare = s.replace(/^LOC-/, '');
  return bins.includes(bare) ? bare : undefined;
}

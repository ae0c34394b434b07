// The API's answers the pages read (docs/contract/openapi.yaml names them).
export type Role = 'operator' | 'manager' | 'admin';

export interface Me {
  user: string;
  role: Role;
  via: 'session' | 'token';
  timezone?: string;
  currency?: string;
}

export interface Login {
  user: string;
  role: Role;
  csrf_token: string;
  expires_at: string;
}

export interface Pack {
  unit: string;
  factor: number;
  gtin?: string;
}

export interface Item {
  sku: string;
  name: string;
  uom: string;
  gtins: string[];
  lot_tracked: boolean;
  serial_tracked: boolean;
  unit_weight_g: number | null;
  decimals?: number;
  category?: string;
  packs?: Pack[];
}

export interface Balance {
  sku: string;
  name: string;
  uom: string;
  decimals?: number;
  location: string;
  lot: string;
  qty: number;
  value: number;
  unit_cost: number | null;
}

export interface StockAnswer {
  resolved_by: 'all' | 'sku' | 'label' | 'search';
  currency: string;
  items: Item[];
  balances: Balance[];
  label?: { sku: string; unit: string; factor: number; count: number };
}

export interface OrderLine {
  line: number;
  sku: string;
  name: string;
  uom: string;
  decimals?: number;
  lot: string;
  sscc: string;
  unit?: string;
  entered?: string;
  expected: number;
  done: number;
  remaining: number;
}

export interface OrderSummary {
  number: string;
  kind: 'receipt' | 'pick';
  state: 'open' | 'closed' | 'cancelled';
  ref: string;
  partner: string;
  door: string;
  created_at: string;
  line_count: number;
  expected: number;
  done: number;
}

export interface Order extends OrderSummary {
  expected_at: string | null;
  tolerance_pct: number | null;
  lines: OrderLine[];
}

export interface DocumentResult {
  number: string;
  type: string;
  state: string;
  needs_review: boolean;
  exceptions: string[];
  movements: number;
  replayed: boolean;
}

/** GET /items/{sku}: an Item with its stock (only the Item part is kept on the device). */
export interface ItemDetailLike extends Item {
  on_hand?: number;
}

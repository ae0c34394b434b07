// A held document's exceptions are recorded in English by the gateway (they
// are part of the stored document and of the central system's events). The
// kinds a manager meets every day are worded here in the chosen language,
// with item names instead of SKUs; anything else is shown as recorded.
import { lang } from './i18n';

type Names = (sku: string) => string;

const rules: { re: RegExp; zh: (m: string[], n: Names) => string; en: (m: string[], n: Names) => string }[] = [
  {
    re: /^short: (\S+) (\d+) of (\d+)$/,
    zh: (m, n) => `短缺：${n(m[1])} 只收到 ${m[2]}，应为 ${m[3]}`,
    en: (m, n) => `Short: ${n(m[1])}, ${m[2]} of ${m[3]}`,
  },
  {
    re: /^over: (\S+) (\d+) of (\d+) \(within tolerance\)$/,
    zh: (m, n) => `超收（在允差内）：${n(m[1])} ${m[2]}，应为 ${m[3]}`,
    en: (m, n) => `Over (within tolerance): ${n(m[1])}, ${m[2]} of ${m[3]}`,
  },
  {
    re: /^unexpected: (\S+) x(\d+) is not on (\S+)$/,
    zh: (m, n) => `多出：${n(m[1])} ×${m[2]} 不在单据 ${m[3]} 上`,
    en: (m, n) => `Unexpected: ${n(m[1])} ×${m[2]} is not on ${m[3]}`,
  },
  {
    re: /^unexpected tag (\S+): no item or location carries this RFID tag$/,
    zh: (m) => `多出的标签 ${m[1]}：没有物料或库位使用此 RFID 标签`,
    en: (m) => `Unexpected tag ${m[1]}: no item or location carries it`,
  },
  {
    re: /^unexpected tag (\S+): no item has GTIN (\S+)$/,
    zh: (m) => `多出的标签 ${m[1]}：没有物料的 GTIN 是 ${m[2]}`,
    en: (m) => `Unexpected tag ${m[1]}: no item has GTIN ${m[2]}`,
  },
];

export function exceptionText(text: string, names: Names): string {
  for (const r of rules) {
    const m = r.re.exec(text);
    if (m) return (lang.value === 'zh' ? r.zh : r.en)(m, names);
  }
  return text;
}

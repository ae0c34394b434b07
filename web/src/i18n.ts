// The words people read, in Chinese (zh-CN, the default) and English, and
// how times, quantities and amounts are shown. The language is the one the
// person chose with the switch, else the browser's first preference: English
// when it asks for English, Chinese otherwise. Times are shown in the site's
// time zone (from /api/v1/me), whatever the device's own.
import { signal } from '@preact/signals-core';
import { en } from './strings-en';
import { zh, type Key } from './strings-zh';

export type Lang = 'zh' | 'en';
export type { Key };

function initialLang(): Lang {
  const chosen = localStorage.getItem('jxc.lang');
  if (chosen === 'zh' || chosen === 'en') return chosen;
  const first = (navigator.languages?.[0] ?? navigator.language ?? 'zh').toLowerCase();
  return first.startsWith('en') ? 'en' : 'zh';
}

export const lang = signal<Lang>(initialLang());
document.documentElement.lang = lang.value === 'zh' ? 'zh-CN' : 'en';

export function setLang(l: Lang) {
  localStorage.setItem('jxc.lang', l);
  lang.value = l;
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
}

/** The API's Accept-Language for the chosen language: its problems' words follow it. */
export function acceptLanguage(): string {
  return lang.value === 'zh' ? 'zh-CN,zh;q=0.9' : 'en';
}

/** The text of `key`, with {name} placeholders filled from `params`. */
export function t(key: Key, params?: Record<string, string | number>): string {
  const text = (lang.value === 'zh' ? zh : en)[key] ?? zh[key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** The site's IANA time zone and currency (set once /api/v1/me answered). */
export const site = { timezone: 'Asia/Shanghai', currency: 'CNY' };

const timeFormats = new Map<string, Intl.DateTimeFormat>();
function timeFormat(withDate: boolean): Intl.DateTimeFormat {
  const key = `${lang.value}|${site.timezone}|${withDate}`;
  let f = timeFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang.value === 'zh' ? 'zh-CN' : 'en-GB', {
      timeZone: site.timezone,
      hour12: false,
      ...(withDate ? { year: 'numeric', month: '2-digit', day: '2-digit' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      second: withDate ? undefined : '2-digit',
    });
    timeFormats.set(key, f);
  }
  return f;
}

/** An RFC 3339 UTC time as the site's local date and time ("2026/12/06 17:05"). */
export function siteTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : timeFormat(true).format(d);
}

/** The site's local clock time of a Date ("17:05:09"). */
export function siteClock(d: Date): string {
  return timeFormat(false).format(d);
}

/**
 * A quantity in the item's smallest units as a person reads it in its base
 * unit: 1250 with 3 decimals is "1.250". Exact: integer arithmetic only.
 */
export function qtyText(qty: number, decimals = 0): string {
  if (!decimals) return String(qty);
  const neg = qty < 0;
  const digits = String(Math.abs(qty)).padStart(decimals + 1, '0');
  const text = `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return neg ? `-${text}` : text;
}

/** An amount in 1/10000 of `currency` (the site's by default), with two decimals ("¥12.50"). */
export function moneyText(amount: number | null | undefined, currency = site.currency): string {
  if (amount === null || amount === undefined) return '';
  return new Intl.NumberFormat(lang.value === 'zh' ? 'zh-CN' : 'en-GB', {
    style: 'currency',
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(amount / 10000);
}

/** The language tag of the chosen language, as files the gateway writes take it (?lang=). */
export function langTag(): string {
  return lang.value === 'zh' ? 'zh-CN' : 'en';
}

/** Today's date in the site's time zone, YYYY-MM-DD. */
export function siteToday(now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: site.timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

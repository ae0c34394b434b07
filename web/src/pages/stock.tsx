// 库存查询: what is where, by scan or by typing part of a SKU or name.
import { useState } from 'preact/hooks';
import { get, q } from '../api';
import { remember } from '../catalogue';
import { moneyText, qtyText, t } from '../i18n';
import { ScanField } from '../scan_field';
import type { StockAnswer } from '../types';
import { Back, Failure } from '../ui';

export function StockPage() {
  const [query, setQuery] = useState('');
  const [answer, setAnswer] = useState<StockAnswer>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const look = async (text: string) => {
    setQuery(text);
    setBusy(true);
    try {
      const a = await get<StockAnswer>(`/stock${q({ q: text })}`);
      remember(a.items);
      setAnswer(a);
      setError(undefined);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <Back href="#/" />
      <h1>{t('nav_stock')}</h1>
      <ScanField onScan={look} busy={busy} />
      <Failure error={error} retry={() => void look(query)} />
      {answer && answer.items.length === 0 && <p class="muted">{t('no_match', { q: query })}</p>}
      {answer?.items.map((it) => {
        const rows = answer.balances.filter((b) => b.sku === it.sku);
        const total = rows.reduce((s, b) => s + b.qty, 0);
        return (
          <article class="card item" key={it.sku}>
            <h2>{it.name}</h2>
            <p class="muted">{it.sku} · {t('on_hand')} <strong class="qty">{qtyText(total, it.decimals)}</strong> {it.uom}</p>
            {rows.length === 0 ? <p class="muted">{t('no_stock')}</p> : (
              <table class="lines">
                <thead><tr><th>{t('location')}</th><th>{t('lot')}</th><th class="num">{t('qty')}</th><th class="num">{t('value')}</th></tr></thead>
                <tbody>
                  {rows.map((b) => (
                    <tr key={`${b.location}|${b.lot}`}>
                      <td>{b.location}</td><td>{b.lot}</td>
                      <td class="num">{qtyText(b.qty, b.decimals)}</td><td class="num">{moneyText(b.value)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </article>
        );
      })}
    </section>
  );
}

// 移库上架: moving stock between bins (putaway from the receiving area
// included). The clerk scans where the goods are, each item taken (a case
// scan takes the case's units), then where they go; the move is posted as
// one transfer, through the offline queue like every scan's write.
import { useState } from 'preact/hooks';
import { describe, lineOf, refuse, verdictOf } from '../booking';
import { resolveScan, type Resolved } from '../catalogue';
import { signal as beep } from '../feedback';
import { parseLabel } from '../gs1';
import { qtyText, t } from '../i18n';
import { submit } from '../queue';
import { ScanField, Verdict, type VerdictView } from '../scan_field';
import { Back, failureText } from '../ui';

export function MovePage() {
  const [from, setFrom] = useState('');
  const [lines, setLines] = useState<Resolved[]>([]);
  const [verdict, setVerdict] = useState<VerdictView | null>(null);
  const [busy, setBusy] = useState(false);

  const post = async (to: string) => {
    const e = await submit({
      method: 'POST',
      path: '/documents',
      body: { type: 'transfer', from, to, post: true, lines: lines.map((r) => lineOf(r)) },
      label: `${from} → ${to}: ${lines.map(describe).join('; ')}`,
      context: 'move',
    });
    setVerdict(verdictOf(e, `${from} → ${to}`));
    if (e.state !== 'refused') {
      setFrom('');
      setLines([]);
    }
  };

  const onScan = async (text: string) => {
    setBusy(true);
    try {
      // An item's barcode, else a location's label (LOC-<code>, or the code).
      let r: Resolved | undefined;
      try {
        r = await resolveScan(text);
      } catch (e) {
        if (parseLabel(text)) {
          setVerdict(refuse(t('unknown_barcode', { code: text }), failureText(e)));
          return;
        }
      }
      if (r) {
        if (!from) {
          setVerdict(refuse(t('move_scan_from')));
          return;
        }
        const found = r;
        setLines((old) => [...old, found]);
        beep('accepted');
        setVerdict({ kind: 'accepted', text: describe(found) });
        return;
      }
      if (parseLabel(text)) {
        setVerdict(refuse(t('unknown_barcode', { code: text })));
        return;
      }
      const loc = text.trim().replace(/^LOC-/, '');
      if (!from) {
        setFrom(loc);
        beep('accepted');
        setVerdict({ kind: 'accepted', text: `${t('move_from')} ${loc}` });
      } else if (!lines.length) setVerdict(refuse(t('move_scan_items')));
      else await post(loc);
    } finally {
      setBusy(false);
    }
  };

  const label = !from ? t('move_scan_from') : lines.length ? t('move_scan_to') : t('move_scan_items');
  return (
    <section>
      <Back href="#/" />
      <h1>{t('nav_move')}</h1>
      <ScanField onScan={(text) => void onScan(text)} busy={busy} label={label} />
      <Verdict v={verdict} />
      {from && (
        <div class="card">
          <h2>{t('move_from')} {from}</h2>
          <ul>{lines.map((r, i) => <li key={i}>{r.item.name} × {qtyText(r.qty, r.item.decimals)} {r.item.uom}{r.lot && ` · ${r.lot}`}</li>)}</ul>
          <button type="button" class="btn" onClick={() => { setFrom(''); setLines([]); }}>{t('cancel')}</button>
        </div>
      )}
    </section>
  );
}

import { useState } from 'preact/hooks';
import { lang, setLang, t } from '../i18n';
import { scanPrefix } from '../scan_field';
import { go, me, signOut, useValue } from '../state';
import { Back } from '../ui';

export function SettingsPage() {
  useValue(lang);
  const who = useValue(me);
  const [prefix, setPrefix] = useState(scanPrefix());
  return (
    <section class="card">
      <Back href="#/" />
      <h1>{t('settings')}</h1>
      <fieldset>
        <legend>Language · 语言</legend>
        <label><input type="radio" name="lang" checked={lang.value === 'zh'} onChange={() => setLang('zh')} /> 中文</label>
        <label><input type="radio" name="lang" checked={lang.value === 'en'} onChange={() => setLang('en')} /> English</label>
      </fieldset>
      <label for="scan-prefix">{t('scan_prefix')}</label>
      <input id="scan-prefix" value={prefix} autocomplete="off"
        onInput={(e) => {
          const v = (e.target as HTMLInputElement).value;
          setPrefix(v);
          localStorage.setItem('jxc.scanPrefix', v);
        }} />
      {who && (
        <button type="button" class="btn big" onClick={() => void signOut().then(() => go())}>
          {t('sign_out')} ({who.user})
        </button>
      )}
    </section>
  );
}

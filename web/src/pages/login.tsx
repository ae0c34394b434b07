import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { signIn } from '../state';
import { failureText } from '../ui';

export function LoginPage() {
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await signIn(user.trim(), password);
    } catch (err) {
      setError(failureText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card login" onSubmit={submit}>
      <h1>{t('sign_in')}</h1>
      <label for="login-user">{t('user_name')}</label>
      <input id="login-user" name="username" autocomplete="username" autocapitalize="off" value={user}
        onInput={(e) => setUser((e.target as HTMLInputElement).value)} required />
      <label for="login-password">{t('password')}</label>
      <input id="login-password" name="password" type="password" autocomplete="current-password" value={password}
        onInput={(e) => setPassword((e.target as HTMLInputElement).value)} required />
      {error && <p class="failure" role="alert">{error}</p>}
      <button class="btn primary big" type="submit" disabled={busy}>{busy ? t('signing_in') : t('sign_in')}</button>
    </form>
  );
}

// 用户与令牌 (admin): who may use the gateway and with which role, and the
// API tokens integrations use. A new token's text is shown once.
import { useState } from 'preact/hooks';
import { api, get, post } from '../api';
import { siteTime, t, type Key } from '../i18n';
import type { Role } from '../types';
import { Back, Failure, useLoad } from '../ui';

interface User {
  name: string;
  role: Role;
  active: boolean;
  created_at: string;
}

interface Token {
  id: number;
  user: string;
  label: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

const roles: Role[] = ['operator', 'manager', 'admin'];

export function AdminPage() {
  const data = useLoad(async (s) => {
    const [users, tokens] = await Promise.all([get<{ users: User[] }>('/users', s), get<{ tokens: Token[] }>('/tokens', s)]);
    return { users: users.users, tokens: tokens.tokens };
  }, []);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('operator');
  const [password, setPassword] = useState('');
  const [tokenUser, setTokenUser] = useState('');
  const [tokenLabel, setTokenLabel] = useState('');
  const [shown, setShown] = useState('');

  const run = async (f: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await f();
      setError(undefined);
      data.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const d = data.data;
  return (
    <section>
      <Back href="#/" />
      <h1>{t('nav_admin')}</h1>
      <Failure error={data.error ?? error} retry={data.reload} />
      <h2>{t('users')}</h2>
      <table class="lines">
        <thead><tr><th>{t('user_name')}</th><th>{t('role')}</th><th>{t('active')}</th></tr></thead>
        <tbody>
          {d?.users.map((u) => (
            <tr key={u.name}>
              <td>{u.name}<br /><span class="muted">{siteTime(u.created_at)}</span></td>
              <td>
                <select aria-label={`${u.name} ${t('role')}`} value={u.role} disabled={busy}
                  onChange={(e) => void run(() => api('PATCH', `/users/${encodeURIComponent(u.name)}`, { body: { role: (e.target as HTMLSelectElement).value } }))}>
                  {roles.map((r) => <option key={r} value={r}>{t(`role_${r}` as Key)}</option>)}
                </select>
              </td>
              <td>
                <input type="checkbox" class="check" aria-label={`${u.name} ${t('active')}`} checked={u.active} disabled={busy}
                  onChange={(e) => void run(() => api('PATCH', `/users/${encodeURIComponent(u.name)}`, { body: { active: (e.target as HTMLInputElement).checked } }))} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="card" onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          await post('/users', { name: name.trim(), role, password });
          setName('');
          setPassword('');
        });
      }}>
        <h2>{t('add_user')}</h2>
        <label for="new-user">{t('user_name')}</label>
        <input id="new-user" value={name} required pattern="[A-Za-z0-9._@-]{1,64}" autocomplete="off" onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        <label for="new-role">{t('role')}</label>
        <select id="new-role" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value as Role)}>
          {roles.map((r) => <option key={r} value={r}>{t(`role_${r}` as Key)}</option>)}
        </select>
        <label for="new-password">{t('password')}</label>
        <input id="new-password" type="password" minLength={8} required autocomplete="new-password" value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
        <button class="btn primary big" type="submit" disabled={busy}>{t('add_user')}</button>
      </form>

      <h2>{t('tokens')}</h2>
      <table class="lines">
        <thead><tr><th>{t('name')}</th><th>{t('user_name')}</th><th>{t('created_at')}</th><th /></tr></thead>
        <tbody>
          {d?.tokens.map((k) => (
            <tr key={k.id} class={k.revoked_at ? 'muted' : ''}>
              <td>{k.label}</td><td>{k.user}</td><td>{siteTime(k.created_at)}</td>
              <td>{!k.revoked_at && (
                <button type="button" class="btn small danger" disabled={busy} aria-label={`${t('revoke')} ${k.label}`}
                  onClick={() => void run(() => api('DELETE', `/tokens/${k.id}`))}>{t('revoke')}</button>
              )}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="card" onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          const made = await post<{ token: string }>('/tokens', { user: tokenUser, label: tokenLabel.trim() });
          setShown(made.token);
          setTokenLabel('');
        });
      }}>
        <h2>{t('new_token')}</h2>
        <label for="token-user">{t('user_name')}</label>
        <select id="token-user" value={tokenUser} required onChange={(e) => setTokenUser((e.target as HTMLSelectElement).value)}>
          <option value="" />
          {d?.users.filter((u) => u.active).map((u) => <option key={u.name} value={u.name}>{u.name}</option>)}
        </select>
        <label for="token-label">{t('name')}</label>
        <input id="token-label" value={tokenLabel} required maxLength={200} onInput={(e) => setTokenLabel((e.target as HTMLInputElement).value)} />
        <button class="btn primary big" type="submit" disabled={busy}>{t('new_token')}</button>
        {shown && <p class="card" role="status">{t('token_shown_once')} <code class="secret">{shown}</code></p>}
      </form>
    </section>
  );
}

// The frame around every page: the top bar (where am I, online or not, what
// waits to be sent, language, who) and the page the route names. Pages a
// role may not use are not offered; the gateway refuses them anyway.
import type { ComponentChildren } from 'preact';
import { Icon, type IconName } from './icons';
import { lang, setLang, t, type Key } from './i18n';
import { entries, unseenRefusals } from './queue';
import { can, me, online, route, useValue } from './state';
import type { Role } from './types';
import { LoginPage } from './pages/login';
import { StockPage } from './pages/stock';
import { OrdersPage, ReceivePage } from './pages/receive';
import { CountsPage, CountPage } from './pages/count';
import { AdminPage } from './pages/admin';
import { DashboardPage } from './pages/dashboard';
import { ReportsPage } from './pages/reports';
import { MovePage } from './pages/move';
import { PickListsPage, PickPage } from './pages/pick';
import { InboxPage } from './pages/inbox';
import { QueuePage } from './pages/queue_page';
import { SettingsPage } from './pages/settings';

interface Tile {
  path: string;
  key: Key;
  role: Role;
  icon: IconName;
}

const tiles: Tile[] = [
  { path: 'stock', key: 'nav_stock', role: 'operator', icon: 'search' },
  { path: 'receive', key: 'nav_receive', role: 'operator', icon: 'receive' },
  { path: 'pick', key: 'nav_pick', role: 'operator', icon: 'pick' },
  { path: 'move', key: 'nav_move', role: 'operator', icon: 'move' },
  { path: 'count', key: 'nav_count', role: 'operator', icon: 'count' },
  { path: 'inbox', key: 'nav_inbox', role: 'manager', icon: 'inbox' },
  { path: 'dashboard', key: 'nav_dashboard', role: 'manager', icon: 'dashboard' },
  { path: 'reports', key: 'nav_reports', role: 'manager', icon: 'reports' },
  { path: 'admin', key: 'nav_admin', role: 'admin', icon: 'admin' },
];

function Home() {
  useValue(me);
  return (
    <nav class="tiles" aria-label={t('app_name')}>
      {tiles.filter((x) => can(x.role)).map((x) => (
        <a class="tile" href={`#/${x.path}`} key={x.path}>
          <span class="tile-icon"><Icon name={x.icon} size={40} /></span>
          <span>{t(x.key)}</span>
        </a>
      ))}
    </nav>
  );
}

function Page(props: { parts: string[] }): ComponentChildren {
  const [head, a] = props.parts;
  switch (head) {
    case 'stock': return <StockPage />;
    case 'receive': return a ? <ReceivePage number={a} /> : <OrdersPage />;
    case 'pick': return a ? <PickPage number={a} /> : <PickListsPage />;
    case 'move': return <MovePage />;
    case 'count': return a ? <CountPage number={a} /> : <CountsPage />;
    case 'inbox': return <InboxPage />;
    case 'admin': return <AdminPage />;
    case 'dashboard': return <DashboardPage />;
    case 'reports': return <ReportsPage tab={a} />;
    case 'queue': return <QueuePage />;
    case 'settings': return <SettingsPage />;
    default: return <Home />;
  }
}

function TopBar() {
  const who = useValue(me);
  const isOnline = useValue(online);
  const queue = useValue(entries);
  useValue(lang);
  const waiting = queue.filter((e) => e.state === 'waiting' || e.state === 'sending').length;
  const refused = unseenRefusals(queue).length;
  return (
    <header class="topbar">
      <a class="brand" href="#/">{t('app_name')}</a>
      <span class={`net ${isOnline ? 'on' : 'off'}`} role="status">{isOnline ? t('online') : t('offline')}</span>
      {waiting > 0 && <a class="queue-badge" href="#/queue">{t('queued_n', { n: waiting })}</a>}
      {refused > 0 && <a class="queue-badge refused" href="#/queue">{t('refused_n', { n: refused })}</a>}
      <span class="spacer" />
      <button type="button" class="link" lang={lang.value === 'zh' ? 'en' : 'zh-CN'} title={t('lang_switch_label')}
        onClick={() => setLang(lang.value === 'zh' ? 'en' : 'zh')}>{t('lang_switch')}</button>
      {who && <a class="link" href="#/settings" title={t('signed_in_as', { user: who.user, role: t(`role_${who.role}` as Key) })}>{who.user}</a>}
    </header>
  );
}

export function App() {
  const who = useValue(me);
  const parts = useValue(route);
  useValue(lang);
  return (
    <>
      <TopBar />
      <main class="page">
        {who === null ? <LoginPage /> : <Page parts={parts} />}
      </main>
    </>
  );
}

// 离线队列: every write made on this device that the gateway has not yet
// answered, or answered with a refusal, with each one's final verdict.
import { lang, siteTime, t } from '../i18n';
import { clearDone, dismiss, drain, entries } from '../queue';
import { online, useValue } from '../state';
import { Back } from '../ui';

export function QueuePage() {
  const list = useValue(entries);
  useValue(lang);
  const isOnline = useValue(online);
  const word = { waiting: t('queue_waiting'), sending: t('queue_sending'), done: t('queue_done'), refused: t('queue_refused') };
  return (
    <section>
      <Back href="#/" />
      <h1>{t('queue_title')}</h1>
      <div class="actions">
        <button type="button" class="btn" disabled={!isOnline} onClick={() => void drain()}>{t('retry')}</button>
        <button type="button" class="btn" onClick={() => void clearDone()}>{t('queue_clear_done')}</button>
      </div>
      <ol class="queue">
        {[...list].reverse().map((e) => (
          <li key={e.seq} class={`card q-${e.state}`} data-state={e.state}>
            <strong>{word[e.state]}</strong> <span>{e.label}</span>
            <span class="muted"> · {siteTime(e.created_at)}</span>
            {e.problem && <p class="failure">{e.problem.detail || e.problem.title}</p>}
            {e.state === 'refused' && <button type="button" class="btn small" onClick={() => void dismiss(e.seq!)}>{t('dismiss')}</button>}
          </li>
        ))}
      </ol>
    </section>
  );
}

// Starts the app: the offline shell's service worker, the offline queue's
// replaying, who is signed in, then the pages.
import { render } from 'preact';
import './app.css';
import { App } from './app';
import { unlockOnFirstGesture } from './feedback';
import { startReplaying } from './queue';
import { loadMe } from './state';

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('sw.js', { scope: './' }).catch(() => {
    /* the app works without it, only not offline */
  });
}
unlockOnFirstGesture();
startReplaying();
void loadMe();
render(<App />, document.getElementById('app')!);

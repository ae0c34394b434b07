// An unmistakable answer to every scan: a tone (high and short for accepted,
// two low ones for refused), a vibration where the browser allows it, and
// the colour and words the page shows. Web Audio needs a user gesture first;
// the first key press or tap unlocks it.
let ctx: AudioContext | undefined;

function audio(): AudioContext | undefined {
  if (!ctx && typeof AudioContext !== 'undefined') {
    try {
      ctx = new AudioContext();
    } catch {
      return undefined;
    }
  }
  return ctx;
}

function tone(a: AudioContext, freq: number, start: number, seconds: number) {
  const osc = a.createOscillator();
  const gain = a.createGain();
  osc.frequency.value = freq;
  osc.type = 'square';
  gain.gain.setValueAtTime(0.15, a.currentTime + start);
  gain.gain.exponentialRampToValueAtTime(0.001, a.currentTime + start + seconds);
  osc.connect(gain).connect(a.destination);
  osc.start(a.currentTime + start);
  osc.stop(a.currentTime + start + seconds);
}

export type Verdict = 'accepted' | 'refused' | 'queued';

/** How many verdicts were signalled since the page loaded (the verdict's data-n). */
export let signalled = 0;

export function signal(v: Verdict) {
  signalled += 1;
  const a = audio();
  if (a && a.state !== 'closed') {
    if (a.state === 'suspended') void a.resume();
    if (v === 'accepted') tone(a, 1760, 0, 0.08);
    else if (v === 'refused') {
      tone(a, 220, 0, 0.18);
      tone(a, 220, 0.25, 0.18);
    } else tone(a, 880, 0, 0.12);
  }
  if ('vibrate' in navigator) {
    try {
      navigator.vibrate(v === 'refused' ? [120, 80, 120] : 40);
    } catch {
      /* not allowed without a gesture */
    }
  }
}

/** Unlock audio on the first gesture (browsers start it suspended). */
export function unlockOnFirstGesture() {
  const unlock = () => {
    const a = audio();
    if (a?.state === 'suspended') void a.resume();
    window.removeEventListener('keydown', unlock, true);
    window.removeEventListener('pointerdown', unlock, true);
  };
  window.addEventListener('keydown', unlock, true);
  window.addEventListener('pointerdown', unlock, true);
}

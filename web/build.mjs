// Builds the web app into one folder the gateway embeds and serves under
// /app/: index.html, the hashed script and style sheet (and any chunk loaded
// later), sw.js (the service worker, which precaches the shell),
// manifest.webmanifest and the icon. Usage: node build.mjs OUTDIR
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) {
  console.error('usage: node build.mjs OUTDIR');
  process.exit(2);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const common = {
  bundle: true,
  minify: true,
  // Browsers that take the page's CSP 'wasm-unsafe-eval' (the camera's decoder).
  target: ['chrome95', 'safari16', 'firefox102'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  logLevel: 'warning',
};

const app = await build({
  ...common,
  entryPoints: { app: join(here, 'src/main.tsx') },
  outdir: out,
  format: 'esm',
  splitting: true,
  entryNames: '[name]-[hash]',
  chunkNames: 'chunk-[hash]',
  assetNames: '[name]-[hash]',
  loader: { '.wasm': 'file' },
  metafile: true,
});

// The first load is one request: the entry's script and style sheet are
// written into index.html (the gateway's Content-Security-Policy names
// their hashes, which edge/http/embed_web.py takes from the page). On a
// phone network every request costs a round trip of half a second or more.
// So the entry must import no chunk statically: what is loaded later (the
// chart library, the camera's decoder) shares no module with it.
const outputs = Object.keys(app.metafile.outputs);
const entry = outputs.find((p) => /\/app-[^/]*\.js$/.test(p));
const entryCss = outputs.find((p) => /\/app-[^/]*\.css$/.test(p));
if (!entry || !entryCss) throw new Error('the build made no app script or style sheet');
const shared = app.metafile.outputs[entry].imports.filter((i) => i.kind === 'import-statement');
if (shared.length)
  throw new Error(`the entry imports ${shared.map((i) => i.path).join(', ')} statically: a module loaded ` +
                  'later shares code with the first load; give it none (see the comment above)');
const script = readFileSync(entry, 'utf8');
const style = readFileSync(entryCss, 'utf8');
if (/<\/script/i.test(script) || /<\/style/i.test(style)) throw new Error('the bundle holds a closing tag');
rmSync(entry);
rmSync(entryCss);
const html = readFileSync(join(here, 'src/index.html'), 'utf8')
  .replace('%STYLE%', () => style.trim())
  .replace('%SCRIPT%', () => script.trim());
writeFileSync(join(out, 'index.html'), html);
for (const f of ['manifest.webmanifest', 'icon.svg']) {
  writeFileSync(join(out, f), readFileSync(join(here, 'src', f)));
}

// The shell the service worker keeps for offline starts: the page (which
// holds the whole first load), its manifest and icon. Chunks loaded later
// are cached when first used. The version changes whenever any file does.
const shell = ['./', 'index.html', 'manifest.webmanifest', 'icon.svg'];
const version = createHash('sha256');
for (const f of readdirSync(out).sort()) version.update(f).update(readFileSync(join(out, f)));
await build({
  ...common,
  entryPoints: [join(here, 'src/sw.ts')],
  outfile: join(out, 'sw.js'),
  format: 'iife',
  define: {
    SHELL_FILES: JSON.stringify(shell),
    SHELL_VERSION: JSON.stringify(version.digest('hex').slice(0, 16)),
  },
});
console.log(`built ${readdirSync(out).length} files into ${out}; the shell: ${shell.join(' ')}`);

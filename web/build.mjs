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

const outputs = Object.keys(app.metafile.outputs).map((p) => p.slice(p.lastIndexOf('/') + 1));
const script = outputs.find((f) => /^app-.*\.js$/.test(f));
const style = outputs.find((f) => /^app-.*\.css$/.test(f));
if (!script || !style) throw new Error('the build made no app script or style sheet');

const html = readFileSync(join(here, 'src/index.html'), 'utf8')
  .replace('%SCRIPT%', script)
  .replace('%STYLE%', style);
writeFileSync(join(out, 'index.html'), html);
for (const f of ['manifest.webmanifest', 'icon.svg']) {
  writeFileSync(join(out, f), readFileSync(join(here, 'src', f)));
}

// The shell the service worker keeps for offline starts: every file of the
// first load, the entry script with every chunk it imports statically.
// Chunks loaded later (the dashboard and its chart, the camera decoder) are
// cached when first used. The version changes whenever any file does.
const firstLoad = new Set();
const visit = (output) => {
  const name = output.slice(output.lastIndexOf('/') + 1);
  if (firstLoad.has(name)) return;
  firstLoad.add(name);
  for (const i of app.metafile.outputs[output].imports) if (i.kind === 'import-statement') visit(i.path);
};
visit(Object.keys(app.metafile.outputs).find((p) => p.endsWith(`/${script}`)));
const shell = ['./', 'index.html', ...firstLoad, style, 'manifest.webmanifest', 'icon.svg'];
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

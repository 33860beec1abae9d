// Bundles the browser library and the editor page with esbuild into one directory that
// ot-server serves (dev.weft.server.EditorPage). Usage: node build.mjs [OUT_DIR] (default dist/).
//
//   index.html              the page shell, served at /d/<doc>; names the hashed assets below
//   assets/editor-HASH.js   the page (library included), cached for good: the name changes with it
//   assets/editor-HASH.css
//   sw.js                   the service worker that lets the page reload while offline
//   weft-client.js          the library alone, as an ES module, for other web apps
//   manifest.json           every file above: the server serves those and nothing else
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? join(here, 'dist'));
const common = { bundle: true, target: ['es2022'], legalComments: 'none', logLevel: 'warning' };

await rm(out, { recursive: true, force: true });
await mkdir(join(out, 'assets'), { recursive: true });

const page = await build({
  ...common,
  entryPoints: { editor: join(here, 'src/editor/main.js'), 'editor-style': join(here, 'src/editor/editor.css') },
  outdir: join(out, 'assets'),
  entryNames: '[name]-[hash]',
  format: 'esm',
  minify: true,
  sourcemap: 'linked',
  metafile: true,
});
const outputs = Object.keys(page.metafile.outputs).map((file) => relative(out, resolve(file)).split('\\').join('/'));
const script = outputs.find((file) => /^assets\/editor-[^/]+\.js$/.test(file));
const style = outputs.find((file) => /^assets\/editor-style-[^/]+\.css$/.test(file));

await build({
  ...common,
  entryPoints: [join(here, 'src/weft-client.js')],
  outfile: join(out, 'weft-client.js'),
  format: 'esm',
});

const shell = (await readFile(join(here, 'src/editor/index.html'), 'utf8'))
  .replace('%EDITOR_JS%', `/${script}`)
  .replace('%EDITOR_CSS%', `/${style}`);
await writeFile(join(out, 'index.html'), shell);

// The service worker's cache is named after everything it caches, so a new build replaces it.
const cached = [script, style].map((file) => `/${file}`);
const version = createHash('sha256').update(shell).update(cached.join()).digest('hex').slice(0, 12);
await build({
  ...common,
  entryPoints: [join(here, 'src/editor/sw.js')],
  outfile: join(out, 'sw.js'),
  format: 'iife',
  define: { __WEFT_CACHE__: JSON.stringify(`weft-editor-${version}`), __WEFT_ASSETS__: JSON.stringify(cached) },
});

const files = ['index.html', 'sw.js', 'weft-client.js', ...outputs].sort();
await writeFile(join(out, 'manifest.json'), `${JSON.stringify({ version, files }, null, 2)}\n`);
console.log(`weft web: ${files.length} files in ${out}`);

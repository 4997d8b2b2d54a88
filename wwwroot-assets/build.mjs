// Copies the front-end packages installed in ./node_modules into ClinicApp/wwwroot/lib.
// Plain Node (>= 20), no dependencies. Run by ClinicApp/Assets.targets during `dotnet build`
// (after `npm ci`), or by hand: `node build.mjs [--out <dir>]`.
//
// Idempotent: a file is only rewritten when its content changed, files this script no longer
// produces are removed from the folders it owns (apexcharts/, roboto/, clinic/), and the stamp
// file lib/.assets-stamp is rewritten on every run (MSBuild compares its timestamp).

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const modules = path.join(here, 'node_modules');

function fail(message) {
  console.error(`build.mjs: error: ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  let out = path.resolve(here, '../ClinicApp/wwwroot/lib');
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out' && i + 1 < argv.length) out = path.resolve(argv[++i]);
    else if (a.startsWith('--out=')) out = path.resolve(a.slice('--out='.length));
    else fail(`unknown argument '${a}' (usage: node build.mjs [--out <dir>])`);
  }
  return { out };
}

const { out } = parseArgs(process.argv.slice(2));
const stats = { written: 0, unchanged: 0, removed: 0 };

function packageVersion(name) {
  const file = path.join(modules, name, 'package.json');
  if (!fs.existsSync(file)) fail(`${name} is not installed in ${modules} (run 'npm ci' in ${here})`);
  return JSON.parse(fs.readFileSync(file, 'utf8')).version;
}

function sameContent(file, data) {
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size !== data.length) return false;
    return fs.readFileSync(file).equals(data);
  } catch {
    return false;
  }
}

// Writes `data` to lib/<rel> unless the file already has exactly that content.
function emit(rel, data, expected) {
  const dest = path.join(out, rel);
  expected.add(path.normalize(dest));
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8');
  if (sameContent(dest, buf)) {
    stats.unchanged++;
    return;
  }
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const tmp = `${dest}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, buf);
  fs.renameSync(tmp, dest);
  stats.written++;
}

function copy(src, rel, expected) {
  if (!fs.existsSync(src)) fail(`missing source file ${src}`);
  emit(rel, fs.readFileSync(src), expected);
}

function listFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath ?? d.path, d.name));
}

// Removes files under lib/<sub> that this run did not produce, then empty folders.
function prune(sub, expected) {
  const root = path.join(out, sub);
  for (const file of listFiles(root)) {
    if (!expected.has(path.normalize(file))) {
      fs.rmSync(file, { force: true });
      stats.removed++;
    }
  }
  const dirs = fs.existsSync(root)
    ? fs.readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => path.join(d.parentPath ?? d.path, d.name))
      .sort((a, b) => b.length - a.length)
    : [];
  for (const dir of [...dirs, root]) {
    if (fs.existsSync(dir) && fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
  }
}

// --- apexcharts ------------------------------------------------------------------------------
const apexVersion = packageVersion('apexcharts');
{
  const expected = new Set();
  const dist = path.join(modules, 'apexcharts', 'dist');
  copy(path.join(dist, 'apexcharts.min.js'), 'apexcharts/apexcharts.min.js', expected);
  copy(path.join(dist, 'apexcharts.css'), 'apexcharts/apexcharts.css', expected);
  prune('apexcharts', expected);
}

// --- Roboto (fontsource) ---------------------------------------------------------------------
const robotoVersion = packageVersion('@fontsource/roboto');
const SUBSETS = ['latin-ext', 'latin'];
const WEIGHTS = [300, 400, 500, 700];
let fontCount = 0;
{
  const expected = new Set();
  const pkg = path.join(modules, '@fontsource', 'roboto');
  const rules = [];
  for (const weight of WEIGHTS) {
    const cssFile = path.join(pkg, `${weight}.css`);
    if (!fs.existsSync(cssFile)) fail(`missing ${cssFile}`);
    const css = fs.readFileSync(cssFile, 'utf8');
    const found = new Map();
    // Keep fontsource's order of the blocks (latin-ext before latin): for code points listed
    // in both unicode-ranges the browser uses the last matching rule.
    for (const m of css.matchAll(/@font-face\s*\{([^}]*)\}/g)) {
      const body = m[1];
      const file = /url\(\s*['"]?\.\/files\/(roboto-([a-z-]+)-(\d+)-(normal|italic)\.woff2)['"]?\s*\)/.exec(body);
      if (!file) continue;
      const [, fileName, subset, w, style] = file;
      if (!SUBSETS.includes(subset) || style !== 'normal' || Number(w) !== weight) continue;
      const range = /unicode-range\s*:\s*([^;]+);/.exec(body);
      if (!range) fail(`no unicode-range for ${fileName} in ${cssFile}`);
      found.set(subset, { fileName, range: range[1].trim() });
    }
    for (const subset of SUBSETS) {
      if (!found.has(subset)) fail(`no @font-face for subset ${subset}, weight ${weight} in ${cssFile}`);
    }
    for (const [subset, { fileName, range }] of found) {
      copy(path.join(pkg, 'files', fileName), `roboto/files/${fileName}`, expected);
      fontCount++;
      rules.push(
        `/* roboto-${subset}-${weight}-normal */\n` +
        '@font-face {\n' +
        "  font-family: 'Roboto';\n" +
        '  font-style: normal;\n' +
        '  font-display: swap;\n' +
        `  font-weight: ${weight};\n` +
        `  src: url(./files/${fileName}) format('woff2');\n` +
        `  unicode-range: ${range};\n` +
        '}\n');
    }
  }
  const header = `/* Generated by wwwroot-assets/build.mjs from @fontsource/roboto ${robotoVersion} ` +
    `(subsets ${SUBSETS.join(', ')}; weights ${WEIGHTS.join(', ')}; normal style). Do not edit. */\n\n`;
  emit('roboto/roboto.css', header + rules.join('\n'), expected);
  prune('roboto', expected);
}

// --- Our own sources: src/** -> lib/clinic/** ------------------------------------------------
let clinicCount = 0;
{
  const expected = new Set();
  const src = path.join(here, 'src');
  for (const file of listFiles(src)) {
    copy(file, path.join('clinic', path.relative(src, file)), expected);
    clinicCount++;
  }
  prune('clinic', expected);
}

// --- Stamp -----------------------------------------------------------------------------------
// Always rewritten so its timestamp is newer than the inputs MSBuild compares it with.
const lockHash = (() => {
  const lock = path.join(here, 'package-lock.json');
  return fs.existsSync(lock) ? createHash('sha256').update(fs.readFileSync(lock)).digest('hex') : 'none';
})();
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, '.assets-stamp'),
  `apexcharts ${apexVersion}\n@fontsource/roboto ${robotoVersion}\npackage-lock.json sha256 ${lockHash}\n`);

function displayPath(p) {
  const rel = path.relative(path.dirname(here), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : p;
}

console.log(
  `assets: apexcharts ${apexVersion}, roboto ${robotoVersion} (${fontCount} woff2), clinic ${clinicCount} file(s) ` +
  `-> ${displayPath(out)} (${stats.written} written, ${stats.unchanged} unchanged, ${stats.removed} removed)`);

// Opens the report in Debian's headless Chromium and checks what a leader would see:
// no console error and no network request, every chart drew (bar pixels in its screenshot),
// and every figure on the page equals the Parquet tables (exported with jobs/query.sh --csv).
//   node check-report.mjs REPORT.html SCREENSHOT.png COUNTY.csv QUARANTINE.csv
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';

const [html, screenshot, countyCsv, quarantineCsv] = process.argv.slice(2);
const problems = [];
const fail = (m) => problems.push(m);

function parseCsv(path) {
  let text = readFileSync(path, 'utf8');
  if (text.charCodeAt(0) !== 0xfeff) fail(`${path}: no UTF-8 byte-order mark`);
  text = text.replace(/^\uFEFF/, '');
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r') { /* CRLF */ }
    else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; }
    else cell += c;
  }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

// a figure as the page shows it: "1,154", "32.38", "−16.3%", "—"
const shown = (text) => {
  const t = text.trim();
  return t === '—' ? null : Number(t.replace(/,/g, '').replace('%', '').replace('−', '-').replace('+', ''));
};
const round = (x, d) => Math.round(x * 10 ** d) / 10 ** d;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => { if (m.type() === 'error') fail(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => fail(`page error: ${e.message}`));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    fail(`network request: ${url}`);
    return route.abort();
  });
  await page.goto('file://' + html, { waitUntil: 'load' });
  await page.screenshot({ path: screenshot, fullPage: true });

  // every chart with data drew bars: pixels of the current-period colour #2b6cb0 in its own screenshot
  const charts = page.locator('figure.chart:has(svg.bars)');
  const drawn = await charts.count();
  if (drawn === 0) fail('no chart on the page');
  for (let i = 0; i < drawn; i++) {
    const chart = charts.nth(i);
    const png = PNG.sync.read(await chart.screenshot());
    let bar = 0;
    for (let p = 0; p < png.data.length; p += 4) {
      const [r, g, b] = [png.data[p], png.data[p + 1], png.data[p + 2]];
      if (Math.abs(r - 0x2b) < 12 && Math.abs(g - 0x6c) < 12 && Math.abs(b - 0xb0) < 12) bar++;
    }
    const name = await chart.getAttribute('data-indicator');
    const anyValue = await chart.locator('[data-field="value"]').evaluateAll(
      (els) => els.some((e) => e.textContent.trim() !== '—' && e.textContent.trim() !== '0'));
    if (anyValue && bar < 20) fail(`chart ${name} is blank (${bar} bar pixels)`);
  }

  // every figure equals the Parquet value, rounded as shown (values 2 decimals, changes 1)
  const expected = new Map(parseCsv(countyCsv).map((r) => [r.division_code, r]));
  const figures = await page.locator('[data-division][data-indicator][data-field]').evaluateAll((els) =>
    els.map((e) => ({ division: e.dataset.division, indicator: e.dataset.indicator, field: e.dataset.field,
      text: e.textContent })));
  if (figures.length < 100) fail(`only ${figures.length} figures on the page`);
  for (const f of figures) {
    const row = expected.get(f.division);
    if (!row) { fail(`figure for unknown division ${f.division}`); continue; }
    const column = f.field === 'value' ? f.indicator : `${f.indicator}_${f.field}`;
    if (!(column in row)) { fail(`no column ${column} in the table`); continue; }
    const want = row[column] === '' ? null : round(Number(row[column]), f.field === 'change_pct' ? 1 : 2);
    const got = shown(f.text);
    if (want !== got) fail(`${f.division} ${column}: page shows ${f.text}, the table has ${row[column]}`);
  }
  const quarantine = await page.locator('td[data-record-type][data-field="quarantined"]').evaluateAll((els) =>
    els.map((e) => ({ type: e.dataset.recordType, text: e.textContent })));
  const latest = new Map(parseCsv(quarantineCsv).map((r) => [r.record_type, r.quarantined]));
  if (quarantine.length === 0) fail('no quarantine counts on the page');
  for (const q of quarantine) {
    if (String(shown(q.text)) !== latest.get(q.type)) fail(`quarantined ${q.type}: page ${q.text}, runs ${latest.get(q.type)}`);
  }
  console.log(`report check: ${drawn} charts drew, ${figures.length} figures and ${quarantine.length} quarantine counts `
    + `equal the tables, ${problems.length} problems`);
} finally {
  await browser.close();
}
if (problems.length) {
  for (const p of problems.slice(0, 30)) console.error('FAIL ' + p);
  process.exit(1);
}

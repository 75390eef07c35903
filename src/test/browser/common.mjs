// What the browser checks share: a CSV reader (the UTF-8 BOM that jobs/query.sh --csv writes is
// required), the page's number format, and a headless Chromium that fails on any console error or
// network request.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const problems = [];
export const fail = (m) => problems.push(m);

export function parseCsv(path) {
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
export const shown = (text) => {
  const t = text.trim();
  return t === '—' ? null : Number(t.replace(/,/g, '').replace('%', '').replace('−', '-').replace('+', ''));
};
export const round = (x, d) => Math.round(x * 10 ** d) / 10 ** d;

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// a page that records console errors and refuses (and reports) every request that is not a local file
export async function guardedPage(browser) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => { if (m.type() === 'error') fail(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => fail(`page error: ${e.message}`));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    fail(`network request: ${url}`);
    return route.abort();
  });
  return page;
}

// every figure [data-division][data-indicator][data-field] equals the table row, rounded as shown
export async function figuresEqual(page, expected) {
  const figures = await page.locator('[data-division][data-indicator][data-field]').evaluateAll((els) =>
    els.map((e) => ({ division: e.dataset.division, indicator: e.dataset.indicator, field: e.dataset.field,
      text: e.textContent })));
  for (const f of figures) {
    const row = expected.get(f.division);
    if (!row) { fail(`figure for unknown division ${f.division}`); continue; }
    const column = f.field === 'value' ? f.indicator : `${f.indicator}_${f.field}`;
    if (!(column in row)) { fail(`no column ${column} in the table`); continue; }
    const want = row[column] === '' ? null : round(Number(row[column]), f.field === 'change_pct' ? 1 : 2);
    const got = shown(f.text);
    if (want !== got) fail(`${f.division} ${column}: page shows ${f.text}, the table has ${row[column]}`);
  }
  return figures.length;
}

export function finish() {
  if (problems.length) {
    for (const p of problems.slice(0, 30)) console.error('FAIL ' + p);
    process.exit(1);
  }
}

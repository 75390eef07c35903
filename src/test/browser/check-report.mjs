// Opens the report in Debian's headless Chromium and checks what a leader would see:
// no console error and no network request, every chart drew (bar pixels in its screenshot),
// every figure on the page and every data-quality row equal the Parquet tables (exported with
// jobs/query.sh --csv).
//   node check-report.mjs REPORT.html SCREENSHOT.png COUNTY.csv QUARANTINE.csv
import { PNG } from 'pngjs';
import { fail, figuresEqual, finish, guardedPage, launch, parseCsv, problems, shown } from './common.mjs';

const [html, screenshot, countyCsv, quarantineCsv] = process.argv.slice(2);

const browser = await launch();
try {
  const page = await guardedPage(browser);
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
  const figures = await figuresEqual(page, expected);
  if (figures < 100) fail(`only ${figures} figures on the page`);
  // data quality: a row per division saying whether its records are complete, as the table does;
  // a county whose records are not is marked on the charts
  const quality = await page.locator('#data-quality tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    division: tr.dataset.division, complete: tr.cells[1].textContent.startsWith('是'), gaps: tr.cells[2].textContent })));
  if (quality.length !== expected.size) fail(`data quality: ${quality.length} rows for ${expected.size} divisions`);
  for (const q of quality) {
    const row = expected.get(q.division);
    if (!row) { fail(`data quality: unknown division ${q.division}`); continue; }
    if (q.complete !== (row.data_complete === 'true')) fail(`data quality ${q.division}: page ${q.complete}, table ${row.data_complete}`);
    if (!q.complete && q.gaps !== row.data_gaps) fail(`data quality ${q.division}: gaps "${q.gaps}", table "${row.data_gaps}"`);
  }
  const marked = await page.locator('svg text.county.incomplete').count();
  if (quality.some((q) => !q.complete && expected.get(q.division)?.level === 'county') && marked === 0) {
    fail('no incomplete county is marked on the charts');
  }
  const quarantine = await page.locator('td[data-record-type][data-field="quarantined"]').evaluateAll((els) =>
    els.map((e) => ({ type: e.dataset.recordType, text: e.textContent })));
  const latest = new Map(parseCsv(quarantineCsv).map((r) => [r.record_type, r.quarantined]));
  if (quarantine.length === 0) fail('no quarantine counts on the page');
  for (const q of quarantine) {
    if (String(shown(q.text)) !== latest.get(q.type)) fail(`quarantined ${q.type}: page ${q.text}, runs ${latest.get(q.type)}`);
  }
  console.log(`report check: ${drawn} charts drew, ${figures} figures, ${quality.length} data-quality rows and `
    + `${quarantine.length} quarantine counts equal the tables, ${problems.length} problems`);
} finally {
  await browser.close();
}
finish();

// Opens the report in Debian's headless Chromium and checks what a leader would see:
// no console error and no network request, every chart drew (bar pixels in its screenshot),
// and every figure on the page equals the Parquet tables (exported with jobs/query.sh --csv).
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
  const quarantine = await page.locator('td[data-record-type][data-field="quarantined"]').evaluateAll((els) =>
    els.map((e) => ({ type: e.dataset.recordType, text: e.textContent })));
  const latest = new Map(parseCsv(quarantineCsv).map((r) => [r.record_type, r.quarantined]));
  if (quarantine.length === 0) fail('no quarantine counts on the page');
  for (const q of quarantine) {
    if (String(shown(q.text)) !== latest.get(q.type)) fail(`quarantined ${q.type}: page ${q.text}, runs ${latest.get(q.type)}`);
  }
  console.log(`report check: ${drawn} charts drew, ${figures} figures and ${quarantine.length} quarantine counts `
    + `equal the tables, ${problems.length} problems`);
} finally {
  await browser.close();
}
finish();

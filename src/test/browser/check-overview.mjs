// The national overview in headless Chromium: no console error and no network request, one row
// per prefecture of the table, worst first (targets missed, then incomplete divisions), every figure
// equal to the prefecture rows (jobs/query.sh --csv), and every row's link opening that prefecture's
// page, which shows that prefecture and only its counties.
//   node check-overview.mjs OVERVIEW.html SCREENSHOT.png PREFECTURES.csv COUNTIES.csv
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fail, figuresEqual, finish, guardedPage, launch, parseCsv, problems } from './common.mjs';

const [html, screenshot, prefecturesCsv, countiesCsv] = process.argv.slice(2);
const prefectures = new Map(parseCsv(prefecturesCsv).map((r) => [r.division_code, r]));
const counties = parseCsv(countiesCsv);

const browser = await launch();
try {
  const page = await guardedPage(browser);
  await page.goto('file://' + html, { waitUntil: 'load' });
  await page.screenshot({ path: screenshot, fullPage: true });

  const rows = await page.locator('#overview tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    code: tr.dataset.division, href: tr.querySelector('a').getAttribute('href'),
    missed: Number(tr.querySelector('td.missed').textContent),
    incomplete: Number(tr.querySelector('td.incomplete').textContent.split('/')[0]) })));
  if (rows.length !== prefectures.size) fail(`${rows.length} rows for ${prefectures.size} prefectures`);
  if (rows.length < 2) fail('an overview needs several prefectures');
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = [rows[i - 1], rows[i]];
    if (a.missed < b.missed || (a.missed === b.missed && a.incomplete < b.incomplete)) {
      fail(`not worst first: ${a.code} (${a.missed}, ${a.incomplete}) before ${b.code} (${b.missed}, ${b.incomplete})`);
    }
  }
  const figures = await figuresEqual(page, prefectures);
  if (figures !== rows.length * 6) fail(`${figures} figures for ${rows.length} rows`);

  // each link opens its prefecture's page: its name in the title, and bars for its counties only
  for (const r of rows) {
    const target = join(dirname(html), r.href);
    if (!existsSync(target)) { fail(`${r.code}: the link ${r.href} leads nowhere`); continue; }
    await page.goto('file://' + target, { waitUntil: 'load' });
    const title = await page.title();
    if (!title.includes(prefectures.get(r.code).division_name)) fail(`${r.href}: title "${title}"`);
    const shownCounties = new Set(await page.locator('#charts [data-division]').evaluateAll(
      (els) => els.map((e) => e.dataset.division)));
    const own = counties.filter((c) => c.parent_code === r.code).map((c) => c.division_code);
    if (shownCounties.size !== own.length || own.some((c) => !shownCounties.has(c))) {
      fail(`${r.href} shows ${[...shownCounties].join(' ')}, its counties are ${own.join(' ')}`);
    }
  }
  console.log(`overview check: ${rows.length} prefectures, worst first, ${figures} figures equal the tables, `
    + `every link opens its prefecture's page, ${problems.length} problems`);
} finally {
  await browser.close();
}
finish();

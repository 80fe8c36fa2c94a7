#!/usr/bin/env node
// Browser test of `redthread import` (issue 16).
//
//   node tests/browser/import.mjs <archive-dir> <site-dir>
//
// The archive was imported from the sample folder of tests/import/make_docs.py (a dozen
// Danish and English documents written by python-docx and LibreOffice) and built into
// <site-dir>. In headless Chromium, from file://:
//   * the home page lists the categories taken from the folders, and "Ikke sorteret";
//   * the imported revision chain shows version 2 as current with version 1 superseded;
//   * a LibreOffice document's picture loads, its table, nested list and link are there;
//   * bold-line headings and typed numbers of a python-docx document became structure;
//   * import-report.html opens offline, in Danish, with one row per source file;
//   * no page makes a request outside the site.
// Screenshots go to target/browser-screenshots/import-*.png.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, newSiteContext, makeContext, checkPage, reporter, fileUrl } from './lib.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHOT_DIR = path.join(REPO_ROOT, 'target', 'browser-screenshots');
if (process.argv.length !== 4) {
  console.error('usage: node tests/browser/import.mjs <archive-dir> <site-dir>');
  process.exit(2);
}
const [ARCHIVE, SITE] = process.argv.slice(2).map((p) => path.resolve(p));
fs.mkdirSync(SHOT_DIR, { recursive: true });

const { check, finish } = reporter();
const ctx = makeContext('file', SITE);
const browser = await launchBrowser();
const context = await newSiteContext(browser, ctx);
const page = await context.newPage();

async function open(problems, rel) {
  const r = await checkPage(page, ctx.urlFor(rel), ctx);
  problems.push(...r.problems.map((p) => `${rel}: ${p}`));
  return r;
}
const text = (sel) => page.$$eval(sel, (els) => els.map((e) => e.textContent.replace(/\s+/g, ' ').trim()));

await check('home: categories from the folders and the uncategorised ones', async (problems) => {
  await open(problems, 'index.html');
  const body = await page.textContent('body');
  for (const c of ['Ambulante forløb', 'LPR og registrering', 'Sundhedsplatformen', 'Ikke sorteret']) {
    if (!body.includes(c)) problems.push(`home page does not show category ${c}`);
  }
  for (const t of ['Lukning af ambulant forløb', 'Ret registreringsfejl før LPR', 'Booking an interpreter', 'Påmind lægerne om In Basket']) {
    if (!body.includes(t)) problems.push(`home page does not list ${t}`);
  }
  if ((await page.getAttribute('html', 'lang')) !== 'da') problems.push('the site is not in Danish');
  await page.screenshot({ path: path.join(SHOT_DIR, 'import-home.png'), fullPage: true });
});

await check('chain: version 2 is current, version 1 is superseded and links to it', async (problems) => {
  await open(problems, 'guidelines/lukning-af-ambulant-forlob/index.html');
  const body = await page.textContent('main');
  if (!body.includes('Luk også henvisningen')) problems.push('the current page is not version 2');
  const ol = await text('main ol > li');
  if (!ol.some((li) => li.startsWith('Åbn patientens forløbsoversigt.'))) problems.push(`numbered steps missing: ${ol.join(' | ')}`);
  const nested = await page.$$('main ol ol > li');
  if (nested.length !== 4) problems.push(`expected 4 nested steps, found ${nested.length}`);
  await page.screenshot({ path: path.join(SHOT_DIR, 'import-chain-current.png'), fullPage: true });
  await open(problems, 'guidelines/lukning-af-ambulant-forlob/v1.html');
  const v1 = await page.textContent('main');
  if (!/Erstattet|erstattet/.test(v1)) problems.push('version 1 is not marked as replaced');
  const toCurrent = await page.$$('main a[href*="v2.html"], main a[href$="index.html"], main a[href="./"]');
  if (toCurrent.length === 0) problems.push('version 1 does not link to its successor');
  await page.screenshot({ path: path.join(SHOT_DIR, 'import-chain-v1.png'), fullPage: true });
});

await check('LibreOffice document: picture loads, table, nested list and link', async (problems) => {
  await open(problems, 'guidelines/ret-registreringsfejl-for-lpr/index.html');
  const widths = await page.$$eval('main img', (imgs) => imgs.map((i) => i.complete && i.naturalWidth));
  if (widths.length !== 1 || !(widths[0] > 0)) problems.push(`picture not shown: ${JSON.stringify(widths)}`);
  const heads = await text('main table th');
  if (heads.join('|') !== 'Fejl|Årsag|Løsning') problems.push(`table header: ${heads.join('|')}`);
  if ((await page.$$('main table tbody tr')).length !== 3) problems.push('table rows missing');
  if ((await page.$$('main ol ol ul > li')).length !== 2) problems.push('third-level bullets missing');
  const links = await page.$$eval('main a[href^="https://"]', (as) => as.map((a) => a.textContent.trim()));
  if (!links.includes('Sundhedsdatastyrelsens vejledning')) problems.push(`external link missing: ${links}`);
  const body = await page.textContent('main');
  if (!body.includes('Fejl skal være rettet inden den 10. i måneden.')) problems.push('the current page is not the updated version');
  await page.screenshot({ path: path.join(SHOT_DIR, 'import-lpr.png'), fullPage: true });
});

await check('python-docx without styles: bold lines are headings, typed numbers a list', async (problems) => {
  await open(problems, 'guidelines/bestilling-af-tolk/index.html');
  const h2 = await text('main h2');
  for (const h of ['Før du bestiller', 'Priser']) if (!h2.includes(h)) problems.push(`no heading ${h}: ${h2.join(' | ')}`);
  const lists = await page.$$eval('main ol', (ols) => ols.map((ol) => [...ol.children].map((li) => li.textContent.trim())));
  const steps = lists.find((l) => l[0]?.startsWith('Ring til tolkeservice'));
  if (!steps || steps.length !== 3) problems.push(`steps: ${JSON.stringify(lists)}`);
  if ((await page.$$('main table tr')).length !== 4) problems.push('price table missing');
  await page.screenshot({ path: path.join(SHOT_DIR, 'import-interpreter.png'), fullPage: true });
});

await check('import-report.html: offline, Danish, a row for every source file', async (problems) => {
  // The report is next to the archive, outside the site: a context of its own, where any
  // request but the file itself counts.
  const reportContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await reportContext.newPage();
  const text = (sel) => page.$$eval(sel, (els) => els.map((e) => e.textContent.replace(/\s+/g, ' ').trim()));
  const offsite = [];
  const onReq = (r) => {
    if (r.url() !== fileUrl(ARCHIVE, 'import-report.html')) offsite.push(r.url());
  };
  page.on('request', onReq);
  await page.goto(fileUrl(ARCHIVE, 'import-report.html'), { waitUntil: 'load' });
  page.off('request', onReq);
  if (offsite.length) problems.push(`the report made requests: ${offsite.join(', ')}`);
  if ((await page.getAttribute('html', 'lang')) !== 'da') problems.push('the report is not in Danish');
  if ((await page.textContent('h1')) !== 'Importrapport') problems.push('no Danish title');
  const rows = await text('tbody tr td:first-child');
  if (rows.length !== 15) problems.push(`expected 15 source files, found ${rows.length}: ${rows.join(' | ')}`);
  const all = await page.textContent('body');
  for (const s of ['er en dublet af', 'en PDF kan ikke', 'Versionskæder', 'versionsord: “opdateret”', 'fede linjer gjort til overskrifter']) {
    if (!all.includes(s)) problems.push(`report lacks “${s}”`);
  }
  await page.screenshot({ path: path.join(SHOT_DIR, 'import-report.png'), fullPage: true });
  await page.setViewportSize({ width: 360, height: 800 });
  await page.screenshot({ path: path.join(SHOT_DIR, 'import-report-360.png') });
  await reportContext.close();
});

await browser.close();
finish('import: ');

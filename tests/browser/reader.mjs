#!/usr/bin/env node
// Browser test of the reader's features (issue 8).
//
//   node tests/browser/reader.mjs <redthread-binary> <empty-work-dir> <danish-fixture-dir>
//
// Builds archives with the real binary and checks, in headless Chromium:
//   * "changed since you last read it": open v1, publish v2, rebuild into the same folder:
//     home, category and guideline page mark the guideline and link to the v1 -> v2 redline;
//     an editorial v3 raises no new mark; storage stays in this browser;
//   * in force on a date: the date picker shows the revisions in force that day;
//   * review dates: a guideline past review_by shows the notice, the home page lists it;
//   * print media: the stamp "Printed <today>. Check the archive..." is visible, with the
//     page's address and the superseded notice; navigation is hidden; one PDF is printed;
//   * language: a Danish archive shows Danish words and dates, also in script words.
// Screenshots and the PDF go to target/browser-screenshots/reader-*.

import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { launchBrowser, serveDir, fileUrl, reporter } from './lib.mjs';

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
// axe-core with the WCAG 2.0/2.1/2.2 A and AA rules; returns one line per violation.
async function axe(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  });
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHOT_DIR = path.join(REPO_ROOT, 'target', 'browser-screenshots');
if (process.argv.length !== 5) {
  console.error('usage: node tests/browser/reader.mjs <redthread-binary> <work-dir> <danish-fixture-dir>');
  process.exit(2);
}
const [BIN, WORK, DA] = process.argv.slice(2).map((p) => path.resolve(p));
fs.mkdirSync(SHOT_DIR, { recursive: true });

const { check, finish } = reporter();
function expect(problems, cond, msg) {
  if (!cond) problems.push(msg);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MAANEDER = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];
const now = new Date();
const todayEn = `${now.getDate()} ${MONTHS[now.getMonth()]} ${now.getFullYear()}`;
const todayDa = `${now.getDate()}. ${MAANEDER[now.getMonth()]} ${now.getFullYear()}`;

function write(dir, rel, text) {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
}
function revision(id, v, date, extra = '', body = 'Do the thing.\n') {
  return `---\ntitle: ${id} guide\nversion: ${v}\ncategory: Care\ndate: ${date}\n${extra}---\n${body}`;
}
function build(dir) {
  execFileSync(BIN, ['build', '-o', path.join(dir, 'site')], { cwd: dir, stdio: 'pipe' });
}

const browser = await launchBrowser();
function pageWatch(page, problems) {
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`); });
  // Chromium asks for /favicon.ico at the server root; any other failed load is a problem.
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
}

// ---------------------------------------------------------------- changed since
const arc = path.join(WORK, 'changed');
write(arc, 'book.toml', '[book]\ntitle = "Guides"\n');
write(arc, 'content/care/alpha-v1.md', revision('alpha', '1', '2024-01-10', 'review_by: 2020-06-01\n'));
write(arc, 'content/care/beta-v1.md', revision('beta', '1', '2024-02-01'));
build(arc);
const site = path.join(arc, 'site');
const server = await serveDir(site, '/intranet/guides/');
const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1100, height: 900 } });
const url = (rel) => server.baseUrl + rel;
const markOf = async (page, sel) => page.locator(`${sel} [data-changed-since]`).count();

await check('changed since: no mark before anything changed, none for unread guidelines', async (problems) => {
  const page = await context.newPage();
  pageWatch(page, problems);
  await page.goto(url('guidelines/alpha/index.html'));
  expect(problems, (await markOf(page, 'article')) === 0, 'mark on first reading');
  const stored = await page.evaluate(() => localStorage.getItem('redthread:read'));
  expect(problems, stored === '{"alpha":"1"}', `stored ${stored}`);
  await page.goto(url('index.html'));
  expect(problems, (await page.locator('[data-changed-since]').count()) === 0, 'mark on home before a change');
  await page.close();
});

write(arc, 'content/care/alpha-v2.md', revision('alpha', '2', '2024-03-01', 'changes: A new second step.\nreview_by: 2020-06-01\n', 'Do the thing.\n\nThen do the other thing.\n'));
build(arc);

await check('changed since: v2 published -> home, category and guideline page mark it, linking v1 -> v2', async (problems) => {
  const page = await context.newPage();
  pageWatch(page, problems);
  for (const [rel, sel] of [['index.html', '.card[data-guideline=alpha]'], ['categories/care.html', '.card[data-guideline=alpha]'], ['guidelines/alpha/index.html', 'article']]) {
    await page.goto(url(rel));
    const mark = page.locator(`${sel} [data-changed-since]`);
    expect(problems, (await mark.count()) === 1, `${rel}: no mark`);
    if (!(await mark.count())) continue;
    const text = await mark.innerText();
    expect(problems, /Changed since you last read it/.test(text) && /version 1/.test(text), `${rel}: mark says ${text}`);
    const href = await mark.locator('a').getAttribute('href');
    const abs = new URL(href, page.url()).href;
    expect(problems, abs === url('guidelines/alpha/diff-v1-v2.html'), `${rel}: diff link ${abs}`);
    if (rel === 'index.html') {
      await page.screenshot({ path: path.join(SHOT_DIR, 'reader-changed-home.png') });
      expect(problems, (await page.locator('.card[data-guideline=beta] [data-changed-since]').count()) === 0, 'beta marked');
      const res = await page.request.get(abs);
      expect(problems, res.status() === 200, `diff page ${res.status()}`);
    }
  }
  await page.screenshot({ path: path.join(SHOT_DIR, 'reader-changed-guideline.png') });
  // Having read the guideline page (v2), the mark is gone.
  await page.goto(url('index.html'));
  expect(problems, (await markOf(page, '.card[data-guideline=alpha]')) === 0, 'mark stays after reading v2');
  await page.close();
});

write(arc, 'content/care/alpha-v3.md', revision('alpha', '3', '2024-03-20', 'editorial: true\nchanges: Typo.\nreview_by: 2020-06-01\n', 'Do the thing.\n\nThen do the other thing!\n'));
build(arc);

await check('changed since: an editorial v3 raises no mark; a reader of v1 is linked v1 -> v3', async (problems) => {
  const page = await context.newPage();
  pageWatch(page, problems);
  for (const rel of ['index.html', 'categories/care.html']) {
    await page.goto(url(rel));
    expect(problems, (await markOf(page, '.card[data-guideline=alpha]')) === 0, `${rel}: editorial revision marked`);
  }
  await page.goto(url('guidelines/alpha/index.html'));
  expect(problems, (await markOf(page, 'article')) === 0, 'guideline page: editorial revision marked');
  // Someone who last read v1 still gets the substantive change, with the redline to now.
  await page.evaluate(() => localStorage.setItem('redthread:read', '{"alpha":"1"}'));
  await page.goto(url('index.html'));
  const href = await page.locator('.card[data-guideline=alpha] [data-changed-since] a').getAttribute('href').catch(() => null);
  expect(problems, href && new URL(href, page.url()).href === url('guidelines/alpha/diff-v1-v3.html'), `v1 reader link ${href}`);
  // The marks, the review list, the editorial news list and the timeline pass axe too
  // (the sample archive has no editorial revision and no overdue review).
  for (const [rel, scheme] of [['index.html', 'light'], ['index.html', 'dark'], ['whats-new.html', 'light'], ['whats-new.html', 'dark'], ['guidelines/alpha/index.html', 'dark'], ['guidelines/alpha/index.html', 'light']]) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.evaluate(() => localStorage.setItem('redthread:read', '{"alpha":"1"}'));
    await page.goto(url(rel));
    for (const v of await axe(page)) problems.push(`axe ${rel} ${scheme}: ${v}`);
  }
  expect(problems, (await page.locator('article [data-changed-since]').count()) === 1, 'mark on the page axe checked');
  expect(problems, (await page.locator('[data-review-due]').count()) === 1, 'review notice on the page axe checked');
  await page.screenshot({ path: path.join(SHOT_DIR, 'reader-editorial-guideline-light.png'), fullPage: true });
  await page.goto(url('whats-new.html'));
  await page.screenshot({ path: path.join(SHOT_DIR, 'reader-whats-new-editorial.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.close();
});

await check('changed since: from file:// it works or degrades silently', async (problems) => {
  const ctx = await browser.newContext({ serviceWorkers: 'block' });
  const page = await ctx.newPage();
  pageWatch(page, problems);
  await page.goto(fileUrl(site, 'guidelines/alpha/v1.html'));
  await page.goto(fileUrl(site, 'index.html'));
  await page.waitForTimeout(100);
  await ctx.close();
});

// ---------------------------------------------------------------- in force, review
await check('in force on a date: the table shows the revisions in force that day', async (problems) => {
  const page = await context.newPage();
  pageWatch(page, problems);
  await page.goto(url('in-force.html'));
  const visible = async () => page.$$eval('table[data-in-force] tbody tr', (rows) => rows.filter((r) => !r.hidden).map((r) => r.cells[0].innerText + ' v' + r.cells[1].innerText));
  expect(problems, (await visible()).length === 4, `without a date: ${await visible()}`);
  for (const [date, want] of [['2024-02-15', ['alpha guide v1', 'beta guide v1']], ['2024-03-10', ['alpha guide v2', 'beta guide v1']], ['2024-03-20', ['alpha guide v3', 'beta guide v1']], ['2024-01-05', []]]) {
    await page.fill('#in-force-date', date);
    await page.click('form[data-in-force-form] button');
    const got = await visible();
    expect(problems, JSON.stringify(got) === JSON.stringify(want), `${date}: ${JSON.stringify(got)}`);
  }
  const status = await page.locator('#in-force-status').innerText();
  expect(problems, /^0 revisions were in force on 5 January 2024\.$/.test(status), `status: ${status}`);
  await page.goto(url('in-force.html?date=2024-03-10'));
  expect(problems, JSON.stringify(await visible()) === JSON.stringify(['alpha guide v2', 'beta guide v1']), `?date=: ${await visible()}`);
  await page.screenshot({ path: path.join(SHOT_DIR, 'reader-in-force.png') });
  await page.close();
});

await check('review dates: notice on the guideline page and the list on the home page', async (problems) => {
  const page = await context.newPage();
  pageWatch(page, problems);
  await page.goto(url('guidelines/alpha/index.html'));
  const note = page.locator('[data-review-due]');
  expect(problems, (await note.count()) === 1 && /^Due for review since 1 June 2020\./.test(await note.innerText()), 'no review notice');
  await page.goto(url('guidelines/alpha/v1.html'));
  expect(problems, (await page.locator('[data-review-due]').count()) === 0, 'review notice on a superseded revision');
  await page.goto(url('index.html'));
  const list = page.locator('[data-review-list]');
  expect(problems, await list.isVisible(), 'home review list hidden');
  const items = await list.locator('li').allInnerTexts();
  expect(problems, items.length === 1 && /alpha guide · due for review since 1 June 2020/.test(items[0]), `list: ${items}`);
  await page.close();
});

// ---------------------------------------------------------------- print
await check('print: stamp with the print date, address, superseded notice; no navigation', async (problems) => {
  const page = await context.newPage();
  pageWatch(page, problems);
  await page.goto(url('guidelines/alpha/v1.html'));
  await page.emulateMedia({ media: 'print' });
  const stamp = page.locator('[data-print-stamp]');
  expect(problems, await stamp.isVisible(), 'stamp hidden in print');
  const text = await stamp.innerText();
  expect(problems, text === `Printed ${todayEn}. Check the archive for the current version.`, `stamp: ${text}`);
  const addr = await page.locator('[data-address]').innerText();
  expect(problems, addr === url('guidelines/alpha/v1.html'), `address: ${addr}`);
  expect(problems, await page.locator('.banner-superseded').isVisible(), 'superseded notice hidden in print');
  for (const sel of ['.site-header', '.site-footer', '.breadcrumbs', '.compare']) {
    if (await page.locator(sel).count()) expect(problems, !(await page.locator(sel).first().isVisible()), `${sel} printed`);
  }
  await page.pdf({ path: path.join(SHOT_DIR, 'reader-print-superseded.pdf'), format: 'A4', printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  expect(problems, !(await stamp.isVisible()), 'stamp visible on screen');
  await page.close();
});

await check('print: without script the static sentence is printed', async (problems) => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(url('guidelines/alpha/index.html'));
  await page.emulateMedia({ media: 'print' });
  const text = await page.locator('[data-print-stamp]').innerText();
  expect(problems, text === 'Printed copy. Check the archive for the current version.', `stamp: ${text}`);
  await page.pdf({ path: path.join(SHOT_DIR, 'reader-print-stable.pdf'), format: 'A4' });
  await ctx.close();
});
await context.close();
await server.close();

// ---------------------------------------------------------------- Danish
const da = path.join(WORK, 'da');
fs.cpSync(DA, da, { recursive: true });
build(da);
const daServer = await serveDir(path.join(da, 'site'), '/');
await check('language: a Danish archive shows Danish words and dates, also from scripts', async (problems) => {
  const ctx = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 360, height: 740 } });
  const page = await ctx.newPage();
  pageWatch(page, problems);
  await page.goto(daServer.baseUrl + 'guidelines/modtag-henvisning/v1.html');
  expect(problems, (await page.getAttribute('html', 'lang')) === 'da-DK', 'lang');
  expect(problems, (await page.locator('.skip-link').innerText()) === 'Gå til indhold', 'skip link');
  const facts = await page.locator('.facts').innerText();
  expect(problems, facts.includes('3. marts 2024') && facts.includes('fra 3. marts 2024 til 15. maj 2024'), `facts: ${facts}`);
  await page.emulateMedia({ media: 'print' });
  const stamp = await page.locator('[data-print-stamp]').innerText();
  expect(problems, stamp === `Udskrevet ${todayDa}. Se arkivet for den gældende version.`, `stamp: ${stamp}`);
  await page.emulateMedia({ media: 'screen' });
  await page.goto(daServer.baseUrl + 'guidelines/modtag-henvisning/index.html');
  const note = await page.locator('[data-review-due]').innerText().catch(() => '');
  expect(problems, note.startsWith('Skulle have været revideret 1. januar 2020.'), `review: ${note}`);
  await page.goto(daServer.baseUrl + 'index.html');
  const items = await page.locator('[data-review-list] li').allInnerTexts();
  expect(problems, items.length === 1 && items[0].includes('skulle revideres 1. januar 2020'), `list: ${items}`);
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(problems, w <= 360, `scrollWidth ${w}`);
  await page.screenshot({ path: path.join(SHOT_DIR, 'reader-da-home-360.png'), fullPage: true });
  await page.goto(daServer.baseUrl + 'search.html?q=henvisning');
  await page.waitForSelector('#search-page-results li', { timeout: 10000 }).catch(() => problems.push('no Danish search results'));
  const status = await page.locator('#search-status').innerText();
  expect(problems, /fundet for “henvisning”/.test(status), `search status: ${status}`);
  await ctx.close();
});
await daServer.close();
await browser.close();
finish();

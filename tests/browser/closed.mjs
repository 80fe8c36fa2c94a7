#!/usr/bin/env node
// Browser test of a closed (encrypted) archive (issue 19, docs/closed-archive.md).
//
//   node tests/browser/closed.mjs <sealed-site-dir> <open-site-dir> <password> <second-password>
//
// The sealed and the open site are builds of the same archive (the sample). From file://
// and served under a sub-path:
//   * every page is an unlock page first, with a generic title; a wrong password is said
//     plainly and opens nothing;
//   * with the password: the home page, a guideline (reached by a link), a `guideline:` link
//     in a body, a redline (by the compare form), the search box and the search page show
//     what the open site shows (same text, same results);
//   * print emulation hides the Lock button and shows the print stamp;
//   * reload keeps the tab unlocked; a new browser context is locked; Lock locks;
//   * the second password opens it too; "remember on this device" keeps the derived key
//     (never the password) in localStorage;
//   * a file with one byte changed shows the "damaged" message, not the page.
// No console errors, failed or off-site requests. Screenshots go to
// target/browser-screenshots/closed-*.png.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, newSiteContext, serveDir, makeContext, watchPage, settle, reporter } from './lib.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHOT_DIR = path.join(REPO_ROOT, 'target', 'browser-screenshots');
const SUB_PATH = '/members/guidelines/';

if (process.argv.length !== 6) {
  console.error('usage: node tests/browser/closed.mjs <sealed-site-dir> <open-site-dir> <password> <second-password>');
  process.exit(2);
}
const sealedDir = fs.realpathSync(process.argv[2]);
const openDir = fs.realpathSync(process.argv[3]);
const PASSWORD = process.argv[4];
const SECOND = process.argv[5];
const { check, finish } = reporter();

const GUIDELINE = 'reject-referral';
const LINKED = 'send-e-boks-letter';
const REDLINE_ID = 'close-outpatient-course';
const QUERY = 'referral';

function expect(problems, cond, msg) {
  if (!cond) problems.push(msg);
}

/** Unlocked, with the page scripts run. */
async function waitUnlocked(page) {
  await page.waitForSelector('html[data-rt-unlocked]', { timeout: 20_000 });
}

/** Goes to `url` and waits until the unlock page or the unlocked page is ready. */
async function visit(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-rt-unlocked')
    || (document.getElementById('rt-unlock') && !document.getElementById('rt-unlock').hidden)
    || document.querySelector('[data-rt-damaged]'), null, { timeout: 20_000 });
}

async function unlock(page, password, { remember = false } = {}) {
  await page.fill('#rt-password', password);
  if (remember) await page.check('#rt-remember');
  await Promise.all([waitUnlocked(page), page.click('#rt-submit')]);
}

/** The visible text of <main>, minus what the closed archive adds. */
const mainText = (page) => page.evaluate(() => document.querySelector('main').innerText.replace(/\s+/g, ' ').trim());

/** The text the open site shows at `rel`. */
async function openText(openPage, openCtx, rel) {
  await openPage.goto(openCtx.urlFor(rel), { waitUntil: 'load' });
  return mainText(openPage);
}

/** Titles of the dropdown's hits after typing `q` in the search box. */
async function dropdown(page, q) {
  await page.fill('#search-input', '');
  await page.type('#search-input', q);
  await page.waitForSelector('#search-results:not([hidden]) .search-hit-title', { timeout: 20_000 });
  await page.waitForTimeout(400);
  return page.$$eval('#search-results .search-hit-title', (els) => els.map((e) => e.textContent));
}

async function run(browser, label, ctx, openCtx) {
  const problems = [];
  const context = await newSiteContext(browser, ctx);
  const page = await context.newPage();
  const watcher = watchPage(page, ctx);
  const openContext = await newSiteContext(browser, openCtx);
  const openPage = await openContext.newPage();
  try {
    await check(`${label}: unlock page first, generic title, wrong password said plainly`, async (p) => {
      await visit(page, ctx.urlFor('index.html'));
      const title = await page.title();
      const openTitle = await openPage.goto(openCtx.urlFor('index.html')).then(() => openPage.title());
      expect(p, title && title !== openTitle && !title.includes('Guideline'), `unlock page title "${title}" is not generic`);
      expect(p, await page.isVisible('#rt-password'), 'no password field');
      expect(p, await page.$eval('label[for=rt-password]', (l) => l.textContent.trim()) === 'Password', 'password field has no label');
      fs.mkdirSync(SHOT_DIR, { recursive: true });
      await page.screenshot({ path: path.join(SHOT_DIR, `closed-${label}-unlock.png`) });
      await page.fill('#rt-password', 'not the password at all');
      await page.click('#rt-submit');
      await page.waitForFunction(() => /does not open/.test(document.getElementById('rt-status').textContent), null, { timeout: 20_000 });
      expect(p, !(await page.$('html[data-rt-unlocked]')), 'a wrong password unlocked the archive');
      expect(p, (await page.getAttribute('#rt-password', 'aria-invalid')) === 'true', 'the field is not marked invalid');
      await page.screenshot({ path: path.join(SHOT_DIR, `closed-${label}-wrong.png`) });
    });

    await check(`${label}: the password opens the home page as in the open site`, async (p) => {
      await unlock(page, PASSWORD);
      expect(p, (await page.title()) === (await openPage.title()), `title after unlock: ${await page.title()}`);
      const sealed = await mainText(page);
      const open = await openText(openPage, openCtx, 'index.html');
      expect(p, sealed === open, `home page text differs:\n${sealed.slice(0, 300)}\n---\n${open.slice(0, 300)}`);
      const styled = await page.evaluate(() => getComputedStyle(document.querySelector('.site-header')).display !== 'inline');
      expect(p, styled, 'the theme style sheet did not apply');
      expect(p, await page.isVisible('#rt-lock-button'), 'no Lock button');
      await page.screenshot({ path: path.join(SHOT_DIR, `closed-${label}-home.png`), fullPage: false });
    });

    await check(`${label}: a link opens a guideline, and its guideline: link another`, async (p) => {
      const link = await page.$(`a[data-rt-href$="guidelines/${GUIDELINE}/index.html"]`);
      expect(p, link, `no link to ${GUIDELINE} on the home page`);
      if (!link) return;
      const href = await link.getAttribute('href');
      expect(p, /^[0-9a-f]{20}\.html$/.test(href), `link points at ${href}, not an opaque page`);
      await Promise.all([page.waitForEvent('load'), link.click()]);
      await waitUnlocked(page);
      const open = await openText(openPage, openCtx, `guidelines/${GUIDELINE}/index.html`);
      expect(p, (await mainText(page)) === open, 'guideline text differs from the open site');
      const body = await page.$(`article a[data-rt-href*="${LINKED}"]`);
      expect(p, body, `no guideline: link to ${LINKED} in the body`);
      if (!body) return;
      await Promise.all([page.waitForEvent('load'), body.click()]);
      await waitUnlocked(page);
      const linked = await openText(openPage, openCtx, `guidelines/${LINKED}/index.html`);
      expect(p, (await mainText(page)) === linked, 'linked guideline text differs from the open site');
      await page.screenshot({ path: path.join(SHOT_DIR, `closed-${label}-guideline.png`) });
    });

    await check(`${label}: reload keeps the tab unlocked`, async (p) => {
      await page.reload({ waitUntil: 'load' });
      await waitUnlocked(page);
      expect(p, await page.isVisible('article'), 'no guideline after reload');
    });

    await check(`${label}: print emulation hides Lock and shows the stamp`, async (p) => {
      await page.emulateMedia({ media: 'print' });
      expect(p, !(await page.isVisible('#rt-lock-button')), 'Lock button printed');
      const stamp = await page.$('[data-print-stamp]');
      expect(p, stamp && (await stamp.isVisible()), 'no print stamp in print');
      await page.screenshot({ path: path.join(SHOT_DIR, `closed-${label}-print.png`) });
      await page.emulateMedia({ media: 'screen' });
    });

    await check(`${label}: the compare form opens a redline as in the open site`, async (p) => {
      const link = await page.$(`a[data-rt-href$="guidelines/${REDLINE_ID}/index.html"]`);
      if (link) {
        await Promise.all([page.waitForEvent('load'), link.click()]);
      } else {
        await page.click('a.site-title');
        await waitUnlocked(page);
        await Promise.all([page.waitForEvent('load'), page.click(`a[data-rt-href$="guidelines/${REDLINE_ID}/index.html"]`)]);
      }
      await waitUnlocked(page);
      await page.waitForSelector('form[data-compare]:not([hidden])');
      const options = await page.$$eval('form[data-compare] select[name=from] option', (os) => os.map((o) => o.value));
      await page.selectOption('form[data-compare] select[name=from]', options[options.length - 1]);
      await page.selectOption('form[data-compare] select[name=to]', options[0]);
      await Promise.all([page.waitForEvent('load'), page.click('form[data-compare] button[type=submit]')]);
      await waitUnlocked(page);
      const ins = await page.$$eval('ins', (e) => e.length);
      const del = await page.$$eval('del', (e) => e.length);
      expect(p, ins > 0 && del > 0, `redline has ${ins} insertions, ${del} deletions`);
      const rel = `guidelines/${REDLINE_ID}/diff-v${options[options.length - 1]}-v${options[0]}.html`;
      const open = await openText(openPage, openCtx, rel);
      expect(p, (await mainText(page)) === open, `redline text differs from the open site's ${rel}`);
      await page.screenshot({ path: path.join(SHOT_DIR, `closed-${label}-redline.png`) });
    });

    await check(`${label}: search box and search page give the open site's results`, async (p) => {
      const sealed = await dropdown(page, QUERY);
      await openPage.goto(openCtx.urlFor(`guidelines/${REDLINE_ID}/index.html`), { waitUntil: 'load' });
      const open = await dropdown(openPage, QUERY);
      expect(p, sealed.length > 0 && JSON.stringify(sealed) === JSON.stringify(open), `dropdown: ${JSON.stringify(sealed)} vs ${JSON.stringify(open)}`);
      await page.screenshot({ path: path.join(SHOT_DIR, `closed-${label}-search.png`) });
      await Promise.all([page.waitForEvent('load'), page.press('#search-input', 'Enter')]);
      await waitUnlocked(page);
      expect(p, /^[0-9a-f]{20}\.html\?q=/.test(page.url().split('/').pop()), `search page address ${page.url()}`);
      await page.waitForSelector('.search-page-results a, #search-page-results a, main .search-hit-title', { timeout: 20_000 });
      await page.waitForTimeout(400);
      const titles = await page.$$eval('main .search-hit-title', (e) => e.map((x) => x.textContent));
      await Promise.all([openPage.waitForEvent('load'), openPage.press('#search-input', 'Enter')]);
      await openPage.waitForSelector('main .search-hit-title', { timeout: 20_000 });
      await openPage.waitForTimeout(400);
      const openTitles = await openPage.$$eval('main .search-hit-title', (e) => e.map((x) => x.textContent));
      expect(p, titles.length > 0 && JSON.stringify(titles) === JSON.stringify(openTitles), `search page: ${titles.length} vs ${openTitles.length} results`);
      // A result opens its guideline.
      await Promise.all([page.waitForEvent('load'), page.click('main a:has(.search-hit-title)')]);
      await waitUnlocked(page);
      expect(p, await page.isVisible('article'), 'a search result did not open a guideline');
    });

    await check(`${label}: a new browser context is locked`, async (p) => {
      const other = await newSiteContext(browser, ctx);
      const o = await other.newPage();
      await visit(o, page.url());
      expect(p, !(await o.$('html[data-rt-unlocked]')), 'a new context is unlocked');
      expect(p, await o.isVisible('#rt-password'), 'no unlock form in a new context');
      await other.close();
    });

    await check(`${label}: Lock locks the tab, the second password opens, remember keeps no password`, async (p) => {
      await Promise.all([page.waitForEvent('load'), page.click('#rt-lock-button')]);
      await visit(page, page.url());
      expect(p, await page.isVisible('#rt-password'), 'not locked after Lock');
      await page.reload({ waitUntil: 'load' });
      await visit(page, page.url());
      expect(p, await page.isVisible('#rt-password'), 'unlocked again after Lock and reload');
      await unlock(page, SECOND, { remember: true });
      expect(p, await page.isVisible('article'), 'the second password did not open the page');
      const stored = await page.evaluate(() => localStorage.getItem('redthread-access') || '');
      expect(p, stored && !stored.includes(SECOND) && !stored.includes(PASSWORD), 'localStorage holds no key, or holds a password');
      const tab = await context.newPage();
      await visit(tab, page.url());
      expect(p, await tab.$('html[data-rt-unlocked]'), 'a remembered key did not open a new tab');
      await tab.close();
      await Promise.all([page.waitForEvent('load'), page.click('#rt-lock-button')]);
      await visit(page, page.url());
      const after = await page.evaluate(() => (localStorage.getItem('redthread-access') || '') + (sessionStorage.getItem('redthread-access') || ''));
      expect(p, after === '', 'Lock left a key behind');
    });
    await check(`${label}: no console errors, failed or off-site requests`, async (p) => {
      p.push(...watcher.problems);
    });
  } finally {
    watcher.stop();
    await context.close();
    await openContext.close();
  }
  return problems;
}

async function tampered(browser) {
  // A copy with one byte of the theme's style sheet changed.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'closed-tamper-'));
  fs.cpSync(sealedDir, dir, { recursive: true });
  const pages = fs.readdirSync(dir).filter((f) => /^[0-9a-f]{20}\.html$/.test(f));
  await check('file: a changed page shows the damaged message, not the page', async (p) => {
    const file = path.join(dir, pages[0]);
    const text = fs.readFileSync(file, 'utf8');
    const at = text.indexOf('application/octet-stream">') + 40;
    const c = text[at];
    fs.writeFileSync(file, text.slice(0, at) + (c === 'A' ? 'B' : 'A') + text.slice(at + 1));
    const ctx = makeContext('file', dir);
    const context = await newSiteContext(browser, ctx);
    const page = await context.newPage();
    await visit(page, ctx.urlFor(pages[0]));
    await unlock(page, PASSWORD).catch(() => {});
    await page.waitForSelector('[data-rt-damaged]', { timeout: 20_000 });
    const msg = await page.textContent('[data-rt-damaged]');
    expect(p, /damaged or has been changed/.test(msg), `message: ${msg}`);
    expect(p, !(await page.$('article')), 'a damaged page was shown');
    await page.screenshot({ path: path.join(SHOT_DIR, 'closed-damaged.png') });
    await context.close();
  });
  fs.rmSync(dir, { recursive: true, force: true });
}

const browser = await launchBrowser();
const server = await serveDir(sealedDir, SUB_PATH);
const openServer = await serveDir(openDir, SUB_PATH);
try {
  await run(browser, 'file', makeContext('file', sealedDir), makeContext('file', openDir));
  await run(browser, 'http', makeContext('http', sealedDir, server.baseUrl), makeContext('http', openDir, openServer.baseUrl));
  await tampered(browser);
} finally {
  await server.close();
  await openServer.close();
  await browser.close();
}
finish();

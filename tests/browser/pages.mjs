#!/usr/bin/env node
// Browser test of the pages around the redline (issue 14).
//
//   node tests/browser/pages.mjs <busy-site-dir> <pages-fixture-site-dir>
//
// Checks, in headless Chromium from file:// (no server):
//   * what's new: the category filter hides the other categories' changes and empty
//     months, says how many are shown, keeps the choice in the address and carries it to
//     the year pages, where it is chosen again;
//   * a long table of contents is folded and opens; its links land on the headings;
//   * a link to an `<a name>` anchor kept from raw HTML scrolls to it;
//   * a wide table uses the page's width at 1280 px and stays inside a 390 px screen.
// Screenshots at 1280 and 390 px go to target/browser-screenshots/pages-*.png.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, fileUrl, reporter } from './lib.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHOT_DIR = path.join(REPO_ROOT, 'target', 'browser-screenshots');
if (process.argv.length !== 4) {
  console.error('usage: node tests/browser/pages.mjs <busy-site-dir> <pages-site-dir>');
  process.exit(2);
}
const [BUSY, PAGES] = process.argv.slice(2).map((p) => path.resolve(p));
fs.mkdirSync(SHOT_DIR, { recursive: true });

const { check, finish } = reporter();
const browser = await launchBrowser();

async function open(url, width = 1280) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  // Nothing may leave the folder: every request is a file:// one.
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  return { page, context, errors, requests };
}

function offSite(requests) {
  return requests.filter((u) => !u.startsWith('file://'));
}

await check('what\'s new: the category filter works from file:// and follows to the year pages', async (problems) => {
  const { page, context, errors, requests } = await open(fileUrl(BUSY, 'whats-new.html'));
  const filter = page.locator('[data-news-filter]');
  if (!(await filter.isVisible())) problems.push('the filter is not shown');
  const all = await page.locator('.news-item').count();
  if (all !== 100) problems.push(`expected 100 entries, got ${all}`);
  await page.selectOption('#news-category', 'beta');
  const visible = await page.locator('.news-item:visible').count();
  const beta = await page.locator('.news-item[data-category=beta]').count();
  if (visible !== beta || beta !== 50) problems.push(`beta: ${visible} visible, ${beta} in beta`);
  const wrong = await page.locator('.news-item:visible:not([data-category=beta])').count();
  if (wrong) problems.push(`${wrong} entries of other categories still visible`);
  const status = (await page.locator('#news-filter-status').textContent()).trim();
  if (status !== '50 of the 100 changes on this page are in Beta.') problems.push(`status: ${status}`);
  if (!page.url().includes('?category=beta')) problems.push(`address not updated: ${page.url()}`);
  const yearHref = await page.locator('.news-years a').first().getAttribute('href');
  if (yearHref !== 'whats-new-2025.html?category=beta') problems.push(`year link: ${yearHref}`);
  await page.screenshot({ path: path.join(SHOT_DIR, 'pages-whats-new-filtered-1280.png'), fullPage: false });
  // To the 2024 page: the choice comes along.
  await page.locator('.news-years a', { hasText: '2024' }).click();
  await page.waitForLoadState('load');
  const chosen = await page.locator('#news-category').inputValue();
  if (chosen !== 'beta') problems.push(`2024 page: filter is "${chosen}"`);
  const v2024 = await page.locator('.news-item:visible').count();
  if (v2024 !== 61) problems.push(`2024 page: ${v2024} beta entries visible, expected 61`);
  // Months without a beta change are hidden, none is left empty on screen.
  const emptyShown = await page.evaluate(() => [...document.querySelectorAll('.news-month')]
    .filter((m) => !m.hidden && !m.querySelector('.news-item:not([hidden])')).length);
  if (emptyShown) problems.push(`${emptyShown} empty months shown`);
  // Back to every category.
  await page.selectOption('#news-category', '');
  const back = await page.locator('.news-item:visible').count();
  if (back !== 122) problems.push(`all categories again: ${back} visible`);
  if (errors.length) problems.push(...errors);
  if (offSite(requests).length) problems.push(`off-folder requests: ${offSite(requests)}`);
  await context.close();
});

await check('what\'s new: screenshots at 1280 and 390 px', async (problems) => {
  for (const width of [1280, 390]) {
    const { page, context, errors } = await open(fileUrl(BUSY, 'whats-new.html'), width);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) problems.push(`${width}px: page scrolls sideways by ${overflow}px`);
    await page.screenshot({ path: path.join(SHOT_DIR, `pages-whats-new-${width}.png`) });
    if (errors.length) problems.push(...errors);
    await context.close();
  }
});

await check('a long table of contents is folded, opens, and its links land on the headings', async (problems) => {
  const { page, context, errors } = await open(fileUrl(PAGES, 'guidelines/long/index.html'));
  const details = page.locator('nav.toc details');
  if (await details.getAttribute('open') !== null) problems.push('folded contents start open');
  if (await page.locator('nav.toc ol a').first().isVisible()) problems.push('entries visible while folded');
  await page.screenshot({ path: path.join(SHOT_DIR, 'pages-toc-folded-1280.png') });
  // Keyboard: the summary is reachable and opens with Enter.
  await page.locator('nav.toc summary').focus();
  await page.keyboard.press('Enter');
  if (await details.getAttribute('open') === null) problems.push('Enter did not open the contents');
  const nested = await page.locator('nav.toc ol ol a').first();
  if (!(await nested.isVisible())) problems.push('nested entries not visible when open');
  await page.screenshot({ path: path.join(SHOT_DIR, 'pages-toc-open-1280.png') });
  await nested.click();
  const hash = await page.evaluate(() => location.hash);
  const target = await page.evaluate(() => {
    const el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    return el ? Math.round(el.getBoundingClientRect().top) : null;
  });
  if (hash !== '#11-detail' || target === null || target < 0 || target > 200) problems.push(`link landed at ${hash}, heading top ${target}`);
  if (errors.length) problems.push(...errors);
  await context.close();
});

await check('a link to an <a name> anchor from raw HTML scrolls to it', async (problems) => {
  const { page, context } = await open(fileUrl(PAGES, 'guidelines/anchors/index.html'), 390);
  await page.locator('.content a[href="#with-a-subpoena"]').click();
  // Scrolled to the anchor, or as far as the page goes.
  const m = await page.evaluate(() => {
    const top = document.querySelector('a[name="with-a-subpoena"]').getBoundingClientRect().top + window.scrollY;
    const max = document.documentElement.scrollHeight - window.innerHeight;
    return { want: Math.round(Math.min(top, max)), got: Math.round(window.scrollY), hash: location.hash };
  });
  if (m.hash !== '#with-a-subpoena' || m.want < 50 || Math.abs(m.got - m.want) > 2) problems.push(`after following the link: ${JSON.stringify(m)}`);
  const clobbered = await page.evaluate(() => typeof window.toString !== 'function' || typeof document.getElementById !== 'function');
  if (clobbered) problems.push('a DOM global was clobbered');
  await context.close();
});

await check('a wide table uses the page\'s width at 1280 px and stays on a 390 px screen', async (problems) => {
  for (const width of [1280, 390]) {
    const { page, context } = await open(fileUrl(PAGES, 'guidelines/long/index.html'), width);
    await page.locator('.content table').scrollIntoViewIfNeeded();
    const m = await page.evaluate(() => {
      const t = document.querySelector('.content table').getBoundingClientRect();
      const p = document.querySelector('.content p').getBoundingClientRect();
      return { table: Math.round(t.width), right: Math.round(t.right), text: Math.round(p.width), page: document.documentElement.scrollWidth, vw: window.innerWidth };
    });
    if (width === 1280 && !(m.table > m.text + 100)) problems.push(`1280px: table ${m.table}px is not wider than the text (${m.text}px)`);
    if (m.right > m.vw || m.page > m.vw) problems.push(`${width}px: table runs off the screen (right ${m.right}, page ${m.page}, viewport ${m.vw})`);
    await page.screenshot({ path: path.join(SHOT_DIR, `pages-table-${width}.png`) });
    await context.close();
  }
});

await check('a renamed guideline\'s old revision: banner at 1280 and 390 px', async (problems) => {
  for (const width of [1280, 390]) {
    const { page, context } = await open(fileUrl(PAGES, 'guidelines/old-name/v1.html'), width);
    const text = await page.locator('.banner-renamed').textContent();
    if (!text.includes('The version in force is New name, version 2.')) problems.push(`banner: ${text}`);
    await page.screenshot({ path: path.join(SHOT_DIR, `pages-renamed-${width}.png`) });
    await context.close();
  }
});

await browser.close();
finish();

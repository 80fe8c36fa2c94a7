#!/usr/bin/env node
// Browser test of a split search index (issue 6).
//
//   node tests/browser/search-split.mjs <single-site> <split-site>
//
// Both sites are built from one fixture, one with one index file and one with
// `[search] split = "always"`. In headless Chromium, from file:// and under a sub-path:
//   * the search box and the results page of the split site show exactly the results of the
//     single-file site;
//   * a query loads the entry file and only some term and document parts;
//   * the results page shows 20 results and a button that adds the rest;
//   * no off-site request, no console error, no failed request.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, newSiteContext, serveDir, makeContext, watchPage, settle, reporter } from './lib.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHOT_DIR = path.join(REPO_ROOT, 'target', 'browser-screenshots');
const SUB_PATH = '/intranet/guidelines/';

if (process.argv.length !== 4) {
  console.error('usage: node tests/browser/search-split.mjs <single-site> <split-site>');
  process.exit(2);
}
const [singleDir, splitDir] = process.argv.slice(2).map((d) => fs.realpathSync(d));
setTimeout(() => {
  console.error('FAIL search-split.mjs did not finish within 300s');
  process.exit(1);
}, 300_000).unref();

const { check, finish } = reporter();
const parts = (kind) => fs.readdirSync(path.join(splitDir, 'search')).filter((f) => f.startsWith(`${kind}-`)).length;

/** Titles and hrefs of the search box's results for `q` on `site`'s home page. */
async function dropdown(page, ctx, q) {
  await page.goto(ctx.urlFor('index.html'), { waitUntil: 'load' });
  await page.focus('#search-input');
  await page.keyboard.type(q, { delay: 20 });
  await page.waitForSelector(`#search-results[data-query="${q}"]:not([hidden])`, { timeout: 30_000 });
  return page.$$eval('#search-results .search-hit', (as) => as.map((a) => `${a.getAttribute('href')} ${a.textContent}`));
}

/** The results page for `q`: status text and result titles. */
async function resultsPage(page, ctx, q) {
  await page.goto(`${ctx.urlFor('search.html')}?q=${encodeURIComponent(q)}`, { waitUntil: 'load' });
  await page.waitForSelector(`#search-page-results[data-query="${q}"]`, { timeout: 30_000 });
  return {
    status: await page.textContent('#search-status'),
    titles: await page.$$eval('#search-page-results .search-hit-title', (t) => t.map((e) => e.textContent)),
  };
}

async function runMode(browser, mode, single, split) {
  const context = await newSiteContext(browser, split);
  const page = await context.newPage();
  const w = watchPage(page, split);
  const otherContext = await newSiteContext(browser, single);
  const other = await otherContext.newPage();
  try {
    for (const q of ['checklist', 'ward round', 'dischar', 'fax']) {
      await check(`${mode}: the search box shows the single file's results for "${q}"`, async (problems) => {
        const want = await dropdown(other, single, q);
        const got = await dropdown(page, split, q);
        if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`split ${JSON.stringify(got)}\n != single ${JSON.stringify(want)}`);
        if (q !== 'fax' && got.length === 0) problems.push('no results');
      });
    }

    await check(`${mode}: a query loads the entry file and only some parts`, async (problems) => {
      const before = w.requests.length;
      await dropdown(page, split, 'ward round');
      await settle(page, w);
      const loaded = w.requests.slice(before).map((u) => decodeURIComponent(u));
      const terms = loaded.filter((u) => /search\/terms-\d+\.js$/.test(u));
      const docs = loaded.filter((u) => /search\/docs-\d+\.js$/.test(u));
      if (!loaded.some((u) => u.endsWith('/search-index.js'))) problems.push('entry file not loaded');
      if (terms.length === 0 || terms.length >= parts('terms')) problems.push(`${terms.length} of ${parts('terms')} term parts loaded`);
      if (docs.length === 0 || docs.length >= parts('docs')) problems.push(`${docs.length} of ${parts('docs')} document parts loaded`);
    });

    await check(`${mode}: the results page shows 20 results, then the rest on request, as the single file does`, async (problems) => {
      const want = await resultsPage(other, single, 'checklist');
      const got = await resultsPage(page, split, 'checklist');
      if (got.status !== want.status) problems.push(`status "${got.status}" != "${want.status}"`);
      if (!/^6\d guidelines found/.test(got.status)) problems.push(`status "${got.status}"`);
      if (got.titles.length !== 20) problems.push(`${got.titles.length} results before "show more"`);
      if (JSON.stringify(got.titles) !== JSON.stringify(want.titles)) problems.push('first page differs from the single file');
      for (let clicks = 0; await page.$('button.search-page-more'); clicks++) {
        if (clicks > 5) throw new Error('"show more" never ends');
        const before = await page.$$eval('#search-page-results li', (l) => l.length);
        await page.click('button.search-page-more');
        await page.waitForFunction((n) => document.querySelectorAll('#search-page-results li').length > n, before, { timeout: 30_000 });
      }
      const all = await page.$$eval('#search-page-results .search-hit-title', (t) => t.map((e) => e.textContent));
      const total = Number(/^(\d+)/.exec(got.status)[1]);
      if (all.length !== total) problems.push(`${all.length} results after "show more", status says ${total}`);
      if (new Set(all).size !== all.length) problems.push('a result is listed twice');
      if (mode === 'file') {
        fs.mkdirSync(SHOT_DIR, { recursive: true });
        await page.screenshot({ path: path.join(SHOT_DIR, 'search-split-page.png'), fullPage: false });
      }
    });

    await check(`${mode}: no off-site request, no console error, no failed request`, async (problems) => {
      await settle(page, w);
      problems.push(...w.problems);
    });
  } finally {
    w.stop();
    await context.close();
    await otherContext.close();
  }
}

const browser = await launchBrowser();
const servers = [];
try {
  for (const dir of [singleDir, splitDir]) servers.push(await serveDir(dir, SUB_PATH));
  await runMode(browser, 'file', makeContext('file', singleDir), makeContext('file', splitDir));
  await runMode(browser, 'http', makeContext('http', singleDir, servers[0].baseUrl), makeContext('http', splitDir, servers[1].baseUrl));
} finally {
  for (const s of servers) await s.close();
  await browser.close();
}
finish('search-split.mjs: ');

#!/usr/bin/env node
// Search that forgives and understands (issue 18), in headless Chromium from file://, through
// the page's own search box and results page.
//
//   node tests/browser/search-match-browser.mjs <en> <en-split> <da> <da-split> <sv> <sv-split>
//
// The sites as for search-match.mjs. Asserts: a typo finds the intended guideline first in
// the box, and the results page says "Showing results for …" with a link that searches exactly
// what was typed; compounds both ways (Danish, Swedish); a synonym; phrase ranking; filters
// with counts, kept in the address; typo and compound matches highlighted; the split and
// single layouts show the same results; no off-site request, console error or failed request.
// Screenshots go to target/browser-screenshots/search-match-*.png.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, newSiteContext, makeContext, watchPage, settle, reporter } from './lib.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHOT_DIR = path.join(REPO_ROOT, 'target', 'browser-screenshots');

if (process.argv.length !== 8) {
  console.error('usage: node search-match-browser.mjs <en> <en-split> <da> <da-split> <sv> <sv-split>');
  process.exit(2);
}
const dirs = process.argv.slice(2).map((d) => fs.realpathSync(d));
setTimeout(() => {
  console.error('FAIL search-match-browser.mjs did not finish within 300s');
  process.exit(1);
}, 300_000).unref();

const { check, finish } = reporter();
const eq = (actual, expected, what) => {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
};

/** The search box's results for `q` on the home page: [{ href, title, marks }], and the correction shown. */
async function dropdown(_, ctx, q) {
  const page = pageOf(ctx);
  await page.goto(ctx.urlFor('index.html'), { waitUntil: 'load' });
  await page.focus('#search-input');
  await page.keyboard.type(q, { delay: 15 });
  await page.waitForSelector(`#search-results[data-query="${q.replace(/"/g, '\\"')}"]:not([hidden])`, { timeout: 30_000 });
  const hits = await page.$$eval('#search-results .search-hit', (as) => as.map((a) => ({
    href: a.getAttribute('href'),
    title: a.querySelector('.search-hit-title').textContent,
    marks: [...a.querySelectorAll('mark')].map((m) => m.textContent.toLowerCase()),
  })));
  const fix = await page.$eval('#search-results', (b) => {
    const p = b.querySelector('.search-correction');
    return p ? p.querySelector('strong').textContent : null;
  });
  return { hits, fix };
}

/** The results page for `query` (the part after `?`): status, titles, correction, filters. */
async function resultsPage(_, ctx, query) {
  const page = pageOf(ctx);
  await page.goto(`${ctx.urlFor('search.html')}?${query}`, { waitUntil: 'load' });
  await page.waitForSelector('#search-page-results[data-query]', { state: 'attached', timeout: 30_000 });
  return pageState(page);
}

async function pageState(page) {
  return page.evaluate(() => ({
    status: document.getElementById('search-status').textContent,
    titles: [...document.querySelectorAll('#search-page-results .search-hit-title')].map((e) => e.textContent),
    fix: (document.querySelector('.search-correction strong') || {}).textContent || null,
    exact: document.querySelector('.search-correction a.search-exact')?.getAttribute('href') || null,
    filters: Object.fromEntries([...document.querySelectorAll('#search-filters [data-filter]')].map((g) => [
      g.getAttribute('data-filter'),
      [...g.querySelectorAll('button')].map((b) => `${b.textContent}${b.getAttribute('aria-pressed') === 'true' ? ' *' : ''}`),
    ])),
    search: location.search,
  }));
}

let pageOf = null;
const browser = await launchBrowser();
try {
  const ctxs = dirs.map((d) => makeContext('file', d));
  const [en, enSplit, da, daSplit, sv, svSplit] = ctxs;
  // One browser context per site: each aborts requests that leave its own site.
  const pages = new Map();
  const watchers = [];
  const contexts = [];
  for (const ctx of ctxs) {
    const context = await newSiteContext(browser, ctx);
    const p = await context.newPage();
    contexts.push(context);
    watchers.push(watchPage(p, ctx));
    pages.set(ctx, p);
  }
  pageOf = (ctx) => pages.get(ctx);

  for (const [name, ctx] of [['single', en], ['split', enSplit]]) {
    await check(`${name}: a typo in the box finds the intended guideline first, highlighted, and says what it searched`, async () => {
      const r = await dropdown(null, ctx, 'refrral');
      eq(r.hits[0].title, 'Receive an electronic referral', 'first');
      eq(r.hits[0].marks.includes('referral'), true, 'marks');
      eq(r.fix, 'referral', 'correction');
    });
    await check(`${name}: "counter notice" ranks the words together first; "inbox" finds In Basket`, async () => {
      eq((await dropdown(null, ctx, 'counter notice')).hits.slice(0, 2).map((h) => h.title),
        ['Respond with a counter notice', 'Privacy notice for counterparties'], 'counter notice');
      eq((await dropdown(null, ctx, 'inbox')).hits.slice(0, 2).map((h) => h.title).sort(),
        ['In Basket result messages', 'In Basket shared pools'], 'inbox');
    });
  }

  await check('the results page says "Showing results for", and its link searches exactly what was typed', async () => {
    const page = pageOf(en);
    const r = await resultsPage(page, en, 'q=refrral');
    eq(r.titles[0], 'Receive an electronic referral', 'first');
    eq(r.fix, 'referral', 'correction');
    await page.click('.search-correction a.search-exact');
    await page.waitForURL(/exact=1/, { timeout: 30_000 });
    await page.waitForSelector('#search-page-results[data-query]', { state: 'attached', timeout: 30_000 });
    const exact = await pageState(page);
    eq([exact.titles, exact.fix, exact.search], [[], null, '?q=refrral&exact=1'], 'exactly what was typed');
    fs.mkdirSync(SHOT_DIR, { recursive: true });
    await resultsPage(page, en, 'q=refrral');
    await page.screenshot({ path: path.join(SHOT_DIR, 'search-match-typo.png') });
  });

  for (const [name, ctx] of [['single', en], ['split', enSplit]]) {
    await check(`${name}: filters show counts, narrow the results and live in the address`, async () => {
      const page = pageOf(ctx);
      const r = await resultsPage(page, ctx, 'q=no-show');
      const current = r.titles.length;
      eq(r.filters.status, [`current (${current})`, 'superseded (1)'], 'status filter');
      eq(r.titles[0], 'Register a no-show', 'first');
      await page.click('#search-filters [data-filter=status] button[data-value=superseded]');
      await page.waitForFunction(() => location.search.includes('status=superseded') && document.querySelector('#search-filters [aria-pressed=true]'), null, { timeout: 30_000 });
      await page.waitForSelector('#search-page-results[data-query]', { state: 'attached', timeout: 30_000 });
      const s = await pageState(page);
      eq(s.filters.status, [`current (${current})`, 'superseded (1) *'], 'pressed');
      eq(await page.$$eval('#search-page-results .badge', (b) => b.map((e) => e.textContent)), ['superseded'], 'superseded only');
      // The address keeps the state: opened again, the page shows the same.
      const again = await resultsPage(page, ctx, s.search.slice(1));
      eq(again.filters.status, s.filters.status, 'state from the address');
      const c = await resultsPage(page, ctx, 'q=notice+basket&all=1');
      eq(c.filters.category.map((x) => x.replace(/ \(\d+\)/, '')).sort(), ['Booking', 'In Basket', 'Legal'], 'categories: the two notices, the In Basket pages and the video consultation that mentions the shared basket');
      await page.click('#search-filters [data-filter=category] button[data-value="Legal"]');
      await page.waitForFunction(() => location.search.includes('category=Legal'), null, { timeout: 30_000 });
      await page.waitForSelector('#search-page-results[data-query]', { state: 'attached', timeout: 30_000 });
      const legal = await pageState(page);
      eq(legal.titles.sort(), ['Privacy notice for counterparties', 'Respond with a counter notice'], 'Legal only');
      if (name === 'single') await page.screenshot({ path: path.join(SHOT_DIR, 'search-match-filters.png') });
    });
  }

  for (const [name, ctx] of [['Danish single', da], ['Danish split', daSplit]]) {
    await check(`${name}: a typo and compounds both ways in the box`, async () => {
      const t = await dropdown(null, ctx, 'henvsning');
      eq([t.hits[0].title, t.fix], ['Modtag en elektronisk henvisning', 'henvisning'], 'henvsning');
      const a = await dropdown(null, ctx, 'ambulantforløb');
      eq(a.hits[0].title, 'Luk et ambulant forløb', 'ambulantforløb');
      eq(a.hits[0].marks.sort(), ['ambulant', 'forløb'], 'parts marked');
      const h = await dropdown(null, ctx, 'henvisningsbrev');
      eq(h.hits.map((x) => x.title).slice(0, 2), ['Send et henvisningsbrev', 'Modtag en elektronisk henvisning'], 'henvisningsbrev');
    });
  }

  for (const [name, ctx] of [['Swedish single', sv], ['Swedish split', svSplit]]) {
    await check(`${name}: compounds both ways in the box`, async () => {
      const j = await dropdown(null, ctx, 'journalanteckning');
      eq(j.hits.map((x) => x.title), ['Läs journalanteckningar', 'Skriv en anteckning i journalen'], 'journalanteckning');
      const a = await dropdown(null, ctx, 'anteckning läs');
      eq(a.hits[0].title, 'Läs journalanteckningar', 'anteckning läs');
      const r = await dropdown(null, ctx, 'remissvar');
      eq(r.hits.map((x) => x.title), ['Skicka ett remissvar', 'Ta emot en remiss'], 'remissvar');
    });
  }

  await check('split and single layouts show the same results in the page', async (problems) => {
    for (const [one, split, qs] of [[en, enSplit, ['refrral', 'privcy notice', 'counter notice', '"counter notice"', 'inbox', 'Landspatientregistret']],
      [da, daSplit, ['henvsning', 'henvisning elektronisk']], [sv, svSplit, ['remiss', 'journal']]]) {
      for (const q of qs) {
        const a = await resultsPage(null, one, `q=${encodeURIComponent(q)}&all=1`);
        const b = await resultsPage(null, split, `q=${encodeURIComponent(q)}&all=1`);
        delete a.search;
        delete b.search;
        if (JSON.stringify(a) !== JSON.stringify(b)) problems.push(`${q}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
        if (!a.titles.length) problems.push(`${q}: nothing found`);
      }
    }
  });

  await check('no off-site request, no console error, no failed request', async (problems) => {
    for (const [i, ctx] of ctxs.entries()) {
      await settle(pageOf(ctx), watchers[i]);
      problems.push(...watchers[i].problems);
    }
  });
  for (const c of contexts) await c.close();
} finally {
  await browser.close();
}
finish('search-match-browser: ');

#!/usr/bin/env node
// Browser test of search on a built redthread site (issue 4).
//
//   node tests/browser/search.mjs <sample-site-dir> [<danish-site-dir> [<search-en-fixture-site-dir>]]
//
// In headless Chromium, opened from file:// and served under a sub-path over http:
//   * no search code or index loads until the search box is used;
//   * `/` and `s` focus the box; typed queries show results as you type, ranked exactly as
//     the site's own client function ranks them in node with the real elasticlunr.js;
//   * results show title, category, version, a status badge and a snippet with <mark>s;
//   * ArrowDown + Enter opens the chosen guideline; Escape closes the list;
//   * Enter in the box opens search.html?q=..., which lists results, and its switch adds
//     superseded and withdrawn revisions;
//   * no off-site request, no console error, no failed request.
// With a Danish site: the lunr-languages stemmer loads in the page and "henvisninger"
// finds "henvisning". With the English search fixture: markup in titles and summaries shows
// as text in results and never becomes elements.
// Screenshots go to target/browser-screenshots/search-*.png.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { launchBrowser, newSiteContext, serveDir, makeContext, watchPage, settle, reporter } from './lib.mjs';

const require = createRequire(import.meta.url);
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHOT_DIR = path.join(REPO_ROOT, 'target', 'browser-screenshots');
const SUB_PATH = process.env.REDTHREAD_TEST_SUBPATH || '/intranet/guidelines/';

if (process.argv.length < 3 || process.argv.length > 5) {
  console.error('usage: node tests/browser/search.mjs <sample-site-dir> [<danish-site-dir> [<search-en-site-dir>]]');
  process.exit(2);
}
const siteDir = fs.realpathSync(process.argv[2]);
const daDir = process.argv[3] ? fs.realpathSync(process.argv[3]) : null;
const markupDir = process.argv[4] ? fs.realpathSync(process.argv[4]) : null;

setTimeout(() => {
  console.error('FAIL search.mjs did not finish within 300s');
  process.exit(1);
}, 300_000).unref();

const { check, finish } = reporter();
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// ---------------------------------------------------------------- expected ranking (node)

const lunr = require('elasticlunr');
const client = require(path.join(siteDir, 'assets/search-engine.js'));
const data = JSON.parse(fs.readFileSync(path.join(siteDir, 'search-index.json'), 'utf8'));
const engine = client.open(lunr, data);
const expectations = {};
for (const q of ['in basket', 'referral']) {
  for (const all of [false, true]) {
    expectations[`${q}|${all}`] = (await client.find(engine, q, { all })).map((r) => r.doc.url);
  }
}
const expected = (q, opts) => {
  const key = `${q}|${Boolean(opts && opts.all)}`;
  if (!(key in expectations)) throw new Error(`no expectation computed for ${key}`);
  return expectations[key];
};

// ---------------------------------------------------------------- helpers

async function dropdown(page) {
  return page.$$eval('#search-results .search-hit', (as) =>
    as.map((a) => ({
      href: a.getAttribute('href'),
      title: a.querySelector('.search-hit-title').textContent,
      meta: a.querySelector('.search-hit-meta').textContent,
      badge: a.querySelector('.badge') ? a.querySelector('.badge').textContent : null,
      marks: [...a.querySelectorAll('.search-hit-snippet mark')].map((m) => m.textContent),
    })),
  );
}

/** Types `q` into the focused header box and waits for the results that answer it. */
async function typeQuery(page, q) {
  await page.keyboard.type(q, { delay: 30 });
  await page.waitForSelector(`#search-results[data-query="${q}"]:not([hidden])`, { timeout: 10_000 });
}

/** Site-root-relative path of a page URL. */
function siteRel(ctx, url) {
  const u = new URL(url);
  if (ctx.mode === 'file') return path.relative(siteDir, fileURLToPath(u)).split(path.sep).join('/');
  return decodeURIComponent(u.pathname.slice(new URL(ctx.base).pathname.length));
}

/** Resolve each href against the page and return site-root-relative paths. */
function hrefsToRel(ctx, pageUrl, hrefs) {
  return hrefs.map((h) => siteRel(ctx, new URL(h, pageUrl).href));
}

async function shot(page, name) {
  fs.mkdirSync(SHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SHOT_DIR, `search-${name}.png`) });
}

// ---------------------------------------------------------------- the checks

async function runMode(browser, ctx) {
  const m = ctx.mode;
  const context = await newSiteContext(browser, ctx);
  const page = await context.newPage();
  const w = watchPage(page, ctx);
  try {
    await check(`${m}: nothing of search loads with the page`, async (problems) => {
      await page.goto(ctx.urlFor('index.html'), { waitUntil: 'load' });
      await settle(page, w);
      const loaded = w.requests.filter((u) => /search-index|elasticlunr|lunr\./.test(u));
      if (loaded.length) problems.push(`loaded before use: ${loaded.join(', ')}`);
      if (!w.requests.some((u) => u.endsWith('assets/search.js'))) problems.push('assets/search.js not on the page');
    });

    await check(`${m}: "/" focuses search; "in basket" lists the In Basket guidelines first, as in node`, async (problems) => {
      await page.keyboard.press('/');
      const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
      if (focused !== 'search-input') problems.push(`focus is on #${focused}`);
      await typeQuery(page, 'in basket');
      const hits = await dropdown(page);
      const got = hrefsToRel(ctx, page.url(), hits.map((h) => h.href));
      const want = expected('in basket').slice(0, 8);
      if (!same(got, want)) problems.push(`results ${JSON.stringify(got)} != node ${JSON.stringify(want)}`);
      const inBasket = data.docs.filter((d) => d.status === 'current' && /in basket/i.test(d.title)).length;
      if (inBasket < 2) problems.push('sample has fewer than 2 current In Basket guidelines');
      hits.slice(0, inBasket).forEach((h, i) => {
        if (!/in basket/i.test(h.title)) problems.push(`result ${i + 1} "${h.title}" is not an In Basket guideline`);
      });
      for (const h of hits) {
        if (!/ · Version \S+/.test(h.meta)) problems.push(`meta "${h.meta}" lacks category and version`);
        if (h.badge !== 'current') problems.push(`badge "${h.badge}" on "${h.title}"`);
      }
      if (!hits.some((h) => h.marks.some((x) => /basket/i.test(x)))) problems.push('no snippet marks "basket"');
      const loaded = w.requests.filter((u) => /search-index\.js|elasticlunr\.min\.js/.test(u));
      if (loaded.length !== 2) problems.push(`expected elasticlunr and the index to load once each, saw ${JSON.stringify(loaded)}`);
      await shot(page, `${m}-dropdown`);
    });

    await check(`${m}: ArrowDown twice + Enter opens the second result`, async (problems) => {
      const want = expected('in basket')[1];
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      const active = await page.evaluate(() => document.activeElement.getAttribute('href'));
      const before = page.url();
      await Promise.all([page.waitForURL((u) => u.href !== before), page.keyboard.press('Enter')]);
      await page.waitForLoadState('load');
      const at = siteRel(ctx, page.url());
      if (at !== want) problems.push(`opened ${at} (focused ${active}), expected ${want}`);
      const h1 = await page.textContent('h1');
      const title = data.docs.find((d) => d.url === want).title;
      if (!h1.includes(title)) problems.push(`page h1 "${h1}" is not "${title}"`);
    });

    await check(`${m}: "s" on a guideline page, "referral", Escape closes`, async (problems) => {
      await settle(page, w);
      await page.keyboard.press('s');
      await typeQuery(page, 'referral');
      const hits = await dropdown(page);
      const got = hrefsToRel(ctx, page.url(), hits.map((h) => h.href));
      const want = expected('referral').slice(0, 8);
      if (!same(got, want)) problems.push(`results ${JSON.stringify(got)} != node ${JSON.stringify(want)}`);
      if (!/referral/i.test(hits[0]?.title ?? '')) problems.push(`top result "${hits[0]?.title}" is not about referrals`);
      for (const rel of got) if (!fs.existsSync(path.join(siteDir, rel))) problems.push(`result ${rel} is not a file`);
      await page.keyboard.press('Escape');
      if (!(await page.$eval('#search-results', (b) => b.hidden))) problems.push('Escape did not close the list');
    });

    await check(`${m}: Enter in the box opens search.html?q=, the switch adds superseded revisions`, async (problems) => {
      await page.focus('#search-input');
      await page.fill('#search-input', 'referral');
      await Promise.all([page.waitForURL(/search\.html\?q=referral/), page.keyboard.press('Enter')]);
      await page.waitForSelector('#search-page-results[data-query="referral"]', { timeout: 10_000 });
      const value = await page.inputValue('#search-page-input');
      if (value !== 'referral') problems.push(`page box holds "${value}"`);
      const list = async () => hrefsToRel(ctx, page.url(), await page.$$eval('#search-page-results .search-hit', (as) => as.map((a) => a.getAttribute('href'))));
      const current = await list();
      if (!same(current, expected('referral'))) problems.push(`page results ${JSON.stringify(current)} != node ${JSON.stringify(expected('referral'))}`);
      await page.check('#search-all');
      await page.waitForSelector('#search-page-results[data-query="referral&all"]', { timeout: 10_000 });
      // The page shows 20 results and a button for the next 20.
      const wantAll = expected('referral', { all: true });
      if (wantAll.length <= 20) problems.push(`only ${wantAll.length} results with the switch: the fixture no longer pages`);
      let all = await list();
      if (!same(all, wantAll.slice(0, 20))) problems.push(`with the switch ${JSON.stringify(all)} != node`);
      while (await page.$('button.search-page-more')) {
        const before = all.length;
        await page.click('button.search-page-more');
        await page.waitForFunction((n) => document.querySelectorAll('#search-page-results li').length > n, before, { timeout: 10_000 });
        all = await list();
      }
      if (!same(all, wantAll)) problems.push(`after "show more": ${JSON.stringify(all)} != node`);
      if (all.length <= current.length) problems.push('the switch added nothing');
      const retired = await page.$$eval('#search-page-results .badge-superseded, #search-page-results .badge-withdrawn', (b) => b.length);
      if (!retired) problems.push('no superseded or withdrawn badge with the switch on');
      await shot(page, `${m}-page`);
    });

    await check(`${m}: a shared ?q= link works, also with &all=1`, async (problems) => {
      await page.goto(ctx.urlFor('search.html') + '?q=' + encodeURIComponent('in basket') + '&all=1', { waitUntil: 'load' });
      await page.waitForSelector('#search-page-results[data-query="in basket&all"]', { timeout: 10_000 });
      if (!(await page.isChecked('#search-all'))) problems.push('switch not on from &all=1');
      const n = await page.$$eval('#search-page-results li', (l) => l.length);
      if (n !== Math.min(20, expected('in basket', { all: true }).length)) problems.push(`${n} results`);
      const status = await page.textContent('#search-status');
      if (!/found/.test(status)) problems.push(`status "${status}"`);
    });

    await check(`${m}: narrow screen (360px): dropdown fits, a tap opens a result`, async (problems) => {
      await page.setViewportSize({ width: 360, height: 740 });
      await page.goto(ctx.urlFor('index.html'), { waitUntil: 'load' });
      await page.keyboard.press('/');
      await typeQuery(page, 'referral');
      const box = await page.$eval('#search-results', (b) => {
        const r = b.getBoundingClientRect();
        return { left: r.left, right: r.right, width: document.documentElement.clientWidth };
      });
      if (box.left < 0 || box.right > box.width + 1) problems.push(`dropdown overflows: ${JSON.stringify(box)}`);
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (scroll > 0) problems.push(`page scrolls sideways by ${scroll}px`);
      await shot(page, `${m}-narrow`);
      const count = await page.textContent('#search-count');
      if (!/^\d+ results?$/.test(count)) problems.push(`live result count "${count}"`);
      // A tap on a result opens it.
      const before = page.url();
      await Promise.all([page.waitForURL((u) => u.href !== before), page.click('#search-results .search-hit >> nth=0')]);
      const at = siteRel(ctx, page.url());
      if (at !== expected('referral')[0]) problems.push(`click opened ${at}, expected ${expected('referral')[0]}`);
      await page.setViewportSize({ width: 1280, height: 800 });
    });

    await check(`${m}: no off-site request, no console error, no failed request`, async (problems) => {
      problems.push(...w.problems);
    });
  } finally {
    w.stop();
    await context.close();
  }
}

async function runDanish(browser) {
  const ctx = makeContext('file', daDir);
  const context = await newSiteContext(browser, ctx);
  const page = await context.newPage();
  const w = watchPage(page, ctx);
  try {
    await check('file (da): the Danish stemmer loads in the page; "henvisninger" finds "henvisning"', async (problems) => {
      await page.goto(ctx.urlFor('index.html'), { waitUntil: 'load' });
      await page.keyboard.press('/');
      await typeQuery(page, 'henvisninger');
      const hits = await dropdown(page);
      if (!/henvisning/i.test(hits[0]?.title ?? '')) problems.push(`top result "${hits[0]?.title}"`);
      if (!hits[0]?.marks.some((x) => /^henvisning/i.test(x))) problems.push(`no mark in ${JSON.stringify(hits[0])}`);
      if (!w.requests.some((u) => u.endsWith('lunr.da.js'))) problems.push('lunr.da.js not loaded');
      problems.push(...w.problems);
    });
  } finally {
    w.stop();
    await context.close();
  }
}

async function runMarkup(browser) {
  const ctx = makeContext('file', markupDir);
  const context = await newSiteContext(browser, ctx);
  const page = await context.newPage();
  const w = watchPage(page, ctx);
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    d.dismiss();
  });
  try {
    await check('file (fixture): markup in titles and summaries stays text in results', async (problems) => {
      await page.goto(ctx.urlFor('index.html'), { waitUntil: 'load' });
      await page.keyboard.press('/');
      await typeQuery(page, 'zebra');
      const hits = await dropdown(page);
      if (hits[0]?.title !== 'Quirky <b>markup</b> & <script>alert(1)</script> title') problems.push(`title shown as ${JSON.stringify(hits[0]?.title)}`);
      const elements = await page.$$eval('#search-results b, #search-results script, #search-results img', (e) => e.length);
      if (elements) problems.push(`${elements} elements made from guideline text`);
      const snippet = await page.textContent('#search-results .search-hit-snippet');
      if (!snippet.includes('<img src=x onerror=alert(2)>')) problems.push(`snippet ${JSON.stringify(snippet)}`);
      await page.waitForTimeout(200);
      if (dialogs) problems.push('a script from guideline text ran');
      problems.push(...w.problems);
    });
  } finally {
    w.stop();
    await context.close();
  }
}

const browser = await launchBrowser();
let server;
try {
  server = await serveDir(siteDir, SUB_PATH);
  await runMode(browser, makeContext('file', siteDir));
  await runMode(browser, makeContext('http', siteDir, server.baseUrl));
  if (daDir) await runDanish(browser);
  if (markupDir) await runMarkup(browser);
} finally {
  if (server) await server.close();
  await browser.close();
}
finish('search.mjs: ');

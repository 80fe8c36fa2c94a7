#!/usr/bin/env node
// Search at scale in headless Chromium (issue 6), for scripts/bench; not a test.
//
//   node tests/browser/search-bench.mjs <site> [query ...]
//
// For each query, opens <site>/search.html?q=<query> from file:// in a fresh browser context
// (nothing cached) and reports the bytes of search files the page loaded (elasticlunr, the
// entry file, term and document parts) and the time from the start of the page to its
// answer, and from the start of the search script's work to the answer.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, makeContext, newSiteContext } from './lib.mjs';

const [siteArg, ...queries] = process.argv.slice(2);
if (!siteArg) {
  console.error('usage: node tests/browser/search-bench.mjs <site> [query ...]');
  process.exit(2);
}
const site = fs.realpathSync(siteArg);
const ctx = makeContext('file', site);
const asked = queries.length ? queries : ['discharge', 'referral triage', 'close outpatient course', 'in basket', 'wait'];

const fileSize = (u) => {
  try {
    return fs.statSync(fileURLToPath(u.split('?')[0])).size;
  } catch {
    return 0;
  }
};
const mib = (b) => `${(b / 1048576).toFixed(2)} MiB`;

const browser = await launchBrowser();
console.log('query\tresults\tsearch files\tloaded\tpage start -> answer\tsearch start -> answer');
try {
  for (const q of asked) {
    const context = await newSiteContext(browser, ctx);
    const page = await context.newPage();
    await page.addInitScript(() => {
      new MutationObserver(() => {
        const list = document.getElementById('search-page-results');
        if (list && list.hasAttribute('data-query') && !window.__answered) window.__answered = performance.now();
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-query'] });
    });
    const loaded = [];
    page.on('request', (r) => {
      if (/search-index|search\/|elasticlunr|lunr\./.test(r.url())) loaded.push(r.url());
    });
    await page.goto(`${ctx.urlFor('search.html')}?q=${encodeURIComponent(q)}`, { waitUntil: 'load' });
    await page.waitForSelector('#search-page-results[data-query]', { timeout: 60_000 });
    const t = await page.evaluate(() => {
      const start = performance.getEntriesByName('redthread-search-start')[0];
      return { answered: window.__answered, started: start ? start.startTime : 0 };
    });
    const n = await page.textContent('#search-status');
    const bytes = loaded.reduce((sum, u) => sum + fileSize(u), 0);
    console.log(`${q}\t${n.split(' ')[0]}\t${loaded.length}\t${mib(bytes)}\t${t.answered.toFixed(0)} ms\t${(t.answered - t.started).toFixed(0)} ms`);
    await context.close();
  }
} finally {
  await browser.close();
}

#!/usr/bin/env node
// What a list of queries finds, through a built site's own results page in headless
// Chromium from file://; for the before/after table in docs/search.md, not a test.
//
//   node tests/browser/search-queries.mjs <site> [query ...]   # one JSON line per query
//
// It reads only the results page's markup (#search-status, .search-correction and
// .search-hit-title), which an index from before issue 18 has too, so a site built by an
// older redthread is asked the same way.

import fs from 'node:fs';
import { launchBrowser, makeContext, newSiteContext } from './lib.mjs';

const [siteArg, ...queries] = process.argv.slice(2);
if (!siteArg || !queries.length) {
  console.error('usage: node tests/browser/search-queries.mjs <site> query [query ...]');
  process.exit(2);
}
const ctx = makeContext('file', fs.realpathSync(siteArg));
const browser = await launchBrowser();
try {
  const context = await newSiteContext(browser, ctx);
  const page = await context.newPage();
  for (const q of queries) {
    await page.goto(`${ctx.urlFor('search.html')}?q=${encodeURIComponent(q)}`, { waitUntil: 'load' });
    await page.waitForSelector('#search-page-results[data-query]', { state: 'attached', timeout: 60_000 });
    const found = await page.evaluate(() => ({
      status: document.getElementById('search-status').textContent.trim(),
      corrected: document.querySelector('.search-correction')?.getAttribute('data-corrected') ?? null,
      titles: [...document.querySelectorAll('#search-page-results .search-hit-title')].map((t) => t.textContent.trim()),
    }));
    const n = /^\d[\d,.]*/.exec(found.status);
    console.log(JSON.stringify({ q, results: n ? Number(n[0].replace(/[,.]/g, '')) : 0, corrected: found.corrected, top: found.titles.slice(0, 3) }));
  }
  await context.close();
} finally {
  await browser.close();
}

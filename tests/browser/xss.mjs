#!/usr/bin/env node
// Browser test: a site built from hostile guidelines (tests/it/xss.rs) runs none of them.
//
//   node tests/browser/xss.mjs <built-site-dir>
//
// Every page is opened from file:// and from a local HTTP server. Before any page script
// runs, alert/confirm/prompt/print are replaced by recorders, and Content-Security-Policy
// violations are recorded too: a payload that survived as markup but was stopped only by
// the CSP still counts as a failure. Then every link, button and form control is focused
// and hovered (handlers like onfocus/onmouseover), <details> are opened (ontoggle), and,
// on the home and search pages, payload words are searched for so results built from
// the search index are exercised as well.

import fs from 'node:fs';
import path from 'node:path';
import {
  launchBrowser, newSiteContext, serveDir, makeContext, watchPage, settle, listFiles, fileUrl, httpUrl, reporter } from './lib.mjs';

if (process.argv.length !== 3) {
  console.error('usage: node tests/browser/xss.mjs <built-site-dir>');
  process.exit(2);
}
const siteDir = fs.realpathSync(process.argv[2]);

const { record, finish } = reporter();

const TRAP = () => {
  window.__fired = [];
  for (const fn of ['alert', 'confirm', 'prompt', 'print']) {
    window[fn] = (...args) => { window.__fired.push(`${fn}(${args.join(',')})`); };
  }
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__fired.push(`CSP blocked ${e.violatedDirective}: ${e.blockedURI || 'inline'} ${e.sample || ''}`);
  });
};

async function exercise(page) {
  // One round trip: open every <details> (ontoggle), then focus and "hover" every
  // interactive element (onfocus, onmouseover), inside the page itself.
  await page.evaluate(() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
    for (const el of document.querySelectorAll('a, button, input:not([type=search]), select, textarea, summary, img, svg, [tabindex]')) {
      if (typeof el.focus === 'function') el.focus();
      for (const type of ['mouseover', 'mouseenter', 'mousemove']) {
        el.dispatchEvent(new MouseEvent(type, { bubbles: true }));
      }
    }
  });
}

/** Types payload words into the search box, so results built from the index render. */
async function searchFor(page) {
  const search = await page.$('input[type="search"]');
  if (search) {
    for (const q of ['payload', 'alert xss', 'script', 'onerror']) {
      await search.fill(q);
      await page.waitForTimeout(400);
    }
    await page.keyboard.press('ArrowDown');
  }
}

const browser = await launchBrowser();
const server = await serveDir(siteDir, '/xss/');
try {
  const pages = listFiles(siteDir);
  for (const mode of ['file', 'http']) {
    const ctx = makeContext(mode, siteDir, server.baseUrl);
    const context = await newSiteContext(browser, ctx);
    await context.addInitScript(TRAP);
    const page = await context.newPage();
    page.on('dialog', (d) => d.dismiss().catch(() => {}));
    const problems = [];
    for (const rel of pages) {
      const url = mode === 'file' ? fileUrl(siteDir, rel) : httpUrl(server.baseUrl, rel);
      const w = watchPage(page, ctx);
      const dialogs = [];
      const onDialog = (d) => dialogs.push(`${d.type()}: ${d.message()}`);
      page.on('dialog', onDialog);
      try {
        await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
        await exercise(page);
        if (rel === 'index.html' || rel === 'search.html') await searchFor(page);
        await settle(page, w, { quietMs: 50 });
        const fired = await page.evaluate(() => window.__fired || ['trap missing']);
        const where = page.url() === url ? rel : `${rel} (navigated to ${page.url()})`;
        for (const f of fired) problems.push(`${where}: ${f}`);
        for (const d of dialogs) problems.push(`${where}: dialog ${d}`);
        for (const p of w.problems) {
          // Payloads' `<img src=x>` may survive as a plain (broken) relative image, with
          // its handlers stripped: that request stays on the site and runs nothing.
          if (/\/x( |:0\)|$)/.test(p)) continue;
          problems.push(`${where}: ${p}`);
        }
      } finally {
        page.off('dialog', onDialog);
        w.stop();
      }
    }
    record(`${mode}: ${pages.length} pages, no payload fires and no CSP violation`, problems);
    await context.close();
  }
} finally {
  await server.close();
  await browser.close();
}
finish();

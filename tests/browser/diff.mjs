#!/usr/bin/env node
// Browser test of redline pages, the compare form and what's new (issue 3).
//
//   node tests/browser/diff.mjs <built-sample-site-dir>
//
// For the sample archive, opened from file:// and served under a sub-path:
//   * the compare form on a guideline page appears (site.js), refuses a non-pair and
//     opens the pre-built redline for a chosen pair;
//   * the superseded banner's "What changed since this version" opens the redline to the
//     current version;
//   * a folded unchanged stretch expands on click (no script needed: <details>);
//   * insertions and deletions carry hidden text cues for screen readers and stay
//     underlined / struck through, in black, under print media emulation;
//   * what's new links to redlines that load.
// No console errors, failed or off-site requests on any page visited.
// Screenshots (screen and print) go to target/browser-screenshots/diff-*.png.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, newSiteContext, serveDir, makeContext, watchPage, settle, reporter } from './lib.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHOT_DIR = path.join(REPO_ROOT, 'target', 'browser-screenshots');
const SUB_PATH = process.env.REDTHREAD_TEST_SUBPATH || '/intranet/guidelines/';
const ID = 'close-outpatient-course';

if (process.argv.length !== 3) {
  console.error('usage: node tests/browser/diff.mjs <built-site-dir>');
  process.exit(2);
}
const siteDir = fs.realpathSync(process.argv[2]);
const { check, record, finish } = reporter();

function expect(problems, cond, msg) {
  if (!cond) problems.push(msg);
}

async function open(page, ctx, rel, problems) {
  const w = watchPage(page, ctx);
  await page.goto(ctx.urlFor(rel), { waitUntil: 'load' });
  await settle(page, w);
  w.stop();
  problems.push(...w.problems.map((p) => `${rel}: ${p}`));
}

async function afterNavigation(page, ctx, action, problems) {
  const w = watchPage(page, ctx);
  await Promise.all([page.waitForEvent('load'), action()]);
  await settle(page, w);
  w.stop();
  problems.push(...w.problems);
}

const sitePath = (ctx, url) => decodeURIComponent(url.slice(ctx.base.length));

async function run(browser, label, ctx) {
  const context = await newSiteContext(browser, ctx);
  const page = await context.newPage();
  try {
    await check(`${label}: compare form opens a pre-built redline of the chosen pair`, async (p) => {
      await open(page, ctx, `guidelines/${ID}/index.html`, p);
      const form = page.locator('form[data-compare]').first();
      expect(p, await form.isVisible(), 'compare form is not shown (site.js did not unhide it)');
      await form.locator('select[name=from]').selectOption('2');
      await form.locator('select[name=to]').selectOption('2');
      await form.locator('button').click();
      const msg = (await form.locator('.compare-message').textContent()).trim();
      expect(p, msg === 'Choose two different versions.', `same version: message was "${msg}"`);
      // Chosen the "wrong" way round on purpose: the older version always comes first.
      await form.locator('select[name=from]').selectOption('3');
      await form.locator('select[name=to]').selectOption('1');
      await afterNavigation(page, ctx, () => form.locator('button').click(), p);
      const at = sitePath(ctx, page.url());
      expect(p, at === `guidelines/${ID}/diff-v1-v3.html`, `landed on ${at}`);
      expect(p, (await page.locator('.redline ins').count()) > 0, 'no insertions on the redline');
      expect(p, (await page.locator('.redline del').count()) > 0, 'no deletions on the redline');
    });

    await check(`${label}: superseded banner links what changed since that version`, async (p) => {
      await open(page, ctx, `guidelines/${ID}/v1.html`, p);
      const link = page.locator('.banner-superseded a[data-rel=diff-to-current]');
      expect(p, (await link.textContent()).trim() === 'What changed since this version', 'link text');
      await afterNavigation(page, ctx, () => link.click(), p);
      const at = sitePath(ctx, page.url());
      expect(p, at === `guidelines/${ID}/diff-v1-v3.html`, `landed on ${at}`);
    });

    await check(`${label}: a folded unchanged stretch expands`, async (p) => {
      await open(page, ctx, `guidelines/${ID}/diff-v2-v3.html`, p);
      const fold = page.locator('details.rl-fold').first();
      const inner = fold.locator('.rl').first();
      expect(p, !(await inner.isVisible()), 'folded rows are visible before expanding');
      await fold.locator('summary').click();
      expect(p, await inner.isVisible(), 'folded rows stay hidden after a click on the summary');
      expect(p, (await fold.getAttribute('open')) !== null, 'details not open');
    });

    await check(`${label}: redline has text cues and survives print`, async (p) => {
      await open(page, ctx, `guidelines/${ID}/diff-v2-v3.html`, p);
      const cues = await page.locator('.redline .vh').allTextContents();
      expect(p, cues.includes('inserted: ') && cues.includes('deleted: '), `cues: ${cues.slice(0, 4)}`);
      const cueBox = await page.locator('.redline .vh').first().boundingBox();
      expect(p, cueBox && cueBox.width <= 1, 'text cue is visible on screen (should be for screen readers only)');
      const tags = await page.locator('.rl-tag').allTextContents();
      expect(p, tags.includes('Added') && tags.includes('Removed') && tags.includes('Changed'), `visible labels: ${[...new Set(tags)]}`);
      fs.mkdirSync(SHOT_DIR, { recursive: true });
      await page.screenshot({ path: path.join(SHOT_DIR, `diff-${label}-screen.png`), fullPage: true });
      await page.emulateMedia({ media: 'print' });
      const style = (sel) => page.locator(sel).first().evaluate((el) => {
        const s = getComputedStyle(el);
        const r = el.getBoundingClientRect();
        return { line: s.textDecorationLine, color: s.color, visible: r.width > 0 && r.height > 0 && s.visibility !== 'hidden' };
      });
      const ins = await style('.redline ins');
      const del = await style('.redline del');
      expect(p, ins.visible && ins.line.includes('underline'), `print: ins ${JSON.stringify(ins)}`);
      expect(p, del.visible && del.line.includes('line-through'), `print: del ${JSON.stringify(del)}`);
      expect(p, ins.color === 'rgb(0, 0, 0)' && del.color === 'rgb(0, 0, 0)', `print colours: ${ins.color} ${del.color}`);
      expect(p, await page.locator('.rl-tag').first().isVisible(), 'print: labels hidden');
      expect(p, !(await page.locator('form[data-compare]').isVisible()), 'print: compare form printed');
      await page.screenshot({ path: path.join(SHOT_DIR, `diff-${label}-print.png`), fullPage: true });
      await page.emulateMedia({ media: 'screen' });
    });

    await check(`${label}: what's new links redlines that load`, async (p) => {
      await open(page, ctx, 'index.html', p);
      await afterNavigation(page, ctx, () => page.locator('.site-nav a[href$="whats-new.html"]').click(), p);
      expect(p, sitePath(ctx, page.url()) === 'whats-new.html', `nav went to ${page.url()}`);
      const months = await page.locator('.news-month h2').count();
      expect(p, months > 1, `${months} months`);
      const link = page.locator('a[data-rel=diff]').first();
      await afterNavigation(page, ctx, () => link.click(), p);
      expect(p, /\/diff-v[^/]+-v[^/]+\.html$/.test(page.url()), `landed on ${page.url()}`);
      expect(p, (await page.locator('.redline').count()) === 1, 'no redline on the page');
    });
  } finally {
    await context.close();
  }
}

let browser;
let server;
try {
  browser = await launchBrowser();
  server = await serveDir(siteDir, SUB_PATH);
  await run(browser, 'file', makeContext('file', siteDir));
  await run(browser, 'http', makeContext('http', siteDir, server.baseUrl));
} catch (err) {
  record('harness', [`harness error: ${err.stack || err}`]);
} finally {
  await browser?.close().catch(() => {});
  await server?.close();
}
finish();

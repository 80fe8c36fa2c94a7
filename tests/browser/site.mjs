#!/usr/bin/env node
// Browser test of a built redthread site ("archive compiler").
//
//   node tests/browser/site.mjs <built-site-dir>
//
// Runs everything twice: (a) opened from disk via file:// and (b) served by a
// local static server under a sub-path (default /intranet/guidelines/, override
// with REDTHREAD_TEST_SUBPATH). For each mode:
//   * crawl: every .html file on disk is opened in Chromium; no console errors,
//     page errors, failed requests, HTTP errors or off-site requests; every
//     internal link names an existing file (never a folder); '#fragment' links
//     name existing ids; external links are allowed as anchors but never
//     followed or requested;
//   * walk: real clicks guided by archive.json, from the home page to a
//     superseded guideline, its first revision and through the superseded
//     banner to its successor; and along the revision chain of a guideline with
//     >= 3 revisions.
// Screenshots for humans go to target/browser-screenshots/.
// Exit status: 0 all passed, 1 some check failed, 2 usage/setup error.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  launchBrowser, newSiteContext, serveDir, makeContext, checkPage, watchPage, settle,
  toSitePath, listFiles, stripHash, reporter } from './lib.mjs';

const started = Date.now();
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHOT_DIR = path.join(REPO_ROOT, 'target', 'browser-screenshots');
const SUB_PATH = process.env.REDTHREAD_TEST_SUBPATH || '/intranet/guidelines/';
const TIMEOUT_S = Number(process.env.REDTHREAD_BROWSER_TIMEOUT || 600);
const JOBS = Math.max(1, Number(process.env.REDTHREAD_BROWSER_JOBS) || Math.min(4, os.availableParallelism() + 1));
const BANNER_LINK = '.banner-superseded a[data-rel="superseded-by"]';

function usage(msg) {
  console.error(`site.mjs: ${msg}\nusage: node tests/browser/site.mjs <built-site-dir>`);
  process.exit(2);
}

if (process.argv.length !== 3) usage('expected exactly one argument');
const siteArg = process.argv[2];
if (!fs.existsSync(siteArg) || !fs.statSync(siteArg).isDirectory()) usage(`not a directory: ${siteArg}`);
const siteDir = fs.realpathSync(siteArg);
for (const f of ['index.html', 'archive.json']) {
  if (!fs.existsSync(path.join(siteDir, f))) usage(`${siteDir} has no ${f} - is it a built redthread site?`);
}

setTimeout(() => {
  console.error(`FAIL site.mjs did not finish within ${TIMEOUT_S}s (REDTHREAD_BROWSER_TIMEOUT)`);
  process.exit(1);
}, TIMEOUT_S * 1000).unref();

// ---------------------------------------------------------------- reporting

const { record, check, finish } = reporter();

const rel = (p) => path.relative(siteDir, p).split(path.sep).join('/') || '.';
const statOrNull = (p) => {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
};

// ---------------------------------------------------------------- archive.json

let manifest;
const byId = new Map();

function compareVersions(a, b) {
  const pa = String(a).split('.').map(Number);
  const pb = String(b).split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] || 0) - (pb[i] || 0);
    if (d) return d;
  }
  return 0;
}

await check('archive.json: parses, and every url in it names an existing .html file of the site', async (problems) => {
  manifest = JSON.parse(fs.readFileSync(path.join(siteDir, 'archive.json'), 'utf8'));
  if (!Array.isArray(manifest.guidelines)) throw new Error('archive.json: "guidelines" is not an array');
  if (!Array.isArray(manifest.categories)) throw new Error('archive.json: "categories" is not an array');
  const checkUrl = (u, where) => {
    if (typeof u !== 'string' || u === '') return problems.push(`${where}: missing url`);
    if (u.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(u)) return problems.push(`${where}: url "${u}" is not relative to the site root`);
    const st = statOrNull(path.join(siteDir, u));
    if (!st) problems.push(`${where}: url "${u}" names no file in the site`);
    else if (!st.isFile()) problems.push(`${where}: url "${u}" is a folder, not a file`);
    else if (!u.endsWith('.html')) problems.push(`${where}: url "${u}" is not an .html page`);
  };
  for (const g of manifest.guidelines) byId.set(g.id, g);
  for (const g of manifest.guidelines) {
    checkUrl(g.url, `guideline ${g.id}`);
    for (const s of g.superseded_by || []) if (!byId.has(s)) problems.push(`guideline ${g.id}: superseded_by names unknown guideline "${s}"`);
    if (!Array.isArray(g.revisions) || g.revisions.length === 0) problems.push(`guideline ${g.id}: no revisions`);
    (g.revisions || []).forEach((r, i, all) => {
      checkUrl(r.url, `guideline ${g.id} revision ${r.version}`);
      if (i > 0 && compareVersions(all[i - 1].version, r.version) >= 0) problems.push(`guideline ${g.id}: revisions not in ascending version order (${all[i - 1].version} before ${r.version})`);
    });
  }
  for (const c of manifest.categories) {
    checkUrl(c.url, `category ${c.slug}`);
    for (const id of c.guidelines || []) if (!byId.has(id)) problems.push(`category ${c.slug}: unknown guideline "${id}"`);
  }
});
if (!manifest) {
  finish();
}

// ---------------------------------------------------------------- crawl

const htmlFiles = listFiles(siteDir, ['.html']);

/** Open every page with checkPage, JOBS tabs at a time; results in htmlFiles order. */
async function checkAllPages(browser, ctx) {
  const context = await newSiteContext(browser, ctx);
  const results = new Array(htmlFiles.length);
  let next = 0;
  const worker = async () => {
    const page = await context.newPage();
    while (next < htmlFiles.length) {
      const i = next++;
      results[i] = await checkPage(page, ctx.urlFor(htmlFiles[i]), ctx);
    }
    await page.close();
  };
  await Promise.all(Array.from({ length: Math.min(JOBS, htmlFiles.length) }, worker));
  await context.close();
  return results;
}

async function crawl(browser, ctx, label) {
  const results = await checkAllPages(browser, ctx);
  const idsByFile = new Map(); // absolute path -> Set(ids)
  const fragmentLinks = []; // { from, what, file, id }
  const targets = new Map(); // internal url (no hash) -> referring page
  const linked = new Set(['index.html']);
  let externalAnchors = 0;
  const base = new URL(ctx.base);

  for (const [i, file] of htmlFiles.entries()) {
    const res = results[i];
    const problems = [...res.problems];
    idsByFile.set(path.join(siteDir, file), new Set(res.ids));
    for (const l of res.links) {
      const what = `<${l.tag} ${l.attr}="${l.raw}">`;
      const target = toSitePath(l.url, ctx);
      if (target === null) {
        let u = null;
        try {
          u = new URL(l.url);
        } catch {}
        const isExternalWeb = u && /^https?:$/.test(u.protocol) && !(ctx.mode === 'http' && u.origin === base.origin);
        if (!isExternalWeb) problems.push(`${what} points outside the site: ${l.url}`);
        else if (l.kind === 'resource') problems.push(`${what} loads a resource from another site: ${l.url}`);
        else externalAnchors++;
        continue;
      }
      const st = statOrNull(target);
      if (!st) problems.push(`broken link ${what}: ${rel(target)} does not exist`);
      else if (st.isDirectory()) problems.push(`${what} links to the folder ${rel(target)}/ - links must name a file (browsers do not open index.html from disk)`);
      else {
        linked.add(rel(target));
        if (!targets.has(stripHash(l.url))) targets.set(stripHash(l.url), file);
        const hash = new URL(l.url).hash;
        if (hash.length > 1 && hash.toLowerCase() !== '#top') {
          let id = hash.slice(1);
          try {
            id = decodeURIComponent(id);
          } catch {}
          fragmentLinks.push({ from: file, what, file: target, id });
        }
      }
    }
    record(`[${label}] crawl ${file}`, problems);
  }

  await check(`[${label}] '#fragment' links into other pages name existing ids (${fragmentLinks.length} links)`, async (problems) => {
    for (const f of fragmentLinks) {
      const ids = idsByFile.get(f.file);
      if (ids && !ids.has(f.id)) problems.push(`${f.from}: ${f.what} - ${rel(f.file)} has no element with id "${f.id}"`);
    }
  });

  if (ctx.mode === 'http') {
    await check(`[${label}] every internal link target answers HTTP 200 (${targets.size} urls)`, async (problems) => {
      for (const [u, from] of targets) {
        const r = await fetch(u, { redirect: 'manual' });
        await r.arrayBuffer();
        if (r.status !== 200) problems.push(`${u} (linked from ${from}) answered HTTP ${r.status}`);
      }
    });
  }

  const orphans = htmlFiles.filter((f) => !linked.has(f));
  console.log(`     [${label}] ${htmlFiles.length} pages, ${targets.size} internal link targets, ${externalAnchors} external anchors (not followed)` +
    (orphans.length ? `; note: not linked from any page: ${orphans.join(', ')}` : ''));
}

// ---------------------------------------------------------------- walks (real clicks)

/** Click, on the current page, a link matching `selector` whose href resolves to
 *  `targetUrl` (a visible one if there are several; closed <details> are opened
 *  as a user would), and wait until the browser lands there. */
async function clickLinkTo(page, targetUrl, desc, selector = 'a[href]') {
  const want = stripHash(targetUrl);
  const links = page.locator(selector);
  const found = await links.evaluateAll((els) => els.map((a) => ({ href: a.href, visible: a.checkVisibility() })));
  const matches = found.map((f, i) => ({ ...f, i })).filter((f) => stripHash(f.href) === want);
  if (matches.length === 0) {
    const seen = found.map((f) => f.href).slice(0, 20).join('\n           ');
    throw new Error(`${desc}: on ${page.url()} no link (${selector}) leads to ${want}; links there:\n           ${seen || '(none)'}`);
  }
  const link = links.nth((matches.find((m) => m.visible) || matches[0]).i);
  for (let n = 0; n < 5 && !(await link.isVisible()); n++) {
    const summary = link.locator('xpath=ancestor::details[not(@open)][last()]/summary');
    if ((await summary.count()) === 0) break;
    await summary.first().click();
  }
  await Promise.all([
    page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 15_000 }),
    link.click({ timeout: 10_000 }),
  ]);
  await page.waitForLoadState('load');
  if (stripHash(page.url()) !== want) throw new Error(`${desc}: clicking the link landed on ${page.url()}, expected ${want}`);
}

async function expectBanner(page, visible, where) {
  const banners = page.locator('.banner-superseded');
  const shown = (await banners.count()) > 0 && (await banners.first().isVisible());
  if (shown !== visible) {
    throw new Error(`${where} (${page.url()}): superseded banner (.banner-superseded) is ${shown ? 'shown' : 'not shown'}, expected it ${visible ? 'visible' : 'absent'}`);
  }
}

async function shot(page, name, enabled) {
  if (!enabled) return;
  fs.mkdirSync(SHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SHOT_DIR, `${name}.png`), fullPage: true });
}

/** Open a page in a fresh context with a watcher; run fn(page); report watcher problems too.
 *  When the walk fails, the page it got stuck on is saved as failed-<shotName>.png. */
async function withPage(browser, ctx, problems, shotName, fn) {
  const context = await newSiteContext(browser, ctx);
  const page = await context.newPage();
  const w = watchPage(page, ctx);
  try {
    await fn(page, w);
    await settle(page, w);
  } catch (err) {
    await shot(page, `failed-${shotName}`, true).catch(() => {});
    throw err;
  } finally {
    problems.push(...w.problems.map((p) => `${p} (during the walk)`));
    w.stop();
    await context.close();
  }
}

async function walkSuperseded(browser, ctx, label, shoot) {
  const G = manifest.guidelines.find((g) => g.status === 'superseded' && byId.has(g.superseded_by?.[0]) && g.superseded_by[0] !== g.id);
  const H = G && byId.get(G.superseded_by[0]);
  const cat = G && manifest.categories.find((c) => (c.guidelines || []).includes(G.id));
  const name = G
    ? `[${label}] walk: home -> category "${cat?.name}" -> superseded "${G.id}" -> v${G.revisions[0]?.version} -> banner -> successor "${H.id}"`
    : `[${label}] walk: home -> category -> superseded guideline -> first revision -> banner -> successor`;
  await check(name, async (problems) => {
    if (!G) throw new Error('archive.json has no guideline with status "superseded" whose superseded_by[0] names another guideline');
    if (!cat) throw new Error(`no category in archive.json lists guideline "${G.id}"`);
    await withPage(browser, ctx, problems, `${label}-walk-superseded`, async (page, w) => {
      await page.goto(ctx.urlFor('index.html'), { waitUntil: 'load' });
      await settle(page, w);
      await shot(page, 'home', shoot);
      await clickLinkTo(page, ctx.urlFor(cat.url), `home page -> category "${cat.name}"`);
      await shot(page, 'category', shoot);
      await clickLinkTo(page, ctx.urlFor(G.url), `category page -> guideline "${G.title}"`);
      await clickLinkTo(page, ctx.urlFor(G.revisions[0].url), `guideline page "${G.id}" -> revision-history link to v${G.revisions[0].version}`);
      await expectBanner(page, true, `first revision of superseded guideline "${G.id}"`);
      await settle(page, w);
      await shot(page, 'revision-superseded', shoot);
      await clickLinkTo(page, ctx.urlFor(H.url), `superseded banner of ${G.id} v${G.revisions[0].version} -> "${H.id}"`, BANNER_LINK);
      const h1 = (await page.locator('h1').first().innerText({ timeout: 5000 })).replace(/\s+/g, ' ').trim();
      if (!h1.includes(H.title)) problems.push(`page of "${H.id}" has h1 "${h1}", expected it to show "${H.title}"`);
      if (H.status === 'current') await expectBanner(page, false, `stable page of current guideline "${H.id}"`);
    });
  });
}

async function walkRevisions(browser, ctx, label, shoot) {
  const chain = (g) => (g.revisions || []).filter((r) => r.status !== 'draft');
  const candidates = manifest.guidelines.filter((g) => chain(g).length >= 3);
  const K = candidates.find((g) => g.status === 'current') || candidates[0];
  const revs = K ? chain(K) : [];
  const name = K
    ? `[${label}] walk: "${K.id}" stable page -> v${revs[0].version} -> banner links -> ... -> v${revs.at(-1).version}`
    : `[${label}] walk: revision chain of a guideline with >= 3 revisions`;
  await check(name, async (problems) => {
    if (!K) throw new Error('archive.json has no guideline with at least 3 revisions');
    await withPage(browser, ctx, problems, `${label}-walk-revisions`, async (page, w) => {
      await page.goto(ctx.urlFor(K.url), { waitUntil: 'load' });
      await settle(page, w);
      if (K.status === 'current') {
        await expectBanner(page, false, `stable page of current guideline "${K.id}"`);
        await shot(page, 'guideline-current', shoot);
      }
      await clickLinkTo(page, ctx.urlFor(revs[0].url), `stable page of "${K.id}" -> revision-history link to v${revs[0].version}`);
      for (let i = 0; i + 1 < revs.length; i++) {
        await expectBanner(page, true, `old revision v${revs[i].version} of "${K.id}"`);
        await clickLinkTo(page, ctx.urlFor(revs[i + 1].url), `superseded banner of "${K.id}" v${revs[i].version} -> next revision v${revs[i + 1].version}`, BANNER_LINK);
      }
      if (K.status === 'current') await expectBanner(page, false, `latest revision v${revs.at(-1).version} of current guideline "${K.id}"`);
    });
  });
}

// ---------------------------------------------------------------- main

let browser;
let server;
try {
  browser = await launchBrowser();
  server = await serveDir(siteDir, SUB_PATH);
  console.log(`site ${siteDir}: ${htmlFiles.length} pages; Chromium ${browser.version()}; served at ${server.baseUrl}; ${JOBS} tabs at a time`);
  const modes = [
    ['file', makeContext('file', siteDir)],
    ['http', makeContext('http', siteDir, server.baseUrl)],
  ];
  if (fs.existsSync(SHOT_DIR)) for (const f of fs.readdirSync(SHOT_DIR)) if (f.endsWith('.png')) fs.rmSync(path.join(SHOT_DIR, f));
  for (const [label, ctx] of modes) {
    await crawl(browser, ctx, label);
    await walkSuperseded(browser, ctx, label, label === 'http');
    await walkRevisions(browser, ctx, label, label === 'http');
  }
  if (fs.existsSync(SHOT_DIR)) console.log(`     screenshots: ${path.relative(process.cwd(), SHOT_DIR) || '.'}/`);
} catch (err) {
  record('harness', [`harness error: ${err.stack || err}`]);
} finally {
  await browser?.close().catch(() => {});
  await server?.close();
}

const secs = ((Date.now() - started) / 1000).toFixed(1);
finish('', ` (${secs}s)`);

// Shared helpers for redthread's browser tests.
//
// Everything runs against the system Chromium (Debian package `chromium`,
// or $REDTHREAD_CHROMIUM) through playwright-core. No browser is ever
// downloaded, and no request made by a tested page may leave the site: every
// request is recorded, and anything off-site is aborted before it is sent
// (Chromium's DNS is also disabled for everything but 127.0.0.1).

import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.REDTHREAD_CHROMIUM || '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // Belt and braces: even a request that escaped interception could not
  // resolve any host name except the local test server.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

/** Launch headless system Chromium. Playwright gives every launch a fresh
 *  temporary user-data-dir (removed again by browser.close()). */
export async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install it with scripts/test ` +
      `(apt-get install chromium) or point REDTHREAD_CHROMIUM at a Chromium binary.`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** A browser context for testing a site: off-site requests are aborted (they are
 *  still reported by checkPage/watchPage, which see them before the abort). */
export async function newSiteContext(browser, ctx) {
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 800 } });
  await context.route((url) => isOffSite(url.href, ctx), (route) => route.abort('blockedbyclient'));
  return context;
}

// ---------------------------------------------------------------- static server

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.rss': 'application/rss+xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
  '.map': 'application/json; charset=utf-8',
};

export function contentTypeFor(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

function normalizePrefix(subPath = '/') {
  const trimmed = String(subPath).replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

/**
 * Serve `dir` on 127.0.0.1 (ephemeral port) under the URL prefix `subPath`
 * (e.g. '/archive/nested/'). Returns { baseUrl, close }.
 * - folders: served via their index.html only (404 without one);
 *   a folder URL without trailing slash redirects (301) to the slash form;
 * - '..' segments (also encoded) and anything resolving outside `dir`: 403;
 * - anything missing or outside the prefix: 404; methods other than GET/HEAD: 405.
 */
export async function serveDir(dir, subPath = '/') {
  const root = fs.realpathSync(dir);
  const prefix = normalizePrefix(subPath);
  const send = (res, status, body, headers = {}) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
    res.end(body);
  };

  const server = http.createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
      const url = new URL(req.url, 'http://127.0.0.1');
      if (url.pathname === prefix.slice(0, -1) && prefix !== '/') return send(res, 301, '', { Location: prefix + url.search });
      if (!url.pathname.startsWith(prefix)) return send(res, 404, 'not found (outside the served prefix)\n');
      let rel;
      try {
        rel = decodeURIComponent(url.pathname.slice(prefix.length));
      } catch {
        return send(res, 400, 'bad request\n');
      }
      if (rel.includes('\0') || rel.split(/[/\\]/).includes('..')) return send(res, 403, 'forbidden\n');
      let file = path.resolve(root, rel);
      if (!isInside(root, file)) return send(res, 403, 'forbidden\n');

      let st;
      try {
        file = await fsp.realpath(file);
        st = await fsp.stat(file);
      } catch {
        return send(res, 404, 'not found\n');
      }
      if (!isInside(root, file)) return send(res, 403, 'forbidden\n');
      if (st.isDirectory()) {
        if (!url.pathname.endsWith('/')) return send(res, 301, '', { Location: url.pathname + '/' + url.search });
        file = path.join(file, 'index.html');
        try {
          st = await fsp.stat(file);
        } catch {
          return send(res, 404, 'not found (folder without index.html)\n');
        }
      }
      if (!st.isFile()) return send(res, 404, 'not found\n');

      res.writeHead(200, {
        'Content-Type': contentTypeFor(file),
        'Content-Length': st.size,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      if (req.method === 'HEAD') return res.end();
      fs.createReadStream(file).on('error', () => res.destroy()).pipe(res);
    } catch (err) {
      send(res, 500, `internal error: ${err}\n`);
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    baseUrl: `http://127.0.0.1:${port}${prefix}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------- URLs and the site

function isInside(root, p) {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** file:// URL of `rel` (a site-root-relative path like 'guidelines/x/index.html') inside `dir`. */
export function fileUrl(dir, rel = '') {
  return pathToFileURL(path.join(path.resolve(dir), rel)).href;
}

/** http URL of `rel` under a served baseUrl (ending in '/'). */
export function httpUrl(baseUrl, rel = '') {
  return baseUrl + rel.split('/').map(encodeURIComponent).join('/');
}

export const stripHash = (u) => u.split('#')[0];

/**
 * A test context describes one way of looking at the built site:
 *   { mode: 'file', siteDir }                     - opened from disk
 *   { mode: 'http', siteDir, baseUrl }            - served under baseUrl
 * makeContext adds `base` (URL of the site root) and `urlFor(rel)`.
 */
export function makeContext(mode, siteDir, baseUrl) {
  siteDir = fs.realpathSync(siteDir);
  if (mode === 'file') {
    return { mode, siteDir, base: fileUrl(siteDir) + '/', urlFor: (rel) => fileUrl(siteDir, rel) };
  }
  if (mode === 'http') {
    return { mode, siteDir, base: baseUrl, urlFor: (rel) => httpUrl(baseUrl, rel) };
  }
  throw new Error(`unknown mode ${mode}`);
}

/** Schemes that never touch the network. */
function isLocalScheme(u) {
  return /^(data|blob|about|chrome-error|javascript):/i.test(u);
}

/**
 * Map a URL to the file it names inside the site, or null when the URL is not
 * inside the site (off-site, outside the base path, outside the site dir).
 */
export function toSitePath(u, ctx) {
  let url;
  try {
    url = new URL(u);
  } catch {
    return null;
  }
  url.hash = '';
  url.search = '';
  if (ctx.mode === 'file') {
    if (url.protocol !== 'file:') return null;
    let p;
    try {
      p = fileURLToPath(url); // throws for file://otherhost/...
    } catch {
      return null;
    }
    return isInside(ctx.siteDir, p) ? p : null;
  }
  const base = new URL(ctx.base);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return null;
  let rel;
  try {
    rel = decodeURIComponent(url.pathname.slice(base.pathname.length));
  } catch {
    return null;
  }
  const p = path.resolve(ctx.siteDir, rel);
  return isInside(ctx.siteDir, p) ? p : null;
}

export function isInternal(u, ctx) {
  return toSitePath(u, ctx) !== null;
}

/** A request to this URL would leave the site (and possibly the machine). */
export function isOffSite(u, ctx) {
  return !isLocalScheme(u) && !isInternal(u, ctx);
}

/** Recursively list files under dir (relative, '/'-separated, sorted) with one of the extensions. */
export function listFiles(dir, exts = ['.html']) {
  const out = [];
  const walk = (d, rel) => {
    for (const ent of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${ent.name}` : ent.name;
      if (ent.isDirectory()) walk(path.join(d, ent.name), r);
      else if (ent.isFile() && exts.includes(path.extname(ent.name).toLowerCase())) out.push(r);
    }
  };
  walk(dir, '');
  return out.sort();
}

// ---------------------------------------------------------------- page checks

/**
 * Attach listeners to `page` that record every request and every problem:
 * off-site requests, failed requests, HTTP status >= 400, console errors and
 * uncaught page errors. Returns { requests, problems, inflight(), stop() }.
 */
export function watchPage(page, ctx) {
  const requests = [];
  const problems = [];
  let inflight = 0;
  const offsite = new Set();
  const handlers = {
    request: (r) => {
      const u = r.url();
      requests.push(u);
      inflight++;
      if (isOffSite(u, ctx)) {
        offsite.add(r);
        problems.push(`off-site request (${r.resourceType()}): ${u}`);
      }
    },
    requestfinished: () => inflight--,
    requestfailed: (r) => {
      inflight--;
      if (offsite.has(r)) return; // already reported, and aborted on purpose
      // The browser fetches the page icon on its own and drops that fetch when the page
      // navigates on before it ends (a click in the test): not a failure of the site. An
      // icon that is missing still fails (HTTP 404, or ERR_FILE_NOT_FOUND from file://).
      if (/\/assets\/favicon\.svg$/.test(r.url()) && r.failure()?.errorText === 'net::ERR_ABORTED') return;
      problems.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? 'unknown error'})`);
    },
    response: (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
    },
    console: (m) => {
      if (m.type() !== 'error') return;
      if (/net::ERR_BLOCKED_BY_CLIENT/.test(m.text())) return; // our own abort of an off-site request
      const loc = m.location();
      problems.push(`console error: ${m.text()}${loc?.url ? ` (at ${loc.url}:${loc.lineNumber})` : ''}`);
    },
    pageerror: (e) => problems.push(`uncaught page error: ${e.message}`),
  };
  for (const [ev, fn] of Object.entries(handlers)) page.on(ev, fn);
  return {
    requests,
    problems,
    inflight: () => inflight,
    stop: () => {
      for (const [ev, fn] of Object.entries(handlers)) page.off(ev, fn);
    },
  };
}

/** Wait until the page has had no request in flight for `quietMs` (max `maxMs`). */
export async function settle(page, watcher, { quietMs = 100, maxMs = 5000 } = {}) {
  const end = Date.now() + maxMs;
  let quietSince = Date.now();
  while (Date.now() < end) {
    await page.waitForTimeout(25);
    if (watcher.inflight() > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= quietMs) return;
  }
}

/**
 * Load `url` in `page` and check it. Returns
 *   { problems: [string], requests: [url], links: linksOf(page), ids: [string] }
 * `problems` also lists same-page '#fragment' links naming no element.
 */
export async function checkPage(page, url, ctx) {
  const w = watchPage(page, ctx);
  try {
    const resp = await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
    if (ctx.mode === 'http' && resp && resp.status() !== 200) w.problems.push(`page answered HTTP ${resp.status()}`);
    await settle(page, w);
    const links = await linksOf(page);
    const ids = await idsOf(page);
    const idSet = new Set(ids);
    for (const f of await sameFragmentsOf(page)) {
      if (!idSet.has(f.id)) w.problems.push(`same-page link ${f.raw} names no element id on this page`);
    }
    return { problems: w.problems, requests: w.requests, links, ids };
  } catch (err) {
    w.problems.push(`could not load: ${err.message.split('\n')[0]}`);
    return { problems: w.problems, requests: w.requests, links: [], ids: [] };
  } finally {
    w.stop();
  }
}

const LINK_SELECTOR = [
  'a[href]', 'area[href]', 'link[href]', 'script[src]', 'img[src]', 'img[srcset]', 'source[src]',
  'source[srcset]', 'iframe[src]', 'form[action]', 'video[src]', 'video[poster]', 'audio[src]',
  'track[src]', 'embed[src]', 'object[data]', 'input[src]',
].join(',');

/**
 * Every URL referenced by an element of the page, resolved against the
 * document base: [{ url, raw, tag, attr, kind, text }]. `kind` is 'resource'
 * for things the browser loads (scripts, images, stylesheets, iframes, ...) and
 * 'link' for navigation/reference (a, area, form, link rel=alternate ...).
 * mailto:, tel:, javascript:, data: and pure same-page '#fragment' links are left out.
 */
export async function linksOf(page) {
  return page.$$eval(LINK_SELECTOR, (els) => {
    const NAV_RELS = new Set(['alternate', 'canonical', 'next', 'prev', 'help', 'license', 'author', 'search', 'home', 'up', 'bookmark']);
    const out = [];
    const add = (el, attr, raw, kind) => {
      raw = raw.trim();
      if (raw === '' || raw.startsWith('#')) return;
      if (/^(mailto|tel|javascript|data):/i.test(raw)) return;
      let url;
      try {
        url = new URL(raw, document.baseURI).href;
      } catch {
        url = `invalid:${raw}`;
      }
      const text = (el.textContent || el.getAttribute('alt') || '').trim().replace(/\s+/g, ' ').slice(0, 60);
      out.push({ url, raw, tag: el.localName, attr, kind, text });
    };
    for (const el of els) {
      const tag = el.localName;
      if (tag === 'a' || tag === 'area') add(el, 'href', el.getAttribute('href'), 'link');
      else if (tag === 'form') add(el, 'action', el.getAttribute('action'), 'link');
      else if (tag === 'link') {
        const rels = (el.getAttribute('rel') || '').toLowerCase().split(/\s+/).filter(Boolean);
        add(el, 'href', el.getAttribute('href'), rels.length && rels.every((r) => NAV_RELS.has(r)) ? 'link' : 'resource');
      } else if (tag === 'object') add(el, 'data', el.getAttribute('data'), 'resource');
      else {
        for (const attr of ['src', 'poster']) if (el.hasAttribute(attr)) add(el, attr, el.getAttribute(attr), 'resource');
        if (el.hasAttribute('srcset')) {
          for (const part of el.getAttribute('srcset').split(',')) {
            const u = part.trim().split(/\s+/)[0];
            if (u) add(el, 'srcset', u, 'resource');
          }
        }
      }
    }
    return out;
  });
}

/** Same-page '#fragment' links (other than '#' and '#top'): [{ raw, id }]. */
export async function sameFragmentsOf(page) {
  return page.$$eval('a[href^="#"], area[href^="#"]', (els) =>
    els
      .map((el) => el.getAttribute('href'))
      .filter((h) => h.length > 1 && h.toLowerCase() !== '#top')
      .map((raw) => {
        let id = raw.slice(1);
        try {
          id = decodeURIComponent(id);
        } catch {}
        return { raw, id };
      }),
  );
}

/** Every element id plus every a[name] of the page (targets for '#fragment' links). */
export async function idsOf(page) {
  return page.$$eval('[id], a[name]', (els) => els.flatMap((el) => [el.id, el.localName === 'a' ? el.getAttribute('name') : ''].filter(Boolean)));
}

// ---------------------------------------------------------------- reporting

/**
 * Named checks, printed as `ok   <name>` or `FAIL <name>` with their problems. `check(name,
 * fn)` runs `fn(problems)` (sync or async; a throw is a problem too); `record(name,
 * problems)` reports problems found elsewhere. `finish(label, note)` prints the
 * "N passed, M failed" line that tests/browser/script.rs reads and exits (1 on any failure).
 */
export function reporter() {
  let passed = 0;
  const failedNames = [];
  const record = (name, problems) => {
    if (problems.length === 0) {
      passed++;
      console.log(`ok   ${name}`);
      return;
    }
    failedNames.push(name);
    console.log(`FAIL ${name}`);
    const unique = [...new Set(problems)];
    for (const p of unique.slice(0, 40)) console.log(`       - ${p}`);
    if (unique.length > 40) console.log(`       ... and ${unique.length - 40} more`);
  };
  const check = (name, fn) => {
    const problems = [];
    const done = (err) => {
      if (err) problems.push(String(err?.message ?? err).split('\n').slice(0, 4).join(' | '));
      record(name, problems);
    };
    let result;
    try {
      result = fn(problems);
    } catch (err) {
      done(err);
      return Promise.resolve();
    }
    if (result && typeof result.then === 'function') return result.then(() => done(), done);
    done();
    return Promise.resolve();
  };
  const finish = (label = '', note = '') => {
    const failed = failedNames.length;
    if (failed) console.log(`\nfailed checks:\n${failedNames.map((n) => `  ${n}`).join('\n')}`);
    console.log(`\n${label}${passed} passed, ${failed} failed${note}`);
    process.exit(failed ? 1 : 0);
  };
  return { record, check, finish };
}

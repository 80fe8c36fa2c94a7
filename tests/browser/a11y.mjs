#!/usr/bin/env node
// Accessibility and layout of every page type (issue 8).
//
//   node tests/browser/a11y.mjs <built-sample-site-dir>
//
// For each page type of the sample archive (home, category, stable guideline page,
// permanent current revision, superseded revision, withdrawn guideline, redline,
// cross-guideline comparison, what's new, search with results, 404, in force):
//   * axe-core (WCAG 2.0/2.1/2.2 A and AA rules) finds zero violations, in light and
//     dark colour schemes and at a 360 px wide viewport;
//   * at 360 px the page has no horizontal scroll.
// Screenshots go to target/browser-screenshots/a11y-*.png.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { launchBrowser, serveDir, reporter } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHOT_DIR = path.join(REPO_ROOT, 'target', 'browser-screenshots');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

if (process.argv.length !== 3) {
  console.error('usage: node tests/browser/a11y.mjs <built-site-dir>');
  process.exit(2);
}
const siteDir = fs.realpathSync(process.argv[2]);
const has = (rel) => fs.existsSync(path.join(siteDir, rel));

const PAGES = [
  ['home', 'index.html'],
  ['category', 'categories/closing-patient-courses.html'],
  ['stable', 'guidelines/close-outpatient-course/index.html'],
  ['current-revision', 'guidelines/close-outpatient-course/v3.html'],
  ['superseded', 'guidelines/close-outpatient-course/v1.html'],
  ['withdrawn', 'guidelines/manual-waiting-time-report/index.html'],
  ['diff', 'guidelines/close-outpatient-course/diff-v1-v2.html'],
  ['comparison', 'guidelines/diagnosis-coding/from-add-secondary-diagnoses.html'],
  ['whats-new', 'whats-new.html'],
  ['search', 'search.html?q=referral'],
  ['404', '404.html'],
  ['in-force', 'in-force.html'],
];

const { record: report, finish } = reporter();

fs.mkdirSync(SHOT_DIR, { recursive: true });
const browser = await launchBrowser();
const server = await serveDir(siteDir, '/a11y/');
try {
  for (const [mode, opts] of [
    ['light', { colorScheme: 'light', viewport: { width: 1280, height: 900 } }],
    ['dark', { colorScheme: 'dark', viewport: { width: 1280, height: 900 } }],
    ['narrow', { colorScheme: 'light', viewport: { width: 360, height: 740 } }],
    ['narrow-dark', { colorScheme: 'dark', viewport: { width: 360, height: 740 } }],
  ]) {
    // axe is injected as a script; the site's CSP (script-src 'self') would refuse it,
    // so only these contexts bypass CSP. Other tests run with the CSP in force.
    const context = await browser.newContext({ ...opts, bypassCSP: true, serviceWorkers: 'block' });
    for (const [name, rel] of PAGES) {
      const problems = [];
      if (!has(rel.split('?')[0])) {
        report(`${mode} ${name}: ${rel}`, [`missing page ${rel}`]);
        continue;
      }
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
      page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(`console: ${m.text()}`); });
      // Chromium asks for /favicon.ico outside the served sub-path; any other failed load is a problem.
      page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`HTTP ${r.status()}: ${r.url()}`); });
      await page.goto(server.baseUrl + rel, { waitUntil: 'load' });
      if (name === 'search') {
        await page.waitForSelector('#search-page-results li', { timeout: 10000 }).catch(() => problems.push('no search results shown'));
      }
      await page.waitForTimeout(50);
      await page.evaluate(AXE);
      const result = await page.evaluate(async (tags) => {
        const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
        return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 160)).join(' | ')}`);
      }, TAGS);
      problems.push(...result, ...errors);
      if (opts.viewport.width === 360) {
        const w = await page.evaluate(() => document.documentElement.scrollWidth);
        if (w > 360) problems.push(`horizontal scroll: scrollWidth ${w} > 360`);
      }
      await page.screenshot({ path: path.join(SHOT_DIR, `a11y-${mode}-${name}.png`), fullPage: opts.viewport.width === 360 ? false : false });
      await page.close();
      report(`${mode} ${name}`, problems);
    }
    await context.close();
  }
} finally {
  await server.close();
  await browser.close();
}
finish();

// Scheduled revisions in the reader's browser (issue 15). The fixture tests/fixtures/scheduled
// is built on 2 December 2026: receive-referral v2 takes effect on 15 January 2027 and
// end-outpatient-course replaces close-course on 1 February 2027. A static site is not
// rebuilt by itself, so site.js compares the reader's date with the effective date: with
// the page clock set past it, the notice must say the new version is in force and lead there.
//
// Usage: node scheduled.mjs <site dir> [screenshot folder]

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { launchBrowser, makeContext, newSiteContext, reporter, serveDir } from './lib.mjs';

const [siteDir, shots] = process.argv.slice(2);
const ctx = makeContext('file', siteDir);
const { check, finish } = reporter();
const browser = await launchBrowser();
const context = await newSiteContext(browser, ctx);

/** Opens `rel` with the page clock fixed at `when` (local time) and reads the notices. */
async function open(rel, when, shot) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.clock.setFixedTime(new Date(when));
  await page.goto(ctx.urlFor(rel));
  const seen = await page.evaluate(() => {
    const text = (sel) => {
      const e = document.querySelector(sel);
      return e ? e.textContent.replace(/\s+/g, ' ').trim() : null;
    };
    const link = document.querySelector('a[data-rel=upcoming]');
    return {
      upcoming: text('.banner-upcoming'),
      upcomingTitle: text('[data-upcoming-title]'),
      upcomingUntil: text('[data-upcoming-until]'),
      inEffect: document.querySelector('[data-takes-effect]')?.hasAttribute('data-in-effect') ?? null,
      link: link ? { text: link.textContent, href: link.href.replace(/^.*?\/guidelines\//, 'guidelines/') } : null,
      scheduled: text('.banner-scheduled'),
      scheduledTitle: text('[data-takes-effect-title]'),
      period: text('.in-force-period dd'),
      badges: [...document.querySelectorAll('.badge-scheduled')].filter((b) => getComputedStyle(b).display !== 'none').map((b) => b.textContent),
      today: new Date().toISOString(),
      history: [...document.querySelectorAll('.timeline .badge')].map((b) => b.textContent),
      diffLink: text('a[data-rel=upcoming-diff]'),
    };
  });
  if (shot && shots) {
    await page.locator('main').screenshot({ path: path.join(shots, shot) });
  }
  await page.close();
  return { ...seen, errors };
}

const STABLE = 'guidelines/receive-referral/index.html';

await check('before the date: the notice announces version 2 and version 1 stays in force', async (p) => {
  const s = await open(STABLE, '2026-12-10T10:00:00', 'scheduled-before.png');
  if (s.upcomingTitle !== 'A new version takes effect on 15 January 2027.') p.push(JSON.stringify(s));
  if (s.upcomingUntil !== 'Until then, this version is in force.') p.push(`until: ${s.upcomingUntil}`);
  if (s.inEffect !== false) p.push('marked in effect too early');
  if (!s.link || s.link.text !== 'Read version 2' || s.link.href !== 'guidelines/receive-referral/v2.html') p.push(JSON.stringify(s.link));
  p.push(...s.errors);
});

await check('the day before the date: nothing switches yet', async (p) => {
  const s = await open(STABLE, '2027-01-14T23:30:00');
  if (s.inEffect !== false || !s.upcomingTitle.startsWith('A new version takes effect')) p.push(JSON.stringify(s));
});

await check('on the date (not rebuilt): the notice says version 2 is now in force and leads there', async (p) => {
  const s = await open(STABLE, '2027-01-15T08:00:00');
  if (s.inEffect !== true) p.push('not switched on the day');
  if (s.upcomingTitle !== 'Version 2 is now in force (since 15 January 2027). This page was published before that day.') {
    p.push(`title: ${s.upcomingTitle}`);
  }
  if (s.upcomingUntil !== null) p.push('still says "until then"');
  if (!s.link || s.link.text !== 'Go to version 2' || s.link.href !== 'guidelines/receive-referral/v2.html') p.push(JSON.stringify(s.link));
  // The history agrees: version 2 in force, version 1 superseded; the redline "what changed".
  if (s.history.join('|') !== 'in force|superseded') p.push(`history: ${s.history}`);
  if (s.diffLink !== 'what changed') p.push(`diff link: ${s.diffLink}`);
  p.push(...s.errors);
});

await check('weeks later: the switched notice, screenshot taken', async (p) => {
  const s = await open(STABLE, '2027-02-20T12:00:00', 'scheduled-after.png');
  if (s.inEffect !== true || !s.upcomingTitle.startsWith('Version 2 is now in force')) p.push(JSON.stringify(s));
});

await check('the scheduled page itself: not yet in force, then in force', async (p) => {
  const before = await open('guidelines/receive-referral/v2.html', '2026-12-10T10:00:00');
  if (before.scheduledTitle !== 'Not yet in force.' || !before.scheduled.includes('Takes effect on 15 January 2027 (not yet in force).')) {
    p.push(`before: ${JSON.stringify(before)}`);
  }
  const after = await open('guidelines/receive-referral/v2.html', '2027-01-16T10:00:00', 'scheduled-v2-after.png');
  if (after.scheduledTitle !== 'In force.' || after.scheduled !== 'In force. Took effect on 15 January 2027: this is now the version in force.') {
    p.push(`after: ${JSON.stringify(after)}`);
  }
  if (before.period !== 'from 15 January 2027 (not yet in force)' || before.badges.join('|') !== 'not yet in force|not yet in force') {
    p.push(`before marks: ${before.period} ${before.badges}`);
  }
  // Once in force, no mark says "not yet in force" (the history says "in force").
  if (after.period !== 'since 15 January 2027' || after.badges.length !== 0 || after.history.join('|') !== 'in force|superseded') {
    p.push(`after marks: ${after.period} ${after.badges} ${after.history}`);
  }
  p.push(...before.errors, ...after.errors);
});

await check('a guideline replaced later by another: the notice switches to the successor', async (p) => {
  const before = await open('guidelines/close-course/index.html', '2027-01-20T10:00:00');
  if (before.upcomingTitle !== 'End an outpatient course takes effect on 1 February 2027 and replaces this guideline.') {
    p.push(`before: ${before.upcomingTitle}`);
  }
  const after = await open('guidelines/close-course/index.html', '2027-02-01T09:00:00');
  if (!after.upcomingTitle.startsWith('End an outpatient course is now in force (since 1 February 2027) and replaces this guideline.')) {
    p.push(`after: ${after.upcomingTitle}`);
  }
  if (!after.link || after.link.text !== 'End an outpatient course' || after.link.href !== 'guidelines/end-outpatient-course/v1.html') {
    p.push(JSON.stringify(after.link));
  }
});

await check('in force on a date: a picked day filters the table and names the day in its heading', async (p) => {
  const page = await context.newPage();
  await page.goto(ctx.urlFor('in-force.html') + '?date=2027-01-20');
  const seen = await page.evaluate(() => ({
    caption: document.querySelector('.in-force-table caption').textContent,
    rows: [...document.querySelectorAll('.in-force-table tbody tr')].filter((r) => !r.hidden)
      .map((r) => r.querySelector('th').textContent + ' ' + r.cells[1].textContent),
    status: document.getElementById('in-force-status').textContent,
  }));
  if (seen.caption !== 'In force on 20 January 2027') p.push(`caption: ${seen.caption}`);
  if (seen.rows.join('|') !== 'Close a course 1|Receive a referral 2') p.push(`rows: ${seen.rows}`);
  if (seen.status !== '2 revisions were in force on 20 January 2027.') p.push(`status: ${seen.status}`);
  await page.fill('#in-force-date', '2025-06-01');
  await page.dispatchEvent('#in-force-date', 'change');
  const one = await page.textContent('#in-force-status');
  if (one !== '1 revision was in force on 1 June 2025.') p.push(`one: ${one}`);
  await page.fill('#in-force-date', '');
  await page.dispatchEvent('#in-force-date', 'change');
  const all = await page.textContent('.in-force-table caption');
  if (all !== 'Every revision and the period it was in force') p.push(`unfiltered caption: ${all}`);
  await page.close();
});

// The new notices and marks pass axe (WCAG 2.x A/AA) in light and dark, before and after
// the date. axe is injected as a script, so these contexts bypass the site's CSP.
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
for (const scheme of ['light', 'dark']) {
  await check(`axe, ${scheme}: notice, scheduled page, in-force page, before and after the date`, async (p) => {
    const axeContext = await browser.newContext({ colorScheme: scheme, bypassCSP: true, serviceWorkers: 'block' });
    for (const when of ['2026-12-10T10:00:00', '2027-01-20T10:00:00']) {
      for (const rel of [STABLE, 'guidelines/receive-referral/v2.html', 'guidelines/close-course/index.html', 'in-force.html', 'whats-new.html']) {
        const page = await axeContext.newPage();
        await page.clock.setFixedTime(new Date(when));
        await page.goto(ctx.urlFor(rel));
        await page.evaluate(AXE);
        const found = await page.evaluate(async () => {
          const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] });
          return r.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(' | ')}`);
        });
        p.push(...found.map((f) => `${rel} @ ${when}: ${f}`));
        await page.close();
      }
    }
    await axeContext.close();
  });
}

// Headless Chromium may not ask for a favicon at all; desktop browsers do, so the inline
// icon link must be on the page.
await check('served over http: an inline icon, no request for /favicon.ico', async (p) => {
  const server = await serveDir(siteDir);
  const page = await browser.newPage();
  const asked = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname));
  page.on('response', (r) => { if (r.status() >= 400) p.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.goto(server.baseUrl + 'index.html');
  await page.goto(server.baseUrl + STABLE);
  await page.waitForTimeout(300);
  if (asked.some((a) => a.endsWith('favicon.ico'))) p.push(`asked: ${asked.join(', ')}`);
  const icon = await page.evaluate(() => document.querySelector('link[rel=icon]')?.getAttribute('href') ?? null);
  if (!icon || !icon.endsWith('assets/favicon.svg')) p.push(`icon: ${icon}`);
  // The icon is a file of the site and loads (a failed load is an HTTP >= 400 above).
  if (!asked.some((a) => a.endsWith('/assets/favicon.svg'))) p.push(`icon not loaded: ${asked.join(', ')}`);
  await page.close();
  await server.close();
});

await browser.close();
finish('scheduled: ');

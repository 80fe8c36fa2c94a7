// Scheduled revisions in the reader's browser (issue 15). The fixture tests/fixtures/scheduled
// is built on 2 December 2026: receive-referral v2 takes effect on 15 January 2027 and
// end-outpatient-course replaces close-course on 1 February 2027. A static site is not
// rebuilt by itself, so site.js compares the reader's date with the effective date: with
// the page clock set past it, the notice must say the new version is in force and lead there.
//
// Usage: node scheduled.mjs <site dir> [screenshot folder]

import path from 'node:path';
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
  if (after.period !== 'since 15 January 2027' || after.badges.join('|') !== 'in force') {
    p.push(`after marks: ${after.period} ${after.badges}`);
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
  if (!icon || !icon.startsWith('data:image/svg+xml,')) p.push(`icon: ${icon}`);
  await page.close();
  await server.close();
});

await browser.close();
finish('scheduled: ');

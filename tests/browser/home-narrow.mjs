// The home page is for readers first (issue 15): on a 390 px phone the first guideline is near
// the top and the latest changes come before the maintainers' "due for review" box, however
// many guidelines are due. Usage: node home-narrow.mjs <site dir> [screenshot folder]

import path from 'node:path';
import { launchBrowser, makeContext, reporter } from './lib.mjs';

const [siteDir, shots] = process.argv.slice(2);
const ctx = makeContext('file', siteDir);
const { check, finish } = reporter();
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
await page.goto(ctx.urlFor('index.html'));
await page.waitForFunction(() => !document.querySelector('[data-review-list]').hidden);
const seen = await page.evaluate(() => {
  const top = (sel) => document.querySelector(sel).getBoundingClientRect().top + window.scrollY;
  return {
    card: top('.card'),
    recent: top('#recent'),
    review: top('[data-review-list]'),
    due: document.querySelectorAll('[data-review-list] li').length,
    width: document.documentElement.scrollWidth,
  };
});
if (shots) await page.screenshot({ path: path.join(shots, 'home-390.png'), fullPage: true });
await check('the first guideline is in the first screen', (p) => {
  if (!(seen.card < 400)) p.push(JSON.stringify(seen));
});
await check('the due-for-review box comes after the guidelines and the latest changes', (p) => {
  if (!(seen.due >= 1 && seen.review > seen.recent && seen.review > seen.card)) p.push(JSON.stringify(seen));
});
await check('nothing is wider than the phone', (p) => {
  if (seen.width > 390) p.push(`scrollWidth ${seen.width}`);
});
await browser.close();
finish('home-narrow: ');

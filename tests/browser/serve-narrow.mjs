// `redthread serve`'s error overlay on a phone-wide screen (issue 15), in a Danish archive:
// the overlay speaks Danish, and the caret line stays under the column it points at even
// when the source line is wider than the screen (it scrolls sideways instead of wrapping).
//
// Usage: node serve-narrow.mjs <served base URL> <archive dir> <file under it> [screenshot]

import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, reporter } from './lib.mjs';

const [base, archive, rel, shot] = process.argv.slice(2);
const FILE = path.join(archive, rel);
const original = fs.readFileSync(FILE, 'utf8');
const { record, finish } = reporter();
const check = (name, ok, detail = '') => record(name, ok ? [] : [detail || 'not as expected']);

const browser = await launchBrowser();
const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
const page = await context.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
// A 404 for /favicon.ico is issue 15's favicon item, done elsewhere; any other error counts.
page.on('console', (m) => { if (m.type() === 'error' && !/favicon/.test(m.location()?.url ?? '')) errors.push(m.text()); });
await page.goto(new URL('index.html', base).href);
await page.waitForSelector('html[data-redthread-live]', { state: 'attached', timeout: 30_000 });

// A Word habit: a colon in a long summary.
fs.writeFileSync(FILE, original.replace(/^summary: .*$/m,
  'summary: Bruges når: patienten er færdigbehandlet og forløbet skal afsluttes i EPJ inden for tre hverdage'));
await page.waitForSelector('#redthread-overlay', { timeout: 30_000 });
if (shot) await page.screenshot({ path: shot });
const seen = await page.evaluate(() => {
  const pre = document.querySelector('.redthread-problem-source');
  const node = pre.firstChild;
  const lines = pre.textContent.split('\n');
  const x = (offset) => {
    const r = document.createRange();
    r.setStart(node, offset);
    r.setEnd(node, offset + 1);
    return r.getBoundingClientRect().left;
  };
  const start = (i) => lines.slice(0, i).reduce((n, l) => n + l.length + 1, 0);
  const src = lines.findIndex((l) => /^\s*\d+ \| /.test(l));
  const caret = lines.findIndex((l, i) => i > src && l.includes('^'));
  const col = lines[caret].indexOf('^');
  return {
    caretX: x(start(caret) + col),
    columnX: x(start(src) + col),
    columnChar: lines[src][col],
    whiteSpace: getComputedStyle(pre).whiteSpace,
    scrolls: pre.scrollWidth > pre.clientWidth,
    title: document.querySelector('.redthread-overlay-title').textContent,
    close: document.querySelector('.redthread-overlay-close').textContent,
    boxWidth: document.querySelector('.redthread-overlay-box').getBoundingClientRect().width,
  };
});
check('overlay is Danish', seen.title === 'Arkivet har 1 fejl' && seen.close === 'Skjul denne besked',
  JSON.stringify(seen));
check('caret is under the column it points at', Math.abs(seen.caretX - seen.columnX) < 1 && seen.columnChar === ':',
  JSON.stringify(seen));
check('the source line scrolls instead of wrapping', seen.whiteSpace === 'pre' && seen.scrolls,
  JSON.stringify(seen));
check('the overlay fits the screen', seen.boxWidth <= 390, JSON.stringify(seen));

fs.writeFileSync(FILE, original);
await page.waitForEvent('load', { timeout: 30_000 }).catch(() => {});
await page.waitForSelector('html[data-redthread-live]', { state: 'attached', timeout: 30_000 });
check('fixing the file clears the overlay', (await page.$('#redthread-overlay')) === null);
check('no page errors', errors.length === 0, errors.join(' | '));
await browser.close();
finish('serve-narrow: ');

// The editor of `redthread serve` in a real browser (issue 17), a short smoke test: the
// author action leads to the form, typing updates the preview and the redline, a paste of
// HTML becomes Markdown (said right under the text box), a reload keeps the text, saving
// lands on the rebuilt page (also a revision the same day as the one before, its warning
// on the page landed on), the preview stands beside the text box at 1280 px and under it
// at 390 px, and the form fits 390 px. No CSP violation, console error or page error on the way.
// (The full flow and axe checks are in other scripts.)
//
// Usage: node editor-smoke.mjs <served base URL> <archive dir> [screenshot dir]

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { launchBrowser, reporter } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe's WCAG A/AA violations on the page as it is now. */
async function axe(page) {
  await page.evaluate(AXE);
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  }, TAGS);
}

const [base, archive, shotDir] = process.argv.slice(2);
const { record, finish } = reporter();
const check = (name, ok, detail = '') => record(name, ok ? [] : [detail || 'not as expected']);

/** The element's box on the page (not the viewport), or null. */
const box = (page, sel) => page.locator(sel).first().evaluate((e) => {
  const r = e.getBoundingClientRect();
  return { top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right };
}).catch(() => null);
const show = (b) => JSON.stringify(b);

function watch(page, problems) {
  page.on('console', (m) => {
    // A save that is refused (422: problems to fix, 409: a conflict) is an answer the form
    // shows, but Chromium logs every 4xx as a failed load.
    if (m.type() === 'error' && !/status of (422|409)/.test(m.text())) problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
}

let browser;
try {
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.route((u) => new URL(u.href).hostname !== '127.0.0.1', (r) => r.abort('blockedbyclient'));
  const page = await context.newPage();
  const problems = [];
  watch(page, problems);
  page.on('dialog', (d) => d.accept());

  await page.goto(new URL('guidelines/alpha/', base).href, { waitUntil: 'load' });
  const action = page.locator('#rt-author-action');
  check('the guideline page offers a new revision', (await action.innerText()) === 'New revision');
  await action.click();
  await page.waitForSelector('form#rt-editor');
  await page.waitForSelector('html[data-rt-previewed]', { state: 'attached' });
  check('the form is for a revision', (await page.locator('#rt-editor').getAttribute('data-mode')) === 'revise');
  check('the plan is shown', (await page.locator('#rt-plan-file').innerText()) === 'content/ward/alpha-v2.md');
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll('#rt-editor input:not([type=hidden]), #rt-editor textarea, #rt-editor select')]
      .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
      .map((e) => e.id));
  check('every control has a label', unlabelled.length === 0, unlabelled.join(', '));
  // A form just opened scolds for nothing: "what changed" is required, but not yet missed.
  check('an untouched field is not marked before Save', (await page.locator('#rt-changes').getAttribute('aria-invalid')) === null);
  // 1280 px: the preview beside the text box, its top level with the text box's field.
  {
    const text = await box(page, '#rt-body');
    const field = await box(page, '#rt-body-field');
    const prev = await box(page, '.rt-preview-section');
    check('at 1280 px the preview stands beside the text box',
      prev && text && prev.left >= text.right && Math.abs(prev.top - field.top) < 40 && prev.top < text.bottom,
      `text ${show(text)} preview ${show(prev)}`);
  }

  // Typing: the preview and the redline follow.
  const body = page.locator('#rt-body');
  await body.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n2. A second step typed in the browser.');
  await page.waitForFunction(() => document.getElementById('rt-preview').innerText.includes('A second step typed'));
  check('the preview shows the typed text', true);
  const redline = await page.locator('#rt-redline').innerHTML();
  check('the redline shows it as inserted', redline.includes('<ins>'), redline.slice(0, 300));

  // A paste of HTML (as Word puts it on the clipboard) becomes Markdown at the cursor.
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.setData('text/html', '<p>Pasted <b>bold</b> words</p>');
    dt.setData('text/plain', 'Pasted bold words');
    const box = document.getElementById('rt-body');
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
    box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction(() => document.getElementById('rt-body').value.includes('**bold**'));
  check('pasted HTML became Markdown', true);
  // What the paste did is said right under the text box, where the author is looking,
  // and is part of the text box's description.
  {
    const said = await page.locator('#rt-body-message').innerText();
    check('the paste says so under the text box', said === 'Pasted as Markdown.', said);
    const text = await box(page, '#rt-body');
    const msg = await box(page, '#rt-body-message');
    check('… directly below it', msg && msg.top >= text.bottom - 1 && msg.top - text.bottom < 24 && msg.left < text.right && msg.right > text.left,
      `text ${show(text)} message ${show(msg)}`);
    const described = (await body.getAttribute('aria-describedby')).split(' ');
    check('… in the text box\'s aria-describedby, polite', described.includes('rt-body-message') &&
      (await page.locator('#rt-body-message').getAttribute('aria-live')) === 'polite', described.join(' '));
    check('… and not beside the Save button', (await page.locator('#rt-message').innerText()) === '');
  }

  // The toolbar types Markdown: a heading on an empty line, a link chosen by title (keyboard
  // only), a picture saved into the archive.
  await body.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.locator('#rt-tool-heading').click();
  check('the heading button starts a heading', (await body.inputValue()).includes('\n## Heading'));
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+K');
  await page.locator('#rt-link-search').waitFor({ state: 'visible' });
  await page.keyboard.type('bet');
  await page.waitForFunction(() => document.getElementById('rt-link-results').innerText.includes('Beta'));
  await page.keyboard.press('Enter');
  check('a link chosen by title is typed in', (await body.inputValue()).includes('[Beta](guideline:beta)'));
  check('the focus is back in the text', (await page.evaluate(() => document.activeElement.id)) === 'rt-body');
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360f8cfc000000301010018dd8db00000000049454e44ae426082', 'hex');
  await page.locator('#rt-image').setInputFiles({ name: 'Screen shot.png', mimeType: 'image/png', buffer: png });
  await page.waitForFunction(() => document.getElementById('rt-body').value.includes('](images/screen-shot.png)'));
  check('a picture is saved into the archive and linked', fs.existsSync(path.join(archive, 'content/ward/images/screen-shot.png')));
  const selected = await page.evaluate(() => { const b = document.getElementById('rt-body'); return b.value.slice(b.selectionStart, b.selectionEnd); });
  check('its description is selected to be typed over', selected === 'Describe the picture', selected);
  await page.keyboard.type('A red dot');
  await page.waitForFunction(() => [...document.querySelectorAll('#rt-preview img')].some((i) => i.alt === 'A red dot' && i.complete && i.naturalWidth > 0));
  check('the preview shows the picture', true);

  // A problem is shown next to its field: "what changed" is required.
  await page.locator('#rt-save').click();
  // (The preview marks the field too; the save's answer also fills the summary.)
  await page.waitForFunction(() => document.getElementById('rt-errors').textContent.length > 0);
  const invalid = await page.locator('#rt-changes').getAttribute('aria-invalid');
  check('a missing "what changed" is marked on its field', invalid === 'true');
  const focused = await page.evaluate(() => document.activeElement.id);
  check('the error summary takes the focus', focused === 'rt-errors', focused);
  // What the save said stands beside the Save button.
  {
    const said = await page.locator('#rt-message').innerText();
    const save = await box(page, '#rt-save');
    const msg = await box(page, '#rt-message');
    check('the save\'s answer is beside the Save button', said.length > 0 && msg &&
      msg.left >= save.right && Math.abs((msg.top + msg.bottom) / 2 - (save.top + save.bottom) / 2) < 30,
      `"${said}" save ${show(save)} message ${show(msg)}`);
  }

  // A reload keeps what was typed.
  await page.locator('#rt-changes').fill('A second step.');
  await page.waitForTimeout(400);
  // As if the form had been opened before someone else changed its file: the text brought
  // back keeps the file and hash it was written against (then a save is a conflict).
  const freshHash = await page.evaluate((k) => {
    const stored = JSON.parse(localStorage.getItem(k));
    const fresh = stored.base_hash;
    stored.base_hash = 'written-against-an-older-file';
    localStorage.setItem(k, JSON.stringify(stored));
    return fresh;
  }, await page.evaluate(() => 'redthread-editor:' + location.pathname + location.search));
  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector('#rt-restored');
  {
    const kept = await page.evaluate(() => document.getElementById('rt-editor').elements.base_hash.value);
    check('restored text keeps the hash of the file it was written against', kept === 'written-against-an-older-file', kept);
    await page.evaluate((h) => { document.getElementById('rt-editor').elements.base_hash.value = h; }, freshHash);
  }
  check('a reload brings the unsaved text back', (await body.inputValue()).includes('A second step typed'));
  check('… and the note', (await page.locator('#rt-changes').inputValue()) === 'A second step.');
  // The brought-back form still pastes (and says so under the text box).
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.setData('text/html', '<p>Pasted <i>again</i></p>');
    const box = document.getElementById('rt-body');
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
    box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction(() => document.getElementById('rt-body-message').textContent === 'Pasted as Markdown.');
  check('after a reload a paste still works', (await body.inputValue()).includes('Pasted *again*'));

  // 390 px wide: nothing sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  check('the form fits 390 px', wide <= 390, `scrollWidth ${wide}`);
  {
    const text = await box(page, '#rt-body');
    const prev = await box(page, '.rt-preview-section');
    check('at 390 px the preview is under the text box', prev && text && prev.top >= text.bottom, `text ${show(text)} preview ${show(prev)}`);
  }
  if (shotDir) await page.screenshot({ path: path.join(shotDir, 'editor-390.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  if (shotDir) await page.screenshot({ path: path.join(shotDir, 'editor-wide.png'), fullPage: true });

  // Saving writes the file and lands on the rebuilt page; with the summary left empty,
  // `check` warns, and the page landed on says so.
  await page.locator('#rt-summary').fill('');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/guidelines/alpha/', { timeout: 60_000 }),
    page.locator('#rt-save').click(),
  ]);
  await page.waitForLoadState('load');
  const article = await page.locator('main').innerText();
  check('the page shows the saved revision', article.includes('A second step typed in the browser.'), article.slice(0, 400));
  const notice = await page.locator('#rt-saved-notice').innerText().catch(() => '');
  check('the page landed on lists check\'s warning for the file', /summary/i.test(notice), notice);
  const written = fs.readFileSync(path.join(archive, 'content/ward/alpha-v2.md'), 'utf8');
  check('the file holds the text and the note', written.includes('changes: A second step.') && written.includes('**bold**') && written.includes('(guideline:beta)'), written);
  if (shotDir) await page.screenshot({ path: path.join(shotDir, 'editor-saved.png') });

  // A revision the same day as the one before (version 2 was dated today): `check` warns
  // (version 2 is never in force), but the file is saved, so the author lands on the page
  // as always, told "Saved" first and then what to look at, above everything else.
  await page.locator('#rt-author-action').click();
  await page.waitForSelector('form#rt-editor[data-mode=revise]');
  await page.waitForSelector('html[data-rt-previewed]', { state: 'attached' });
  await page.locator('#rt-changes').fill('A third step, the same day.');
  await body.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n3. A third step.');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/guidelines/alpha/', { timeout: 60_000 }),
    page.locator('#rt-save').click(),
  ]).catch(async (e) => {
    const said = await page.evaluate(() => document.getElementById('rt-message')?.innerText);
    throw new Error(`a same-day save did not land on the page: ${e.message}\nmessage: ${said}`);
  });
  await page.waitForLoadState('load');
  await page.waitForSelector('#rt-saved-notice');
  const same = await page.locator('#rt-saved-notice').innerText();
  check('a same-day revision lands on the page, which says it was saved', same.startsWith('Saved.'), same);
  check('… and names the same-day warning', /same day/.test(same) && /versions 2 and 3/.test(same), same);
  check('… which now shows version 3', (await page.locator('main').innerText()).includes('A third step.'));
  const first = await box(page, '#rt-saved-notice');
  const nav = await box(page, '#rt-author-actions');
  check('… the notice first, above the author action', first && nav && first.bottom <= nav.top, `notice ${show(first)} nav ${show(nav)}`);
  check('… with the focus on it', (await page.evaluate(() => document.activeElement.id)) === 'rt-saved-notice');
  check('… in view', first && first.top >= 0 && first.bottom <= 900, show(first));
  if (shotDir) await page.screenshot({ path: path.join(shotDir, 'editor-saved-same-day.png') });

  check('no console error, CSP violation or page error', problems.length === 0, problems.join('\n'));

  // axe on both forms, wide and at 390 px, with problems shown (injecting axe needs the
  // policy off; everything above ran with it on).
  for (const scheme of ['light', 'dark']) {
  const open = await browser.newContext({ bypassCSP: true, colorScheme: scheme, viewport: { width: 1280, height: 900 } });
  const a = await open.newPage();
  for (const [name, rel] of [['new', '__redthread/editor/new?category=Ward'], ['revise', '__redthread/editor/revise?id=beta']]) {
    for (const width of [1280, 390]) {
      await a.setViewportSize({ width, height: 844 });
      await a.goto(new URL(rel, base).href, { waitUntil: 'load' });
      await a.waitForSelector('html[data-rt-previewed]', { state: 'attached' });
      await a.locator('#rt-title').fill('');
      await a.locator('#rt-save').click();
      await a.waitForFunction(() => document.getElementById('rt-errors').textContent.length > 0);
      const found = await axe(a);
      check(`axe: ${name} form at ${width} px, ${scheme}, with errors shown`, found.length === 0, found.join('\n'));
      if (shotDir && width === 390) await a.screenshot({ path: path.join(shotDir, `editor-${name}-${scheme}-390.png`), fullPage: true });
    }
  }
  await open.close();
  }
} catch (err) {
  record('harness', [`harness error: ${err.stack || err}`]);
} finally {
  await browser?.close().catch(() => {});
}
finish();

// The whole authoring flow of the browser editor (issue 17) on a Danish archive, as a
// secretary does it: "Ny vejledning" on the home page, the form, save; then "Ny version" on
// the new guideline, a paste of Word's clipboard (headings, a nested list, a table, mso-
// noise and a picture), preview, redline, save; the rebuilt page shows version 2 and
// version 1 is superseded. axe-core finds no violation on the editor at 1280 and 390 px.
//
// Usage: node editor-paste.mjs <served base URL> <archive dir> <out dir>
//   <out dir> receives twin/ (the archive as it was before the revision, for the Rust side
//   to run `redthread revise` on), pasted.md (the text right after the paste), body.md (the
//   text the revision was saved with, its picture added) and the screenshots
//   editor-paste-*.png.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { launchBrowser, reporter } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const HERE = path.dirname(fileURLToPath(import.meta.url));
// A real PNG (the picture LibreOffice saved for the paste fixtures).
const PNG = fs.readFileSync(path.join(HERE, '..', 'fixtures', 'paste', 'word-libreoffice_html_9f58dbc5a8dd5d31.png'));
const WORD = fs.readFileSync(path.join(HERE, '..', 'fixtures', 'paste', 'word-clipboard.html'), 'utf8');

const [base, archive, outDir] = process.argv.slice(2);
const { record, finish } = reporter();
const check = (name, ok, detail = '') => record(name, ok ? [] : [detail || 'not as expected']);
const shot = (page, name, fullPage = true) => page.screenshot({ path: path.join(outDir, `editor-paste-${name}.png`), fullPage });

async function axe(page, label) {
  await page.evaluate(AXE);
  const found = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  }, TAGS);
  record(`axe: no violations on ${label}`, found);
}

let browser;
try {
  browser = await launchBrowser();
  // axe is injected as a script, which the editor's CSP would refuse: this context alone
  // bypasses it, so a CSP report cannot be checked here (editor-smoke.mjs does that).
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  await context.route((u) => new URL(u.href).hostname !== '127.0.0.1', (r) => r.abort('blockedbyclient'));
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (422|409)/.test(m.text())) problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (new URL(r.url()).hostname !== '127.0.0.1') problems.push(`off-site request: ${r.url()}`); });
  page.on('dialog', (d) => d.accept());

  // 1. A new guideline from the home page.
  await page.goto(base, { waitUntil: 'load' });
  const action = page.locator('#rt-author-action');
  check('the home page offers "Ny vejledning"', (await action.innerText()).trim() === 'Ny vejledning', await action.innerText());
  await action.click();
  await page.waitForSelector('form#rt-editor[data-mode=new]');
  await page.locator('#rt-category').fill('Prøver');
  await page.locator('#rt-summary').fill('Sådan henviser vi til røntgen.');
  // In force for a month already: a revision on the day a guideline took effect is a
  // warning to save past (version 1 would never be in force).
  const monthAgo = new Date(Date.now() - 30 * 86400_000).toISOString().slice(0, 10);
  await page.locator('#rt-date').fill(monthAgo);
  // A document copied from its start, pasted into the untouched starter text (the caret
  // somewhere in it): it replaces the starter text, and its title fills the empty title.
  const starter = await page.locator('#rt-body').inputValue();
  check('a new guideline starts with starter text', starter.length > 0);
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.setData('text/html', '<meta charset="utf-8"><h1>Røntgenhenvisning</h1><p class=MsoNormal>Henvisningen sendes <o:p></o:p>elektronisk.</p>');
    const box = document.getElementById('rt-body');
    box.focus();
    box.setSelectionRange(10, 10);
    box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction(() => document.getElementById('rt-body').value.includes('Henvisningen sendes'));
  const first = await page.locator('#rt-body').inputValue();
  check('the paste replaced the starter text, without the title', first === 'Henvisningen sendes elektronisk.\n', JSON.stringify(first));
  const filled = await page.locator('#rt-title').inputValue();
  check('the pasted title filled the empty title field', filled === 'Røntgenhenvisning', filled);
  await page.waitForFunction(() => document.getElementById('rt-preview').innerText.includes('Henvisningen sendes'));
  const planned = await page.locator('#rt-plan-file').innerText();
  check('the plan names the file `new` would write', planned === 'content/prover/rontgenhenvisning-v1.md', planned);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/guidelines/rontgenhenvisning/', { timeout: 60_000 }),
    page.locator('#rt-save').click(),
  ]);
  await page.waitForLoadState('load');
  check('the new guideline\'s page shows its text', (await page.locator('main').innerText()).includes('Henvisningen sendes elektronisk.'));
  // The archive as `redthread revise` will find it.
  fs.cpSync(archive, path.join(outDir, 'twin'), { recursive: true, filter: (p) => !p.startsWith(path.join(archive, 'site')) });

  // 2. A revision: paste from Word.
  const again = page.locator('#rt-author-action');
  check('the guideline page offers "Ny revision"', (await again.innerText()).trim() === 'Ny revision', await again.innerText());
  await again.click();
  await page.waitForSelector('form#rt-editor[data-mode=revise]');
  await page.waitForSelector('html[data-rt-previewed]', { state: 'attached' });
  await page.locator('#rt-changes').fill('Teksten fra Word-dokumentet er sat ind.');
  await page.locator('#rt-body').fill('');
  await page.evaluate((html) => {
    const dt = new DataTransfer();
    dt.setData('text/html', html);
    dt.setData('text/plain', 'Henvisning til røntgen');
    const box = document.getElementById('rt-body');
    box.focus();
    box.setSelectionRange(0, 0);
    box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, WORD);
  await page.waitForFunction(() => document.getElementById('rt-body').value.includes('| Undersøgelse | Svar inden |'));
  const body = await page.locator('#rt-body').inputValue();
  check('the paste is clean Markdown: no mso- or HTML left', !/mso-|<o:p|<span|StartFragment|&nbsp;/.test(body), body);
  check('… with the nested list', body.includes('- Tjek patientens adresse i **journalen**\n  - Også telefonnummer\n    - Mobil foretrækkes\n'), body);
  check('… and a note where the picture was', body.includes('*\\[Billede ikke indsat: Skærmbillede af EDI-portalen\\]*'), body);
  const message = await page.locator('#rt-body-message').innerText();
  check('the author is told a picture did not come along', message.includes('1 billede kunne ikke komme med'), message);
  // … right under the text box, not far below by the Save button.
  const place = await page.evaluate(() => {
    const at = (id) => { const r = document.getElementById(id).getBoundingClientRect(); return { top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right }; };
    return { text: at('rt-body'), note: at('rt-body-message'), save: at('rt-save'), described: document.getElementById('rt-body').getAttribute('aria-describedby') };
  });
  check('… right under the text box', place.note.top >= place.text.bottom - 1 && place.note.top - place.text.bottom < 24 &&
    place.note.left < place.text.right && place.note.right > place.text.left && place.note.bottom < place.save.top, JSON.stringify(place));
  check('… and read with it (aria-describedby)', place.described.split(' ').includes('rt-body-message'), place.described);
  check('… with nothing by the Save button', (await page.locator('#rt-message').innerText()) === '');

  // Preview and redline follow the pasted text.
  await page.waitForFunction(() => document.querySelector('#rt-preview table') && document.querySelector('#rt-redline ins'));
  const preview = await page.evaluate(() => {
    const p = document.getElementById('rt-preview');
    return {
      h1: p.querySelector('h1')?.textContent.trim(),
      nested: p.querySelectorAll('ul ul ul li').length,
      steps: [...p.querySelectorAll('ol:not(li ol) > li')].map((li) => li.firstChild.textContent.trim()),
      cells: [...p.querySelectorAll('table td')].map((td) => td.innerHTML.trim()),
      imgs: p.querySelectorAll('img').length,
    };
  });
  check('the preview has the heading', preview.h1 === 'Henvisning til røntgen', JSON.stringify(preview));
  check('the preview nests the list three deep', preview.nested === 1, JSON.stringify(preview));
  check('the preview has the numbered steps', preview.steps.join('|') === 'Åbn EDI-portalen|Udfyld felterne, og tryk', JSON.stringify(preview));
  check('the preview table keeps | and the line break in a cell', preview.cells.join('|') === 'Thorax | lunger|3 hverdage<br><em>akut: samme dag</em>', JSON.stringify(preview));
  check('the preview loads no picture', preview.imgs === 0, JSON.stringify(preview));
  const redline = await page.locator('#rt-redline').innerText();
  check('the redline shows the old text as deleted and the pasted text as inserted',
    (await page.locator('#rt-redline del').count()) > 0 && redline.includes('Mobil foretrækkes'), redline.slice(0, 400));

  const beside = await page.evaluate(() => {
    const t = document.getElementById('rt-body').getBoundingClientRect();
    const p = document.getElementById('rt-preview').getBoundingClientRect();
    return { text: [t.left, t.right, t.top, t.bottom], preview: [p.left, p.right, p.top, p.bottom] };
  });
  check('at 1280 px the preview stands beside the text box', beside.preview[0] >= beside.text[1] && beside.preview[2] < beside.text[3], JSON.stringify(beside));
  await shot(page, 'wide');
  await axe(page, 'the revision form with pasted text at 1280 px');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(100);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  check('the form fits 390 px', wide <= 390, `scrollWidth ${wide}`);
  await shot(page, '390');
  await page.locator('#rt-body').screenshot({ path: path.join(outDir, 'editor-paste-390-text.png') });
  await page.locator('#rt-preview').screenshot({ path: path.join(outDir, 'editor-paste-390-preview.png') });
  await axe(page, 'the revision form with pasted text at 390 px');
  await page.setViewportSize({ width: 1280, height: 900 });

  // The picture, saved from Word as a file, goes where its note is: the caret on the
  // note's line, the toolbar's picture button.
  fs.writeFileSync(path.join(outDir, 'pasted.md'), body);
  await page.evaluate(() => {
    const b = document.getElementById('rt-body');
    const at = b.value.indexOf('Billede ikke indsat');
    b.focus();
    b.setSelectionRange(at, at);
  });
  await page.locator('#rt-image').setInputFiles({ name: 'edi-portalen.png', mimeType: 'image/png', buffer: PNG });
  await page.waitForFunction(() => document.getElementById('rt-body').value.includes('](images/'));
  const withPicture = await page.locator('#rt-body').inputValue();
  check('the picture replaced its note and took its description',
    withPicture.includes('\n![Skærmbillede af EDI-portalen](images/edi-portalen.png)\n') && !withPicture.includes('Billede ikke indsat'),
    withPicture);
  await page.waitForFunction(() => document.querySelector('#rt-preview img[alt="Skærmbillede af EDI-portalen"]'));
  check('the preview shows the picture', true);

  // 3. Save: the rebuilt page shows version 2, version 1 is superseded.
  fs.writeFileSync(path.join(outDir, 'body.md'), withPicture);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/guidelines/rontgenhenvisning/', { timeout: 60_000 }),
    page.locator('#rt-save').click(),
  ]).catch(async (e) => {
    const said = await page.evaluate(() => document.getElementById('rt-message')?.innerText);
    throw new Error(`the save did not land on the page (a warning stops it): ${e.message}\nmessage: ${said}`);
  });
  await page.waitForLoadState('load');
  const article = await page.locator('main').innerText();
  check('the page shows the pasted revision', article.includes('Mobil foretrækkes') && article.includes('Svartider'), article.slice(0, 400));
  const img = await page.locator('main img[alt="Skærmbillede af EDI-portalen"]').evaluate((i) => i.complete && i.naturalWidth > 0).catch(() => false);
  check('… with its picture, loaded from the archive', img);
  check('… as version 2', article.includes('Version 2') || article.includes('version 2'), article.slice(0, 400));
  await shot(page, 'saved', false);
  await page.goto(new URL('guidelines/rontgenhenvisning/v1.html', base).href, { waitUntil: 'load' });
  check('version 1 is superseded', (await page.locator('.banner-superseded').count()) === 1);
  check('no console error, page error or off-site request', problems.length === 0, problems.join('\n'));
} catch (err) {
  record('harness', [`harness error: ${err.stack || err}`]);
} finally {
  await browser?.close().catch(() => {});
}
finish();

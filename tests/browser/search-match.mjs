#!/usr/bin/env node
// Search that forgives and understands (issue 18), in the real elasticlunr.js outside a browser.
//
//   node tests/browser/search-match.mjs <en> <en-split> <da> <da-split> <sv> <sv-split>
//
// The sites are built from tests/fixtures/search-en (with `[search] synonyms`), search-da and
// search-sv, each once as one file and once with `[search] split = "always"`. Each site is
// queried with its own assets/search-engine.js. Asserts: one-letter typos find the intended
// guideline first and say what was searched instead; Danish and Swedish compounds both ways;
// a synonym group; phrase and proximity ranking ("counter notice"); quoted phrases; filter
// counts; highlighting of typo and compound matches; and that the split and single layouts
// give the same results, scores and corrections for all of these.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { reporter } from './lib.mjs';

const require = createRequire(import.meta.url);
const { check, finish } = reporter();
function eq(actual, expected, what) {
  // Objects compare by their keys, not by the order the keys were added in.
  const canon = (v) => JSON.stringify(v, (_, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x));
  const a = canon(actual);
  const e = canon(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

if (process.argv.length !== 8) {
  console.error('usage: node search-match.mjs <en> <en-split> <da> <da-split> <sv> <sv-split>');
  process.exit(2);
}
const dirs = process.argv.slice(2).map((d) => fs.realpathSync(d));

function loadSite(site, language) {
  const id = require.resolve('elasticlunr');
  delete require.cache[id];
  const lunr = require('elasticlunr');
  const engineFile = path.join(site, 'assets/search-engine.js');
  delete require.cache[engineFile];
  const client = require(engineFile);
  const data = JSON.parse(fs.readFileSync(path.join(site, 'search-index.json'), 'utf8'));
  if (language !== 'en') {
    client.prepare(lunr);
    require(path.join(site, 'assets/vendor/lunr.stemmer.support.js'))(lunr);
    require(path.join(site, `assets/vendor/lunr.${language}.js`))(lunr);
  }
  const loaded = [];
  const fetchPart = async (name) => {
    loaded.push(name);
    const self = {};
    new Function('self', fs.readFileSync(path.join(site, 'search', `${name}.js`), 'utf8'))(self);
    return self.redthreadSearchParts[name];
  };
  const engine = client.open(lunr, data, fetchPart);
  const ask = (q, opts) => client.find(engine, q, opts);
  const ids = async (q, opts) => (await ask(q, opts)).map((r) => r.doc.id);
  const marked = (r, results) =>
    client.snippet(engine.index, r.doc, results.marks).filter((p) => p.mark).map((p) => p.text.toLowerCase());
  return { lunr, client, data, engine, ask, ids, marked, loaded };
}

const [en, enSplit, da, daSplit, sv, svSplit] = [
  [dirs[0], 'en'], [dirs[1], 'en'], [dirs[2], 'da'], [dirs[3], 'da'], [dirs[4], 'sv'], [dirs[5], 'sv'],
].map(([d, l]) => loadSite(d, l));

await check('the fixtures are built as one file and as a split index', async () => {
  eq([en, enSplit, da, daSplit, sv, svSplit].map((s) => s.data.layout), ['single', 'split', 'single', 'split', 'single', 'split'], 'layouts');
});

// ---------------------------------------------------------------- typos

await check('English: a one-letter typo finds the intended guideline first and says so', async () => {
  for (const s of [en, enSplit]) {
    const r = await s.ask('refrral');
    eq(r[0].doc.id, 'receive-referral', 'refrral: first');
    eq(r.corrections.map((c) => [c.word, c.shown]), [['refrral', 'referral']], 'corrections');
    eq(s.marked(r[0], r).includes('referral'), true, 'the typo match is highlighted');
    const p = await s.ask('privcy notice');
    eq(p[0].doc.id, 'privacy-notice', 'privcy notice: first');
    eq(p.corrections.map((c) => c.shown), ['privacy'], 'privcy notice: corrections');
    // Searching exactly what was typed: no typo matching.
    eq(await s.ids('refrral', { exact: true }), [], 'refrral, exactly');
  }
});

await check('English: a typo near the whole word wins over a commoner word near the word less an ending', async () => {
  // "sampel" is one letter from "sample" (stem "sampl", one document) and, less its last
  // letter, one from "same" (two documents): the whole word's neighbour is meant.
  for (const s of [en, enSplit]) {
    const r = await s.ask('sampel');
    eq(r[0].doc.id, 'blue-dot', 'sampel: first');
    eq(r.corrections.map((c) => [c.word, c.shown]), [['sampel', 'sample']], 'corrections');
  }
});

await check('English: a word found as typed is not corrected, and typo matches rank below exact ones', async () => {
  const r = await en.ask('referral');
  eq(r.corrections, [], 'no corrections');
  eq(r[0].doc.id, 'receive-referral', 'first');
});

await check('Danish: a one-letter typo finds the intended guideline first', async () => {
  for (const s of [da, daSplit]) {
    const r = await s.ask('henvsning');
    eq(r[0].doc.id, 'modtag-henvisning', 'henvsning: first');
    eq(r.corrections.map((c) => [c.word, c.shown]), [['henvsning', 'henvisning']], 'corrections');
    eq((await s.ask('hemvisning elektronisk'))[0].doc.id, 'modtag-henvisning', 'hemvisning elektronisk');
  }
});

// ---------------------------------------------------------------- compounds

await check('Danish compounds: the compound finds its parts, the parts find the compound', async () => {
  for (const s of [da, daSplit]) {
    eq(s.data.compounds, [['henvisningsbrev', ['henvisning', 'brev']]], 'compounds of the archive');
    // "ambulantforløb" is in no document; "ambulant" and "forløb" are.
    const a = await s.ask('ambulantforløb');
    eq([a[0].doc.id, a[0].all], ['luk-ambulant-forloeb', true], 'ambulantforløb: first, holding both parts');
    eq(s.marked(a[0], a), ['ambulant', 'forløb'], 'parts highlighted');
    const h = await s.ask('henvisningsbrev');
    eq(h[0].doc.id, 'send-henvisningsbrev', 'henvisningsbrev: the exact word first');
    eq(h.map((x) => x.doc.id).includes('modtag-henvisning'), true, 'henvisningsbrev also finds henvisning');
    // The other way (not as the last, prefix, word): "henvisning" finds "henvisningsbrevet".
    const w = await s.ask('henvisning elektronisk');
    eq(w[0].doc.id, 'modtag-henvisning', 'henvisning elektronisk: the exact word first');
    eq(w.find((x) => x.doc.id === 'send-henvisningsbrev').all, true, 'the compound counts as the word');
    const exact = await s.ask('henvisning elektronisk', { exact: true });
    eq(exact.find((x) => x.doc.id === 'send-henvisningsbrev').all, false, 'not without compound matching');
    eq(s.marked(w.find((x) => x.doc.id === 'send-henvisningsbrev'), w).includes('henvisningsbrevet'), true, 'compound highlighted');
  }
});

await check('Swedish compounds: both ways, and a doubled letter shared by two parts', async () => {
  for (const s of [sv, svSplit]) {
    const j = await s.ask('journalanteckning');
    eq(j[0].doc.id, 'las-journalanteckningar', 'journalanteckning: the exact word first');
    eq(j.find((x) => x.doc.id === 'skriv-anteckning').all, true, 'journal + anteckning');
    const a = await s.ask('anteckning läs');
    eq(a[0].doc.id, 'las-journalanteckningar', 'anteckning läs: the compound holds anteckning');
    eq(a[0].all, true, 'both words');
    const r = await s.ask('remissvar');
    eq(r[0].doc.id, 'skicka-remissvar', 'remissvar: first');
    eq(r.find((x) => x.doc.id === 'ta-emot-remiss').all, true, 'remiss + svar');
  }
});

// ---------------------------------------------------------------- synonyms

await check('a synonym group: each entry finds what the others name', async () => {
  for (const s of [en, enSplit]) {
    eq(s.data.synonyms, [['in basket', 'indbakke', 'inbox'], ['LPR', 'Landspatientregistret']], 'synonyms in the payload');
    const top = async (q) => (await s.ids(q)).slice(0, 2).sort();
    eq(await top('inbox'), ['in-basket-result-messages', 'in-basket-shared-pools'], 'inbox');
    eq(await top('indbakke'), ['in-basket-result-messages', 'in-basket-shared-pools'], 'indbakke');
    eq((await s.ids('Landspatientregistret'))[0], 'correct-lpr-error', 'Landspatientregistret');
    eq((await s.ids('inbox messages'))[0], 'in-basket-result-messages', 'a synonym with another word');
    eq(await s.ids('inbox', { exact: true }), [], 'not when searching exactly');
  }
});

// ---------------------------------------------------------------- phrases

await check('"counter notice": the words next to each other rank above the words far apart', async () => {
  for (const s of [en, enSplit]) {
    const r = await s.ask('counter notice');
    eq(r.slice(0, 2).map((x) => x.doc.id), ['counter-notice', 'privacy-notice'], 'ranking');
    eq([r[0].near, r[1].near], [1, 0], 'proximity');
  }
  // Plain elasticlunr (every word a prefix, no proximity) ranks the privacy notice first:
  // the case the ranking fixes.
  const plain = en.engine.index.search('counter notice', { fields: en.data.fields, bool: 'OR', expand: true });
  eq(en.data.docs[Number(plain[0].ref)].id, 'privacy-notice', 'plain elasticlunr: first');
});

await check('quotes search an exact phrase', async () => {
  for (const s of [en, enSplit]) {
    eq(await s.ids('"counter notice"'), ['counter-notice'], 'quoted');
    eq(await s.ids('"notice privacy"'), [], 'words in the document but not in this order');
    eq(await s.ids('"privacy notice" counterparties'), ['privacy-notice'], 'a phrase and a word');
  }
});

// ---------------------------------------------------------------- filters

await check('filters: counts per status and category, each ignoring its own filter', async () => {
  for (const s of [en, enSplit]) {
    const r = await s.ask('no-show');
    eq(r.counts.status, { current: r.length, superseded: 1 }, 'status counts (superseded counted, not shown)');
    eq(r.every((x) => x.status === 'current'), true, 'default: current only');
    const old = await s.ask('no-show', { status: 'superseded' });
    eq(old.map((x) => [x.doc.id, x.doc.version]), [['register-no-show', '1']], 'status filter');
    const n = await s.ask('notice');
    eq(n.counts.category, { Legal: 2 }, 'category counts');
    const f = await s.ask('referral', { all: true });
    eq(f.counts.category, { Referrals: 3 }, 'referral categories');
    eq(f.counts.status, { current: 2, withdrawn: 1 }, 'referral statuses');
    const b = await s.ask('basket', { category: 'In Basket' });
    eq(b.every((x) => x.doc.category === 'In Basket'), true, 'category filter');
    eq(b.counts.category['In Basket'], b.length, 'count matches');
    eq(Object.keys(b.counts.category).length > 1, true, 'other categories still counted');
  }
});

// ---------------------------------------------------------------- layouts

const queries = {
  en: ['refrral', 'privcy notice', 'referral', 'counter notice', '"counter notice"', '"privacy notice" counterparties',
    'inbox', 'indbakke', 'Landspatientregistret', 'inbox messages', 'no-show', 'notice', 'basket', 'in basket', 'baskte',
    'apointment', 'refer', 'lpr'],
  da: ['henvsning', 'hemvisning elektronisk', 'ambulantforløb', 'henvisningsbrev', 'henvisning elektronisk', 'henvisning',
    'brev', 'forløb'],
  sv: ['journalanteckning', 'anteckning läs', 'remissvar', 'remiss', 'svar', 'journal'],
};

await check('the split and single layouts give the same results, scores and corrections', async (problems) => {
  for (const [one, split, qs] of [[en, enSplit, queries.en], [da, daSplit, queries.da], [sv, svSplit, queries.sv]]) {
    for (const q of qs) {
      for (const opts of [{}, { all: true }, { exact: true }, { category: 'Legal' }, { status: 'superseded' }]) {
        const a = await one.ask(q, opts);
        const b = await split.ask(q, opts);
        const key = (r) => JSON.stringify([r.map((x) => `${x.doc.id}@${x.doc.version}`), r.corrections, r.counts, r.marks.slice().sort()]);
        if (key(a) !== key(b)) problems.push(`"${q}" ${JSON.stringify(opts)}: ${key(a)} vs ${key(b)}`);
        a.forEach((r, i) => {
          if (Math.abs(r.score - b[i].score) > 1e-3 * Math.abs(r.score)) problems.push(`"${q}": score ${r.score} vs ${b[i].score}`);
        });
      }
    }
  }
});

await check('a split index loads the vocabulary only for a word it does not hold', async () => {
  const fresh = loadSite(dirs[1], 'en');
  await fresh.ask('referral');
  eq(fresh.loaded.includes('vocab'), false, 'referral: no vocabulary');
  await fresh.ask('refrral');
  eq(fresh.loaded.includes('vocab'), true, 'refrral: vocabulary');
});

finish('search-match: ');

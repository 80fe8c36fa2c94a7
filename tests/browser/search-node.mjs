#!/usr/bin/env node
// The search index in the real elasticlunr.js (npm `elasticlunr` 0.9.5), outside a browser.
//
//   node tests/browser/search-node.mjs <site built from tests/fixtures/search-en> <site built from tests/fixtures/search-da>
//
// Loads each site's search-index.json with elasticlunr.Index.load and ranks queries with the
// site's own assets/search.js (the exact function the search box runs), with the site's own
// vendored lunr-languages scripts for the Danish index. Asserts the top results of known
// queries, stemming, the superseded/withdrawn switch and that snippets mark matched words.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { reporter } from './lib.mjs';

const require = createRequire(import.meta.url);

const { check, finish } = reporter();
function eq(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

if (process.argv.length !== 4) {
  console.error('usage: node search-node.mjs <en-site> <da-site>');
  process.exit(2);
}
const [enSite, daSite] = process.argv.slice(2).map((d) => fs.realpathSync(d));

/** A fresh elasticlunr module instance, so language registrations do not leak between sites. */
function freshElasticlunr() {
  const id = require.resolve('elasticlunr');
  delete require.cache[id];
  return require('elasticlunr');
}

function loadSite(site, language) {
  const lunr = freshElasticlunr();
  const client = require(path.join(site, 'assets/search.js'));
  const data = JSON.parse(fs.readFileSync(path.join(site, 'search-index.json'), 'utf8'));
  if (language !== 'en') {
    client.prepare(lunr);
    require(path.join(site, 'assets/vendor/lunr.stemmer.support.js'))(lunr);
    require(path.join(site, `assets/vendor/lunr.${language}.js`))(lunr);
  }
  const index = lunr.Index.load(data.index);
  const ask = (q, opts) => client.query(lunr, index, data, q, opts);
  const ids = (q, opts) => ask(q, opts).map((r) => `${r.doc.id}@${r.doc.version}`);
  const marked = (q, r) =>
    client.snippet(index, r.doc, client.terms(lunr, index, q)).filter((p) => p.mark).map((p) => p.text);
  return { lunr, client, data, index, ask, ids, marked };
}

// ---------------------------------------------------------------- English fixture

const en = loadSite(enSite, 'en');
const manifest = JSON.parse(fs.readFileSync(path.join(enSite, 'archive.json'), 'utf8'));

check('index loads in elasticlunr.js with its fields, no stored bodies, one doc per revision', () => {
  eq(en.index.getFields(), ['title', 'summary', 'category', 'tags', 'body'], 'fields');
  eq(en.index.documentStore.isDocStored(), false, 'documents stored');
  const revisions = manifest.guidelines.reduce((n, g) => n + g.revisions.length, 0);
  eq(en.data.docs.length, revisions, 'docs in the table');
  eq(en.index.documentStore.length, revisions, 'docs in the index');
  for (const d of en.data.docs) {
    if (!fs.existsSync(path.join(enSite, d.url))) throw new Error(`doc url ${d.url} is not a file of the site`);
  }
});

check('archive.json names the index and the search page', () => {
  eq([manifest.search_index, manifest.search_page], ['search-index.json', 'search.html'], 'names');
});

check('"in basket" finds the In Basket guidelines first', () => {
  eq(en.ids('in basket').slice(0, 2).sort(), ['in-basket-result-messages@1', 'in-basket-shared-pools@1'], 'top 2');
});

check('documents holding all words rank before stronger single-word matches', () => {
  // Plain elasticlunr ranks the title matches of one word above the only document that
  // holds both words (in its body); the client puts that document first.
  const plain = en.index.search('basket templates', { fields: en.data.fields, bool: 'OR', expand: true });
  eq(en.data.docs[Number(plain[plain.length - 1].ref)].id, 'video-consultations', 'plain elasticlunr: last');
  const r = en.ask('basket templates');
  eq(r.map((x) => [x.doc.id, x.all])[0], ['video-consultations', true], 'client: first');
  eq(r.slice(1).every((x) => !x.all), true, 'the rest hold one word');
  eq(en.ids('basket messages')[0], 'in-basket-result-messages@1', 'basket messages');
});

check('"referral" and the prefix "refer" find the referral guideline first', () => {
  eq(en.ids('referral')[0], 'receive-referral@1', 'referral');
  eq(en.ids('refer')[0], 'receive-referral@1', 'refer (typing)');
  eq(en.ids('Referrals')[0], 'receive-referral@1', 'plural, capitalised');
});

check('"no-show" finds the current revision only; the switch adds the superseded one', () => {
  const cur = en.ask('no-show');
  eq(cur.map((r) => [r.doc.id, r.doc.version, r.doc.status, r.doc.url])[0],
    ['register-no-show', '2', 'current', 'guidelines/register-no-show/index.html'], 'top');
  eq(cur.filter((r) => r.doc.status !== 'current').length, 0, 'retired results by default');
  const all = en.ask('no-show', { all: true }).filter((r) => r.doc.id === 'register-no-show');
  eq(all.map((r) => [r.doc.version, r.doc.status, r.doc.url]),
    [['2', 'current', 'guidelines/register-no-show/index.html'], ['1', 'superseded', 'guidelines/register-no-show/v1.html']],
    'with the switch');
});

check('with the switch, a guideline\'s revisions stay together, newest first', () => {
  const r = en.ask('register no-show appointment', { all: true });
  const ids = r.map((x) => x.doc.id);
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i && ids[i - 1] !== id) throw new Error(`revisions of ${id} split: ${ids}`);
  });
  for (let i = 1; i < r.length; i++) {
    if (r[i].doc.id === r[i - 1].doc.id && r[i].ref > r[i - 1].ref) throw new Error('older revision first');
  }
});

check('withdrawn guidelines only with the switch', () => {
  eq(en.ids('fax'), [], 'default');
  const r = en.ask('fax', { all: true });
  eq(r.map((x) => [x.doc.id, x.doc.status]), [['fax-referrals', 'withdrawn']], 'with the switch');
});

check('"blue dot" finds the blue dot guideline', () => {
  eq(en.ids('blue dot')[0], 'blue-dot@1', 'top');
});

check('snippets mark the matched words (stemmed, any case)', () => {
  const r = en.ask('referral')[0];
  eq(en.marked('referral', r), ['referral'], 'marks in the summary');
  const b = en.ask('blue dots')[0];
  eq(en.marked('blue dots', b), ['blue', 'dot'], 'stemmed marks');
});

check('the index holds text, never markup', () => {
  const raw = fs.readFileSync(path.join(enSite, 'search-index.json'), 'utf8');
  for (const bad of ['**', '<em>', '](https']) {
    if (raw.includes(bad)) throw new Error(`index contains ${bad}`);
  }
  eq(en.ids('zebra')[0], 'markup-test@1', 'text of a marked-up body is searchable');
  eq(en.ids('bold words')[0], 'markup-test@1', 'bold text is plain');
});

check('search-index.js carries the same payload as search-index.json', () => {
  const js = fs.readFileSync(path.join(enSite, 'search-index.js'), 'utf8');
  const json = fs.readFileSync(path.join(enSite, 'search-index.json'), 'utf8');
  eq(js, `window.redthreadSearch = ${json.trimEnd()};\n`, 'script');
});

// ---------------------------------------------------------------- Danish fixture

const da = loadSite(daSite, 'da');

check('a Danish index loads with the vendored lunr-languages scripts', () => {
  eq(da.data.language, 'da', 'language');
  eq(da.data.index.pipeline, ['trimmer-da', 'stopWordFilter-da', 'stemmer-da'], 'pipeline');
});

check('Danish stemming: "henvisninger" finds a document that only says "henvisning"/"henvisningen"', () => {
  const raw = fs.readFileSync(path.join(daSite, 'search-index.json'), 'utf8');
  if (raw.toLowerCase().includes('henvisninger')) throw new Error('fixture must not hold the query word itself');
  eq(da.ids('henvisninger')[0], 'modtag-henvisning@1', 'top');
  eq(da.ids('patienterne'), ['afvis-henvisning@1'], 'patienterne -> patienten');
});

check('Danish stop words are dropped from queries', () => {
  eq(da.client.terms(da.lunr, da.index, 'den og henvisningen'), ['henvisning'], 'terms');
});

finish('search-node: ');

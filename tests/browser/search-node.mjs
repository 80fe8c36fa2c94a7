#!/usr/bin/env node
// The search index in the real elasticlunr.js (npm `elasticlunr` 0.9.5), outside a browser.
//
//   node tests/browser/search-node.mjs <en-site> <da-site> <split-en-site>
//
// The sites are built from tests/fixtures/search-en, tests/fixtures/search-da and the
// English fixture again with `[search] split = "always"`. Loads each site's index with the
// site's own assets/search.js (the exact code the search box runs: elasticlunr.Index.load,
// part loading, ranking), with the site's own vendored lunr-languages scripts for the Danish
// index. Asserts the top results of known queries, stemming, the superseded/withdrawn switch,
// that snippets mark matched words, and that the split index ranks exactly like one file.

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

if (process.argv.length !== 5) {
  console.error('usage: node search-node.mjs <en-site> <da-site> <split-en-site>');
  process.exit(2);
}
const [enSite, daSite, splitSite] = process.argv.slice(2).map((d) => fs.realpathSync(d));

/** A fresh elasticlunr module instance, so language registrations do not leak between sites. */
function freshElasticlunr() {
  const id = require.resolve('elasticlunr');
  delete require.cache[id];
  return require('elasticlunr');
}

function loadSite(site, language) {
  const lunr = freshElasticlunr();
  const client = require(path.join(site, 'assets/search-engine.js'));
  const data = JSON.parse(fs.readFileSync(path.join(site, 'search-index.json'), 'utf8'));
  if (language !== 'en') {
    client.prepare(lunr);
    require(path.join(site, 'assets/vendor/lunr.stemmer.support.js'))(lunr);
    require(path.join(site, `assets/vendor/lunr.${language}.js`))(lunr);
  }
  // Part files are scripts that file their value in self.redthreadSearchParts.
  const loaded = [];
  const fetchPart = async (name) => {
    loaded.push(name);
    const self = {};
    new Function('self', fs.readFileSync(path.join(site, 'search', `${name}.js`), 'utf8'))(self);
    return self.redthreadSearchParts[name];
  };
  const engine = client.open(lunr, data, fetchPart);
  const index = engine.index;
  const ask = (q, opts) => client.find(engine, q, opts);
  const ids = async (q, opts) => (await ask(q, opts)).map((r) => `${r.doc.id}@${r.doc.version}`);
  const marked = (q, r) =>
    client.snippet(index, r.doc, client.terms(lunr, index, q)).filter((p) => p.mark).map((p) => p.text);
  return { lunr, client, data, engine, index, ask, ids, marked, loaded };
}

// ---------------------------------------------------------------- English fixture

const en = loadSite(enSite, 'en');
const manifest = JSON.parse(fs.readFileSync(path.join(enSite, 'archive.json'), 'utf8'));

await check('index loads in elasticlunr.js with its fields, no stored bodies, one doc per revision', async () => {
  eq(en.index.getFields(), ['title', 'summary', 'category', 'tags', 'body'], 'fields');
  eq(en.index.documentStore.isDocStored(), false, 'documents stored');
  const revisions = manifest.guidelines.reduce((n, g) => n + g.revisions.length, 0);
  eq(en.data.docs.length, revisions, 'docs in the table');
  eq(en.index.documentStore.length, revisions, 'docs in the index');
  for (const d of en.data.docs) {
    if (!fs.existsSync(path.join(enSite, d.url))) throw new Error(`doc url ${d.url} is not a file of the site`);
  }
});

await check('archive.json names the index and the search page', async () => {
  eq([manifest.search_index, manifest.search_page], ['search-index.json', 'search.html'], 'names');
});

await check('"in basket" finds the In Basket guidelines first', async () => {
  eq((await en.ids('in basket')).slice(0, 2).sort(), ['in-basket-result-messages@1', 'in-basket-shared-pools@1'], 'top 2');
});

await check('documents holding all words rank before stronger single-word matches', async () => {
  // Plain elasticlunr ranks the title matches of one word above the only document that
  // holds both words (in its body); the client puts that document first.
  const plain = en.index.search('basket templates', { fields: en.data.fields, bool: 'OR', expand: true });
  eq(en.data.docs[Number(plain[plain.length - 1].ref)].id, 'video-consultations', 'plain elasticlunr: last');
  const r = (await en.ask('basket templates'));
  eq(r.map((x) => [x.doc.id, x.all])[0], ['video-consultations', true], 'client: first');
  eq(r.slice(1).every((x) => !x.all), true, 'the rest hold one word');
  eq((await en.ids('basket messages'))[0], 'in-basket-result-messages@1', 'basket messages');
});

await check('"referral" and the prefix "refer" find the referral guideline first', async () => {
  eq((await en.ids('referral'))[0], 'receive-referral@1', 'referral');
  eq((await en.ids('refer'))[0], 'receive-referral@1', 'refer (typing)');
  eq((await en.ids('Referrals'))[0], 'receive-referral@1', 'plural, capitalised');
});

await check('"no-show" finds the current revision only; the switch adds the superseded one', async () => {
  const cur = (await en.ask('no-show'));
  eq(cur.map((r) => [r.doc.id, r.doc.version, r.doc.status, r.doc.url])[0],
    ['register-no-show', '2', 'current', 'guidelines/register-no-show/index.html'], 'top');
  eq(cur.filter((r) => r.doc.status !== 'current').length, 0, 'retired results by default');
  const all = (await en.ask('no-show', { all: true })).filter((r) => r.doc.id === 'register-no-show');
  eq(all.map((r) => [r.doc.version, r.doc.status, r.doc.url]),
    [['2', 'current', 'guidelines/register-no-show/index.html'], ['1', 'superseded', 'guidelines/register-no-show/v1.html']],
    'with the switch');
});

await check('with the switch, a guideline\'s revisions stay together, newest first', async () => {
  const r = (await en.ask('register no-show appointment', { all: true }));
  const ids = r.map((x) => x.doc.id);
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i && ids[i - 1] !== id) throw new Error(`revisions of ${id} split: ${ids}`);
  });
  for (let i = 1; i < r.length; i++) {
    if (r[i].doc.id === r[i - 1].doc.id && r[i].ref > r[i - 1].ref) throw new Error('older revision first');
  }
});

await check('withdrawn guidelines only with the switch', async () => {
  eq((await en.ids('fax')), [], 'default');
  const r = (await en.ask('fax', { all: true }));
  eq(r.map((x) => [x.doc.id, x.doc.status]), [['fax-referrals', 'withdrawn']], 'with the switch');
});

await check('"blue dot" finds the blue dot guideline', async () => {
  eq((await en.ids('blue dot'))[0], 'blue-dot@1', 'top');
});

await check('snippets mark the matched words (stemmed, any case)', async () => {
  const r = (await en.ask('referral'))[0];
  eq(en.marked('referral', r), ['referral'], 'marks in the summary');
  const b = (await en.ask('blue dots'))[0];
  eq(en.marked('blue dots', b), ['blue', 'dot'], 'stemmed marks');
});

await check('the index holds text, never markup', async () => {
  const raw = fs.readFileSync(path.join(enSite, 'search-index.json'), 'utf8');
  for (const bad of ['**', '<em>', '](https']) {
    if (raw.includes(bad)) throw new Error(`index contains ${bad}`);
  }
  eq((await en.ids('zebra'))[0], 'markup-test@1', 'text of a marked-up body is searchable');
  eq((await en.ids('bold words'))[0], 'markup-test@1', 'bold text is plain');
});

await check('search-index.js carries the same payload as search-index.json', async () => {
  const js = fs.readFileSync(path.join(enSite, 'search-index.js'), 'utf8');
  const json = fs.readFileSync(path.join(enSite, 'search-index.json'), 'utf8');
  eq(js, `window.redthreadSearch = ${json.trimEnd()};\n`, 'script');
});

// ---------------------------------------------------------------- Danish fixture

const da = loadSite(daSite, 'da');

await check('a Danish index loads with the vendored lunr-languages scripts', async () => {
  eq(da.data.language, 'da', 'language');
  eq(da.data.index.pipeline, ['trimmer-da', 'stopWordFilter-da', 'stemmer-da'], 'pipeline');
});

await check('Danish stemming: "henvisninger" finds a document that only says "henvisning"/"henvisningen"', async () => {
  const raw = fs.readFileSync(path.join(daSite, 'search-index.json'), 'utf8');
  if (raw.toLowerCase().includes('henvisninger')) throw new Error('fixture must not hold the query word itself');
  eq((await da.ids('henvisninger'))[0], 'modtag-henvisning@1', 'top');
  eq((await da.ids('patienterne')), ['afvis-henvisning@1'], 'patienterne -> patienten');
});

await check('Danish stop words are dropped from queries', async () => {
  eq(da.client.terms(da.lunr, da.index, 'den og henvisningen'), ['henvisning'], 'terms');
});

// ---------------------------------------------------------------- split index

const split = loadSite(splitSite, 'en');
const termParts = fs.readdirSync(path.join(splitSite, 'search')).filter((f) => f.startsWith('terms-')).length;

await check('the split index is an entry file with the document count and several term parts', async () => {
  eq([split.data.layout, split.data.length, split.data.terms.length], ['split', en.data.docs.length, termParts], 'layout, docs, parts');
  if (termParts < 4) throw new Error(`only ${termParts} term parts`);
  eq(split.data.status, en.data.docs.map((d) => d.status[0]).join(''), 'statuses');
});

await check('a query loads only the parts it needs', async () => {
  const fresh = loadSite(splitSite, 'en');
  const r = await fresh.ask('referral', { limit: 3 });
  eq(r[0].doc.id, 'receive-referral', 'top');
  const terms = fresh.loaded.filter((n) => n.startsWith('terms-'));
  if (terms.length === 0 || terms.length > 2) throw new Error(`loaded term parts ${terms}`);
  // Only the document parts of the first results shown, and no documents past them.
  const other = loadSite(splitSite, 'en');
  const many = await other.ask('basket templates', { all: true, limit: 2 });
  if (many.length <= 2) throw new Error(`only ${many.length} results: the fixture no longer shows the limit`);
  if (many.slice(2).some((x) => x.doc !== undefined)) throw new Error('documents past the limit were attached');
  const wanted = new Set(many.slice(0, 2).map((x) => `docs-${Math.floor(x.ref / split.data.docs_per_part)}`));
  const docs = other.loaded.filter((n) => n.startsWith('docs-'));
  eq(docs.sort(), [...wanted].sort(), 'document parts loaded');
});

// Every word of the fixture's titles, tags and summaries, prefixes of them while typed,
// short words (matched whole) and phrases: the split index must rank exactly like one file.
const words = new Set(['in basket', 'basket templates', 'register no-show appointment', 'blue dots', 'bold words',
  're', 'ap', 'a', 'ref', 'refe', 'bas', 'no', 'zz', 'close the course', 'letter to gp']);
for (const d of en.data.docs) {
  for (const w of `${d.title} ${d.summary ?? ''} ${d.category}`.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (w.length > 1) { words.add(w); words.add(w.slice(0, 3)); words.add(w.slice(0, 5)); }
  }
}

await check(`the split index ranks ${words.size} queries exactly like the single file`, async (problems) => {
  for (const q of words) {
    for (const all of [false, true]) {
      const a = await en.ask(q, { all });
      const b = await split.ask(q, { all });
      const ka = a.map((r) => `${r.doc.id}@${r.doc.version}`);
      const kb = b.map((r) => `${r.doc.id}@${r.doc.version}`);
      if (JSON.stringify(ka) !== JSON.stringify(kb)) problems.push(`"${q}"${all ? ' all' : ''}: ${ka} vs ${kb}`);
      a.forEach((r, i) => {
        if (Math.abs(r.score - b[i].score) > 1e-3 * Math.abs(r.score)) problems.push(`"${q}": score ${r.score} vs ${b[i].score}`);
      });
    }
  }
});

finish('search-node: ');

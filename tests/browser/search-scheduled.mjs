#!/usr/bin/env node
// Search treats a scheduled revision as what it is (issue 15): left out of the default
// results like a superseded one, so the version in force leads; shown with "all" and under
// the status filter "scheduled"; the same in one index file and in a split index (where the
// status is one letter per document, `f` for scheduled).
//
//   node tests/browser/search-scheduled.mjs <site> <split-site>
//
// Both are tests/fixtures/scheduled built on 2 December 2026 (the second with
// `[search] split = "always"`), searched with the site's own assets/search-engine.js in the
// real elasticlunr.js.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { reporter } from './lib.mjs';

const require = createRequire(import.meta.url);
const { check, finish } = reporter();

function open(site) {
  const id = require.resolve('elasticlunr');
  delete require.cache[id];
  const lunr = require('elasticlunr');
  const client = require(path.join(site, 'assets/search-engine.js'));
  const data = JSON.parse(fs.readFileSync(path.join(site, 'search-index.json'), 'utf8'));
  const fetchPart = async (name) => {
    const self = {};
    new Function('self', fs.readFileSync(path.join(site, 'search', `${name}.js`), 'utf8'))(self);
    return self.redthreadSearchParts[name];
  };
  const engine = client.open(lunr, data, fetchPart);
  return async (q, opts) => (await client.find(engine, q, opts)).map((r) => `${r.doc.id}@${r.doc.version}:${r.status}`);
}

for (const [label, site] of [['one file', process.argv[2]], ['split', process.argv[3]]]) {
  const find = open(fs.realpathSync(site));
  await check(`${label}: the default results hold the version in force, not the scheduled one`, async (p) => {
    const got = await find('triage');
    if (got.join(' ') !== 'receive-referral@1:current') p.push(got.join(' '));
    const course = await find('course');
    if (course.join(' ') !== 'close-course@1:current') p.push(course.join(' '));
  });
  await check(`${label}: "all" and the status filter show scheduled revisions as scheduled`, async (p) => {
    const all = await find('triage', { all: true });
    if (!all.includes('receive-referral@2:scheduled') || !all.includes('receive-referral@1:current')) p.push(all.join(' '));
    const only = await find('course', { status: 'scheduled' });
    if (only.join(' ') !== 'end-outpatient-course@1:scheduled') p.push(only.join(' '));
  });
}
finish('search-scheduled: ');

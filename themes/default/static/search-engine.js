// redthread search engine: ranking over a loaded index payload (window.redthreadSearch), with
// no page code, so node runs the very functions the site runs against the real
// elasticlunr.js. The page's search box and results page (search.js) use it as
// window.redthreadSearchEngine. The constants the index was built with (shortest prefix,
// weight scale, compound rule) come from the payload, never from a copy here.
//
// A query is parsed into words (quoted runs are exact phrases); each word, or a run of words
// that is a synonym entry, is a slot. A slot matches a document by its exact term (the last
// word also as a prefix), by a compound that holds it or by the parts it splits into, by a
// synonym, and, when it finds few documents, by terms one or two edits away. Ranking:
// documents holding every slot first, then those holding more slots exactly, then those with
// the words next to each other (or all in the title), then by score.
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.redthreadSearchEngine = api;
  }
})(this, function () {
  "use strict";

  // Left out unless asked for; a scheduled revision is not in force yet, so it never
  // leads its guideline's current one.
  var RETIRED = { superseded: true, withdrawn: true, scheduled: true };
  var STATUS = { c: "current", s: "superseded", w: "withdrawn", d: "draft", f: "scheduled" };
  // A word found in fewer documents than this also matches terms a typo away.
  var FEW = 3;
  // Shortest word that is matched with typos; from this length on, two typos.
  var TYPO_MIN = 4;
  var TYPO_TWO = 8;
  // Near spellings tried per word, the closest and most common first.
  var TYPOS_MAX = 5;
  // Letters a stemmer cuts from the end of a word, at most (typos are also looked for in
  // the typed word less this many letters).
  var ENDING = 3;
  // Weight of a match other than the exact word, against the exact word's 1.
  var WEIGHT = { compound: 0.5, synonym: 0.9, typo1: 0.3, typo2: 0.15 };
  var PAIRS = 5;
  var has = Object.prototype.hasOwnProperty;

  /**
   * Lets the lunr-languages stemmer scripts (written for lunr 2) register on elasticlunr:
   * they look for a global `lunr` and build stop-word filters with a lunr 2 helper.
   */
  function prepare(lunr) {
    if (!lunr.generateStopWordFilter) {
      lunr.generateStopWordFilter = function (words) {
        var stop = {};
        words.forEach(function (w) { stop[w] = true; });
        // elasticlunr drops a token when a pipeline function returns undefined.
        return function (token) {
          return stop[token] === true ? undefined : token;
        };
      };
    }
    return lunr;
  }

  /** The query's words after the index's own pipeline (trimmer, stop words, stemmer). */
  function terms(lunr, index, q) {
    var out = [];
    index.pipeline.run(lunr.tokenizer(q)).forEach(function (t) {
      if (t && out.indexOf(t) < 0) out.push(t);
    });
    return out;
  }

  /** The words of `q` in order: { word, term (null for a stop word), phrase (0 unquoted) }. */
  function parse(lunr, index, q) {
    var out = [];
    String(q).split('"').forEach(function (chunk, i) {
      var phrase = i % 2 === 1 ? (i + 1) / 2 : 0;
      lunr.tokenizer(chunk).forEach(function (word) {
        if (!word) return;
        var term = index.pipeline.run([word])[0];
        out.push({ word: word, term: term || null, phrase: phrase });
      });
    });
    return out.filter(function (w) { return w.term; });
  }

  /** Optimal string alignment distance of a and b, or max + 1 once it exceeds max. */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], cur;
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      var low = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
        var d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a.charAt(i - 1) === b.charAt(j - 2) && a.charAt(i - 2) === b.charAt(j - 1)) {
          d = Math.min(d, prev2[j - 2] + 1);
        }
        cur.push(d);
        if (d < low) low = d;
      }
      if (low > max) return max + 1;
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  /**
   * `word` as two or more terms of `known` (a Set), the longest first part first, as the
   * build splits the index's own compounds (src/search/words.rs): parts of at least
   * rule.min_part letters, a linking letter skipped, a doubled letter shared.
   */
  function split(rule, stem, known, word, depth) {
    depth = depth || 0;
    var min = rule.min_part, n = word.length;
    if (n < 2 * min) return null;
    function term(piece) {
      if (known.has(piece)) return piece;
      var s = stem(piece);
      return s && s.length >= min - 1 && known.has(s) ? s : null;
    }
    for (var i = n + 1 - min; i >= min; i--) {
      var h = term(word.slice(0, i));
      if (!h || h === word) continue;
      var rest = word.slice(i);
      var tails = [];
      if (rest.length >= min) tails.push(rest);
      if (rule.links.indexOf(rest.charAt(0)) >= 0 && rest.length > min) tails.push(rest.slice(1));
      if (word.charAt(i - 1) === word.charAt(i - 2)) tails.push(word.charAt(i - 1) + rest);
      for (var k = 0; k < tails.length; k++) {
        var t = term(tails[k]);
        if (t && t !== word) return [h, t];
        if (depth < 2) {
          var more = split(rule, stem, known, tails[k], depth + 1);
          if (more) return [h].concat(more);
        }
      }
    }
    return null;
  }

  /**
   * The engine over a loaded index payload: one file, or a split index whose parts
   * `fetchPart(name)` loads (a Promise of the part's value). Either way ranking runs on the
   * same terms, weights and scores.
   */
  function open(lunr, data, fetchPart) {
    var index = lunr.Index.load(data.index);
    var fields = index.getFields();
    var engine = {
      lunr: lunr, index: index, fields: data.fields, count: 0, layout: data.layout,
      minPrefix: data.min_prefix, rule: data.compound || null,
    };
    // Compounds both ways: a compound's parts, and the compounds a part is in.
    var partsOf = new Map(), wholesOf = new Map();
    (data.compounds || []).forEach(function (c) {
      partsOf.set(c[0], c[1]);
      c[1].forEach(function (p) {
        if (!wholesOf.has(p)) wholesOf.set(p, []);
        wholesOf.get(p).push(c[0]);
      });
    });
    engine.partsOf = function (t) { return partsOf.get(t) || null; };
    engine.wholesOf = function (t) { return wholesOf.get(t) || []; };
    // Synonym groups, each entry as its terms.
    engine.synonyms = (data.synonyms || []).map(function (group) {
      return group.map(function (entry) { return terms(lunr, index, entry); })
        .filter(function (e) { return e.length; });
    });
    engine.stem = function (w) { return index.pipeline.run([w])[0] || null; };
    var pairs = new Map();
    engine.pairDocs = function (key) { return pairs.get(key) || null; };
    function setPair(key, gaps) {
      var docs = new Set(), ref = 0;
      for (var k = 0; k < gaps.length; k++) {
        ref += gaps[k];
        docs.add(ref);
      }
      pairs.set(key, docs);
    }

    if (data.layout !== "split") {
      engine.count = data.docs.length;
      (data.pairs || []).forEach(function (p) { setPair(p[0], p[1]); });
      engine.load = function () { return Promise.resolve(); };
      engine.info = function (ref) {
        var d = data.docs[ref];
        return d && { group: d.id, status: d.status, category: d.category };
      };
      engine.docs = function () { return Promise.resolve(); };
      engine.doc = function (ref) { return data.docs[ref]; };
      var vocab = null;
      engine.vocabulary = function () {
        if (!vocab) {
          // Every term of the index with the documents that hold it, as the split
          // layout's search/vocab.js lists them.
          var all = new Map();
          fields.forEach(function (f) {
            (function walk(node, prefix) {
              for (var ch in node) {
                if (ch === "docs" || ch === "df" || !has.call(node, ch)) continue;
                var child = node[ch], t = prefix + ch;
                var refs = Object.keys(child.docs || {});
                if (refs.length) {
                  if (!all.has(t)) all.set(t, new Set());
                  var s = all.get(t);
                  refs.forEach(function (r) { s.add(r); });
                }
                walk(child, t);
              }
            })(index.index[f].root, "");
          });
          vocab = [];
          all.forEach(function (s, t) { vocab.push([t, s.size]); });
        }
        return Promise.resolve(vocab);
      };
      return engine;
    }

    // The parts carry each weight already divided by the field length's square root, so the
    // document store needs no field lengths, only the document count (for idf).
    index.documentStore.length = data.length;
    engine.count = data.length;
    var group = [];
    data.revisions.forEach(function (n, g) {
      for (var i = 0; i < n; i++) group.push(g);
    });
    var pending = {};
    function part(name) {
      if (!pending[name]) pending[name] = fetchPart(name);
      return pending[name];
    }

    /** The term parts that hold `key` and, for a prefix, the terms it starts. */
    function termParts(key, prefix) {
      var firsts = data.terms;
      if (!firsts.length) return [];
      var lo = 0, hi = firsts.length - 1, at = 0;
      while (lo <= hi) {
        var mid = (lo + hi) >> 1;
        if (firsts[mid] <= key) { at = mid; lo = mid + 1; } else { hi = mid - 1; }
      }
      var out = [at];
      if (prefix) {
        // Word pairs "key other" sort right after `key` and can fill parts of their own;
        // a part that holds nothing but pairs of `key` (it starts with "key " and the next
        // starts before "key!") has no word that `key` starts, so it is not loaded.
        var pairs = key + " ", after = key + "!";
        for (var i = at + 1; i < firsts.length && firsts[i].lastIndexOf(key, 0) === 0; i++) {
          if (firsts[i].lastIndexOf(pairs, 0) === 0 && i + 1 < firsts.length && firsts[i + 1] <= after) continue;
          out.push(i);
        }
      }
      return out;
    }

    // Parts as loaded, and the terms already put into elasticlunr's inverted index. A term
    // goes in only when a query needs it: a part holds hundreds of terms, and turning all
    // their postings into index nodes took longer than the search itself.
    var raw = {};
    var filled = new Set();
    var scale = data.weight_scale;
    function fill(term, entries) {
      entries.forEach(function (entry) {
        if (entry[0] === PAIRS) return setPair(term, entry[1]);
        // The node layout elasticlunr's InvertedIndex.addToken builds.
        var node = index.index[fields[entry[0]]].root;
        for (var c = 0; c < term.length; c++) {
          var ch = term.charAt(c);
          if (!has.call(node, ch)) node[ch] = { docs: {}, df: 0 };
          node = node[ch];
        }
        var gaps = entry[1], weights = entry[2], ref = 0;
        for (var k = 0; k < gaps.length; k++) {
          ref += gaps[k];
          node.docs[ref] = { tf: weights[k] / scale };
        }
        node.df = gaps.length;
      });
    }

    /** Loads and fills the terms `keys` and the terms `prefixes` start (no word pairs). */
    engine.load = function (keys, prefixes) {
      var need = {};
      keys.forEach(function (k) { termParts(k, false).forEach(function (i) { need[i] = true; }); });
      prefixes.forEach(function (p) { termParts(p, true).forEach(function (i) { need[i] = true; }); });
      return Promise.all(Object.keys(need).map(function (i) {
        return part("terms-" + i).then(function (pairs) {
          if (!raw[i]) raw[i] = new Map(pairs);
        });
      })).then(function () {
        function put(term, entries) {
          if (filled.has(term)) return;
          filled.add(term);
          fill(term, entries);
        }
        keys.forEach(function (k) {
          termParts(k, false).forEach(function (i) {
            if (raw[i].has(k)) put(k, raw[i].get(k));
          });
        });
        prefixes.forEach(function (p) {
          termParts(p, true).forEach(function (i) {
            raw[i].forEach(function (entries, term) {
              if (term.lastIndexOf(p, 0) === 0 && term.indexOf(" ") < 0) put(term, entries);
            });
          });
        });
        index._idfCache = {};
      });
    };
    engine.vocabulary = function () { return part("vocab"); };
    engine.info = function (ref) {
      if (ref >= data.length) return undefined;
      return {
        group: group[ref],
        status: STATUS[data.status.charAt(ref)],
        category: data.categories[data.category.charCodeAt(ref) - (data.category.charCodeAt(ref) >= 0xE000 ? 0x830 : 0x30)],
      };
    };
    var table = {};
    engine.docs = function (refs) {
      var need = {};
      refs.forEach(function (ref) { need[Math.floor(ref / data.docs_per_part)] = true; });
      return Promise.all(Object.keys(need).map(function (n) {
        return part("docs-" + n).then(function (docs) {
          docs.forEach(function (d, i) { table[n * data.docs_per_part + i] = d; });
        });
      }));
    };
    engine.doc = function (ref) { return table[ref]; };
    return engine;
  }

  // ------------------------------------------------------------------ planning

  /** The slots of a query: runs of words matched together, each with its alternatives. */
  function slotsOf(engine, words) {
    var slots = [];
    var i = 0;
    while (i < words.length) {
      var w = words[i];
      var best = null;
      if (!w.phrase) {
        engine.synonyms.forEach(function (group) {
          group.forEach(function (entry, e) {
            if (best && best.entry.length >= entry.length) return;
            for (var k = 0; k < entry.length; k++) {
              var x = words[i + k];
              if (!x || x.phrase || x.term !== entry[k]) return;
            }
            best = { group: group, entry: entry, e: e };
          });
        });
      }
      if (best) {
        var n = best.entry.length;
        var alts = [{ terms: best.entry, weight: 1, exact: true }];
        best.group.forEach(function (entry, e) {
          if (e !== best.e && entry.join(" ") !== best.entry.join(" ")) alts.push({ terms: entry, weight: WEIGHT.synonym, exact: true });
        });
        slots.push({ words: words.slice(i, i + n), alts: alts, last: i + n === words.length, phrase: 0, synonym: true });
        i += n;
        continue;
      }
      slots.push({ words: [w], term: w.term, alts: [{ terms: [w.term], weight: 1, exact: true }], last: i + 1 === words.length, phrase: w.phrase });
      i++;
    }
    return slots;
  }

  /** Documents holding term `key` in any field (a Set of refs). */
  function docsOf(index, key) {
    var out = new Set();
    index.getFields().forEach(function (f) {
      var docs = index.index[f].getDocs(key);
      for (var ref in docs) out.add(Number(ref));
    });
    return out;
  }

  /**
   * A Promise of the plan for `q`: its slots with every term each may match, loaded. With
   * opts.exact, no typos, compounds or synonyms.
   */
  function plan(engine, q, opts) {
    opts = opts || {};
    var lunr = engine.lunr, index = engine.index;
    var words = parse(lunr, index, q);
    var slots = opts.exact
      ? words.map(function (w, i) { return { words: [w], term: w.term, alts: [{ terms: [w.term], weight: 1, exact: true }], last: i + 1 === words.length, phrase: w.phrase }; })
      : slotsOf(engine, words);
    var keys = [], prefixes = [];
    slots.forEach(function (s, i) {
      s.alts.forEach(function (a) { a.terms.forEach(function (t) { keys.push(t); }); });
      s.prefix = s.last && !s.phrase && s.term && s.term.length >= engine.minPrefix ? s.term : null;
      if (s.prefix) prefixes.push(s.prefix);
      if (s.term && !s.phrase && !opts.exact) {
        s.wholes = engine.wholesOf(s.term);
        s.parts = engine.partsOf(s.term);
        s.wholes.forEach(function (t) { keys.push(t); });
        (s.parts || []).forEach(function (t) { keys.push(t); });
      }
      var next = slots[i + 1];
      if (next && s.term && next.term) keys.push(s.term + " " + next.term);
    });
    return engine.load(keys, prefixes).then(function () {
      if (opts.exact) return null;
      // Words the index does not hold, or holds in few documents: near spellings, and
      // for an unknown word, the parts it splits into.
      var weak = slots.filter(function (s) {
        if (!s.term || s.phrase || s.term.length < TYPO_MIN) return false;
        var found = docsOf(index, s.term);
        var add = function (k) { docsOf(index, k).forEach(function (r) { found.add(r); }); };
        (s.wholes || []).forEach(add);
        if (s.prefix) {
          index.getFields().forEach(function (f) { index.index[f].expandToken(s.prefix).forEach(add); });
        }
        found = found.size;
        s.found = found;
        return found < FEW;
      });
      if (!weak.length) return null;
      return engine.vocabulary().then(function (vocab) {
        var known = engine.rule ? new Set(vocab.map(function (v) { return v[0]; })) : null;
        var more = [];
        weak.forEach(function (s) {
          var t = s.term;
          var max = t.length >= TYPO_TWO ? 2 : 1;
          var near = [];
          var typed = s.words[0].word;
          vocab.forEach(function (v) {
            if (v[0] === t || v[0].indexOf(" ") >= 0) return;
            // Against the stem, and against the typed word less an ending the stemmer
            // would cut (the typo may have kept the stemmer from recognising it).
            var d = distance(t, v[0], max);
            var whole = d <= max;
            for (var cut = 1; cut <= ENDING && d > max && typed.length - cut >= Math.max(TYPO_MIN + 1, v[0].length - max); cut++) {
              d = Math.min(d, distance(typed.slice(0, typed.length - cut), v[0], max));
            }
            if (d <= max) near.push({ term: v[0], d: d, df: v[1], cut: !whole });
          });
          // A term near the whole word beats one near the word less an ending: "sampel" is
          // "sample", not the commoner "same" that "sampe" is one letter from.
          near.sort(function (a, b) { return (a.d - b.d) || (a.cut - b.cut) || (b.df - a.df) || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0); });
          s.typos = near.slice(0, TYPOS_MAX);
          s.typos.forEach(function (x) { more.push(x.term); });
          if (known && !s.parts) {
            // A word the index does not hold, or the typed word when its stem lost the
            // last part's ending (Swedish "remissvar" stems to "remissv").
            s.parts = (!known.has(t) && split(engine.rule, engine.stem, known, t)) ||
              (typed !== t && split(engine.rule, engine.stem, known, typed)) || null;
            (s.parts || []).forEach(function (p) { more.push(p); });
          }
        });
        return engine.load(more, []);
      });
    }).then(function () {
      return { q: q, slots: slots, exact: Boolean(opts.exact) };
    });
  }

  // ------------------------------------------------------------------ ranking

  /** Score per document of term `key` (a Map), summed over fields with their boosts. */
  function scorer(engine) {
    var index = engine.index, cache = new Map();
    return function (key) {
      if (cache.has(key)) return cache.get(key);
      var out = new Map();
      index.getFields().forEach(function (f) {
        var boost = engine.fields[f] ? engine.fields[f].boost : 1;
        var docs = index.index[f].getDocs(key);
        var idf = index.idf(key, f);
        for (var ref in docs) {
          var len = index.documentStore.getFieldLength(ref, f);
          var norm = len ? 1 / Math.sqrt(len) : 1;
          var n = Number(ref);
          out.set(n, (out.get(n) || 0) + boost * docs[ref].tf * idf * norm);
        }
      });
      cache.set(key, out);
      return out;
    };
  }

  /** Adds weight * each document's score of `key` into `into` (a Map). */
  function addScores(into, scores, weight) {
    scores.forEach(function (v, ref) { into.set(ref, (into.get(ref) || 0) + weight * v); });
  }

  /**
   * Per document, how slot `s` matches it: Map ref -> { score, cover, exact }.
   * Also collects in `marks` every term that matched, for highlighting.
   */
  function slotMatches(engine, s, score, marks) {
    var index = engine.index;
    var out = new Map();
    function merge(scores, cover, exact) {
      scores.forEach(function (v, ref) {
        var m = out.get(ref);
        if (!m) out.set(ref, (m = { score: 0, cover: false, exact: false }));
        if (v > m.score) m.score = v;
        if (cover.has(ref)) m.cover = true;
        if (exact.has(ref)) m.exact = true;
      });
    }
    /** Scores of one term with its prefix, compound and typo expansions: [scores, exact refs]. */
    function term(t, expand) {
      var scores = new Map(), exact = new Set();
      addScores(scores, score(t), 1);
      score(t).forEach(function (v, ref) { exact.add(ref); });
      if (score(t).size) marks.push(t);
      if (expand && s.prefix === t) {
        var keys = new Set();
        index.getFields().forEach(function (f) {
          index.index[f].expandToken(t).forEach(function (k) { if (k !== t) keys.add(k); });
        });
        keys.forEach(function (k) {
          // elasticlunr's own penalty for a term the query word only starts.
          var sc = score(k);
          addScores(scores, sc, (1 - (k.length - t.length) / k.length) * 0.15);
          sc.forEach(function (v, ref) { exact.add(ref); });
        });
      }
      if (expand) {
        (s.wholes || []).forEach(function (k) {
          if (score(k).size) marks.push(k);
          addScores(scores, score(k), WEIGHT.compound);
        });
        (s.typos || []).forEach(function (x) {
          if (score(x.term).size) marks.push(x.term);
          // A neighbour of the word less an ending is a weaker guess: weighed as one typo more.
          addScores(scores, score(x.term), x.d === 1 && !x.cut ? WEIGHT.typo1 : WEIGHT.typo2);
        });
      }
      return [scores, exact];
    }
    s.alts.forEach(function (a, n) {
      var total = new Map(), cover = null, exact = null;
      a.terms.forEach(function (t) {
        var r = term(t, !s.synonym && !s.phrase && n === 0);
        addScores(total, r[0], a.weight / a.terms.length);
        var holds = new Set(r[0].keys());
        cover = cover ? new Set(Array.from(cover).filter(function (x) { return holds.has(x); })) : holds;
        exact = exact ? new Set(Array.from(exact).filter(function (x) { return r[1].has(x); })) : r[1];
      });
      merge(total, cover || new Set(), a.exact ? exact : new Set());
    });
    if (s.parts && s.parts.length) {
      // The compound's parts: the document holds the word when it holds every part.
      var total = new Map(), cover = null;
      s.parts.forEach(function (p) {
        var sc = score(p);
        if (sc.size) marks.push(p);
        addScores(total, sc, WEIGHT.compound / s.parts.length);
        var holds = new Set(sc.keys());
        cover = cover ? new Set(Array.from(cover).filter(function (x) { return holds.has(x); })) : holds;
      });
      merge(total, cover, new Set());
    }
    return out;
  }

  /**
   * Ranked results of a ready plan, without documents (see `find`):
   * [{ ref, score, all, exact, near, group, status, category }], with `corrections` (words
   * that matched nothing and the terms searched instead), `marks` (terms to highlight) and
   * `counts` (results per status and per category, each ignoring its own filter). Options:
   * `all` (superseded and withdrawn too), `status` and `category` (only those).
   */
  function rank(engine, p, opts) {
    opts = opts || {};
    var slots = p.slots;
    var out = [];
    out.corrections = [];
    out.marks = [];
    out.counts = { status: {}, category: {} };
    if (!slots.length) return out;
    var score = scorer(engine);
    var marks = [];
    var per = slots.map(function (s) { return slotMatches(engine, s, score, marks); });
    var titles = engine.index.index.title;
    // Phrases: every word of a quoted run followed by the next.
    var required = [];
    slots.forEach(function (s, i) {
      var next = slots[i + 1];
      if (s.phrase && next && next.phrase === s.phrase) required.push(engine.pairDocs(s.term + " " + next.term) || new Set());
    });
    var candidates = new Map();
    per.forEach(function (m, i) {
      m.forEach(function (x, ref) {
        if (!x.cover && !(x.score > 0)) return;
        var c = candidates.get(ref);
        if (!c) candidates.set(ref, (c = { ref: ref, score: 0, cover: 0, exact: 0, near: 0 }));
        c.score += x.score;
        if (x.cover) c.cover++;
        if (x.exact) c.exact++;
      });
    });
    var pairs = [];
    slots.forEach(function (s, i) {
      var next = slots[i + 1];
      if (next && s.term && next.term) pairs.push(engine.pairDocs(s.term + " " + next.term));
    });
    var inTitle = slots.length > 1 && slots.every(function (s) { return s.term; })
      ? slots.map(function (s) { return titles.getDocs(s.term); })
      : null;
    var statusCount = {}, categoryCount = {};
    candidates.forEach(function (c, ref) {
      for (var r = 0; r < required.length; r++) if (!required[r].has(ref)) return;
      // Every slot of a quoted phrase is needed.
      for (var i = 0; i < slots.length; i++) if (slots[i].phrase && !(per[i].get(ref) || {}).exact) return;
      var info = engine.info(ref);
      if (!info) return;
      var near = 0;
      pairs.forEach(function (d) { if (d && d.has(ref)) near++; });
      if (inTitle && inTitle.every(function (d) { return has.call(d, ref); })) near = Math.max(near, slots.length - 1);
      var retired = RETIRED[info.status];
      var statusOk = opts.status ? info.status === opts.status : (opts.all || !retired);
      var categoryOk = !opts.category || info.category === opts.category;
      if (categoryOk) statusCount[info.status] = (statusCount[info.status] || 0) + 1;
      if (statusOk) categoryCount[info.category] = (categoryCount[info.category] || 0) + 1;
      if (!statusOk || !categoryOk) return;
      out.push({
        ref: ref, score: c.score, all: c.cover === slots.length, exact: c.exact, near: near,
        group: info.group, status: info.status, category: info.category,
      });
    });
    out.sort(function (a, b) {
      return (b.all - a.all) || (b.exact - a.exact) || (b.near - a.near) || (b.score - a.score) || (a.ref - b.ref);
    });
    // Revisions of one guideline stay together where its best one ranks, newest first, so
    // an old revision never leads its current one. (One pass: a common word matches tens
    // of thousands of revisions.)
    var groups = new Map();
    var order = [];
    out.forEach(function (r) {
      var g = groups.get(r.group);
      if (!g) {
        g = [];
        groups.set(r.group, g);
        order.push(g);
      }
      g.push(r);
    });
    var ranked = [];
    order.forEach(function (g) {
      if (g.length > 1) g.sort(function (a, b) { return b.ref - a.ref; });
      for (var i = 0; i < g.length; i++) ranked.push(g[i]);
    });
    ranked.counts = { status: statusCount, category: categoryCount };
    ranked.marks = marks.filter(function (m, i) { return marks.indexOf(m) === i; });
    if (s0Prefix(slots)) ranked.marks.push(s0Prefix(slots));
    ranked.corrections = [];
    slots.forEach(function (s) {
      if (!s.typos || !s.typos.length || s.found) return;
      var t = s.typos[0].term, w = s.words[0].word;
      // The term until `spell` finds the word as written in a result.
      ranked.corrections.push({ word: w, term: t, shown: t });
    });
    return ranked;
  }

  function s0Prefix(slots) {
    var s = slots[slots.length - 1];
    return s && s.prefix;
  }

  /**
   * A Promise of the ranked results for `q`, loading what the query needs first; the first
   * `opts.limit` results (all without a limit) carry their document as `doc`.
   */
  function find(engine, q, opts) {
    opts = opts || {};
    return plan(engine, q, opts).then(function (p) {
      var results = rank(engine, p, opts);
      return more(engine, results, 0, opts.limit === undefined ? results.length : opts.limit)
        .then(function () {
          spell(engine, results);
          return results;
        });
    });
  }

  /**
   * Each correction's word as the archive writes it ("privacy", not the stem "privaci"):
   * the first word of a shown result whose stem is the corrected term.
   */
  function spell(engine, results) {
    results.corrections.forEach(function (c) {
      for (var i = 0; i < results.length && i < 20; i++) {
        var d = results[i].doc;
        if (!d) break;
        var words = [d.title, d.summary || "", d.excerpt].join(" ").toLowerCase().split(/[^\p{L}\p{N}]+/u);
        for (var k = 0; k < words.length; k++) {
          if (words[k] && engine.stem(words[k]) === c.term) {
            c.shown = words[k];
            return;
          }
        }
      }
    });
  }

  /** Loads the documents of results[from .. from + n]. */
  function more(engine, results, from, n) {
    var slice = results.slice(from, from + n);
    return engine.docs(slice.map(function (r) { return r.ref; })).then(function () {
      slice.forEach(function (r) { r.doc = engine.doc(r.ref); });
      return slice;
    });
  }

  /**
   * `text` split into [{ text, mark }] pieces: a word is marked when its stem starts with
   * one of `words` (the terms a query matched: its own, typo, compound and synonym terms).
   */
  function highlight(index, text, words) {
    var out = [];
    var re = /([^\s\-\u2013\u2014\/]+)|([\s\-\u2013\u2014\/]+)/g;
    var m;
    while ((m = re.exec(text))) {
      if (m[2] !== undefined) {
        out.push({ text: m[2], mark: false });
        continue;
      }
      var word = m[1];
      var core = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(word);
      var stem = core[2] ? index.pipeline.run([core[2].toLowerCase()])[0] : "";
      var hit = stem && words.some(function (w) {
        return stem.indexOf(w) === 0;
      });
      if (!hit) {
        out.push({ text: word, mark: false });
        continue;
      }
      if (core[1]) out.push({ text: core[1], mark: false });
      out.push({ text: core[2], mark: true });
      if (core[3]) out.push({ text: core[3], mark: false });
    }
    return out;
  }

  /** The snippet to show: the summary or the excerpt, whichever mentions a query word. */
  function snippet(index, doc, words) {
    var candidates = [doc.summary, doc.excerpt].filter(Boolean);
    for (var i = 0; i < candidates.length; i++) {
      var pieces = highlight(index, candidates[i], words);
      if (pieces.some(function (p) { return p.mark; })) return pieces;
    }
    return candidates.length ? [{ text: candidates[0], mark: false }] : [];
  }

  return {
    prepare: prepare, open: open, plan: plan, rank: rank, find: find, more: more,
    terms: terms, parse: parse, distance: distance, split: split, highlight: highlight, snippet: snippet,
  };
});

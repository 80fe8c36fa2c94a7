// redthread search. The index and elasticlunr load only when a reader uses search, by
// <script> tags (not fetch), so search works from file:// as well as from any server and
// never leaves the site. Results are built with DOM calls and textContent only: nothing in a
// guideline can inject markup.
//
// The ranking (`query`) is exported for node as well, so the test suite checks the very
// function the site runs against the real elasticlunr.js.
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    api.start(root.document);
  }
})(this, function () {
  "use strict";

  var RETIRED = { superseded: true, withdrawn: true };
  var DROPDOWN_MAX = 8;
  var PAGE_SIZE = 20;
  var DEBOUNCE_MS = 120;

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

  // Words shorter than this match only themselves, never as the start of longer words
  // (search.rs MIN_PREFIX): in a large split index "co" would load a large share of it.
  var MIN_PREFIX = 3;
  // Weights in term parts are integers over this (search.rs WEIGHT_SCALE).
  var WEIGHT_SCALE = 100000;
  var STATUS = { c: "current", s: "superseded", w: "withdrawn", d: "draft" };

  /**
   * The search over a loaded index payload (`window.redthreadSearch`): one file, or a split
   * index whose parts `fetchPart(name)` loads (a Promise of the part's value). Either way
   * ranking runs in elasticlunr.js with the same tokens, weights and scores.
   */
  function open(lunr, data, fetchPart) {
    var index = lunr.Index.load(data.index);
    index.getFields().forEach(function (f) {
      var inverted = index.index[f];
      var expand = inverted.expandToken;
      inverted.expandToken = function (token, memo, root) {
        if (root === undefined && token.length < MIN_PREFIX) {
          return inverted.getDocFreq(token) > 0 ? [token] : [];
        }
        return expand.call(inverted, token, memo, root);
      };
    });
    var engine = { lunr: lunr, index: index, fields: data.fields, count: 0 };
    if (data.layout !== "split") {
      engine.count = data.docs.length;
      engine.ready = function () { return Promise.resolve(); };
      engine.info = function (ref) {
        var d = data.docs[ref];
        return d && { group: d.id, status: d.status };
      };
      engine.docs = function () { return Promise.resolve(); };
      engine.doc = function (ref) { return data.docs[ref]; };
      return engine;
    }

    // The parts carry each weight already divided by the field length's square root, so the
    // document store needs no field lengths, only the document count (for idf).
    index.documentStore.length = data.length;
    engine.count = data.length;
    var fields = index.getFields();
    var group = [];
    data.revisions.forEach(function (n, g) {
      for (var i = 0; i < n; i++) group.push(g);
    });
    var pending = {};
    function part(name) {
      if (!pending[name]) pending[name] = fetchPart(name);
      return pending[name];
    }

    /** The term parts that hold `word` and, when long enough, the words it starts. */
    function termParts(word) {
      var firsts = data.terms;
      if (!firsts.length) return [];
      var lo = 0, hi = firsts.length - 1, at = 0;
      while (lo <= hi) {
        var mid = (lo + hi) >> 1;
        if (firsts[mid] <= word) { at = mid; lo = mid + 1; } else { hi = mid - 1; }
      }
      var out = [at];
      if (word.length >= MIN_PREFIX) {
        for (var i = at + 1; i < firsts.length && firsts[i].lastIndexOf(word, 0) === 0; i++) out.push(i);
      }
      return out;
    }

    // Parts as loaded, and the terms already put into elasticlunr's inverted index. A term
    // goes in only when a query needs it: a part holds hundreds of terms, and turning all
    // their postings into index nodes took longer than the search itself.
    var raw = {};
    var filled = new Set();
    function fill(term, entries) {
      entries.forEach(function (entry) {
        // The node layout elasticlunr's InvertedIndex.addToken builds.
        var node = index.index[fields[entry[0]]].root;
        for (var c = 0; c < term.length; c++) {
          var ch = term.charAt(c);
          if (!Object.prototype.hasOwnProperty.call(node, ch)) node[ch] = { docs: {}, df: 0 };
          node = node[ch];
        }
        var gaps = entry[1], weights = entry[2], ref = 0;
        for (var k = 0; k < gaps.length; k++) {
          ref += gaps[k];
          node.docs[ref] = { tf: weights[k] / WEIGHT_SCALE };
        }
        node.df = gaps.length;
      });
    }

    /** Puts the terms `w` matches (itself, and the words it starts) into the index. */
    function fillWord(w) {
      var prefix = w.length >= MIN_PREFIX;
      termParts(w).forEach(function (i) {
        var terms = raw[i];
        (prefix ? Array.from(terms.keys()) : [w]).forEach(function (term) {
          if (filled.has(term) || !terms.has(term)) return;
          if (prefix && term.lastIndexOf(w, 0) !== 0) return;
          filled.add(term);
          fill(term, terms.get(term));
        });
      });
    }

    engine.ready = function (q) {
      var words = terms(lunr, index, q);
      var need = {};
      words.forEach(function (w) {
        termParts(w).forEach(function (i) { need[i] = true; });
      });
      return Promise.all(Object.keys(need).map(function (i) {
        return part("terms-" + i).then(function (pairs) {
          if (!raw[i]) raw[i] = new Map(pairs);
        });
      })).then(function () {
        words.forEach(fillWord);
        index._idfCache = {};
      });
    };
    engine.info = function (ref) {
      return ref < data.length ? { group: group[ref], status: STATUS[data.status.charAt(ref)] } : undefined;
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

  /**
   * Ranked results for `q` in a ready engine: documents holding every word (in any field, as
   * a prefix while the last word is still being typed) first, then the others, each group by
   * elasticlunr score, ties by document order; revisions of one guideline together, newest
   * first. Superseded and withdrawn revisions only with opts.all.
   * Returns [{ ref, score, all, status }], without documents (see `find`).
   */
  function query(engine, q, opts) {
    opts = opts || {};
    var lunr = engine.lunr, index = engine.index;
    var words = terms(lunr, index, q);
    if (!words.length) return [];
    var fields = Object.keys(engine.fields);
    var hits = index.search(q, { fields: engine.fields, bool: "OR", expand: true });
    // How many of the words each document holds; typed arrays, as a common word can be in
    // every one of tens of thousands of documents.
    var cover = new Uint32Array(engine.count);
    var seen = new Uint32Array(engine.count);
    words.forEach(function (w, i) {
      var stamp = i + 1;
      fields.forEach(function (f) {
        var inverted = index.index[f];
        inverted.expandToken(w).forEach(function (key) {
          var docs = inverted.getDocs(key);
          for (var ref in docs) {
            if (seen[ref] !== stamp) {
              seen[ref] = stamp;
              cover[ref]++;
            }
          }
        });
      });
    });
    var out = [];
    hits.forEach(function (h) {
      var ref = Number(h.ref);
      var info = engine.info(ref);
      if (!info || (!opts.all && RETIRED[info.status])) return;
      out.push({ ref: ref, score: h.score, all: cover[h.ref] === words.length, group: info.group, status: info.status });
    });
    out.sort(function (a, b) {
      return (b.all - a.all) || (b.score - a.score) || (a.ref - b.ref);
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
    return ranked;
  }

  /**
   * A Promise of the ranked results for `q`, loading what the query needs first; the first
   * `opts.limit` results (all without a limit) carry their document as `doc`.
   */
  function find(engine, q, opts) {
    opts = opts || {};
    return engine.ready(q).then(function () {
      var results = query(engine, q, opts);
      return more(engine, results, 0, opts.limit === undefined ? results.length : opts.limit)
        .then(function () { return results; });
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
   * one of the query's stems, the same match the index made.
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

  // ------------------------------------------------------------------ page

  function el(doc, tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // The theme's words in the archive's language (assets/words.js), English when missing.
  function W(key, fallback, vars) {
    var all = typeof window !== "undefined" && window.redthreadWords && window.redthreadWords.words;
    var s = (all && all[key]) || fallback;
    for (var k in vars || {}) s = s.split("{" + k + "}").join(vars[k]);
    return s;
  }

  function editable(t) {
    if (!t || !t.tagName) return false;
    var tag = t.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || t.isContentEditable;
  }

  function start(doc) {
    var form = doc.querySelector("form.search-form");
    if (!form) return;
    var win = doc.defaultView;
    var rootPath = form.getAttribute("data-root") || "";
    var language = form.getAttribute("data-language") || "en";
    var input = form.querySelector("input[name=q]");
    var box = doc.getElementById("search-results");
    var loading = null;

    function inject(src) {
      // A closed archive (docs/closed-archive.md) decrypts the file before it runs.
      if (win.redthreadAccess) return win.redthreadAccess.load(src);
      return new Promise(function (resolve, reject) {
        var s = doc.createElement("script");
        s.src = src;
        s.onload = resolve;
        s.onerror = function () { reject(new Error("cannot load " + src)); };
        doc.head.appendChild(s);
      });
    }

    /** Loads elasticlunr, the language's stemmer and the index, once. */
    function load() {
      if (loading) return loading;
      var assets = rootPath + "assets/vendor/";
      var chain = inject(assets + "elasticlunr.min.js");
      if (language !== "en") {
        chain = chain
          .then(function () {
            win.lunr = prepare(win.elasticlunr);
            return inject(assets + "lunr.stemmer.support.js");
          })
          .then(function () { return inject(assets + "lunr." + language + ".js"); });
      }
      // The index's entry file does not need elasticlunr: both load at once.
      loading = Promise.all([chain, inject(rootPath + "search-index.js")])
        .then(function () {
          return open(win.elasticlunr, win.redthreadSearch, function (name) {
            return inject(rootPath + "search/" + name + ".js").then(function () {
              var parts = win.redthreadSearchParts || {};
              var value = parts[name];
              delete parts[name];
              if (value === undefined) throw new Error("empty search part " + name);
              return value;
            });
          });
        });
      loading.catch(function () {});
      return loading;
    }

    function go(url) {
      if (win.redthreadAccess) win.redthreadAccess.go(url);
      else win.location.href = url;
    }

    function searchUrl(q, all) {
      return rootPath + "search.html?q=" + encodeURIComponent(q) + (all ? "&all=1" : "");
    }

    function hitNode(s, r, words, cls) {
      var a = el(doc, "a", cls);
      a.href = rootPath + r.doc.url;
      a.appendChild(el(doc, "span", "search-hit-title", r.doc.title));
      var meta = el(doc, "span", "search-hit-meta");
      meta.appendChild(doc.createTextNode(r.doc.category + " · " + W("version", "Version") + " " + r.doc.version + " "));
      meta.appendChild(el(doc, "span", "badge badge-" + r.doc.status, W("status_" + r.doc.status, r.doc.status)));
      a.appendChild(meta);
      var snip = el(doc, "span", "search-hit-snippet");
      snippet(s.index, r.doc, words).forEach(function (p) {
        snip.appendChild(p.mark ? el(doc, "mark", null, p.text) : doc.createTextNode(p.text));
      });
      a.appendChild(snip);
      return a;
    }

    // ---------------------------------------------------------- dropdown

    var count = doc.getElementById("search-count");

    function close() {
      box.hidden = true;
    }

    function links() {
      return Array.prototype.slice.call(box.querySelectorAll("a"));
    }

    function show(s, q, results) {
      while (box.firstChild) box.removeChild(box.firstChild);
      if (!q.trim()) return close();
      var words = terms(s.lunr, s.index, q);
      var list = el(doc, "ul", "search-hits");
      results.slice(0, DROPDOWN_MAX).forEach(function (r) {
        var li = el(doc, "li");
        li.appendChild(hitNode(s, r, words, "search-hit"));
        list.appendChild(li);
      });
      if (results.length) box.appendChild(list);
      var more = el(doc, "p", "search-more");
      var link = el(doc, "a", null, results.length
        ? W("search_all_results", "All {n} results, or include superseded revisions", { n: results.length })
        : W("search_none_in_force", "No guideline in force matches. Search superseded and withdrawn ones too"));
      link.href = results.length ? searchUrl(q) : searchUrl(q, true);
      more.appendChild(link);
      box.appendChild(more);
      // Says which query the shown results answer (typing may be ahead of them).
      box.setAttribute("data-query", q);
      box.hidden = false;
      if (count) count.textContent = results.length === 1 ? W("search_one_result", "1 result") : W("search_n_results", "{n} results", { n: results.length });
    }

    function failed() {
      while (box.firstChild) box.removeChild(box.firstChild);
      box.appendChild(el(doc, "p", "search-more", W("search_unavailable", "Search is not available: its index could not be loaded.")));
      box.hidden = false;
    }

    var timer = null;
    function update() {
      win.clearTimeout(timer);
      timer = win.setTimeout(function () {
        var q = input.value;
        load().then(function (s) {
          return find(s, q, { limit: DROPDOWN_MAX }).then(function (results) {
            if (input.value === q) show(s, q, results);
          });
        }).catch(failed);
      }, DEBOUNCE_MS);
    }

    input.addEventListener("focus", function () {
      load();
      if (input.value.trim()) update();
    });
    input.addEventListener("input", update);
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") {
        var l = links();
        if (!box.hidden && l.length) {
          e.preventDefault();
          l[0].focus();
        }
      } else if (e.key === "Escape") {
        if (!box.hidden) {
          e.preventDefault();
          close();
        } else {
          input.blur();
        }
      }
    });
    box.addEventListener("keydown", function (e) {
      var l = links();
      var at = l.indexOf(doc.activeElement);
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        var next = at + (e.key === "ArrowDown" ? 1 : -1);
        if (next < 0) input.focus();
        else if (next < l.length) l[next].focus();
      } else if (e.key === "Escape") {
        e.preventDefault();
        close();
        input.focus();
      } else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
        // Typing goes on in the box.
        input.focus();
      }
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (input.value.trim()) go(searchUrl(input.value.trim()));
    });
    // Keeps focus in the box while a result is clicked, so the list does not close under the
    // pointer in browsers that do not focus links on click.
    box.addEventListener("mousedown", function (e) {
      e.preventDefault();
    });
    form.addEventListener("focusout", function () {
      win.setTimeout(function () {
        if (!form.contains(doc.activeElement)) close();
      }, 0);
    });
    doc.addEventListener("keydown", function (e) {
      if ((e.key === "/" || e.key === "s") && !e.ctrlKey && !e.metaKey && !e.altKey && !editable(e.target)) {
        e.preventDefault();
        input.focus();
        input.select();
      }
    });

    // ---------------------------------------------------------- results page

    var page = doc.getElementById("search-page");
    if (!page) return;
    var pageInput = page.querySelector("input[name=q]");
    var pageAll = page.querySelector("input[name=all]");
    var status = doc.getElementById("search-status");
    var list = doc.getElementById("search-page-results");
    var params = new win.URLSearchParams(win.location.search);
    pageInput.value = params.get("q") || "";
    pageAll.checked = params.get("all") === "1";

    var moreButton = null;

    function run() {
      var q = pageInput.value.trim();
      if (moreButton) moreButton.remove();
      moreButton = null;
      while (list.firstChild) list.removeChild(list.firstChild);
      list.removeAttribute("data-query");
      if (!q) {
        status.textContent = W("search_type_words", "Type words to search for.");
        return;
      }
      status.textContent = W("search_searching", "Searching…");
      // For the bench script (tests/browser/search-bench.mjs): when the search work began.
      if (win.performance && win.performance.mark) win.performance.mark("redthread-search-start");
      var all = pageAll.checked;
      load().then(function (s) {
        return find(s, q, { all: all, limit: PAGE_SIZE }).then(function (results) {
          if (pageInput.value.trim() === q && pageAll.checked === all) showPage(s, q, results);
        });
      }).catch(function () {
        status.textContent = W("search_unavailable", "Search is not available: its index could not be loaded.");
      });
    }

    /** The results page: the first PAGE_SIZE results, and a button for each further page. */
    function showPage(s, q, results) {
      var words = terms(s.lunr, s.index, q);
      var key = (pageAll.checked ? "search_found_revisions" : "search_found_guidelines") + (results.length === 1 ? "_one" : "");
      status.textContent = results.length
        ? W(key, pageAll.checked ? "{n} revisions found for “{q}”." : "{n} guidelines found for “{q}”.", { n: results.length, q: q })
        : W("search_nothing", "Nothing found for “{q}”.", { q: q }) + (pageAll.checked ? "" : " " + W("search_try_old", "Try including superseded and withdrawn revisions."));
      function append(slice) {
        slice.forEach(function (r) {
          var li = el(doc, "li", "search-page-hit status-" + r.doc.status);
          li.appendChild(hitNode(s, r, words, "search-hit"));
          list.appendChild(li);
        });
      }
      append(results.slice(0, PAGE_SIZE));
      var shown = Math.min(PAGE_SIZE, results.length);
      if (moreButton) moreButton.remove();
      moreButton = null;
      if (shown < results.length) {
        moreButton = el(doc, "button", "search-page-more");
        moreButton.type = "button";
        var label = function () {
          moreButton.textContent = W("search_show_more", "Show more results ({n} of {total} shown)", { n: shown, total: results.length });
        };
        label();
        moreButton.addEventListener("click", function () {
          more(s, results, shown, PAGE_SIZE).then(function (slice) {
            append(slice);
            shown += slice.length;
            if (shown >= results.length) {
              moreButton.remove();
              moreButton = null;
            } else {
              label();
            }
          });
        });
        list.parentNode.insertBefore(moreButton, list.nextSibling);
      }
      list.setAttribute("data-query", q + (pageAll.checked ? "&all" : ""));
    }

    var pageTimer = null;
    function rerun() {
      win.clearTimeout(pageTimer);
      pageTimer = win.setTimeout(function () {
        try {
          var url = "?q=" + encodeURIComponent(pageInput.value.trim()) + (pageAll.checked ? "&all=1" : "");
          win.history.replaceState(null, "", url);
        } catch (err) {
          // Some browsers refuse to change the address of a page opened from disk.
        }
        run();
      }, DEBOUNCE_MS);
    }
    pageInput.addEventListener("input", rerun);
    pageAll.addEventListener("change", rerun);
    page.addEventListener("submit", function (e) {
      e.preventDefault();
      rerun();
    });
    run();
  }

  return { prepare: prepare, open: open, query: query, find: find, more: more, terms: terms, highlight: highlight, snippet: snippet, start: start };
});

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

  /**
   * Ranked results for `q`: documents holding every word (in any field, as a prefix while
   * the last word is still being typed) first, then the others, each group by elasticlunr
   * score, ties by document order; revisions of one guideline together, newest first.
   * Superseded and withdrawn revisions only with opts.all.
   * Returns [{ ref, score, all, doc }].
   */
  function query(lunr, index, data, q, opts) {
    opts = opts || {};
    var words = terms(lunr, index, q);
    if (!words.length) return [];
    var fields = Object.keys(data.fields);
    var hits = index.search(q, { fields: data.fields, bool: "OR", expand: true });
    var cover = {};
    words.forEach(function (w) {
      var seen = {};
      fields.forEach(function (f) {
        var inverted = index.index[f];
        inverted.expandToken(w).forEach(function (key) {
          var docs = inverted.getDocs(key);
          for (var ref in docs) seen[ref] = true;
        });
      });
      for (var ref in seen) cover[ref] = (cover[ref] || 0) + 1;
    });
    var out = [];
    hits.forEach(function (h) {
      var doc = data.docs[Number(h.ref)];
      if (!doc || (!opts.all && RETIRED[doc.status])) return;
      out.push({ ref: Number(h.ref), score: h.score, all: cover[h.ref] === words.length, doc: doc });
    });
    out.sort(function (a, b) {
      return (b.all - a.all) || (b.score - a.score) || (a.ref - b.ref);
    });
    // Revisions of one guideline stay together where its best one ranks, newest first, so
    // an old revision never leads its current one.
    var first = {};
    out.forEach(function (r, i) {
      if (!(r.doc.id in first)) first[r.doc.id] = i;
    });
    out.sort(function (a, b) {
      return (first[a.doc.id] - first[b.doc.id]) || (b.ref - a.ref);
    });
    return out;
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
      loading = chain
        .then(function () { return inject(rootPath + "search-index.js"); })
        .then(function () {
          var data = win.redthreadSearch;
          return { lunr: win.elasticlunr, data: data, index: win.elasticlunr.Index.load(data.index) };
        });
      loading.catch(function () {});
      return loading;
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

    function show(s, q) {
      while (box.firstChild) box.removeChild(box.firstChild);
      if (!q.trim()) return close();
      var words = terms(s.lunr, s.index, q);
      var results = query(s.lunr, s.index, s.data, q);
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
          if (input.value === q) show(s, q);
        }, failed);
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
      if (input.value.trim()) win.location.href = searchUrl(input.value.trim());
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

    function run() {
      var q = pageInput.value.trim();
      while (list.firstChild) list.removeChild(list.firstChild);
      list.removeAttribute("data-query");
      if (!q) {
        status.textContent = W("search_type_words", "Type words to search for.");
        return;
      }
      status.textContent = W("search_searching", "Searching…");
      load().then(function (s) {
        if (pageInput.value.trim() !== q) return;
        var words = terms(s.lunr, s.index, q);
        var results = query(s.lunr, s.index, s.data, q, { all: pageAll.checked });
        var key = (pageAll.checked ? "search_found_revisions" : "search_found_guidelines") + (results.length === 1 ? "_one" : "");
        status.textContent = results.length
          ? W(key, pageAll.checked ? "{n} revisions found for “{q}”." : "{n} guidelines found for “{q}”.", { n: results.length, q: q })
          : W("search_nothing", "Nothing found for “{q}”.", { q: q }) + (pageAll.checked ? "" : " " + W("search_try_old", "Try including superseded and withdrawn revisions."));
        results.forEach(function (r) {
          var li = el(doc, "li", "search-page-hit status-" + r.doc.status);
          li.appendChild(hitNode(s, r, words, "search-hit"));
          list.appendChild(li);
        });
        list.setAttribute("data-query", q + (pageAll.checked ? "&all" : ""));
      }, function () {
        status.textContent = W("search_unavailable", "Search is not available: its index could not be loaded.");
      });
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

  return { prepare: prepare, query: query, terms: terms, highlight: highlight, snippet: snippet, start: start };
});

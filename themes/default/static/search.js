// redthread search box and results page. The engine (search-engine.js), elasticlunr and the
// index load only when a reader uses search, by <script> tags (not fetch), so search works
// from file:// as well as from any server and never leaves the site. Results are built with
// DOM calls and textContent only: nothing in a guideline can inject markup. The words come
// from assets/words.js and the el()/W() helpers from site.js (window.redthreadPage).
(function (win, doc) {
  "use strict";

  var DROPDOWN_MAX = 8;
  var PAGE_SIZE = 20;
  var DEBOUNCE_MS = 120;
  var STATUSES = ["current", "scheduled", "superseded", "withdrawn"];

  var page = win.redthreadPage;
  var el = page.el, W = page.W;

  function editable(t) {
    if (!t || !t.tagName) return false;
    var tag = t.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || t.isContentEditable;
  }

  var form = doc.querySelector("form.search-form");
  if (!form) return;
  var rootPath = form.getAttribute("data-root") || "";
  var language = form.getAttribute("data-language") || "en";
  var input = form.querySelector("input[name=q]");
  var box = doc.getElementById("search-results");
  var loading = null;
  var api = null;

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

  /** Loads the engine, elasticlunr, the language's stemmer and the index, once. */
  function load() {
    if (loading) return loading;
    var assets = rootPath + "assets/";
    var chain = Promise.all([inject(assets + "vendor/elasticlunr.min.js"), inject(assets + "search-engine.js")]);
    if (language !== "en") {
      chain = chain
        .then(function () {
          win.lunr = win.redthreadSearchEngine.prepare(win.elasticlunr);
          return inject(assets + "vendor/lunr.stemmer.support.js");
        })
        .then(function () { return inject(assets + "vendor/lunr." + language + ".js"); });
    }
    // The index's entry file needs neither: all load at once.
    loading = Promise.all([chain, inject(rootPath + "search-index.js")])
      .then(function () {
        api = win.redthreadSearchEngine;
        return api.open(win.elasticlunr, win.redthreadSearch, function (name) {
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

  /** The results page's address for a search; `state` holds all, exact, status, category. */
  function go(url) {
    if (win.redthreadAccess) win.redthreadAccess.go(url);
    else win.location.href = url;
  }

  function searchUrl(q, state) {
    state = state || {};
    var url = "search.html?q=" + encodeURIComponent(q);
    if (state.all) url += "&all=1";
    if (state.exact) url += "&exact=1";
    if (state.status) url += "&status=" + encodeURIComponent(state.status);
    if (state.category) url += "&category=" + encodeURIComponent(state.category);
    return url;
  }

  function hitNode(s, r, marks) {
    var a = el("a", "search-hit");
    a.href = rootPath + r.doc.url;
    a.appendChild(el("span", "search-hit-title", r.doc.title));
    var meta = el("span", "search-hit-meta");
    meta.appendChild(doc.createTextNode(r.doc.category + " · " + W("version") + " " + r.doc.version + " "));
    meta.appendChild(el("span", "badge badge-" + r.doc.status, W("status_" + r.doc.status)));
    a.appendChild(meta);
    var snip = el("span", "search-hit-snippet");
    api.snippet(s.index, r.doc, marks).forEach(function (p) {
      snip.appendChild(p.mark ? el("mark", null, p.text) : doc.createTextNode(p.text));
    });
    a.appendChild(snip);
    return a;
  }

  function escape(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  /** "Showing results for …", and a link to search exactly what was typed. */
  function correctionNode(q, results, state) {
    if (!results.corrections || !results.corrections.length) return null;
    var corrected = q;
    results.corrections.forEach(function (c) {
      corrected = corrected.split(new RegExp(escape(c.word), "i")).join(c.shown);
    });
    var p = el("p", "search-correction");
    p.setAttribute("data-corrected", corrected);
    var parts = W("search_showing_for").split("{q}");
    p.appendChild(doc.createTextNode(parts[0]));
    p.appendChild(el("strong", null, corrected));
    p.appendChild(doc.createTextNode(parts[1] || ""));
    p.appendChild(doc.createTextNode(" "));
    var instead = W("search_instead_for").split("{q}");
    var a = el("a", "search-exact", q);
    a.href = rootPath + searchUrl(q, { all: state && state.all, exact: true });
    p.appendChild(doc.createTextNode(instead[0]));
    p.appendChild(a);
    p.appendChild(doc.createTextNode(instead[1] || ""));
    return p;
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
    var fix = correctionNode(q, results);
    if (fix) box.appendChild(fix);
    var list = el("ul", "search-hits");
    results.slice(0, DROPDOWN_MAX).forEach(function (r) {
      var li = el("li");
      li.appendChild(hitNode(s, r, results.marks));
      list.appendChild(li);
    });
    if (results.length) box.appendChild(list);
    var more = el("p", "search-more");
    var link = el("a", null, results.length
      ? W(results.length === 1 ? "search_all_results_one" : "search_all_results", { n: results.length })
      : W("search_none_in_force"));
    link.href = rootPath + (results.length ? searchUrl(q) : searchUrl(q, { all: true }));
    more.appendChild(link);
    box.appendChild(more);
    // Says which query the shown results answer (typing may be ahead of them).
    box.setAttribute("data-query", q);
    box.hidden = false;
    if (count) count.textContent = results.length === 1 ? W("search_one_result") : W("search_n_results", { n: results.length });
  }

  function failed() {
    while (box.firstChild) box.removeChild(box.firstChild);
    box.appendChild(el("p", "search-more", W("search_unavailable")));
    box.hidden = false;
  }

  var timer = null;
  function update() {
    win.clearTimeout(timer);
    timer = win.setTimeout(function () {
      var q = input.value;
      load().then(function (s) {
        return api.find(s, q, { limit: DROPDOWN_MAX }).then(function (results) {
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
    if (input.value.trim()) go(rootPath + searchUrl(input.value.trim()));
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

  var results = doc.getElementById("search-page");
  if (!results) return;
  var pageInput = results.querySelector("input[name=q]");
  var pageAll = results.querySelector("input[name=all]");
  var status = doc.getElementById("search-status");
  var list = doc.getElementById("search-page-results");
  var filters = doc.getElementById("search-filters");
  var params = new win.URLSearchParams(win.location.search);
  pageInput.value = params.get("q") || "";
  pageAll.checked = params.get("all") === "1";
  // The rest of the state in the address: exact (no typo or compound matching), filters.
  var state = {
    exact: params.get("exact") === "1",
    status: STATUSES.indexOf(params.get("status")) >= 0 ? params.get("status") : null,
    category: params.get("category") || null,
  };

  var moreButton = null;

  function run() {
    var q = pageInput.value.trim();
    if (moreButton) moreButton.remove();
    moreButton = null;
    while (list.firstChild) list.removeChild(list.firstChild);
    list.removeAttribute("data-query");
    if (filters) while (filters.firstChild) filters.removeChild(filters.firstChild);
    var old = results.parentNode.querySelector(".search-correction");
    if (old) old.remove();
    if (!q) {
      status.textContent = W("search_type_words");
      return;
    }
    status.textContent = W("search_searching");
    // For the bench script (tests/browser/search-bench.mjs): when the search work began.
    if (win.performance && win.performance.mark) win.performance.mark("redthread-search-start");
    var all = pageAll.checked;
    var opts = { all: all, limit: PAGE_SIZE, exact: state.exact, status: state.status, category: state.category };
    var key = address();
    load().then(function (s) {
      return api.find(s, q, opts).then(function (found) {
        if (address() === key) showPage(s, q, found);
      });
    }).catch(function () {
      status.textContent = W("search_unavailable");
    });
  }

  /** Filter buttons: one group per facet, each value with its count. */
  function showFilters(found) {
    if (!filters) return;
    function group(name, label, counts, current, text) {
      var values = Object.keys(counts).filter(function (v) { return counts[v] > 0; });
      if (name === "status") values = STATUSES.filter(function (v) { return counts[v] > 0; });
      else values.sort(function (a, b) { return (counts[b] - counts[a]) || (a < b ? -1 : 1); });
      if (!values.length && !current) return;
      var g = el("div", "search-filter");
      g.setAttribute("role", "group");
      g.setAttribute("data-filter", name);
      var title = el("span", "search-filter-label", label);
      title.id = "search-filter-" + name;
      g.setAttribute("aria-labelledby", title.id);
      g.appendChild(title);
      values.forEach(function (v) {
        var b = el("button", "search-filter-value");
        b.type = "button";
        b.setAttribute("data-value", v);
        b.setAttribute("aria-pressed", String(current === v));
        b.appendChild(doc.createTextNode(text(v) + " "));
        b.appendChild(el("span", "search-filter-count", "(" + counts[v] + ")"));
        b.addEventListener("click", function () {
          state[name] = current === v ? null : v;
          rerun(0);
        });
        g.appendChild(b);
      });
      filters.appendChild(g);
    }
    group("category", W("search_filter_category"), found.counts.category, state.category, function (v) { return v; });
    group("status", W("search_filter_status"), found.counts.status, state.status, function (v) { return W("status_" + v); });
  }

  /** The results page: the first PAGE_SIZE results, and a button for each further page. */
  function showPage(s, q, found) {
    var all = pageAll.checked || Boolean(state.status);
    var key = (all ? "search_found_revisions" : "search_found_guidelines") + (found.length === 1 ? "_one" : "");
    status.textContent = found.length
      ? W(key, { n: found.length, q: q })
      : W("search_nothing", { q: q }) + (all ? "" : " " + W("search_try_old"));
    var fix = correctionNode(q, found, { all: pageAll.checked });
    if (fix) status.parentNode.insertBefore(fix, status);
    showFilters(found);
    function append(slice) {
      slice.forEach(function (r) {
        var li = el("li", "search-page-hit status-" + r.doc.status);
        li.appendChild(hitNode(s, r, found.marks));
        list.appendChild(li);
      });
    }
    append(found.slice(0, PAGE_SIZE));
    var shown = Math.min(PAGE_SIZE, found.length);
    if (moreButton) moreButton.remove();
    moreButton = null;
    if (shown < found.length) {
      moreButton = el("button", "search-page-more");
      moreButton.type = "button";
      var label = function () {
        moreButton.textContent = W("search_show_more", { n: shown, total: found.length });
      };
      label();
      moreButton.addEventListener("click", function () {
        api.more(s, found, shown, PAGE_SIZE).then(function (slice) {
          append(slice);
          shown += slice.length;
          if (shown >= found.length) {
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

  /** The page's state as its address (also what a shown answer is checked against). */
  function address() {
    return searchUrl(pageInput.value.trim(), { all: pageAll.checked, exact: state.exact, status: state.status, category: state.category });
  }

  var pageTimer = null;
  function rerun(delay) {
    win.clearTimeout(pageTimer);
    pageTimer = win.setTimeout(function () {
      try {
        win.history.replaceState(null, "", address().slice("search.html".length));
      } catch (err) {
        // Some browsers refuse to change the address of a page opened from disk.
      }
      run();
    }, delay === undefined ? DEBOUNCE_MS : delay);
  }
  pageInput.addEventListener("input", function () {
    state.exact = false;
    rerun();
  });
  pageAll.addEventListener("change", function () { rerun(); });
  results.addEventListener("submit", function (e) {
    e.preventDefault();
    rerun();
  });
  run();
})(window, document);

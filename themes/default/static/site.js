// redthread's page script. No requests leave the site; everything here degrades to a
// working static page when scripts are off. Words come from assets/words.js (the archive's
// language), with English as the fallback.
(function () {
  "use strict";
  var WORDS = window.redthreadWords || {};
  // assets/words.js has every key (English fills what a language lacks).
  function W(key, vars) {
    var s = (WORDS.words && WORDS.words[key]) || key;
    for (var k in vars || {}) s = s.split("{" + k + "}").join(vars[k]);
    return s;
  }
  // "2024-03-03" (or a Date) -> "3 March 2024" in the archive's language.
  function dateText(iso) {
    var p = String(iso).split("-");
    var months = WORDS.months && WORDS.months.length === 12 ? WORDS.months : ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    return (WORDS.date || "{day} {month} {year}")
      .replace("{day}", String(parseInt(p[2], 10)))
      .replace("{month}", months[parseInt(p[1], 10) - 1] || "")
      .replace("{year}", p[0]);
  }
  function today() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  // Shared with search.js.
  window.redthreadPage = { el: el, W: W };
  var root = document.body.getAttribute("data-root") || "";

  // Review dates are checked in the reader's browser so the built site never depends on
  // the day it was built (two builds of the same archive are byte-identical).
  var article = document.querySelector("article[data-guideline]");
  if (article && article.dataset.reviewBy && article.dataset.status === "current" && article.dataset.reviewBy < today()) {
    var note = el("p", "banner banner-review", W("review_due", { date: article.dataset.reviewByText || dateText(article.dataset.reviewBy) }));
    note.setAttribute("role", "note");
    note.setAttribute("data-review-due", "");
    var header = article.querySelector(".guideline-header");
    if (header) header.appendChild(note);
  }
  // A revision that takes effect later: the built page says what was true on the day it
  // was built, and a static site is not rebuilt by itself. Once the reader's date reaches
  // the effective date, the notice says the new version is in force and leads there.
  Array.prototype.forEach.call(document.querySelectorAll("[data-takes-effect]"), function (b) {
    if (today() < b.getAttribute("data-takes-effect")) return;
    b.setAttribute("data-in-effect", "");
    var said = b.querySelector(b.hasAttribute("data-upcoming") ? "[data-upcoming-title]" : "[data-takes-effect-text]");
    if (said) said.textContent = b.getAttribute("data-now-text");
    var title = b.querySelector("[data-takes-effect-title]");
    if (title) title.textContent = b.getAttribute("data-now-title");
    var until = b.querySelector("[data-upcoming-until], [data-takes-effect-until]");
    if (until) until.parentNode.removeChild(until);
    var go = b.querySelector("a[data-rel=upcoming]");
    if (go && b.getAttribute("data-now-link")) go.textContent = b.getAttribute("data-now-link");
  });
  // Smaller marks of the same kind: a "not yet in force" badge or period, said again or
  // dropped (an empty data-now-text) once the day has come.
  Array.prototype.forEach.call(document.querySelectorAll("[data-effective-on]"), function (e) {
    if (today() < e.getAttribute("data-effective-on")) return;
    var now = e.getAttribute("data-now-text");
    if (now) e.textContent = now;
    else e.hidden = true;
    if (e.getAttribute("data-now-class")) e.className = e.getAttribute("data-now-class");
  });
  // The home page lists guidelines past their review date, for the archive's maintainers.
  var reviewList = document.querySelector("[data-review-list]");
  if (reviewList) {
    var ul = reviewList.querySelector("ul");
    Array.prototype.forEach.call(document.querySelectorAll(".card[data-review-by]"), function (card) {
      var due = card.getAttribute("data-review-by");
      if (!(due < today()) || ul.querySelector("[data-guideline='" + card.dataset.guideline + "']")) return;
      var li = el("li");
      li.setAttribute("data-guideline", card.dataset.guideline);
      var a = card.querySelector("a.card-title").cloneNode(true);
      a.className = "";
      li.appendChild(a);
      li.appendChild(document.createTextNode(" · " + W("review_due_since", { date: dateText(due) })));
      ul.appendChild(li);
    });
    if (ul.children.length) reviewList.hidden = false;
  }

  // "Changed since you last read it": the version of each guideline this reader last opened
  // is kept in this browser only (localStorage). Storage may be blocked (file://, private
  // windows): then nothing is marked and nothing breaks.
  var KEY = "redthread:read";
  function readMap() {
    try {
      return JSON.parse(window.localStorage.getItem(KEY) || "{}") || {};
    } catch (e) {
      return {};
    }
  }
  var seen = readMap();
  // The redline page of guideline `id` from version `from` to `to`, relative to the root.
  function diffUrl(id, from, to) {
    return (document.body.getAttribute("data-diff-url") || "")
      .replace("{id}", id).replace("{from}", from).replace("{to}", to);
  }
  // Marks an element whose guideline's newest substantive (non-editorial) version is newer
  // than the version read; links to the redline from the version read to the current one.
  function markChanged(node, where) {
    var id = node.getAttribute("data-guideline");
    var read = seen[id];
    var versions = (node.getAttribute("data-versions") || "").split(" ");
    var current = node.getAttribute("data-current");
    var substantive = node.getAttribute("data-substantive");
    var r = versions.indexOf(read), s = versions.indexOf(substantive);
    if (!read || r < 0 || s < 0 || r >= s || read === current) return;
    var p = el("p", "changed-since");
    p.setAttribute("data-changed-since", read);
    p.appendChild(el("strong", null, W("changed_since")));
    p.appendChild(document.createTextNode(" " + W("changed_since_read", { version: read }) + " "));
    var a = el("a", null, W("changed_since_link"));
    a.setAttribute("data-rel", "changed-since-diff");
    a.href = root + diffUrl(id, read, current);
    p.appendChild(a);
    where(p);
  }
  Array.prototype.forEach.call(document.querySelectorAll(".card[data-current]"), function (card) {
    markChanged(card, function (p) { card.appendChild(p); });
  });
  if (article) {
    if (article.hasAttribute("data-stable")) {
      markChanged(article, function (p) {
        var h = article.querySelector(".guideline-header");
        if (h) h.appendChild(p);
      });
    }
    if (article.dataset.status !== "draft") {
      try {
        var fresh = readMap();
        fresh[article.dataset.guideline] = article.dataset.version;
        window.localStorage.setItem(KEY, JSON.stringify(fresh));
      } catch (e) { /* storage blocked: degrade silently */ }
    }
  }

  // The printed stamp carries the real print date, set here so the built page itself
  // stays the same whatever day it was built. Without script the static sentence stays.
  var stamp = document.querySelector("[data-print-stamp]");
  function setStamp() {
    if (stamp) stamp.textContent = W("print_stamp", { date: dateText(today()) });
    var addr = document.querySelector("[data-address]");
    if (addr && /^https?:/.test(window.location.protocol)) addr.textContent = window.location.href.split("#")[0];
  }
  setStamp();
  window.addEventListener("beforeprint", setStamp);

  // "Compare version X with Y": every offered pair is a pre-built page in this folder, so
  // this works from file:// with no request off the site. Without script the form stays
  // hidden and the history's links to each redline remain.
  Array.prototype.forEach.call(document.querySelectorAll("form[data-compare]"), function (form) {
    var pairs = (form.getAttribute("data-pairs") || "").split(" ");
    var from = form.elements.from, to = form.elements.to;
    var msg = form.querySelector(".compare-message");
    form.hidden = false;
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      // Options are listed newest first: the larger index is the older version.
      var a = from.selectedIndex, b = to.selectedIndex;
      if (a === b) {
        msg.textContent = W("compare_same");
        return;
      }
      var older = (a > b ? from : to).value, newer = (a > b ? to : from).value;
      if (pairs.indexOf(older + ">" + newer) < 0) {
        msg.textContent = W("compare_missing", { older: older, newer: newer });
        return;
      }
      var id = form.getAttribute("data-guideline");
      var url = root + diffUrl(id, older, newer);
      // A closed archive (docs/closed-archive.md) maps the address to its sealed page.
      if (window.redthreadAccess) window.redthreadAccess.go(url);
      else window.location.href = url;
    });
  });

  // In force on a date: the table ships every revision's period; picking a date shows the
  // rows in force that day. No request: works from file://.
  var forceForm = document.querySelector("form[data-in-force-form]");
  var forceTable = document.querySelector("table[data-in-force]");
  if (forceForm && forceTable) {
    var input = forceForm.elements.date;
    var status = document.getElementById("in-force-status");
    var show = function () {
      var d = input.value;
      var rows = forceTable.tBodies[0].rows, n = 0;
      for (var i = 0; i < rows.length; i++) {
        var from = rows[i].getAttribute("data-from"), until = rows[i].getAttribute("data-until");
        var on = !d || (from <= d && (!until || d < until));
        rows[i].hidden = !on;
        if (on) n++;
      }
      status.textContent = d ? W(n === 1 ? "in_force_count_one" : "in_force_count", { n: n, date: dateText(d) }) : "";
      var caption = forceTable.caption;
      if (caption) {
        if (!caption.hasAttribute("data-caption-all")) caption.setAttribute("data-caption-all", caption.textContent);
        caption.textContent = d ? caption.getAttribute("data-caption-on").split("{date}").join(dateText(d)) : caption.getAttribute("data-caption-all");
      }
    };
    var q = /[?&]date=(\d{4}-\d{2}-\d{2})/.exec(window.location.search);
    if (q) input.value = q[1];
    forceForm.hidden = false;
    forceForm.addEventListener("submit", function (ev) { ev.preventDefault(); show(); });
    input.addEventListener("change", show);
    show();
  }
  // What's new: show the changes of one category. The choice is kept in the address
  // (`?category=slug`) and carried to the other years' pages. No request: works from file://.
  var newsFilter = document.querySelector("[data-news-filter]");
  if (newsFilter) {
    var select = newsFilter.querySelector("select");
    var newsStatus = newsFilter.querySelector("[role=status]");
    var items = document.querySelectorAll(".news-item[data-category]");
    var pageLinks = document.querySelectorAll("a[data-news-page]");
    var filter = function () {
      var cat = select.value, n = 0;
      Array.prototype.forEach.call(items, function (li) {
        var on = !cat || li.getAttribute("data-category") === cat;
        li.hidden = !on;
        if (on) n++;
      });
      Array.prototype.forEach.call(document.querySelectorAll(".news-month"), function (m) {
        Array.prototype.forEach.call(m.querySelectorAll("ol.news"), function (ol) {
          var any = ol.querySelector(".news-item:not([hidden])");
          ol.hidden = !any;
          var h = ol.previousElementSibling;
          if (h && h.classList.contains("editorial-heading")) h.hidden = !any;
        });
        m.hidden = !m.querySelector(".news-item:not([hidden])");
      });
      var name = cat ? select.options[select.selectedIndex].text : "";
      newsStatus.textContent = !cat ? "" : n
        ? W(n === 1 ? "news_filter_count_one" : "news_filter_count", { n: n, total: items.length, category: name })
        : W("news_filter_none", { category: name });
      Array.prototype.forEach.call(pageLinks, function (a) {
        var href = a.getAttribute("href").replace(/\?category=[^#]*/, "");
        var hash = href.indexOf("#");
        var q = cat ? "?category=" + encodeURIComponent(cat) : "";
        a.setAttribute("href", hash < 0 ? href + q : href.slice(0, hash) + q + href.slice(hash));
      });
    };
    var wanted = /[?&]category=([^&#]*)/.exec(window.location.search);
    if (wanted) {
      var slug = decodeURIComponent(wanted[1]);
      for (var i = 0; i < select.options.length; i++) if (select.options[i].value === slug) select.selectedIndex = i;
    }
    select.addEventListener("change", function () {
      filter();
      try {
        var url = window.location.pathname + (select.value ? "?category=" + encodeURIComponent(select.value) : "") + window.location.hash;
        window.history.replaceState(null, "", url);
      } catch (e) { /* some browsers refuse for file:// pages; the filter still works */ }
    });
    newsFilter.hidden = false;
    filter();
  }
})();

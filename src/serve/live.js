// redthread serve: reloads the page after each good rebuild and shows build problems over
// the page after a bad one. Injected only by `redthread serve`, never into built sites.
// The overlay is made with DOM methods and textContent (no HTML from the server) and styled
// by a stylesheet, so the pages' Content-Security-Policy holds.
(function () {
  'use strict';
  var overlay = null;
  // The build this page came from (set by the server), so a page that missed a rebuild
  // while it loaded reloads on connect.
  var me = document.currentScript;
  var generation = me && me.dataset.generation ? Number(me.dataset.generation) : null;

  function addStyle() {
    if (document.getElementById('redthread-live-css')) return;
    var link = document.createElement('link');
    link.id = 'redthread-live-css';
    link.rel = 'stylesheet';
    link.href = '/__redthread/live.css';
    document.head.appendChild(link);
  }

  function hide() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function show(report) {
    addStyle();
    hide();
    overlay = el('div', 'redthread-overlay');
    overlay.id = 'redthread-overlay';
    overlay.setAttribute('role', 'alert');
    var box = el('div', 'redthread-overlay-box');
    box.appendChild(el('h2', 'redthread-overlay-title', report.title || ''));
    // The words come from the server, in the archive's language.
    box.appendChild(el('p', 'redthread-overlay-help', report.help || ''));
    (report.problems || []).forEach(function (p) {
      var item = el('div', 'redthread-problem redthread-' + p.severity);
      item.appendChild(el('p', 'redthread-problem-where', p.location));
      // The source line and its caret stay unwrapped (so the caret stays under its column on
      // a phone too, scrolling sideways if need be); the message and hint wrap.
      var lines = String(p.text || '').split('\n');
      var block = null;
      var blockIsSource = null;
      lines.forEach(function (line) {
        var isSource = /^\s*\d*\s\|/.test(line);
        if (block === null || isSource !== blockIsSource) {
          block = el('pre', isSource ? 'redthread-problem-source' : 'redthread-problem-text');
          blockIsSource = isSource;
          item.appendChild(block);
        } else {
          block.textContent += '\n';
        }
        block.textContent += line;
      });
      box.appendChild(item);
    });
    var close = el('button', 'redthread-overlay-close', report.close || '×');
    close.type = 'button';
    close.addEventListener('click', hide);
    box.appendChild(close);
    overlay.appendChild(box);
    document.body.appendChild(overlay);
  }

  function listen() {
    var source = new EventSource('/__redthread/events');
    source.addEventListener('hello', function (e) {
      var data = JSON.parse(e.data);
      // A page that reconnects after missing a rebuild reloads; a fixed archive clears the overlay.
      if (generation !== null && data.generation !== generation) {
        location.reload();
        return;
      }
      generation = data.generation;
      // Lets tests (and curious authors) see that live reload is connected.
      document.documentElement.setAttribute('data-redthread-live', String(generation));
      hide();
    });
    source.addEventListener('reload', function () {
      location.reload();
    });
    source.addEventListener('problems', function (e) {
      show(JSON.parse(e.data));
    });
    return source;
  }

  // Browsers allow about six open connections per server; tabs in the background let go of
  // theirs, so many open tabs never stall page loads. A tab that comes back catches up.
  var source = null;
  function update() {
    if (document.hidden && source) {
      source.close();
      source = null;
    } else if (!document.hidden && !source) {
      source = listen();
    }
  }
  document.addEventListener('visibilitychange', update);
  update();
})();

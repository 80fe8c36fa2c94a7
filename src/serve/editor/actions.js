// redthread serve: author actions ("New guideline", "New revision") on the reader's pages.
// Added only by `redthread serve` with its editor on, never to a built site. Made with DOM
// methods and textContent (the words come from the script tag's data attributes).
(function () {
  'use strict';
  var me = document.currentScript;
  if (!me) return;
  var main = document.querySelector('main');
  function place(el) {
    // After a save's notice, when there is one: that is the first thing to read.
    var notice = document.getElementById('rt-saved-notice');
    var into = main || document.body;
    into.insertBefore(el, notice && notice.parentNode === into ? notice.nextSibling : into.firstChild);
  }
  if (!document.getElementById('rt-editor-css')) {
    var css = document.createElement('link');
    css.id = 'rt-editor-css';
    css.rel = 'stylesheet';
    css.href = '/__redthread/editor/editor.css';
    document.head.appendChild(css);
  }
  // Just saved from the editor, with warnings of `redthread check` for the file: say them here.
  try {
    var saved = JSON.parse(sessionStorage.getItem('redthread-editor-saved') || 'null');
    if (saved && saved.url === location.pathname) {
      sessionStorage.removeItem('redthread-editor-saved');
      var box = document.createElement('div');
      box.id = 'rt-saved-notice';
      box.className = 'rt-saved-notice';
      box.setAttribute('role', 'status');
      var p = document.createElement('p');
      p.textContent = saved.title;
      box.appendChild(p);
      var ul = document.createElement('ul');
      (saved.problems || []).forEach(function (t) {
        var li = document.createElement('li');
        li.textContent = t;
        ul.appendChild(li);
      });
      box.appendChild(ul);
      place(box);
      // The author has just pressed Save: the page's first words are "Saved", then what
      // to look at; the focus starts there, so a screen reader reads it too.
      box.tabIndex = -1;
      box.focus();
    }
  } catch (x) { /* storage off */ }
  if (!me.dataset.href) return;
  var nav = document.createElement('nav');
  nav.className = 'rt-author-actions';
  nav.id = 'rt-author-actions';
  nav.setAttribute('aria-label', me.dataset.nav || 'Author actions');
  var a = document.createElement('a');
  a.href = me.dataset.href;
  a.id = 'rt-author-action';
  a.textContent = me.dataset.label || '';
  nav.appendChild(a);
  place(nav);
})();

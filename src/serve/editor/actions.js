// redthread serve: author actions ("New guideline", "New revision") on the reader's pages.
// Added only by `redthread serve` with its editor on, never to a built site. Made with DOM
// methods and textContent (the words come from the script tag's data attributes).
(function () {
  'use strict';
  var me = document.currentScript;
  if (!me || !me.dataset.href) return;
  if (!document.getElementById('rt-editor-css')) {
    var css = document.createElement('link');
    css.id = 'rt-editor-css';
    css.rel = 'stylesheet';
    css.href = '/__redthread/editor/editor.css';
    document.head.appendChild(css);
  }
  var nav = document.createElement('nav');
  nav.className = 'rt-author-actions';
  nav.id = 'rt-author-actions';
  nav.setAttribute('aria-label', me.dataset.nav || 'Author actions');
  var a = document.createElement('a');
  a.href = me.dataset.href;
  a.id = 'rt-author-action';
  a.textContent = me.dataset.label || '';
  nav.appendChild(a);
  var main = document.querySelector('main');
  if (main) main.insertBefore(nav, main.firstChild);
  else document.body.insertBefore(nav, document.body.firstChild);
})();

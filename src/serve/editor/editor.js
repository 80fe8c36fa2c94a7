// The editor of `redthread serve` (docs/editor.md). Served only by `redthread serve`, never
// part of a built site. It sends every request with this run's key and fills the page only
// with what the server answers: text by textContent, and the preview and redline as the
// server rendered and sanitized them. Its words come from #rt-words, in the archive's language.
(function () {
  'use strict';
  var form = document.getElementById('rt-editor');
  if (!form) return;
  var words = JSON.parse(document.getElementById('rt-words').textContent || '{}');
  var root = form.dataset.root;
  var token = form.elements.token.value;
  var body = document.getElementById('rt-body');
  // Two places to speak: about saving, beside the Save button; about the text (a paste,
  // a picture), right under the text box, where the author is looking.
  var message = document.getElementById('rt-message');
  var bodyMessage = document.getElementById('rt-body-message');
  var key = 'redthread-editor:' + location.pathname + location.search;
  var dirty = false;
  var lastPlan = null;
  // Fields the author has changed, and whether Save was pressed: until then a preview
  // does not mark an untouched field (an empty "what changed" on a form just opened is
  // not yet a mistake).
  var touched = {};
  var saveTried = false;
  var fields = ['title', 'category', 'summary', 'changes', 'date', 'review_by', 'minor', 'status', 'body'];

  function w(k) { return words[k] || k; }
  function idOf(name) { return 'rt-' + name.replace(/_/g, '-'); }

  function collect() {
    var data = {};
    ['mode', 'id', 'base', 'base_hash'].concat(fields).forEach(function (n) {
      var el = form.elements[n];
      if (!el) return;
      data[n] = el.type === 'checkbox' ? el.checked : el.value;
    });
    return data;
  }

  function fill(data) {
    fields.forEach(function (n) {
      var el = form.elements[n];
      if (!el || !(n in data)) return;
      if (el.type === 'checkbox') el.checked = !!data[n];
      else el.value = data[n];
    });
  }

  function post(path, payload, type) {
    return fetch(root + path, {
      method: 'POST',
      headers: { 'x-redthread-token': token, 'content-type': type || 'application/json' },
      body: type ? payload : JSON.stringify(payload),
      credentials: 'same-origin'
    }).then(function (r) {
      return r.json().then(function (j) { return { status: r.status, json: j }; });
    });
  }

  function say(text) { message.textContent = text || ''; }
  function sayUnderText(text) { bodyMessage.textContent = text || ''; }

  // Problems next to the field (or text-box line) they concern; with `summary`, also listed
  // at the top with links to each field, and focus moved there.
  function showProblems(problems, summary, title) {
    form.querySelectorAll('.rt-error').forEach(function (e) { e.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach(function (e) { e.removeAttribute('aria-invalid'); });
    var top = document.getElementById('rt-errors');
    top.textContent = '';
    var list = document.createElement('ul');
    (problems || []).filter(function (p) {
      return summary || saveTried || p.field === 'form' || touched[p.field];
    }).forEach(function (p) {
      var place = document.getElementById(idOf(p.field) + '-error') || document.getElementById('rt-form-error');
      var text = (p.line ? w('ed_line').replace('{n}', p.line) + ': ' : '') + p.text;
      var item = document.createElement('p');
      item.className = p.severity === 'error' ? 'rt-problem' : 'rt-warning';
      item.textContent = text;
      place.appendChild(item);
      var control = document.getElementById(idOf(p.field));
      if (control && p.severity === 'error') control.setAttribute('aria-invalid', 'true');
      if (summary && (p.severity === 'error' || title)) {
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.href = '#' + (control ? control.id : 'rt-plan');
        a.textContent = text;
        a.addEventListener('click', function (e) {
          if (!control) return;
          e.preventDefault();
          control.focus();
          if (p.line && control === body) selectLine(p.line);
        });
        li.appendChild(a);
        list.appendChild(li);
      }
    });
    if (summary && list.childNodes.length) {
      var h = document.createElement('p');
      h.textContent = title || w('ed_errors_title');
      top.appendChild(h);
      top.appendChild(list);
      top.focus();
    }
  }

  function selectLine(n) {
    var lines = body.value.split('\n');
    var start = 0;
    for (var i = 0; i < n - 1 && i < lines.length; i++) start += lines[i].length + 1;
    body.setSelectionRange(start, start + (lines[n - 1] || '').length);
    showLine();
  }

  function showPlan(plan) {
    lastPlan = plan;
    var set = function (id, v) { document.getElementById(id).textContent = v || '–'; };
    set('rt-plan-id', plan && plan.id);
    set('rt-plan-version', plan && plan.version);
    set('rt-plan-file', plan && plan.file);
    set('rt-plan-supersedes', plan && plan.supersedes);
    document.getElementById('rt-date-note').textContent = (plan && plan.scheduled) || '';
  }

  var previewTimer = null;
  var previewSeq = 0;
  function preview() {
    var seq = ++previewSeq;
    post('preview', collect()).then(function (r) {
      if (seq !== previewSeq) return;
      if (r.status !== 200) { say(r.json.error || w('ed_failed')); return; }
      showPlan(r.json.plan);
      // Sanitized by the server's Markdown pipeline, as on the site's pages.
      document.getElementById('rt-preview').innerHTML = r.json.html || '';
      var red = document.getElementById('rt-redline');
      if (red) {
        if (r.json.redline) red.innerHTML = r.json.redline;
        else red.textContent = w('ed_nothing_changed');
      }
      showProblems(r.json.problems, false);
      document.documentElement.setAttribute('data-rt-previewed', String(seq));
    }).catch(function () { say(w('ed_failed')); });
  }
  function schedulePreview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(preview, 350);
  }

  var storeTimer = null;
  function changed(e) {
    if (e && e.target && e.target.name) touched[e.target.name] = true;
    dirty = true;
    clearTimeout(storeTimer);
    storeTimer = setTimeout(function () {
      try { localStorage.setItem(key, JSON.stringify(collect())); } catch (e) { /* full or off */ }
    }, 250);
    schedulePreview();
  }

  function reasonLabel() {
    var label = document.querySelector('label[for=rt-changes]');
    if (!label.dataset.normal) label.dataset.normal = label.textContent;
    label.textContent = form.elements.status.value === 'withdrawn' ? w('ed_reason_label') : label.dataset.normal;
  }

  function showLine() {
    var line = body.value.slice(0, body.selectionStart).split('\n').length;
    document.getElementById('rt-body-line').textContent = w('ed_line').replace('{n}', line);
  }

  // Text typed into the box through the browser's own editing, so Ctrl+Z undoes it.
  function insert(text, selectFrom, selectTo) {
    body.focus();
    var start = body.selectionStart;
    if (!document.execCommand || !document.execCommand('insertText', false, text)) {
      body.setRangeText(text, body.selectionStart, body.selectionEnd, 'end');
      body.dispatchEvent(new Event('input', { bubbles: true }));
    }
    if (selectFrom !== undefined) body.setSelectionRange(start + selectFrom, start + selectTo);
  }

  function lineStart() {
    var v = body.value, s = body.selectionStart;
    return v.lastIndexOf('\n', s - 1) + 1;
  }

  function prefixLine(prefix, placeholder) {
    var start = lineStart();
    var end = body.value.indexOf('\n', start);
    if (end < 0) end = body.value.length;
    var line = body.value.slice(start, end);
    body.setSelectionRange(start, end);
    if (line.trim() === '') insert(prefix + placeholder, prefix.length, prefix.length + placeholder.length);
    else insert(prefix + line.replace(/^(#+ |\d+\. |[-*] )/, ''));
  }

  var actions = {
    heading: function () { prefixLine('## ', w('ed_tool_heading_text')); },
    step: function () { prefixLine('1. ', w('ed_tool_step_text')); },
    bullet: function () { prefixLine('- ', w('ed_tool_bullet_text')); },
    bold: function () {
      var s = body.value.slice(body.selectionStart, body.selectionEnd) || w('ed_tool_bold_text');
      insert('**' + s + '**', 2, 2 + s.length);
    },
    table: function () {
      var before = body.selectionStart > 0 && body.value[body.selectionStart - 1] !== '\n' ? '\n\n' : '';
      insert(before + w('ed_tool_table_text') + '\n');
    },
    link: openLinks,
    image: function () { document.getElementById('rt-image').click(); }
  };

  // The toolbar is one stop for Tab; arrow keys move between its buttons.
  var tools = Array.prototype.slice.call(document.querySelectorAll('#rt-toolbar button'));
  tools.forEach(function (b, i) {
    b.tabIndex = i === 0 ? 0 : -1;
    b.addEventListener('click', function () { actions[b.dataset.action](); });
    b.addEventListener('keydown', function (e) {
      var to = null;
      if (e.key === 'ArrowRight') to = (i + 1) % tools.length;
      if (e.key === 'ArrowLeft') to = (i - 1 + tools.length) % tools.length;
      if (e.key === 'Home') to = 0;
      if (e.key === 'End') to = tools.length - 1;
      if (to === null) return;
      e.preventDefault();
      tools.forEach(function (t) { t.tabIndex = -1; });
      tools[to].tabIndex = 0;
      tools[to].focus();
    });
  });

  // Link to another guideline, chosen by searching titles.
  var guidelines = null;
  var box = document.getElementById('rt-link-box');
  var search = document.getElementById('rt-link-search');
  var results = document.getElementById('rt-link-results');
  var saved = [0, 0];
  function openLinks() {
    saved = [body.selectionStart, body.selectionEnd];
    box.hidden = false;
    search.value = '';
    search.focus();
    if (!guidelines) {
      fetch(root + 'guidelines', { credentials: 'same-origin' })
        .then(function (r) { return r.json(); })
        .then(function (list) { guidelines = list; listLinks(); });
    } else listLinks();
  }
  function closeLinks() {
    box.hidden = true;
    body.focus();
    body.setSelectionRange(saved[0], saved[1]);
  }
  function choose(g) {
    box.hidden = true;
    body.focus();
    body.setSelectionRange(saved[0], saved[1]);
    var label = body.value.slice(saved[0], saved[1]) || g.title;
    insert('[' + label + '](guideline:' + g.id + ')');
  }
  function matches() {
    var q = search.value.trim().toLowerCase();
    return (guidelines || []).filter(function (g) {
      return !q || g.title.toLowerCase().indexOf(q) >= 0 || g.id.indexOf(q) >= 0;
    }).slice(0, 20);
  }
  function listLinks() {
    results.textContent = '';
    var found = matches();
    if (!found.length) {
      var li = document.createElement('li');
      li.textContent = w('ed_no_results');
      results.appendChild(li);
    }
    found.forEach(function (g) {
      var li = document.createElement('li');
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = g.title + ' (' + g.id + ')';
      b.addEventListener('click', function () { choose(g); });
      li.appendChild(b);
      results.appendChild(li);
    });
  }
  search.addEventListener('input', listLinks);
  search.addEventListener('keydown', function (e) {
    if (e.key === 'Enter') {
      e.preventDefault();
      var found = matches();
      if (found.length) choose(found[0]);
    }
    if (e.key === 'Escape') { e.preventDefault(); closeLinks(); }
  });
  box.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') { e.preventDefault(); closeLinks(); }
  });
  document.getElementById('rt-link-cancel').addEventListener('click', closeLinks);

  // A picture saved into the archive beside the revision, then linked.
  document.getElementById('rt-image').addEventListener('change', function (e) {
    var file = e.target.files && e.target.files[0];
    e.target.value = '';
    if (!file || !lastPlan) return;
    sayUnderText(w('ed_uploading'));
    var url = 'upload?for=' + encodeURIComponent(lastPlan.file) + '&name=' + encodeURIComponent(file.name);
    post(url, file, file.type || 'application/octet-stream').then(function (r) {
      if (r.status !== 200) { sayUnderText(r.json.error || w('ed_failed')); return; }
      sayUnderText('');
      // The description is selected, to be typed over: readers who cannot see the picture
      // hear it instead. On the line of a pasted picture's note
      // (`*\[Billede ikke indsat: description\]*`, docs/paste.md) the picture takes the
      // note's place, and the note's description when it has one.
      var alt = w('ed_image_alt');
      var v = body.value, at = body.selectionStart;
      var from = v.lastIndexOf('\n', at - 1) + 1, to = v.indexOf('\n', at);
      if (to < 0) to = v.length;
      var marker = /^\*\\\[[^\]:]*(?:: (.*))?\\\]\*$/.exec(v.slice(from, to));
      if (marker) body.setSelectionRange(from, to);
      if (marker && marker[1]) insert('![' + marker[1] + '](' + r.json.src + ')');
      else insert('![' + alt + '](' + r.json.src + ')', 2, 2 + alt.length);
    }).catch(function () { sayUnderText(w('ed_failed')); });
  });

  // Paste from Word, Google Docs, Outlook or a web page: the server turns the clipboard's
  // HTML into Markdown. Plain text pastes as it is.
  body.addEventListener('paste', function (e) {
    var html = e.clipboardData && e.clipboardData.getData('text/html');
    if (!html) return;
    e.preventDefault();
    post('paste', html, 'text/html; charset=utf-8').then(function (r) {
      if (r.status !== 200) { sayUnderText(r.json.error || w('ed_failed')); return; }
      var md = r.json.markdown;
      // A new guideline's untouched starter text is replaced, not pasted into.
      if (form.dataset.mode === 'new' && body.value === body.defaultValue) body.setSelectionRange(0, body.value.length);
      // A document pasted from its start begins with its title: it fills an empty title
      // field, and is not repeated in the text when it is the title.
      var head = /^# (.+)\n(\n|$)/.exec(md);
      var title = document.getElementById('rt-title');
      // (Only a plain heading: one with Markdown marks in it stays in the text.)
      var titled = head && title && !/[\\*_\[\]`<]/.test(head[1]) && head[1].trim();
      if (titled && body.selectionStart === 0 && (!title.value.trim() || title.value.trim() === titled)) {
        if (!title.value.trim()) {
          title.value = titled;
          title.dispatchEvent(new Event('input', { bubbles: true }));
        }
        md = md.slice(head[0].length);
      }
      insert(md);
      sayUnderText(r.json.note || w('ed_pasted'));
    }).catch(function () { sayUnderText(w('ed_failed')); });
  });

  // Shortcuts in the text box: Ctrl+B (⌘B) bold, Ctrl+K (⌘K) a link to a guideline.
  body.addEventListener('keydown', function (e) {
    if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
    var k = e.key.toLowerCase();
    if (k === 'b') { e.preventDefault(); actions.bold(); }
    if (k === 'k') { e.preventDefault(); actions.link(); }
  });
  ['keyup', 'click', 'select', 'focus'].forEach(function (t) { body.addEventListener(t, showLine); });
  form.addEventListener('input', changed);
  form.addEventListener('change', function (e) {
    if (e.target.name === 'status') reasonLabel();
    if (e.target.type === 'file') return;
    changed(e);
  });

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var save = document.getElementById('rt-save');
    save.disabled = true;
    saveTried = true;
    say(w('ed_saving'));
    document.getElementById('rt-conflict').hidden = true;
    post('save', collect()).then(function (r) {
      save.disabled = false;
      var j = r.json;
      if (r.status === 200 && !j.error) {
        dirty = false;
        try { localStorage.removeItem(key); } catch (x) { /* off */ }
        // `check`'s warnings for the saved file are shown on the page it lands on.
        if (j.problems && j.problems.length) {
          try {
            sessionStorage.setItem('redthread-editor-saved', JSON.stringify({
              url: j.url,
              title: w('ed_saved_warnings'),
              problems: j.problems.map(function (p) {
                return (p.line ? w('ed_line').replace('{n}', p.line) + ': ' : '') + p.text;
              })
            }));
          } catch (x) { /* storage off */ }
        }
        say(w('ed_saved'));
        location.href = j.url;
        return;
      }
      if (r.status === 200) {
        // Saved, but the archive does not build: say so where the problems are.
        dirty = false;
        try { localStorage.removeItem(key); } catch (x) { /* off */ }
        save.disabled = true;
        say(j.error);
        showProblems(j.problems, true);
        return;
      }
      if (r.status === 409 && j.conflict) {
        var c = document.getElementById('rt-conflict');
        c.hidden = false;
        document.getElementById('rt-conflict-text').textContent = j.error;
        document.getElementById('rt-conflict-theirs').textContent = j.conflict.theirs;
        document.getElementById('rt-conflict-yours').textContent = j.conflict.yours;
        say(j.error);
        c.setAttribute('tabindex', '-1');
        c.focus();
        return;
      }
      say(j.error || w('ed_failed'));
      if (j.problems) showProblems(j.problems, true);
      else {
        var top = document.getElementById('rt-errors');
        top.textContent = j.error || w('ed_failed');
        top.focus();
      }
    }).catch(function () { save.disabled = false; say(w('ed_failed')); });
  });

  window.addEventListener('beforeunload', function (e) {
    if (!dirty) return;
    e.preventDefault();
    e.returnValue = '';
  });

  // Bring back what was typed before a reload (or a closed tab), with a way to drop it.
  try {
    var stored = JSON.parse(localStorage.getItem(key) || 'null');
    var now = collect();
    if (stored && fields.some(function (n) { return n in stored && stored[n] !== now[n]; })) {
      fill(stored);
      // The text brought back was written against the file the form was first made from:
      // keep that file and its hash, so a save after someone else's change is a conflict
      // with both versions shown, never a silent overwrite.
      ['base', 'base_hash'].forEach(function (n) {
        if (form.elements[n] && typeof stored[n] === 'string') form.elements[n].value = stored[n];
      });
      dirty = true;
      // What was typed before counts as touched: its problems show at once.
      fields.forEach(function (n) { if (n in stored && stored[n] !== now[n]) touched[n] = true; });
      var note = document.createElement('p');
      note.className = 'rt-restored';
      note.id = 'rt-restored';
      note.textContent = w('ed_restored') + ' ';
      var drop = document.createElement('button');
      drop.type = 'button';
      drop.textContent = w('ed_discard');
      drop.addEventListener('click', function () {
        localStorage.removeItem(key);
        dirty = false;
        location.reload();
      });
      note.appendChild(drop);
      form.insertBefore(note, form.firstChild);
    }
  } catch (x) { /* storage off */ }
  reasonLabel();
  preview();
})();

// redthread closed archive: unlocks and shows one page of an encrypted site.
//
// Every page of the site is an unlock page like this one, holding its own page encrypted.
// With the password, WebCrypto derives a key (PBKDF2-SHA256), unwraps the site's content
// key, and decrypts the path map (keys.js), the page, and the style sheets, scripts and
// pictures it uses (d/*.js, loaded by <script> tags so that this works from file:// too).
// Every file is AES-256-GCM: a changed or cut file fails its check and is reported, never
// shown. The page then runs as in the open site; links are pointed at the unlock pages of
// their targets, and the page scripts load files through `window.redthreadAccess`.
//
// The password is never stored. The derived key is kept in sessionStorage (this tab's
// session) and, with "remember on this device", in localStorage; "Lock" removes both.
(function () {
  "use strict";
  var doc = document, win = window;
  var STORE = "redthread-access";
  var HTML = /\.html$/;
  var TYPES = {
    css: "text/css", js: "text/javascript", json: "application/json", xml: "application/xml",
    png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", webp: "image/webp",
    svg: "image/svg+xml", pdf: "application/pdf", txt: "text/plain", csv: "text/csv"
  };
  var KEYS = win.redthreadKeys;
  var WORDS = {};
  try { WORDS = JSON.parse(doc.getElementById("rt-words").textContent); } catch (e) { /* defaults */ }
  var form = doc.getElementById("rt-unlock");
  var input = doc.getElementById("rt-password");
  var remember = doc.getElementById("rt-remember");
  var submit = doc.getElementById("rt-submit");
  var status = doc.getElementById("rt-status");
  var subtle = win.crypto && win.crypto.subtle;
  var enc = new TextEncoder(), dec = new TextDecoder();
  var pageName = doc.documentElement.getAttribute("data-page");
  var sealed = doc.getElementById("rt-sealed");
  var sealedText = sealed ? sealed.textContent : "";

  function say(text, isError) {
    status.textContent = text || "";
    status.className = "rt-status" + (isError ? " rt-error" : "");
  }
  function damaged() {
    form.hidden = true;
    var p = doc.createElement("p");
    p.className = "rt-error";
    p.setAttribute("role", "alert");
    p.setAttribute("data-rt-damaged", "");
    p.textContent = WORDS.damaged || "A file of this archive is missing or damaged.";
    doc.getElementById("rt-lock").appendChild(p);
  }
  function Damaged(what) { this.what = what; }

  function fromB64(s) {
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function toB64(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s);
  }
  /** AES-256-GCM: base64 of nonce + ciphertext -> plain bytes, or a Damaged rejection. */
  function openSealed(key, aad, b64) {
    var bytes;
    try { bytes = fromB64(b64); } catch (e) { return Promise.reject(new Damaged(aad)); }
    if (bytes.length < 28) return Promise.reject(new Damaged(aad));
    return subtle.decrypt({ name: "AES-GCM", iv: bytes.subarray(0, 12), additionalData: enc.encode(aad) }, key, bytes.subarray(12))
      .then(function (plain) { return new Uint8Array(plain); }, function () { throw new Damaged(aad); });
  }
  function aesKey(raw) {
    return subtle.importKey("raw", raw, { name: "AES-GCM" }, false, ["decrypt"]);
  }
  /** PBKDF2-SHA256 of the password with the slot's salt: the raw 32-byte key. */
  function derive(password, slot) {
    return subtle.importKey("raw", enc.encode(password), "PBKDF2", false, ["deriveBits"]).then(function (base) {
      return subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: fromB64(slot.salt), iterations: KEYS.iterations }, base, 256);
    }).then(function (bits) { return new Uint8Array(bits); });
  }
  /** The content key from a password's derived key, or a rejection when it does not fit. */
  function unwrap(raw, slot) {
    return aesKey(raw).then(function (kek) { return openSealed(kek, "redthread-key", slot.key); }).then(aesKey);
  }

  // The derived key, kept per build (each build has fresh salts, so an old key never fits).
  function build() { return KEYS.slots[0].salt; }
  function storages() {
    var out = [];
    try { if (win.sessionStorage) out.push(win.sessionStorage); } catch (e) { /* blocked */ }
    try { if (win.localStorage) out.push(win.localStorage); } catch (e) { /* blocked */ }
    return out;
  }
  function stored() {
    var s = storages();
    for (var i = 0; i < s.length; i++) {
      try {
        var v = JSON.parse(s[i].getItem(STORE) || "null");
        if (v && v.build === build() && KEYS.slots[v.slot]) return v;
      } catch (e) { /* unreadable: ignore */ }
    }
    return null;
  }
  function keep(raw, slot, onDevice) {
    var v = JSON.stringify({ build: build(), slot: slot, key: toB64(raw) });
    var s = storages();
    try { if (s[0]) s[0].setItem(STORE, v); } catch (e) { /* storage full or blocked */ }
    try { if (onDevice && win.localStorage) win.localStorage.setItem(STORE, v); } catch (e) { /* blocked */ }
  }
  function forget() {
    storages().forEach(function (s) { try { s.removeItem(STORE); } catch (e) { /* blocked */ } });
  }

  // ---- After unlocking: the path map and loading files ----
  var KEY = null, MAP = null, NAMES = {}, REAL = "index.html";
  var BASE = "https://closed.invalid/";
  var pending = {};
  var cache = {};

  /** Called by every d/<name>.js with its ciphertext. */
  win.redthreadSealed = function (name, data) {
    var p = pending[name];
    if (p) { delete pending[name]; p.resolve(data); }
  };
  /** The plain bytes of open-site path `path`. */
  function file(path) {
    if (cache[path]) return cache[path];
    var name = MAP[path];
    if (!name) return Promise.reject(new Damaged(path));
    if (HTML.test(path)) return Promise.reject(new Damaged(path));
    var p = new Promise(function (resolve, reject) {
      pending[name] = { resolve: resolve };
      var s = doc.createElement("script");
      s.src = "d/" + name + ".js";
      s.onload = function () {
        s.remove();
        if (pending[name]) { delete pending[name]; reject(new Damaged(path)); }
      };
      s.onerror = function () { s.remove(); delete pending[name]; reject(new Damaged(path)); };
      doc.head.appendChild(s);
    }).then(function (data) { return openSealed(KEY, name, data); });
    cache[path] = p;
    p.catch(function () { delete cache[path]; });
    return p;
  }
  function typeOf(path) {
    var ext = (/\.([a-z0-9]+)$/i.exec(path) || [])[1];
    return TYPES[(ext || "").toLowerCase()] || "application/octet-stream";
  }
  var urls = {};
  /** A blob: address of open-site path `path`'s plain content. */
  function blobUrl(path) {
    if (urls[path]) return Promise.resolve(urls[path]);
    return file(path).then(function (bytes) {
      urls[path] = URL.createObjectURL(new Blob([bytes], { type: typeOf(path) }));
      return urls[path];
    });
  }
  /**
   * An address as written in the open page (relative to its real path) -> the open-site
   * path, query and fragment; null for other sites, other schemes and same-page fragments.
   */
  function resolve(href, from) {
    if (href === null || href === undefined) return null;
    href = String(href);
    if (!href || href.charAt(0) === "#" || /^[a-z][a-z0-9+.\-]*:/i.test(href) || href.lastIndexOf("//", 0) === 0) return null;
    var u;
    try { u = new URL(href, BASE + (from || REAL)); } catch (e) { return null; }
    if (u.origin + "/" !== BASE) return null;
    var path;
    try { path = decodeURIComponent(u.pathname.slice(1)); } catch (e) { return null; }
    if (path === "" || path.slice(-1) === "/") path += "index.html";
    if (!MAP[path] && MAP[path + "/index.html"]) path += "/index.html";
    return { path: path, search: u.search, hash: u.hash };
  }
  /** The unlock page (sealed page) of an open-site page, with query and fragment. */
  function pageUrl(r) {
    return MAP[r.path] + ".html" + r.search + r.hash;
  }
  function go(href) {
    var r = resolve(href);
    if (r && MAP[r.path] && HTML.test(r.path)) win.location.href = pageUrl(r);
    else if (r && MAP[r.path]) download(r.path);
    else win.location.href = href;
  }
  /** Saves a decrypted attachment (a form, the feed, archive.json) under its own name. */
  function download(path) {
    return blobUrl(path).then(function (url) {
      var a = doc.createElement("a");
      a.href = url;
      a.download = path.split("/").pop();
      a.hidden = true;
      doc.body.appendChild(a);
      a.click();
      a.remove();
    }, showDamaged);
  }
  function showDamaged() {
    var p = doc.querySelector("[data-rt-damaged]");
    if (p) return;
    p = doc.createElement("p");
    p.className = "rt-error rt-banner";
    p.setAttribute("role", "alert");
    p.setAttribute("data-rt-damaged", "");
    p.textContent = WORDS.damaged || "A file of this archive is missing or damaged.";
    doc.body.insertBefore(p, doc.body.firstChild);
  }

  /** Points links, pictures and forms in `node` at the sealed site. */
  function rewrite(node) {
    if (!node.querySelectorAll) return;
    var all = [node].concat(Array.prototype.slice.call(node.querySelectorAll("a[href], area[href], img[src], form[action]")));
    all.forEach(function (el) {
      var tag = el.tagName ? el.tagName.toLowerCase() : "";
      if ((tag === "a" || tag === "area") && el.hasAttribute("href") && !el.hasAttribute("data-rt-href")) {
        var href = el.getAttribute("href");
        var r = resolve(href);
        if (!r || !MAP[r.path]) return;
        el.setAttribute("data-rt-href", href);
        if (HTML.test(r.path)) el.setAttribute("href", pageUrl(r));
        else el.setAttribute("data-rt-file", r.path);
      } else if (tag === "img" && el.hasAttribute("src") && !el.hasAttribute("data-rt-src")) {
        var src = el.getAttribute("src");
        var ri = resolve(src);
        if (!ri || !MAP[ri.path]) return;
        el.setAttribute("data-rt-src", src);
        el.removeAttribute("src");
        blobUrl(ri.path).then(function (url) { el.src = url; }, showDamaged);
      } else if (tag === "form" && el.hasAttribute("action") && !el.hasAttribute("data-rt-action")) {
        var action = el.getAttribute("action");
        var rf = resolve(action);
        if (!rf || !MAP[rf.path] || !HTML.test(rf.path)) return;
        el.setAttribute("data-rt-action", action);
        el.setAttribute("action", MAP[rf.path] + ".html");
      }
    });
  }
  function loadScript(path) {
    return blobUrl(path).then(function (url) {
      return new Promise(function (resolve, reject) {
        var s = doc.createElement("script");
        s.src = url;
        s.async = false;
        s.onload = function () { resolve(); };
        s.onerror = function () { reject(new Damaged(path)); };
        doc.head.appendChild(s);
      });
    });
  }
  function loadStyle(path) {
    return blobUrl(path).then(function (url) {
      return new Promise(function (resolve) {
        var l = doc.createElement("link");
        l.rel = "stylesheet";
        l.href = url;
        l.onload = l.onerror = function () { resolve(); };
        doc.head.appendChild(l);
      });
    });
  }

  /** Replaces the unlock page with the decrypted page `html` and runs its scripts. */
  function render(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var styles = [], scripts = [];
    if (page.documentElement.lang) doc.documentElement.lang = page.documentElement.lang;
    Array.prototype.forEach.call(page.head.children, function (el) {
      var tag = el.tagName.toLowerCase();
      var rel = (el.getAttribute("rel") || "").toLowerCase();
      if (tag === "link" && rel === "stylesheet") {
        var r = resolve(el.getAttribute("href"));
        if (r && MAP[r.path]) styles.push(r.path);
      } else if (tag === "script" && el.hasAttribute("src")) {
        var rs = resolve(el.getAttribute("src"));
        if (rs && MAP[rs.path]) scripts.push(rs.path);
      } else if (tag === "meta" || tag === "title" || tag === "link") {
        // The unlock page's own meta (and CSP) stay; a feed reader could not read the
        // sealed feed, so its link goes; the real title is set below.
      } else {
        doc.head.appendChild(doc.importNode(el, true));
      }
    });
    Array.prototype.forEach.call(page.body.querySelectorAll("script"), function (s) {
      var r = s.hasAttribute("src") && resolve(s.getAttribute("src"));
      if (r && MAP[r.path]) scripts.push(r.path);
      s.remove();
    });
    return Promise.all(styles.map(loadStyle)).then(function () {
      var body = doc.importNode(page.body, true);
      rewrite(body);
      doc.documentElement.replaceChild(body, doc.body);
      doc.title = page.title;
      addLock(body);
      new MutationObserver(function (records) {
        records.forEach(function (rec) {
          Array.prototype.forEach.call(rec.addedNodes, function (n) { if (n.nodeType === 1) rewrite(n); });
        });
      }).observe(body, { childList: true, subtree: true });
      body.addEventListener("click", onClick);
      // Scripts run in order, as the page's deferred scripts would.
      return scripts.reduce(function (chain, path) {
        return chain.then(function () { return loadScript(path); });
      }, Promise.resolve());
    }).then(function () {
      if (win.location.hash.length > 1) {
        var target = doc.getElementById(decodeURIComponent(win.location.hash.slice(1)));
        if (target) target.scrollIntoView();
      }
      doc.documentElement.setAttribute("data-rt-unlocked", "");
    });
  }
  function onClick(ev) {
    if (ev.defaultPrevented || ev.button !== 0) return;
    var a = ev.target.closest ? ev.target.closest("a[data-rt-file]") : null;
    if (!a) return;
    ev.preventDefault();
    download(a.getAttribute("data-rt-file"));
  }
  function addLock(body) {
    var b = doc.createElement("button");
    b.type = "button";
    b.className = "rt-lock-button";
    b.id = "rt-lock-button";
    b.textContent = WORDS.lock || "Lock";
    b.setAttribute("aria-label", WORDS.lock_label || "Lock the archive on this device");
    b.addEventListener("click", function () {
      forget();
      win.location.reload();
    });
    var nav = body.querySelector(".site-nav");
    if (nav) {
      nav.appendChild(doc.createTextNode(" "));
      nav.appendChild(b);
    } else {
      body.insertBefore(b, body.firstChild);
    }
  }

  /** With the content key: decrypt the map and this page, then show it. */
  function show(key) {
    KEY = key;
    return openSealed(key, "map", KEYS.map).then(function (bytes) {
      MAP = JSON.parse(dec.decode(bytes)).files;
      Object.keys(MAP).forEach(function (p) { NAMES[MAP[p]] = p; });
      REAL = NAMES[pageName] || "index.html";
      return openSealed(key, pageName, sealedText.trim());
    }).then(function (bytes) {
      return render(dec.decode(bytes));
    });
  }
  function fail(e) {
    if (e instanceof Damaged) {
      if (MAP && doc.body.querySelector(".rt-lock")) damaged();
      else showDamaged();
    } else {
      damaged();
    }
    if (win.console) win.console.error("redthread: cannot open", e && e.what ? e.what : e);
  }

  // Exposed for the page scripts (search loads its index through it; forms navigate).
  win.redthreadAccess = {
    /** Runs the sealed script at `src` (as written in the page) and resolves when it ran. */
    load: function (src) {
      var r = resolve(src);
      if (!r || !MAP[r.path]) return Promise.reject(new Error("cannot load " + src));
      return loadScript(r.path);
    },
    /** Goes to `href` (as written in the page). */
    go: go
  };

  function unlocked(raw, slot, onDevice) {
    return unwrap(raw, KEYS.slots[slot]).then(function (key) {
      keep(raw, slot, onDevice);
      return key;
    });
  }
  function tryPassword(password) {
    // Each password has its own salt: try the slots in turn.
    var slot = 0;
    function next() {
      if (slot >= KEYS.slots.length) return Promise.reject(new Error("wrong"));
      var i = slot++;
      return derive(password, KEYS.slots[i]).then(function (raw) {
        return unlocked(raw, i, remember.checked);
      }).catch(function (e) {
        if (e instanceof Damaged || (e && e.name === "OperationError")) return next();
        throw e;
      });
    }
    return next();
  }

  function start() {
    if (!subtle || !KEYS || !KEYS.slots || !KEYS.slots.length) {
      var p = doc.createElement("p");
      p.className = "rt-error";
      p.setAttribute("role", "alert");
      p.textContent = !subtle ? WORDS.unsupported : WORDS.damaged;
      doc.getElementById("rt-lock").appendChild(p);
      return;
    }
    var s = stored();
    if (s) {
      var raw;
      try { raw = fromB64(s.key); } catch (e) { raw = null; }
      if (raw) {
        unwrap(raw, KEYS.slots[s.slot]).then(function (key) {
          return show(key).catch(fail);
        }, function () {
          forget();
          showForm();
        });
        return;
      }
    }
    showForm();
  }
  function showForm() {
    form.hidden = false;
    input.focus();
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var password = input.value;
      if (!password) { say(WORDS.empty, true); input.focus(); return; }
      submit.disabled = true;
      input.setAttribute("aria-busy", "true");
      say(WORDS.working);
      tryPassword(password).then(function (key) {
        say("");
        return show(key).catch(fail);
      }, function () {
        submit.disabled = false;
        input.removeAttribute("aria-busy");
        say(WORDS.wrong, true);
        input.setAttribute("aria-invalid", "true");
        input.focus();
        input.select();
      });
    });
  }
  start();
})();

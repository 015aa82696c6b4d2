/* Offline reading, on every page (plugins/conference/offline.py; the worker is sw.js).
   Once the page has loaded and the browser is idle, it registers the site's service worker
   and asks it to keep this page and its theme. On an edition's pages (data-edition: the
   edition's offline.json) it also keeps the edition's schedule, wall, roundup and people
   pages, and its session pages too, unless the build found them too heavy to fetch
   unasked: then the "Keep this edition offline: 2.1 MB" button fetches them, and the
   choice is remembered (a rebuild empties the worker's cache). On the offline page,
   "Try again" leads back to the page the reader asked for. */
(function () {
  "use strict";
  var doc = document, script = doc.currentScript;
  if (!script) return;
  var root = new URL(script.getAttribute("data-root") || "/", location.href);

  /* the offline page's "Try again": the page asked for (?from=, a path inside the site) */
  function retry() {
    var link = doc.querySelector(".offline-retry");
    var from = new URLSearchParams(location.search).get("from");
    if (!link || !from) return;
    var target = new URL(from, root);
    if (target.origin === root.origin && target.href.indexOf(root.href) === 0) link.href = target.href;
  }

  var pending = {}, serial = 0;
  /* ask the worker to keep ``urls``; resolves when it has (whatever it could fetch) */
  function keep(registration, urls) {
    var id = "k" + (++serial);
    return new Promise(function (resolve) {
      pending[id] = resolve;
      registration.active.postMessage({cache: urls, id: id});
    });
  }

  /* the language's search page and Pagefind's code, metadata and wasm (the index chunks a
     search needs are kept as they are fetched online) */
  function searchFiles() {
    var page = script.getAttribute("data-search"), bundle = script.getAttribute("data-search-bundle");
    if (!page || !bundle) return Promise.resolve([]);
    var base = new URL(bundle, location.href);
    var files = [new URL(page, location.href).href, new URL("theme/js/search.js", root).href].concat(
      ["pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-worker.js"]
        .map(function (name) { return new URL(name, base).href; }));
    /* a Simplified tree's table of Traditional queries, and its script (search.js) */
    var hans = script.getAttribute("data-search-hans");
    if (hans) files.push(new URL(hans, location.href).href, new URL("theme/js/hans.js", root).href);
    var lang = doc.documentElement.lang.toLowerCase();
    /* a bundle's entry and this language's metadata (and, for the main one, its wasm) */
    function bundleFiles(at, wasm) {
      files.push(new URL("pagefind-entry.json", at).href);
      return fetch(new URL("pagefind-entry.json", at)).then(function (r) { return r.json(); }).then(function (entry) {
        var found = (entry.languages || {})[lang];
        if (found) {
          files.push(new URL("pagefind." + found.hash + ".pf_meta", at).href);
          if (wasm && found.wasm) files.push(new URL("wasm." + found.wasm + ".pagefind", at).href);
        }
      });
    }
    /* the language's other shards (plugins/search/shards.py), merged by search.js */
    var shards = fetch(new URL("shards.json", base)).then(function (r) { return r.json(); }).then(function (manifest) {
      files.push(new URL("shards.json", base).href);
      return Promise.all(((manifest.languages || {})[lang] || []).map(function (path) {
        return bundleFiles(new URL(path, base), false);
      }));
    });
    return Promise.all([bundleFiles(base, true), shards]).then(function () { return files; })
      .catch(function () { return files; });
  }

  /* this page, its stylesheets, icons, manifest and scripts */
  function pageFiles() {
    var urls = [location.href.split(/[?#]/)[0]];
    Array.prototype.forEach.call(doc.querySelectorAll("link[rel=stylesheet], link[rel=icon], link[rel=manifest], script[src]"), function (el) {
      urls.push(new URL(el.getAttribute("href") || el.getAttribute("src"), location.href).href);
    });
    return urls;
  }

  /* what the kept ``pages`` show (images, scripts, stylesheets inside the site), read from
     the kept copies with the browser's HTML parser; the worker fetches each only from the
     site itself, so a copy another script put in the cache can at most make it fetch
     more of the site */
  function assetsOf(pages) {
    var found = {};
    return Promise.all(pages.filter(function (url) { return /\.html$/.test(url); }).map(function (url) {
      return caches.match(url).then(function (r) { return r ? r.text() : ""; }).then(function (html) {
        if (!html) return;
        var parsed = new DOMParser().parseFromString(html, "text/html");
        Array.prototype.forEach.call(parsed.querySelectorAll("img[src], script[src], link[rel=stylesheet][href], link[rel=icon][href]"), function (el) {
          var target = new URL(el.getAttribute("src") || el.getAttribute("href"), url);
          target.hash = "";
          if (target.href.indexOf(root.href) === 0) found[target.href] = true;
        });
      });
    })).then(function () { return Object.keys(found); });
  }

  /* keep ``pages``, then what they show */
  function keepWithAssets(registration, pages) {
    return keep(registration, pages).then(function () { return assetsOf(pages); })
      .then(function (assets) { return assets.length ? keep(registration, assets) : null; });
  }

  /* the "Keep this edition offline" button of a large edition */
  function offerSessions(registration, list, sessions) {
    var remembered = "ruyi-offline:" + list;
    var box = doc.querySelector(".keep-offline"), button = box && box.querySelector("button");
    function fetchAll() {
      if (button) { button.disabled = true; button.textContent = button.getAttribute("data-keeping"); }
      return keepWithAssets(registration, sessions).then(function () {
        try { localStorage.setItem(remembered, "1"); } catch (e) { /* private mode: not remembered */ }
        if (button) button.textContent = button.getAttribute("data-kept");
        doc.documentElement.setAttribute("data-offline-sessions", "ready");
      }, function () {
        if (button) { button.disabled = false; button.textContent = button.getAttribute("data-failed"); }
      });
    }
    var asked = false;
    try { asked = localStorage.getItem(remembered) === "1"; } catch (e) { /* no storage */ }
    if (asked) return fetchAll().then(function () { if (box) box.hidden = false; });
    if (!button) return Promise.resolve();
    button.addEventListener("click", fetchAll);
    box.hidden = false;
    return Promise.resolve();
  }

  function edition(registration) {
    var list = script.getAttribute("data-edition");
    if (!list) return Promise.resolve();
    var base = new URL(list, location.href);
    return fetch(base).then(function (r) { return r.json(); }).then(function (data) {
      var resolve = function (path) { return new URL(path, base).href; };
      var pages = (data.pages || []).map(resolve), sessions = (data.sessions || []).map(resolve);
      if (!data.on_request) pages = pages.concat(sessions);
      return keepWithAssets(registration, pages).then(function () {
        return data.on_request ? offerSessions(registration, base.href, sessions) : null;
      });
    });
  }

  function start() {
    navigator.serviceWorker.addEventListener("message", function (event) {
      var data = event.data || {};
      if (data.id && pending[data.id]) { pending[data.id](data); delete pending[data.id]; }
    });
    navigator.serviceWorker.register(new URL("sw.js", root).href, {scope: root.href}).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      return searchFiles().then(function (more) {
        return keep(registration, pageFiles().concat(more));
      }).then(function () { return edition(registration); }).then(function () {
        doc.documentElement.setAttribute("data-offline", "ready");
      });
    }).catch(function () { /* no worker: the site works online as before */ });
  }

  /* after the page has loaded and the browser is idle: registering the worker and
     fetching the pages it keeps must not compete with the page's own loading */
  function whenIdle(run) {
    var later = function () {
      if (window.requestIdleCallback) window.requestIdleCallback(run, {timeout: 5000});
      else setTimeout(run, 1000);
    };
    if (doc.readyState === "complete") later(); else window.addEventListener("load", later);
  }

  retry();
  if ("serviceWorker" in navigator && window.isSecureContext) whenIdle(start);
}());

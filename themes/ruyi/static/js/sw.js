/* Service worker of the site (the build writes it to the site's root as sw.js, after a
   line `var VERSION = "<hash of this build>";`). Network first, the cache when the network
   fails or is very slow: online, a reader gets the rebuilt pages; offline, what was cached.
   Caches are named by the build's version and older ones are deleted on activation, so a
   rebuild never leaves an old theme or schedule behind. Pages ask it (offline.js:
   postMessage {cache: [urls], id}) to keep themselves, the theme's assets and an edition's
   pages; it answers {cached, id}.
   Offline reading is honest: on install it keeps every language's offline page (the build
   writes `var OFFLINE = {pages, default, assets};` before this code), and a page it has not
   kept, asked for while the network fails, is sent there (a redirect to the offline page of
   the page's language, ?from= the page asked for), never to the browser's error page.
   The Cache API is shared with every script of the origin, so the cache is not trusted:
   the worker keeps only answers it fetched itself from the site's own URLs (inside its
   scope), and serves from the cache only an answer that is such a fetch of the very URL
   asked for (type "basic", not redirected, its URL the request's): a page put there by
   another script (new Response(...), or another URL's answer) is never served. */
/* global VERSION, OFFLINE */
"use strict";
var CACHE = "ruyi-" + (typeof VERSION === "string" ? VERSION : "dev");
var PAGES = typeof OFFLINE === "object" && OFFLINE ? OFFLINE : {pages: {}, assets: []};

/* the offline pages and their theme are kept before the worker takes over */
self.addEventListener("install", function (event) {
  var urls = Object.keys(PAGES.pages).map(function (segment) { return PAGES.pages[segment]; })
    .concat(PAGES.assets).map(function (path) { return new URL(path, self.registration.scope).href; });
  event.waitUntil(keep(urls).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf("ruyi-") === 0 && name !== CACHE; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

/* the URL without its query and fragment, if it is one of the site's (inside the worker's
   scope), else null */
function own(url) {
  var parsed;
  try { parsed = new URL(url, self.registration.scope); } catch (e) { return null; }
  parsed.search = ""; parsed.hash = "";
  return parsed.href.indexOf(self.registration.scope) === 0 ? parsed.href : null;
}

/* an answer the worker itself fetched from the site for ``url`` */
function trusted(response, url) {
  return !!response && response.type === "basic" && !response.redirected && response.ok &&
    own(response.url) !== null && own(response.url) === own(url);
}

/* fetch ``request`` (the worker's own request) and keep the answer if it is the site's */
function store(cache, request) {
  return fetch(request).then(function (response) {
    if (trusted(response, request.url)) return cache.put(request, response);
  });
}

function keep(urls) {
  return caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.filter(function (url) { return typeof url === "string" && own(url); })
      .map(function (url) {
        return cache.match(url).then(function (found) {
          if (trusted(found, url)) return null;
          return store(cache, new Request(new URL(url, self.registration.scope).href))
            .catch(function () { /* a missing page is not fatal */ });
        });
      }));
  });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (!Array.isArray(data.cache)) return;
  var source = event.source;
  event.waitUntil(keep(data.cache.slice(0, 5000)).then(function () {
    if (source) source.postMessage({cached: data.cache.length, version: CACHE, id: String(data.id || "")});
  }));
});

function cached(request) {
  return caches.open(CACHE).then(function (cache) {
    return cache.matchAll(request, {ignoreSearch: true});
  }).then(function (found) {
    return found.filter(function (response) { return trusted(response, request.url); })[0];
  });
}

/* for a page asked for while offline and not kept: a redirect to the offline page of its
   language tree (the default language's outside the trees), if that page is kept */
function offlinePage(request) {
  if (request.mode !== "navigate") return Promise.resolve(null);
  var path = own(request.url).slice(self.registration.scope.length);
  var segment = path.split("/")[0];
  var page = PAGES.pages[segment] || PAGES.pages[PAGES["default"]];
  if (!page) return Promise.resolve(null);
  var target = new URL(page, self.registration.scope);
  if (own(request.url) === target.href) return Promise.resolve(null);
  return cached(new Request(target.href)).then(function (found) {
    if (!found) return null;
    target.search = "?from=" + encodeURIComponent(path);
    return Response.redirect(target.href, 302);
  });
}

/* network first; the cache when the network fails, or when it has not answered within
   SLOW ms (a venue's network) and the cache has the page -- the network's answer still
   refreshes the cache for the next time */
var SLOW = 4000;
self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || !own(request.url)) return;
  var network = fetch(request).then(function (response) {
    if (trusted(response, request.url)) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  });
  event.respondWith(new Promise(function (resolve) {
    var done = false;
    function answer(response) { if (!done && response) { done = true; resolve(response); } }
    var timer = setTimeout(function () { cached(request).then(answer); }, SLOW);
    network.then(function (response) { clearTimeout(timer); answer(response); }, function () {
      clearTimeout(timer);
      cached(request).then(function (found) { return found || offlinePage(request); })
        .then(function (found) { answer(found || Response.error()); });
    });
  }));
});

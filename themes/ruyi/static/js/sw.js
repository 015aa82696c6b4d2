/* Service worker of the site (the build writes it to the site's root as sw.js, after a
   line `var VERSION = "<hash of this build>";`). Network first, the cache when the network
   fails or is very slow: online, a reader gets the rebuilt pages; offline, what was cached.
   Caches are named by the build's version and older ones are deleted on activation, so a
   rebuild never leaves an old theme or schedule behind. A page of an edition asks it
   (postMessage {cache: [urls]}) to keep the edition's schedule, data, session pages and the
   theme's assets after the first visit.
   The Cache API is shared with every script of the origin, so the cache is not trusted:
   the worker keeps only answers it fetched itself from the site's own URLs (inside its
   scope), and serves from the cache only an answer that is such a fetch of the very URL
   asked for (type "basic", not redirected, its URL the request's): a page put there by
   another script (new Response(...), or another URL's answer) is never served. */
/* global VERSION */
"use strict";
var CACHE = "ruyi-" + (typeof VERSION === "string" ? VERSION : "dev");

self.addEventListener("install", function () { self.skipWaiting(); });

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
    if (source) source.postMessage({cached: data.cache.length, version: CACHE});
  }));
});

function cached(request) {
  return caches.open(CACHE).then(function (cache) {
    return cache.matchAll(request, {ignoreSearch: true});
  }).then(function (found) {
    return found.filter(function (response) { return trusted(response, request.url); })[0];
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
      cached(request).then(function (found) { answer(found || Response.error()); });
    });
  }));
});

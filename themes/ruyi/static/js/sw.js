/* Service worker of the site (the build writes it to the site's root as sw.js, after a
   line `var VERSION = "<hash of this build>";`). Network first, the cache when the network
   fails or is very slow: online, a reader gets the rebuilt pages; offline, what was cached.
   Caches are named by the build's version and older ones are deleted on activation, so a
   rebuild never leaves an old theme or schedule behind. A page of an edition asks it
   (postMessage {cache: [urls]}) to keep the edition's schedule, data, session pages and the
   theme's assets after the first visit. */
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

function keep(urls) {
  return caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (url) {
      return cache.match(url).then(function (found) {
        return found || cache.add(url).catch(function () { /* a missing page is not fatal */ });
      });
    }));
  });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (!Array.isArray(data.cache)) return;
  var source = event.source;
  event.waitUntil(keep(data.cache).then(function () {
    if (source) source.postMessage({cached: data.cache.length, version: CACHE});
  }));
});

function cached(request) {
  return caches.open(CACHE).then(function (cache) { return cache.match(request, {ignoreSearch: true}); });
}

/* network first; the cache when the network fails, or when it has not answered within
   SLOW ms (a venue's network) and the cache has the page -- the network's answer still
   refreshes the cache for the next time */
var SLOW = 4000;
self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  var network = fetch(request).then(function (response) {
    if (response.ok && response.type === "basic") {
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

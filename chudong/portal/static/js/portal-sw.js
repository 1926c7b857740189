/* chudong service worker (served at /sw.js, scope /).
 *
 * Caches the shell (style sheet, icon, this app's script, the offline page) when it is
 * installed. Pages always come from the network (they hold personal data and must be
 * fresh); when the network is down, a page request gets the offline page. Static files
 * are served from the cache first. Nothing else is cached.
 */
"use strict";
// Named after the shell files' content (the view fills in __VERSION__): a changed style
// sheet or script makes a new worker, which caches the new files and drops the old cache.
var CACHE = "chudong-shell-__VERSION__";
var OFFLINE_URL = "__OFFLINE_URL__";
var SHELL = __SHELL__;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) { return cache.addAll(SHELL); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) { return key !== CACHE; })
        .map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request).catch(function () {
        return caches.match(OFFLINE_URL);
      })
    );
    return;
  }
  if (SHELL.indexOf(url.pathname) !== -1) {
    event.respondWith(
      caches.match(request).then(function (hit) { return hit || fetch(request); })
    );
  }
});

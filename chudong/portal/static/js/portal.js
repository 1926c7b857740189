/* The member portal: registers the service worker (installable web app, offline page),
 * shows the current value beside the correction form, reloads the offline page when the
 * network returns,
 * and adds the manifest link, from a static file (the CSP forbids inline scripts). */
(function () {
  "use strict";
  if (!document.querySelector('link[rel="manifest"]')) {
    var link = document.createElement("link");
    link.rel = "manifest";
    link.href = "/manifest.webmanifest";
    document.head.appendChild(link);
  }
  // The offline page stands in for the page that could not load (a scanned check-in
  // link, say): when the network returns, load that page for real.
  // "online" only says an interface is up: reload once the server itself answers (not
  // on /offline/ itself, which would reload forever).
  var offline = document.getElementById("portal-offline");
  if (offline && window.location.pathname !== offline.getAttribute("data-offline-url")) {
    var retry = function () {
      window.fetch(window.location.href, { method: "HEAD", cache: "no-store" })
        .then(function () { window.location.reload(); }, function () { /* still offline */ });
    };
    window.addEventListener("online", retry);
    window.setInterval(retry, 5000);
  }
  // The correction form: show what the record now says for the chosen field.
  var select = document.querySelector("select[name=field]");
  var current = document.getElementById("portal-current");
  var values = document.getElementById("portal-current-values");
  if (select && current && values) {
    select.addEventListener("change", function () {
      var row = values.querySelector('li[data-field="' + select.value + '"]');
      current.hidden = !row;
      if (row) current.querySelector("strong").textContent = row.textContent;
    });
  }
  if ("serviceWorker" in navigator && window.isSecureContext) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {
        /* an old browser or a blocked worker: the pages still work online */
      });
    });
  }
})();

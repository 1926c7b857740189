/* The member portal: registers the service worker (installable web app, offline page)
 * and adds the manifest link, from a static file (the CSP forbids inline scripts). */
(function () {
  "use strict";
  if (!document.querySelector('link[rel="manifest"]')) {
    var link = document.createElement("link");
    link.rel = "manifest";
    link.href = "/manifest.webmanifest";
    document.head.appendChild(link);
  }
  if ("serviceWorker" in navigator && window.isSecureContext) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {
        /* an old browser or a blocked worker: the pages still work online */
      });
    });
  }
})();

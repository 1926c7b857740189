/* Activities: the one-tap QR check-in, which also works without network.
 *
 * The tap is sent with the time it was made. When the request cannot reach the server
 * (no network in the hall), the check-in is kept in localStorage and sent again when the
 * browser reports the network back (the `online` event), when a page that loads this
 * file opens, and every 15 seconds while something waits. The server accepts it with the
 * time of the tap, as long as that lies within the activity's window; it records a
 * member once, so sending twice is harmless.
 */
(function () {
  "use strict";
  var KEY = "chudong.activities.checkins";
  var RETRY_MS = 15000;
  var timer = null;
  var flushing = false;

  function load() {
    try {
      var items = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(items) ? items : [];
    } catch (e) {
      return [];
    }
  }

  function save(items) {
    try {
      if (items.length) window.localStorage.setItem(KEY, JSON.stringify(items));
      else window.localStorage.removeItem(KEY);
    } catch (e) { /* private mode: nothing to keep */ }
    showQueued(items);
    schedule(items);
  }

  function schedule(items) {
    if (items.length && timer === null) {
      timer = window.setInterval(flush, RETRY_MS);
    } else if (!items.length && timer !== null) {
      window.clearInterval(timer);
      timer = null;
    }
  }

  /* Resolves with the server's JSON answer; rejects only when the network failed. */
  function send(item) {
    var body = new URLSearchParams();
    body.set("scanned_at", item.scanned_at);
    body.set("csrfmiddlewaretoken", item.csrf);
    return window.fetch(item.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": item.csrf }
    }).then(function (response) {
      return response.json().catch(function () {
        return { ok: false, html: true, status: response.status };
      });
    });
  }

  function statusOf(form) {
    return form ? form.querySelector(".act-status") : null;
  }

  function say(form, text, isError) {
    var status = statusOf(form);
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("act-error", Boolean(isError));
  }

  function onThisPage(item) {
    return item.url === window.location.pathname;
  }

  function flush() {
    if (flushing) return;
    var items = load();
    if (!items.length) return;
    flushing = true;
    var remaining = [];
    var form = document.querySelector(".act-checkin-form");
    var next = null;
    var chain = Promise.resolve();
    items.forEach(function (item) {
      chain = chain.then(function () {
        return send(item).then(function (answer) {
          if (answer.html) {
            // Not an answer about the check-in (a login page...): keep it for later.
            remaining.push(item);
          } else if (onThisPage(item)) {
            if (answer.ok) next = answer.redirect;
            else say(form, answer.message, true);
          }
        }, function () {
          remaining.push(item);
        });
      });
    });
    chain.then(function () {
      flushing = false;
      // Forget what was sent before leaving the page, so the next page does not send it
      // again; reload only a page that still offers the button.
      save(remaining);
      if (next && form) window.location.assign(next);
    });
  }

  function showQueued(items) {
    var note = document.querySelector(".act-queued");
    if (!note) return;
    note.hidden = !items.length;
    note.textContent = items.length ? note.getAttribute("data-label") + " " + items.length : "";
  }

  function wire(form) {
    var button = form.querySelector("button[type=submit]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var item = {
        url: window.location.pathname,
        scanned_at: new Date().toISOString(),
        csrf: form.querySelector("input[name=csrfmiddlewaretoken]").value
      };
      button.disabled = true;
      say(form, form.getAttribute("data-sending-label"), false);
      send(item).then(function (answer) {
        if (answer.ok) {
          window.location.assign(answer.redirect);
        } else if (answer.html) {
          // Let the server answer in full (e.g. the session ended: the login page).
          form.querySelector("input[name=scanned_at]").value = item.scanned_at;
          form.submit();
        } else {
          button.disabled = false;
          say(form, answer.message, true);
        }
      }, function () {
        var items = load().filter(function (queued) { return queued.url !== item.url; });
        items.push(item);
        save(items);
        form.classList.add("act-queued-form");
        say(form, form.getAttribute("data-queue-label"), false);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector(".act-checkin-form");
    if (form) wire(form);
    showQueued(load());
    schedule(load());
    if (navigator.onLine) flush();
  });
  window.addEventListener("online", flush);
})();

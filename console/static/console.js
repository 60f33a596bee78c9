// Live parts of the console: regions with data-refresh reload every few seconds (new user messages,
// new tickets, an import's progress, until the region shows data-done), and a canned reply goes into the reply box to be edited before sending.
"use strict";
(function () {
  function refresh(region) {
    var busy = false;
    var timer = setInterval(function () {
      if (region.querySelector("[data-done]")) { clearInterval(timer); return; }
      // A hidden tab is left alone, except the inbox: its alerts must reach an advisor working elsewhere.
      if (busy || (document.hidden && !region.dataset.always)) return;
      busy = true;
      fetch(region.dataset.refresh, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (reply) { return reply.ok ? reply.text() : null; })
        .then(function (html) {
          if (html !== null && html !== region.dataset.last) {
            region.dataset.last = html;
            region.innerHTML = html;
            region.dispatchEvent(new CustomEvent("alku:refreshed", { bubbles: true }));
          }
        })
        .catch(function () {})
        .finally(function () { busy = false; });
    }, Number(region.dataset.every) || (region.id === "lines" ? 2000 : 5000));
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-refresh]").forEach(refresh);
    var canned = document.getElementById("canned");
    if (canned) {
      canned.addEventListener("change", function () {
        var box = document.getElementById(canned.dataset.target);
        if (canned.value) { box.value = canned.value; box.focus(); }
      });
    }
  });
})();

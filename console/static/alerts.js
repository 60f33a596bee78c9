// New-ticket alerts on the inbox: the number waiting in the page title, a short sound (can be turned
// off; urgent tickets always sound) and a desktop notification when the advisor has allowed them.
// The inbox region reloads itself (console.js) and says "alku:refreshed"; a ticket id seen for the
// first time since the page opened is new.
"use strict";
(function () {
  var SOUND_KEY = "alku.alertSound";
  var seen = null;

  function waiting() {
    var table = document.querySelector("#queues table.waiting");
    var ids = table ? table.dataset.waiting.trim().split(/\s+/).filter(Boolean) : [];
    return ids.map(function (id) { return { id: id.replace("!", ""), urgent: id.endsWith("!") }; });
  }

  function beep(urgent) {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    try {
      var audio = new Context();
      (urgent ? [880, 660, 880] : [660]).forEach(function (pitch, index) {
        var tone = audio.createOscillator(), volume = audio.createGain();
        tone.frequency.value = pitch;
        volume.gain.value = 0.15;
        tone.connect(volume).connect(audio.destination);
        tone.start(audio.currentTime + index * 0.25);
        tone.stop(audio.currentTime + index * 0.25 + 0.18);
      });
    } catch (error) { /* a browser that refuses sound before any click: the title still counts */ }
  }

  function notify(box, count, urgent) {
    if (!("Notification" in window) || Notification.permission !== "granted") return;
    var note = new Notification(urgent ? box.dataset.notifyUrgent : box.dataset.notifyTitle, {
      body: String(count), tag: "alku-inbox", requireInteraction: urgent
    });
    note.onclick = function () { window.focus(); note.close(); };
  }

  function look(box, sound) {
    var now = waiting();
    document.title = (now.length ? "(" + now.length + ") " : "") + box.dataset.title;
    if (seen === null) { seen = new Set(now.map(function (t) { return t.id; })); return; }
    var fresh = now.filter(function (t) { return !seen.has(t.id); });
    fresh.forEach(function (t) { seen.add(t.id); });
    if (!fresh.length) return;
    var urgent = fresh.some(function (t) { return t.urgent; });
    if (sound.checked || urgent) beep(urgent);
    notify(box, fresh.length, urgent);
    document.body.dataset.alerts = String(Number(document.body.dataset.alerts || 0) + 1);
    document.body.dataset.lastAlert = urgent ? "urgent" : "new";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("alerts");
    if (!box) return;
    var sound = document.getElementById("alert-sound");
    sound.checked = localStorage.getItem(SOUND_KEY) !== "off";
    sound.addEventListener("change", function () { localStorage.setItem(SOUND_KEY, sound.checked ? "on" : "off"); });
    var desktop = document.getElementById("alert-desktop");
    if ("Notification" in window && Notification.permission === "default") {
      desktop.hidden = false;
      desktop.addEventListener("click", function () {
        Notification.requestPermission().then(function () { desktop.hidden = true; });
      });
    }
    look(box, sound);
    document.addEventListener("alku:refreshed", function (event) {
      if (event.target.id === "queues") look(box, sound);
    });
  });
})();

/* Jisr console: small behaviours on top of htmx (no inline script: the CSP forbids it).
 * - Danger alert: every queue refresh carries the keys of open priority-0 escalations (the id, plus the
 *   release time when one came back released); a key not seen before shows the banner, beeps (Web Audio)
 *   and marks the tab title.
 * - Forms with class "reset-after" are cleared after a successful htmx request.
 * - <select class="autosubmit"> submits its form on change. */
(function () {
  "use strict";
  var seen = null;            // ids of open danger escalations already known (null until first load)
  var audio = null;
  var baseTitle = document.title;

  function beep() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      if (audio.state === "suspended") { audio.resume(); }
      [0, 0.25, 0.5].forEach(function (delay) {
        var osc = audio.createOscillator(), gain = audio.createGain();
        osc.type = "square"; osc.frequency.value = 880;
        gain.gain.value = 0.08;
        osc.connect(gain); gain.connect(audio.destination);
        osc.start(audio.currentTime + delay); osc.stop(audio.currentTime + delay + 0.15);
      });
    } catch (e) { /* no audio: the visual alert remains */ }
  }

  function checkDanger() {
    var data = document.querySelector("#queue .queue-data");
    if (!data) { return; }
    var ids = (data.getAttribute("data-danger-ids") || "").split(",").filter(Boolean);
    if (seen === null) { seen = new Set(ids); return; }
    var fresh = ids.filter(function (id) { return !seen.has(id); });
    ids.forEach(function (id) { seen.add(id); });
    if (fresh.length) {
      var banner = document.getElementById("danger-alert");
      if (banner) { banner.hidden = false; banner.classList.add("flash"); }
      document.title = "(!) " + baseTitle;
      beep();
      fresh.forEach(function (key) {  // "id", or "id.releaseTime" for a danger conversation released again
        var row = document.querySelector('#queue tr[data-escalation-id="' + key.split(".")[0] + '"]');
        if (row) { row.classList.add("fresh"); }
      });
    }
  }

  // Waiting times tick here (the server re-renders the queue only when it changes).
  function clock(seconds) {
    var h = Math.floor(seconds / 3600), m = Math.floor(seconds % 3600 / 60), s = seconds % 60;
    var mm = h ? String(m).padStart(2, "0") : String(m);
    return (h ? h + ":" : "") + mm + ":" + String(s).padStart(2, "0");
  }
  function stamp() {
    var now = Date.now();
    document.querySelectorAll(".ticking").forEach(function (el) { el.dataset.t0 = String(now); });
  }
  setInterval(function () {
    var now = Date.now();
    document.querySelectorAll(".ticking").forEach(function (el) {
      var age = Number(el.dataset.age) + Math.floor((now - Number(el.dataset.t0 || now)) / 1000);
      el.textContent = clock(age);
    });
  }, 1000);

  document.addEventListener("DOMContentLoaded", function () {
    stamp();
    checkDanger();
    var dismiss = document.getElementById("dismiss-alert");
    if (dismiss) {
      dismiss.addEventListener("click", function () {
        document.getElementById("danger-alert").hidden = true;
        document.title = baseTitle;
      });
    }
    var sound = document.getElementById("enable-sound");
    if (sound) {
      sound.addEventListener("click", function () { beep(); sound.disabled = true; });
    }
    document.querySelectorAll("select.autosubmit").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  });

  // The conversation is re-rendered by polling: keep the reader at the bottom when they were there
  // (new messages come into view), else keep their place.
  var stick = true, keptTop = 0;
  function messagesList() { return document.querySelector("#messages .messages"); }
  document.addEventListener("htmx:beforeSwap", function (evt) {
    var list = messagesList();
    if (evt.detail.target && evt.detail.target.id === "messages" && list) {
      stick = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
      keptTop = list.scrollTop;
    }
  });
  document.addEventListener("htmx:afterSwap", function (evt) {
    if (!evt.detail.target) { return; }
    if (evt.detail.target.id === "queue") { stamp(); checkDanger(); }
    if (evt.detail.target.id === "messages") {
      var list = messagesList();
      if (list) { list.scrollTop = stick ? list.scrollHeight : keptTop; }
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var list = messagesList();
    if (list) { list.scrollTop = list.scrollHeight; }
  });

  document.addEventListener("htmx:afterRequest", function (evt) {
    var elt = evt.detail.elt;
    if (evt.detail.successful && elt && elt.classList && elt.classList.contains("reset-after") &&
        evt.detail.xhr.getResponseHeader("X-Reply-Sent") === "1") {
      elt.reset();
    }
  });
})();

/* Jisr web chat: a small client of the Rasa-compatible REST channel (see bot/channels/rest.py).
 *
 * - UI strings come from the server (GET /webchat/strings.json?variety=…, from locales/<variety>/webchat.ftl);
 *   the page switches direction (rtl for ary/ar) and language with the variety: the one chosen in the menu, or
 *   the one the bot's replies are written in (custom.variety), so writing in French turns the page French. The
 *   labels of the bubbles already shown ("you", the bot, a person of the team) follow too.
 * - First screen: with nothing in the transcript, the page posts /start silently (no bubble of the person): the
 *   bot's welcome with the menu buttons is there before anything is typed, in the page's variety
 *   (metadata.language), and the server's conversation state matches what is shown.
 * - The language menu posts /lang:<variety> silently (no bubble): the page and the bot's reply switch language.
 *   Before the person has written anything, the transcript is replaced by the welcome in the new language;
 *   during a journey the bot asks its current question again in the new language.
 * - Layout (phones first): header + emergency numbers, the transcript (#scroller, the only part that scrolls)
 *   and the dock (notices + message bar) fill the *visible* viewport (window.visualViewport: the on-screen
 *   keyboard shrinks it). The newest bubble, with its answer buttons, is scrolled to just above the message bar
 *   whenever something is added or the viewport/dock changes size (unless the person scrolled up to read).
 * - Notices (thinking, errors, a message too long) are shown in the dock, right above the message bar; a failed
 *   request gets a "retry" button (same message_id: the server answers a redelivery once).
 * - The sender id is a random UUID kept in sessionStorage (gone when the tab closes); the transcript too,
 *   so a reload keeps the conversation.
 * - Quick exit (button, or the Escape key): tells the server to erase the conversation (the /quick_exit
 *   command, in a keepalive request that outlives the page), stops everything, empties the page, clears
 *   sessionStorage and localStorage, then leaves with location.replace() for a neutral site (the chat is not
 *   kept as the current history entry). A quick exit the server asked for (the exit button of the menu) has
 *   already erased it.
 * - A message whose request would be over the server's MAX_MESSAGE_BYTES (given in strings.json) is not sent:
 *   a kind localized note (webchat-too-long) asks for a shorter one and the text stays in the box; a 413 from
 *   the server gets the same note and the text goes back into the box.
 * - Location: the browser geolocation API; the point goes in metadata.location.
 * - Asynchronous messages (an operator's reply) are polled from GET /webhooks/rest/outbox every 4 s; a message
 *   with custom.sender "operator" is labelled as a person of the team (webchat-operator), "center" as the team of
 *   the center a referral went to (webchat-center), not as the bot.
 * - Bidi controls are neutralised in what is shown (displayText): no embedding or override (U+202A–U+202E, an
 *   RLO would show what follows reversed); isolates (U+2066–U+2069) are removed from what a person typed (the
 *   person, an operator) and kept in the bot's texts only as balanced pairs (Fluent's FSI…PDI). What is sent
 *   to the server is the text as typed (the safety net reads the original).
 */
(function () {
  "use strict";
  var KEY_SENDER = "jisr.sender", KEY_VARIETY = "jisr.variety", KEY_LOG = "jisr.log", KEY_SEQ = "jisr.seq";
  var COMPACT_BELOW = 560;  // visible height (px) under which the header gets compact (keyboard open, landscape)
  var state = { strings: {}, variety: "ary", exitUrl: "https://www.google.com/", pollTimer: null, exiting: false,
                maxBytes: 65536, queue: Promise.resolve(), stick: true };
  var $ = function (id) { return document.getElementById(id); };

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var a = new Uint8Array(16); crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function store(k, v) { try { sessionStorage.setItem(k, v); } catch (e) { /* storage disabled */ } }
  function load(k) { try { return sessionStorage.getItem(k); } catch (e) { return null; } }
  function sender() { var s = load(KEY_SENDER); if (!s) { s = uuid(); store(KEY_SENDER, s); } return s; }
  /* This tab's messages are numbered 1, 2, 3… (metadata.seq): the server handles them in that order. */
  function nextSeq() { var n = (parseInt(load(KEY_SEQ), 10) || 0) + 1; store(KEY_SEQ, String(n)); return n; }
  function t(key) { return state.strings[key] || ""; }

  function initialVariety() {
    var saved = load(KEY_VARIETY);
    if (saved) return saved;
    var nav = (navigator.language || "").toLowerCase();
    if (nav.indexOf("fr") === 0) return "fr";
    return "ary";
  }

  /* ---- layout: the visible viewport, the newest message above the message bar ---- */
  function fitViewport() {
    var vv = window.visualViewport, root = document.documentElement;
    var zoomed = vv && vv.scale > 1.01;  // pinch zoom: keep the layout, the person pans
    var h = vv && !zoomed ? vv.height : window.innerHeight, top = vv && !zoomed ? vv.offsetTop : 0;
    root.style.setProperty("--app-height", Math.round(h) + "px");
    root.style.setProperty("--vv-top", Math.max(0, Math.round(top)) + "px");
    root.classList.toggle("compact", h < COMPACT_BELOW);
  }
  function atBottom() { var s = $("scroller"); return s.scrollHeight - s.scrollTop - s.clientHeight < 32; }
  /* The newest bubble ends at the bottom of the transcript, i.e. right above the message bar: its answer
   * buttons are in view (a bubble taller than the room shows its end: the question and its buttons). */
  function reveal() { var s = $("scroller"); s.scrollTop = s.scrollHeight; state.stick = true; }
  function watchLayout() {
    fitViewport();
    if (window.visualViewport) {
      window.visualViewport.addEventListener("resize", fitViewport);
      window.visualViewport.addEventListener("scroll", fitViewport);
    }
    window.addEventListener("resize", fitViewport);
    $("scroller").addEventListener("scroll", function () { state.stick = atBottom(); }, { passive: true });
    if (window.ResizeObserver) {  // keyboard, a notice, a growing message box, fonts: keep the newest in view
      var ro = new ResizeObserver(function () { if (state.stick) reveal(); });
      ro.observe($("scroller")); ro.observe($("log"));
    }
  }

  /* ---- notices, in the dock right above the message bar ---- */
  function notify(key, opts) {
    opts = opts || {};
    $("status").textContent = key ? t(key) : "";
    $("notice").classList.toggle("alert", !!(key && opts.alert));
    var retry = $("retry");
    retry.hidden = !opts.retry;
    retry.onclick = opts.retry ? function () { notify(""); opts.retry(); } : null;
  }

  function applyStrings(data) {
    state.strings = data.strings; state.variety = data.variety; state.exitUrl = data.quick_exit_url || state.exitUrl;
    state.maxBytes = data.max_message_bytes || state.maxBytes;
    document.documentElement.lang = data.lang; document.documentElement.dir = data.dir;
    document.title = t("webchat-title");
    $("title").textContent = t("webchat-title");
    $("subtitle").textContent = t("webchat-subtitle");
    $("quick-exit").textContent = t("webchat-quick-exit");
    $("quick-exit-hint").textContent = t("webchat-quick-exit-hint");
    $("language-label").textContent = t("webchat-language");
    $("message-label").textContent = t("webchat-input-label");
    $("message").placeholder = t("webchat-placeholder");
    $("send-label").textContent = t("webchat-send");
    $("share-location-label").textContent = t("webchat-share-location");
    $("share-location").title = t("webchat-share-location");
    $("retry").textContent = t("webchat-retry");
    $("transcript").setAttribute("aria-label", t("webchat-log-label"));
    $("emergency-title").textContent = t("webchat-emergency-title");
    $("privacy-note").textContent = t("webchat-privacy-note");
    var list = $("emergency-list"); list.textContent = "";
    data.emergency.forEach(function (n) {
      var li = document.createElement("li"), name = document.createElement("span"), a = document.createElement("a");
      name.className = "name"; name.textContent = n.label + " ";
      a.href = "tel:" + n.number; a.textContent = n.number; a.dir = "ltr";
      li.appendChild(name); li.appendChild(a); list.appendChild(li);
    });
    var sel = $("language"); sel.textContent = "";
    data.languages.forEach(function (l) {
      var o = document.createElement("option"); o.value = l.variety; o.textContent = l.name; o.dir = l.dir;
      if (l.variety === data.variety) o.selected = true; sel.appendChild(o);
    });
    relabel();
  }

  function fetchStrings(variety) {
    return fetch("/webchat/strings.json?variety=" + encodeURIComponent(variety), { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); }).then(applyStrings);
  }

  /* The language of a message text, for screen readers and fonts: the page's language when the script matches
   * it (Arabic letters in an Arabic page, Latin letters in a French/Arabizi page), "ar" for Arabic script in a
   * Latin page, and "" (unknown) for Latin text in an Arabic page (French or Arabizi: we cannot tell). */
  var ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]/g, LATIN = /[A-Za-z\u00C0-\u024F]/g;
  function langOf(text) {
    var ar = (text.match(ARABIC) || []).length, la = (text.match(LATIN) || []).length;
    var rtlPage = document.documentElement.dir === "rtl", pageLang = document.documentElement.lang;
    if (ar >= la) return rtlPage ? pageLang : "ar";
    return rtlPage ? "" : pageLang;
  }

  /* ---- bidi controls (same rule as locales.neutralize_bidi on the server) ---- */
  var EMBEDDINGS = /[\u202A-\u202E]/g, ISOLATES = /[\u2066-\u2069]/g;
  function neutralizeBidi(text, keepIsolates) {
    text = String(text || "").replace(EMBEDDINGS, "");
    if (!keepIsolates) return text.replace(ISOLATES, "");
    var out = [], opened = [];
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      if (ch === "\u2066" || ch === "\u2067" || ch === "\u2068") opened.push(out.length);
      else if (ch === "\u2069") { if (!opened.length) continue; opened.pop(); }
      out.push(ch);
    }
    opened.forEach(function (pos) { out[pos] = ""; });  // never closed: would isolate the rest of the text
    return out.join("");
  }
  function displayText(item, text) { return neutralizeBidi(text, item.who === "bot"); }

  /* ---- transcript ---- */
  function transcript() { try { return JSON.parse(load(KEY_LOG) || "[]"); } catch (e) { return []; } }
  function remember(item) { var l = transcript(); l.push(item); store(KEY_LOG, JSON.stringify(l.slice(-200))); }
  function forget(id) { store(KEY_LOG, JSON.stringify(transcript().filter(function (i) { return i.id !== id; }))); }
  function clearTranscript() { store(KEY_LOG, "[]"); $("log").textContent = ""; }

  function whoLabel(who) {
    return who === "user" ? t("webchat-you") : who === "operator" ? t("webchat-operator")
      : who === "center" ? t("webchat-center") : t("webchat-bot");
  }

  function pinIcon() {
    var NS = "http://www.w3.org/2000/svg", svg = document.createElementNS(NS, "svg"), path = document.createElementNS(NS, "path");
    svg.setAttribute("class", "icon"); svg.setAttribute("aria-hidden", "true"); svg.setAttribute("focusable", "false");
    svg.setAttribute("viewBox", "0 0 24 24"); svg.setAttribute("width", "22"); svg.setAttribute("height", "22");
    path.setAttribute("fill", "currentColor");
    path.setAttribute("d", "M12 2a7 7 0 0 0-7 7c0 5.25 7 13 7 13s7-7.75 7-13a7 7 0 0 0-7-7zm0 9.5A2.5 2.5 0 1 1 12 6.5a2.5 2.5 0 0 1 0 5z");
    svg.appendChild(path); return svg;
  }

  /* The bubbles already shown take the page's current language: sender labels, lang of the texts. */
  function relabel() {
    Array.prototype.forEach.call(document.querySelectorAll("#log .msg"), function (li) {
      var who = li.querySelector(".who"); if (who) who.textContent = whoLabel(li.dataset.who);
      var text = li.querySelector(".text"); if (text) text.lang = langOf(text.textContent);
      Array.prototype.forEach.call(li.querySelectorAll(".share-location .label"), function (l) {
        l.textContent = t("webchat-share-location");
      });
    });
  }

  function renderItem(item) {
    var li = document.createElement("li");
    li.className = "msg " + item.who;  // no dir on the bubble: its first strong character is the sender label
    li.dataset.who = item.who;
    var who = document.createElement("span"); who.className = "who";
    who.textContent = whoLabel(item.who);
    li.appendChild(who);
    if (item.text) {
      // the message text takes its own direction (a French or Arabizi message is left to right in an Arabic page)
      var p = document.createElement("span"); p.className = "text"; p.dir = "auto";
      var shown = displayText(item, item.text);
      p.lang = langOf(shown);
      p.textContent = shown; li.appendChild(p);
    }
    if (item.buttons && item.buttons.length) {
      var box = document.createElement("div"); box.className = "buttons"; box.setAttribute("role", "group");
      item.buttons.forEach(function (b) {
        var btn = document.createElement("button"); btn.type = "button"; btn.textContent = displayText(item, b.title); btn.dir = "auto";
        btn.dataset.payload = b.payload;
        btn.addEventListener("click", function () { send(b.payload, b.title); });
        box.appendChild(btn);
      });
      li.appendChild(box); li.classList.add("has-buttons");
    }
    if (item.request_location) {
      var loc = document.createElement("button"); loc.type = "button"; loc.className = "secondary icon-button share-location";
      var label = document.createElement("span"); label.className = "label"; label.textContent = t("webchat-share-location");
      loc.appendChild(pinIcon()); loc.appendChild(label); loc.addEventListener("click", shareLocation);
      var wrap = document.createElement("div"); wrap.className = "buttons"; wrap.appendChild(loc); li.appendChild(wrap);
      li.classList.add("has-buttons");
    }
    $("log").appendChild(li);
    reveal();
    return li;
  }

  function showReplies(replies) {
    var variety = null;
    replies.forEach(function (r) {
      var custom = r.custom || {};
      if (custom.quick_exit) { quickExit(true); return; }
      if (state.exiting) return;
      if (custom.variety) variety = custom.variety;
      // a person of the team, or of the center a referral went to — not the bot
      var who = custom.sender === "operator" || custom.sender === "center" ? custom.sender : "bot";
      var item = { who: who, text: r.text || "", buttons: r.buttons || [], request_location: !!custom.request_location };
      remember(item); renderItem(item);
    });
    followVariety(variety);
  }

  /* The bot answers in the variety the person writes in (custom.variety of its replies): the interface follows
     (strings, lang, dir=rtl for ary/ar and ltr for fr/ary-Latn, the language menu, the bubbles' labels). */
  function followVariety(variety) {
    if (!variety || variety === state.variety || state.exiting) return;
    if (!state.strings || !Object.keys(state.strings).length) return;
    store(KEY_VARIETY, variety);
    state.variety = variety;  // the next request's hint, even before the strings arrive
    fetchStrings(variety).catch(function () { /* offline: the interface keeps its language */ });
  }

  /* ---- sending (one request at a time, in order) ---- */
  function enqueue(fn) {
    var p = state.queue.then(fn, fn);
    state.queue = p.catch(function () { /* the caller handles it */ });
    return p;
  }

  function post(body, attempt) {
    return fetch("/webhooks/rest/webhook", {
      method: "POST", headers: { "Content-Type": "application/json" }, credentials: "same-origin",
      body: JSON.stringify(body)
    }).then(function (r) {
      if (r.status === 413) { var big = new Error("too long"); big.tooLong = true; throw big; }
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    }).catch(function (err) {
      if (err.tooLong) throw err;  // sending it again would not help
      if (attempt < 1 && !state.exiting) return post(body, attempt + 1); // same message_id: no double answer
      throw err;
    });
  }

  function bodyOf(message, location, numbered) {
    var body = { sender: sender(), message: message, message_id: uuid(), metadata: { language: state.variety } };
    if (location) body.metadata.location = location;
    body.metadata.seq = numbered === false ? 1 : nextSeq();
    return body;
  }

  /* A command the person did not type (/start, /lang:…, /menu): no bubble of theirs, the replies are returned. */
  function command(payload) {
    var body = bodyOf(payload);
    return enqueue(function () { return post(body, 0); });
  }

  /* The request the message would make is over the server's limit (MAX_MESSAGE_BYTES, in UTF-8 bytes). */
  function tooLong(message) {
    return new Blob([JSON.stringify(bodyOf(message, null, false))]).size > state.maxBytes;
  }

  function send(message, shown, location, typed) {
    if (state.exiting) return Promise.resolve();
    var item = { id: uuid(), who: "user", text: shown || message };
    remember(item);
    var li = renderItem(item);
    return deliver(bodyOf(message, location), item, li, typed);
  }

  function deliver(body, item, li, typed) {
    notify("webchat-thinking");
    return enqueue(function () { return post(body, 0); }).then(function (replies) {
      notify(""); showReplies(replies);
    }).catch(function (err) {
      if (state.exiting) return;
      if (err && err.tooLong) {  // not sent: the bubble goes, the text goes back into the box for editing
        forget(item.id); if (li.parentNode) li.parentNode.removeChild(li);
        if (typed && !$("message").value) { $("message").value = body.message; grow(); }
        notify("webchat-too-long", { alert: true });
        return;
      }
      notify("webchat-error", { alert: true, retry: function () { deliver(body, item, li, typed); } });
    });
  }

  function welcome() {
    notify("webchat-thinking");
    return command("/start").then(function (replies) { notify(""); showReplies(replies); }, function () {
      if (!state.exiting) notify("webchat-start-error", { alert: true, retry: welcome });
    });
  }

  /* The language menu: the page and the bot switch language; no bubble of the person. */
  function chooseLanguage(variety) {
    store(KEY_VARIETY, variety); state.variety = variety;
    var fresh = !transcript().some(function (i) { return i.who === "user"; });
    var strings = fetchStrings(variety).catch(function () { /* offline: keep the old strings */ });
    return strings.then(function () {
      notify("webchat-thinking");
      return command("/lang:" + variety);
    }).then(function (replies) {
      var asks = replies.some(function (r) {
        return (r.buttons || []).some(function (b) { return b.payload !== "/menu"; }) || (r.custom || {}).request_location;
      });
      if (asks) return replies;
      // nothing under way: the welcome in the new language rather than a lone "menu" button
      var notes = replies.map(function (r) { return { text: r.text, custom: r.custom }; });
      return command("/menu").then(function (more) { return notes.concat(more); });
    }).then(function (replies) {
      notify("");
      if (fresh) clearTranscript();
      showReplies(replies);
    }, function () {
      if (!state.exiting) notify("webchat-error", { alert: true, retry: function () { chooseLanguage(variety); } });
    });
  }

  function shareLocation() {
    if (!navigator.geolocation) { notify("webchat-location-unavailable", { alert: true }); return; }
    navigator.geolocation.getCurrentPosition(function (pos) {
      send("", t("webchat-location-sent"), { latitude: pos.coords.latitude, longitude: pos.coords.longitude });
    }, function () { notify("webchat-location-unavailable", { alert: true }); }, { timeout: 15000, maximumAge: 60000 });
  }

  function poll() {
    if (state.exiting) return;
    fetch("/webhooks/rest/outbox?sender=" + encodeURIComponent(sender()), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (items) { if (items.length) showReplies(items); })
      .catch(function () { /* offline: try again later */ });
  }

  /* ---- quick exit ---- */
  function forgetOnServer() {
    var s = load(KEY_SENDER);
    if (!s) return;  // never wrote: the server holds nothing
    try {
      fetch("/webhooks/rest/webhook", {
        method: "POST", headers: { "Content-Type": "application/json" }, credentials: "same-origin", keepalive: true,
        body: JSON.stringify({ sender: s, message: "/quick_exit", message_id: uuid() })
      }).catch(function () { /* offline: the server forgets it when its TTL ends */ });
    } catch (e) { /* ignore */ }
  }

  function quickExit(erasedByServer) {
    if (state.exiting) return;
    state.exiting = true;
    if (erasedByServer !== true) forgetOnServer();
    if (state.pollTimer) clearInterval(state.pollTimer);
    try { document.body.textContent = ""; } catch (e) { /* ignore */ }
    try { sessionStorage.clear(); } catch (e) { /* ignore */ }
    try { localStorage.clear(); } catch (e) { /* ignore */ }
    document.title = "";
    window.location.replace(state.exitUrl);
  }

  /* ---- the message box ---- */
  function grow() {  // one line when empty, up to a few lines (then it scrolls: CSS max-height)
    var box = $("message");
    box.style.height = "auto";
    box.style.height = (box.scrollHeight + box.offsetHeight - box.clientHeight) + "px";
  }

  function init() {
    watchLayout();
    $("quick-exit").addEventListener("click", function () { quickExit(false); });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && !(e.target && e.target.tagName === "SELECT")) quickExit(false);
    });
    $("composer").addEventListener("submit", function (e) {
      e.preventDefault();
      var box = $("message"), text = box.value.trim();
      if (!text) return;
      if (tooLong(text)) { notify("webchat-too-long", { alert: true }); box.focus(); return; }  // the text stays
      box.value = ""; grow(); send(text, null, null, true);
      box.focus();
    });
    $("message").addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); $("composer").requestSubmit(); }
    });
    $("message").addEventListener("input", function () {
      grow();
      if ($("status").textContent === t("webchat-too-long") && !tooLong($("message").value.trim())) notify("");
    });
    $("share-location").addEventListener("click", shareLocation);
    $("language").addEventListener("change", function (e) { chooseLanguage(e.target.value); });
    fetchStrings(initialVariety()).then(function () {
      var items = transcript();
      items.forEach(renderItem);
      reveal();
      if (!items.length) return welcome();
    }).catch(function () { /* offline: nothing to show yet */ }).then(function () {
      document.body.dataset.ready = "1";
    });
    state.pollTimer = setInterval(poll, 4000);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();

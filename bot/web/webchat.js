/* Jisr web chat: a small client of the Rasa-compatible REST channel (see bot/channels/rest.py).
 *
 * - UI strings come from the server (GET /webchat/strings.json?variety=…, from locales/<variety>/webchat.ftl);
 *   the page switches direction (rtl for ary/ar) and language with the variety: the one chosen in the menu, or
 *   the one the bot's replies are written in (custom.variety), so writing in French turns the page French.
 * - The sender id is a random UUID kept in sessionStorage (gone when the tab closes); the transcript too,
 *   so a reload keeps the conversation.
 * - Quick exit (button, or the Escape key): tells the server to erase the conversation (the /quick_exit
 *   command, in a keepalive request that outlives the page), stops everything, empties the page, clears
 *   sessionStorage and localStorage, then leaves with location.replace() for a neutral site (the chat is not
 *   kept as the current history entry). A quick exit the server asked for (the exit button of the menu) has
 *   already erased it.
 * - A message whose request would be over the server's MAX_MESSAGE_BYTES (given in strings.json) is not sent:
 *   a kind localized note (webchat-too-long) asks for a shorter one and the text stays in the box; a 413 from
 *   the server gets the same note.
 * - Location: the browser geolocation API; the point goes in metadata.location.
 * - Asynchronous messages (an operator's reply) are polled from GET /webhooks/rest/outbox every 4 s; a message
 *   with custom.sender "operator" is labelled as a person of the team (webchat-operator), "center" as the team of
 *   the center a referral went to (webchat-center), not as the bot.
 */
(function () {
  "use strict";
  var KEY_SENDER = "jisr.sender", KEY_VARIETY = "jisr.variety", KEY_LOG = "jisr.log";
  var state = { strings: {}, variety: "ary", exitUrl: "https://www.google.com/", pollTimer: null, exiting: false, busy: false,
                maxBytes: 65536 };
  var $ = function (id) { return document.getElementById(id); };

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var a = new Uint8Array(16); crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function store(k, v) { try { sessionStorage.setItem(k, v); } catch (e) { /* storage disabled */ } }
  function load(k) { try { return sessionStorage.getItem(k); } catch (e) { return null; } }
  function sender() { var s = load(KEY_SENDER); if (!s) { s = uuid(); store(KEY_SENDER, s); } return s; }
  function t(key) { return state.strings[key] || ""; }

  function initialVariety() {
    var saved = load(KEY_VARIETY);
    if (saved) return saved;
    var nav = (navigator.language || "").toLowerCase();
    if (nav.indexOf("fr") === 0) return "fr";
    return "ary";
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
    $("send").textContent = t("webchat-send");
    $("share-location").textContent = t("webchat-share-location");
    $("emergency-title").textContent = t("webchat-emergency-title");
    $("privacy-note").textContent = t("webchat-privacy-note");
    var list = $("emergency-list"); list.textContent = "";
    data.emergency.forEach(function (n) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = "tel:" + n.number; a.textContent = n.number; a.dir = "ltr";
      li.appendChild(document.createTextNode(n.label + " ")); li.appendChild(a); list.appendChild(li);
    });
    var sel = $("language"); sel.textContent = "";
    data.languages.forEach(function (l) {
      var o = document.createElement("option"); o.value = l.variety; o.textContent = l.name; o.dir = l.dir;
      if (l.variety === data.variety) o.selected = true; sel.appendChild(o);
    });
  }

  function fetchStrings(variety) {
    return fetch("/webchat/strings.json?variety=" + encodeURIComponent(variety), { credentials: "same-origin" })
      .then(function (r) { return r.json(); }).then(applyStrings);
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

  /* ---- transcript ---- */
  function transcript() { try { return JSON.parse(load(KEY_LOG) || "[]"); } catch (e) { return []; } }
  function remember(item) { var l = transcript(); l.push(item); store(KEY_LOG, JSON.stringify(l.slice(-200))); }

  function renderItem(item) {
    var li = document.createElement("li");
    li.className = "msg " + item.who;  // no dir on the bubble: its first strong character is the sender label
    var who = document.createElement("span"); who.className = "who";
    who.textContent = item.who === "user" ? t("webchat-you")
      : item.who === "operator" ? t("webchat-operator") : item.who === "center" ? t("webchat-center") : t("webchat-bot");
    li.appendChild(who);
    if (item.text) {
      // the message text takes its own direction (a French or Arabizi message is left to right in an Arabic page)
      var p = document.createElement("span"); p.className = "text"; p.dir = "auto";
      p.lang = langOf(item.text);
      p.textContent = item.text; li.appendChild(p);
    }
    if (item.buttons && item.buttons.length) {
      var box = document.createElement("div"); box.className = "buttons"; box.setAttribute("role", "group");
      item.buttons.forEach(function (b, i) {
        var btn = document.createElement("button"); btn.type = "button"; btn.textContent = b.title; btn.dir = "auto";
        btn.dataset.payload = b.payload;
        btn.addEventListener("click", function () { send(b.payload, b.title); });
        box.appendChild(btn);
      });
      li.appendChild(box);
    }
    if (item.request_location) {
      var loc = document.createElement("button"); loc.type = "button"; loc.className = "secondary";
      loc.textContent = t("webchat-share-location"); loc.addEventListener("click", shareLocation);
      var wrap = document.createElement("div"); wrap.className = "buttons"; wrap.appendChild(loc); li.appendChild(wrap);
    }
    $("log").appendChild(li);
    li.scrollIntoView({ block: "end" });
  }

  function showReplies(replies) {
    var variety = null;
    replies.forEach(function (r) {
      var custom = r.custom || {};
      if (custom.quick_exit) { quickExit(true); return; }
      if (custom.variety) variety = custom.variety;
      // a person of the team, or of the center a referral went to — not the bot
      var who = custom.sender === "operator" || custom.sender === "center" ? custom.sender : "bot";
      var item = { who: who, text: r.text || "", buttons: r.buttons || [], request_location: !!custom.request_location };
      remember(item); renderItem(item);
    });
    followVariety(variety);
  }

  /* The bot answers in the variety the person writes in (custom.variety of its replies): the interface follows
     (strings, lang, dir=rtl for ary/ar and ltr for fr/ary-Latn, the language menu). */
  function followVariety(variety) {
    if (!variety || variety === state.variety || state.exiting) return;
    if (!state.strings || !Object.keys(state.strings).length) return;
    store(KEY_VARIETY, variety);
    state.variety = variety;  // the next request's hint, even before the strings arrive
    fetchStrings(variety).catch(function () { /* offline: the interface keeps its language */ });
  }

  /* ---- sending ---- */
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

  function bodyOf(message, location) {
    var body = { sender: sender(), message: message, message_id: uuid(), metadata: { language: state.variety } };
    if (location) body.metadata.location = location;
    return body;
  }

  /* The request the message would make is over the server's limit (MAX_MESSAGE_BYTES, in UTF-8 bytes). */
  function tooLong(message) {
    return new Blob([JSON.stringify(bodyOf(message))]).size > state.maxBytes;
  }

  function send(message, shown, location) {
    if (state.exiting) return;
    var body = bodyOf(message, location);
    var item = { who: "user", text: shown || message };
    remember(item); renderItem(item);
    $("status").textContent = t("webchat-thinking");
    return post(body, 0).then(function (replies) {
      $("status").textContent = ""; showReplies(replies);
    }).catch(function (err) { $("status").textContent = t(err && err.tooLong ? "webchat-too-long" : "webchat-error"); });
  }

  function shareLocation() {
    if (!navigator.geolocation) { $("status").textContent = t("webchat-location-unavailable"); return; }
    navigator.geolocation.getCurrentPosition(function (pos) {
      send("", t("webchat-location-sent"), { latitude: pos.coords.latitude, longitude: pos.coords.longitude });
    }, function () { $("status").textContent = t("webchat-location-unavailable"); }, { timeout: 15000, maximumAge: 60000 });
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

  function init() {
    $("quick-exit").addEventListener("click", function () { quickExit(false); });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && !(e.target && e.target.tagName === "SELECT")) quickExit(false);
    });
    $("composer").addEventListener("submit", function (e) {
      e.preventDefault();
      var box = $("message"), text = box.value.trim();
      if (!text) return;
      if (tooLong(text)) { $("status").textContent = t("webchat-too-long"); return; }  // the text stays in the box
      box.value = ""; send(text);
      box.focus();
    });
    $("message").addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); $("composer").requestSubmit(); }
    });
    $("share-location").addEventListener("click", shareLocation);
    $("language").addEventListener("change", function (e) {
      var v = e.target.value; store(KEY_VARIETY, v);
      fetchStrings(v).then(function () { send("/lang:" + v, e.target.options[e.target.selectedIndex].text); });
    });
    fetchStrings(initialVariety()).then(function () {
      transcript().forEach(renderItem);
      document.body.dataset.ready = "1";
    });
    state.pollTimer = setInterval(poll, 4000);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();

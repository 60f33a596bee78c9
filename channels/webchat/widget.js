/* Alku web chat widget. Embed with one tag:
 *   <script src="https://<console>/widget.js" defer></script>
 * No framework needed on the host page. The conversation survives reloads (session id in
 * localStorage); advisor replies arrive live over the websocket. */
(function () {
  "use strict";
  var CONFIG = __ALKU_CONFIG__;
  var RTL = { ar: true, fa: true };
  var store = {
    get: function (key) { try { return window.localStorage.getItem("alku." + key); } catch (e) { return null; } },
    set: function (key, value) { try { window.localStorage.setItem("alku." + key, value); } catch (e) { /* private mode */ } }
  };

  function sessionId(fresh) {
    var id = fresh ? null : store.get("session");
    if (!id || !/^[A-Za-z0-9_-]{16,64}$/.test(id)) {
      var bytes = new Uint8Array(16);
      window.crypto.getRandomValues(bytes);
      id = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
      store.set("session", id);
    }
    return id;
  }

  function firstLanguage() {
    var candidates = [store.get("language"), document.documentElement.lang, navigator.language, CONFIG.defaultLanguage];
    for (var i = 0; i < candidates.length; i++) {
      var code = (candidates[i] || "").slice(0, 2).toLowerCase();
      if (CONFIG.texts[code]) return code;
    }
    return CONFIG.defaultLanguage;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text) node.textContent = text;
    return node;
  }

  var STYLE = [
    ".alku-w{position:fixed;bottom:16px;right:16px;z-index:2147483000;font:16px/1.45 system-ui,sans-serif;color:#1a1a1a}",
    ".alku-w[dir=rtl]{right:auto;left:16px}",
    ".alku-w button,.alku-w select,.alku-w textarea{font:inherit}",
    ".alku-open{background:#1f4e8c;color:#fff;border:0;border-radius:24px;padding:12px 20px;min-height:48px;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.3)}",
    ".alku-panel{display:flex;flex-direction:column;width:min(380px,calc(100vw - 32px));height:min(560px,calc(100vh - 32px));background:#fff;border:1px solid #8a99ad;border-radius:12px;box-shadow:0 4px 16px rgba(0,0,0,.25);overflow:hidden}",
    ".alku-panel[hidden]{display:none}",
    ".alku-head{display:flex;flex-wrap:wrap;align-items:center;gap:8px;padding:8px 12px;background:#1f4e8c;color:#fff}",
    ".alku-head h2{flex:1 1 auto;margin:0;font-size:1rem}",
    ".alku-head label{display:flex;align-items:center;gap:4px;font-size:.9rem}",
    ".alku-head select{padding:4px;min-height:32px}",
    ".alku-close{background:transparent;color:#fff;border:1px solid #fff;border-radius:6px;min-width:36px;min-height:36px;cursor:pointer}",
    ".alku-erase{background:transparent;color:#fff;border:0;text-decoration:underline;font-size:.85rem;min-height:32px;padding:0 4px;cursor:pointer}",
    ".alku-status{margin:0;padding:4px 12px;font-size:.85rem;color:#5a2d00;background:#fff4e0}",
    ".alku-status:empty{display:none}",
    ".alku-log{flex:1 1 auto;overflow-y:auto;margin:0;padding:12px;display:flex;flex-direction:column;gap:8px}",
    ".alku-msg{max-width:85%;padding:8px 10px;border-radius:10px;white-space:pre-wrap;overflow-wrap:anywhere}",
    ".alku-user{align-self:flex-end;background:#1f4e8c;color:#fff}",
    ".alku-bot{align-self:flex-start;background:#eef1f5}",
    ".alku-person{background:#fff4d6;border:1px solid #c99a2e}",
    ".alku-person .alku-who{position:static;display:block;width:auto;height:auto;overflow:visible;clip:auto;font-weight:600;font-size:.85rem}",
    ".alku-msg a{color:inherit;text-decoration:underline;overflow-wrap:anywhere}",
    ".alku-who{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}",
    ".alku-choices{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px}",
    ".alku-choices button{background:#fff;color:#1f4e8c;border:1px solid #1f4e8c;border-radius:16px;padding:4px 12px;min-height:36px;cursor:pointer}",
    ".alku-form{display:flex;gap:8px;padding:8px;border-top:1px solid #ccd}",
    ".alku-form label{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}",
    ".alku-form textarea{flex:1 1 auto;resize:none;padding:8px;border:1px solid #6b7a8f;border-radius:8px;min-height:44px}",
    ".alku-send{background:#1f4e8c;color:#fff;border:0;border-radius:8px;padding:0 14px;min-height:44px;cursor:pointer}",
    ".alku-w :focus-visible{outline:3px solid #f5a623;outline-offset:2px}"
  ].join("\n");

  function Widget() {
    this.session = sessionId();
    this.language = firstLanguage();
    this.retry = 500;
    this.build();
    this.connect();
  }

  Widget.prototype.t = function (key) {
    return (CONFIG.texts[this.language] || {})[key] || CONFIG.texts.en[key] || key;
  };

  Widget.prototype.build = function () {
    var self = this;
    var style = el("style");
    style.textContent = STYLE;
    document.head.appendChild(style);
    this.root = el("div", { "class": "alku-w", id: "alku-widget" });
    this.opener = el("button", { type: "button", "class": "alku-open", "aria-expanded": "false", "aria-controls": "alku-panel" });
    this.panel = el("section", { "class": "alku-panel", id: "alku-panel", role: "dialog", "aria-labelledby": "alku-title", hidden: "" });
    var head = el("div", { "class": "alku-head" });
    this.title = el("h2", { id: "alku-title" });
    this.pickerLabel = el("label", { "for": "alku-language" });
    this.pickerText = el("span");
    this.picker = el("select", { id: "alku-language" });
    CONFIG.languages.forEach(function (pair) {
      var option = el("option", { value: pair[0], lang: pair[0] }, pair[1]);
      self.picker.appendChild(option);
    });
    this.pickerLabel.appendChild(this.pickerText);
    this.pickerLabel.appendChild(this.picker);
    this.closer = el("button", { type: "button", "class": "alku-close" }, "×");
    this.eraser = el("button", { type: "button", "class": "alku-erase" });
    head.appendChild(this.title);
    head.appendChild(this.pickerLabel);
    head.appendChild(this.eraser);
    head.appendChild(this.closer);
    this.status = el("p", { "class": "alku-status", role: "status" });
    this.log = el("div", { "class": "alku-log", role: "log", "aria-live": "polite", tabindex: "0" });
    this.form = el("form", { "class": "alku-form" });
    this.inputLabel = el("label", { "for": "alku-input" });
    this.input = el("textarea", { id: "alku-input", rows: "1", dir: "auto" });
    this.send = el("button", { type: "submit", "class": "alku-send" });
    this.form.appendChild(this.inputLabel);
    this.form.appendChild(this.input);
    this.form.appendChild(this.send);
    [head, this.status, this.log, this.form].forEach(function (part) { self.panel.appendChild(part); });
    this.root.appendChild(this.opener);
    this.root.appendChild(this.panel);
    document.body.appendChild(this.root);

    this.opener.addEventListener("click", function () { self.open(true); });
    this.closer.addEventListener("click", function () { self.open(false); });
    this.eraser.addEventListener("click", function () { self.erase(); });
    this.panel.addEventListener("keydown", function (event) { if (event.key === "Escape") self.open(false); });
    this.picker.addEventListener("change", function () { self.choose(self.picker.value); });
    this.form.addEventListener("submit", function (event) { event.preventDefault(); self.submit(); });
    this.input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); self.submit(); }
    });
    this.label();
    if (store.get("open") === "1") this.open(true, true);
  };

  Widget.prototype.label = function () {
    var rtl = !!RTL[this.language];
    this.root.setAttribute("lang", this.language);
    this.root.setAttribute("dir", rtl ? "rtl" : "ltr");
    this.opener.textContent = this.t("open");
    this.title.textContent = this.t("title");
    this.pickerText.textContent = this.t("language");
    this.picker.value = this.language;
    this.closer.setAttribute("aria-label", this.t("close"));
    this.eraser.textContent = this.t("erase");
    this.log.setAttribute("aria-label", this.t("messages"));
    this.inputLabel.textContent = this.t("input");
    this.input.setAttribute("placeholder", this.t("placeholder"));
    this.send.textContent = this.t("send");
    if (this.intro) {
      this.intro.textContent = "";
      this.intro.appendChild(el("span", { "class": "alku-who" }, this.t("bot") + ": "));
      this.intro.appendChild(document.createTextNode(this.t("intro")));
    }
  };

  Widget.prototype.open = function (opened, quietly) {
    this.panel.hidden = !opened;
    this.opener.hidden = opened;
    this.opener.setAttribute("aria-expanded", String(opened));
    store.set("open", opened ? "1" : "0");
    if (opened && !quietly) this.input.focus();
    if (!opened) this.opener.focus();
  };

  Widget.prototype.choose = function (language) {
    if (!CONFIG.texts[language]) return;
    this.language = language;
    store.set("language", language);
    this.label();
    this.transmit('/choose_language{"language": "' + language + '"}');
  };

  Widget.prototype.submit = function () {
    var text = this.input.value.trim();
    if (!text) return;
    if (text.length > CONFIG.maxLength) {
      this.status.textContent = this.t("too_long").replace("{max}", CONFIG.maxLength).replace("{length}", text.length);
      return;
    }
    if (this.transmit(text)) {
      this.show({ type: "user", text: text });
      this.input.value = "";
    }
  };

  Widget.prototype.transmit = function (text) {
    if (!this.socket || this.socket.readyState !== 1) {
      this.status.textContent = this.t("offline");
      return false;
    }
    this.socket.send(JSON.stringify({ type: "message", text: text, language: this.language }));
    return true;
  };

  // The person's conversation is erased on the server after they confirm; this browser then starts a
  // new one (a shared computer keeps nothing of it).
  Widget.prototype.erase = function () {
    if (!window.confirm(this.t("forget_question"))) return;
    if (!this.socket || this.socket.readyState !== 1) {
      this.status.textContent = this.t("offline");
      return;
    }
    this.socket.send(JSON.stringify({ type: "forget" }));
  };

  Widget.prototype.forgotten = function () {
    this.session = sessionId(true);
    this.log.textContent = "";
    this.intro = null;
    this.show({ type: "bot", text: this.t("forgotten") });
    var socket = this.socket;
    this.socket = null;
    socket.onclose = null;
    socket.close();
    this.connect(true);
  };

  // Text with its web addresses as links that open in a new tab; everything else stays plain text.
  function linked(text) {
    var part = document.createDocumentFragment();
    var pattern = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]]/g;
    var last = 0, match;
    while ((match = pattern.exec(text)) !== null) {
      part.appendChild(document.createTextNode(text.slice(last, match.index)));
      var link = el("a", { href: match[0], target: "_blank", rel: "noopener noreferrer" }, match[0]);
      part.appendChild(link);
      last = match.index + match[0].length;
    }
    part.appendChild(document.createTextNode(text.slice(last)));
    return part;
  }

  Widget.prototype.show = function (message) {
    var self = this;
    var person = message.type !== "user" && message.author;
    var kind = message.type === "user" ? "alku-user" : person ? "alku-bot alku-person" : "alku-bot";
    var item = el("div", { "class": "alku-msg " + kind, dir: "auto" });
    var who = message.type === "user" ? this.t("you") : person ? message.author : this.t("bot");
    item.appendChild(el("span", { "class": "alku-who" }, who + ": "));
    item.appendChild(message.type === "user" ? document.createTextNode(message.text || "") : linked(message.text || ""));
    if (message.buttons && message.buttons.length) {
      var choices = el("div", { "class": "alku-choices" });
      message.buttons.forEach(function (button) {
        var choice = el("button", { type: "button" }, button.title);
        choice.addEventListener("click", function () {
          if (self.transmit(button.payload)) self.show({ type: "user", text: button.title });
        });
        choices.appendChild(choice);
      });
      item.appendChild(choices);
    }
    this.log.appendChild(item);
    this.log.scrollTop = this.log.scrollHeight;
  };

  Widget.prototype.connect = function (keepLog) {
    var self = this;
    this.status.textContent = this.t("connecting");
    var socket = new WebSocket(CONFIG.socketUrl + "?session=" + encodeURIComponent(this.session));
    this.socket = socket;
    socket.onopen = function () { self.status.textContent = ""; self.retry = 500; };
    socket.onmessage = function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      if (data.type === "forgotten") {
        self.forgotten();
      } else if (data.type === "history") {
        if (keepLog) { keepLog = false; return; }
        self.log.textContent = "";
        self.intro = null;
        data.messages.forEach(function (message) { self.show(message); });
        if (!data.messages.length) {
          self.show({ type: "bot", text: self.t("intro") });
          self.intro = self.log.lastChild;
        }
      } else if (data.type === "bot") {
        self.show(data);
      }
    };
    socket.onclose = function () {
      self.status.textContent = self.t("offline");
      setTimeout(function () { self.connect(); }, self.retry);
      self.retry = Math.min(self.retry * 2, 15000);
    };
  };

  function start() { window.alkuWidget = new Widget(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

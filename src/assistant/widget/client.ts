/*
 * The chat widget as it runs in the visitor's browser: plain JS with no dependencies,
 * kept as a string because it is served, not bundled (like the booking widget, see
 * src/ticketing/widget/client.ts). script.ts puts the house's config in place of
 * __CONFIG__ and style.ts's rules in place of __STYLE__. Rules it keeps:
 *
 * - Text only through textContent and attributes, never HTML: what the assistant, the
 *   house's staff and the visitor write must not become markup on the house's page.
 * - fetch with credentials 'omit' to Foyer's /public routes next to the script's own
 *   address; images only when Foyer serves them, so the house's visitors are not
 *   announced to anyone else.
 * - The conversation's id and token stay in sessionStorage (this tab, until it closes):
 *   a reload or the next page of the house's site continues the conversation.
 * - A dialog with a trapped focus while open; Escape closes it and the focus returns to
 *   the launcher. One log region (aria-live polite) reads new messages out; one alert
 *   region says what went wrong.
 * - Polling: every 3 s while a person of the house has the conversation (that is how
 *   their reply reaches the visitor, and how Foyer knows the visitor is still there);
 *   every 15 s otherwise while the panel is open; never once the conversation is closed.
 *
 * Written in ES5 style so that it needs no build step. No backticks, no dollar-brace and
 * no closing script tag in here: it is a template string and later sits inside a script
 * element.
 */

export const chatClient = String.raw`(function () {
  'use strict';
  var config = __CONFIG__;
  var script = document.currentScript;
  function attr(name) { return script ? script.getAttribute(name) : null; }
  // Calls go to where the script came from: right behind any proxy or host name.
  var houseBase = script && script.src ? new URL('.', script.src).href : config.endpoint;
  var publicBase = new URL('../../', houseBase).href;
  var pageLang = (document.documentElement.getAttribute('lang') || '').slice(0, 2).toLowerCase();
  var wanted = String(attr('data-language') || attr('data-lang') || pageLang || config.house.defaultLanguage).slice(0, 2).toLowerCase();
  var lang = wanted === 'en' ? 'en' : (wanted === 'de' ? 'de' : config.house.defaultLanguage);
  var t = config.texts[lang];
  var MAX = config.maxLength;
  var STORE = 'foyer-assistant:' + config.houseSlug;
  var uid = 'foyer-assistant-' + Math.random().toString(36).slice(2, 8);
  var foyerOrigin = new URL(publicBase).origin;

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, key) { return values[key] === undefined ? whole : String(values[key]); });
  }
  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      var value = props[key];
      if (value === undefined || value === null || value === false) return;
      if (key === 'text') node.textContent = value; else node.setAttribute(key, value === true ? '' : value);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child); });
    return node;
  }
  function id(name) { return uid + '-' + name; }
  function safeUrl(url) {
    try {
      var parsed = new URL(url, location.href);
      return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
    } catch (e) { return null; }
  }

  // ---------- the conversation kept for this tab ----------

  var state = { id: null, token: null, lastSeq: 0, status: null, teamAvailable: false };
  function load() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(STORE) || 'null');
      if (saved && typeof saved.id === 'string' && typeof saved.token === 'string') { state.id = saved.id; state.token = saved.token; }
    } catch (e) { /* storage blocked or spoilt: a new conversation then */ }
  }
  function save() {
    try {
      if (state.id) window.sessionStorage.setItem(STORE, JSON.stringify({ id: state.id, token: state.token }));
      else window.sessionStorage.removeItem(STORE);
    } catch (e) { /* without storage a reload simply starts anew */ }
  }
  function forget() {
    state = { id: null, token: null, lastSeq: 0, status: null, teamAvailable: false };
    save();
  }

  // ---------- DOM ----------

  var bubbleIcon = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  bubbleIcon.setAttribute('viewBox', '0 0 24 24');
  bubbleIcon.setAttribute('aria-hidden', 'true');
  bubbleIcon.setAttribute('focusable', 'false');
  var path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6v2h10V9H7zm0 4v2h7v-2H7z');
  bubbleIcon.appendChild(path);

  var badge = el('span', { 'class': 'foyer-assistant__badge', hidden: true });
  var launcherLabel = el('span', { 'class': 'foyer-assistant__hidden', text: t.launcher });
  var launcher = el('button', { type: 'button', 'class': 'foyer-assistant__launcher', 'aria-haspopup': 'dialog', 'aria-expanded': 'false', 'aria-controls': id('panel') }, [
    bubbleIcon, el('span', { 'aria-hidden': 'true', text: t.launcherShort }), launcherLabel, badge,
  ]);

  var title = el('h2', { 'class': 'foyer-assistant__title', id: id('title'), text: fill(t.title, { house: config.house.name }) });
  var closeButton = el('button', { type: 'button', 'class': 'foyer-assistant__close', 'aria-label': t.close, title: t.close, text: '\u00d7' });
  var log = el('div', { 'class': 'foyer-assistant__log', id: id('log'), role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-label': t.log, tabindex: '0' });
  var typing = el('p', { 'class': 'foyer-assistant__typing', 'aria-hidden': 'true', hidden: true, text: t.typing });
  var note = el('p', { 'class': 'foyer-assistant__note', role: 'status' });
  var alertBox = el('p', { 'class': 'foyer-assistant__alert', role: 'alert' });
  var input = el('textarea', {
    'class': 'foyer-assistant__input', id: id('input'), name: 'message', rows: '1', maxlength: String(MAX),
    placeholder: t.placeholder, autocomplete: 'off', 'aria-describedby': id('counter'),
  });
  var counter = el('span', { 'class': 'foyer-assistant__counter', id: id('counter'), hidden: true });
  var sendButton = el('button', { type: 'submit', 'class': 'foyer-assistant__send', text: t.send });
  var form = el('form', { 'class': 'foyer-assistant__form', novalidate: true }, [
    el('div', { 'class': 'foyer-assistant__field' }, [el('label', { 'for': id('input'), 'class': 'foyer-assistant__hidden', text: t.input }), input, counter]),
    sendButton,
  ]);
  var restartButton = el('button', { type: 'button', 'class': 'foyer-assistant__restart', hidden: true, text: t.restart });
  var panel = el('div', { 'class': 'foyer-assistant__panel', id: id('panel'), role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': id('title'), 'aria-describedby': id('subtitle'), hidden: true }, [
    el('div', { 'class': 'foyer-assistant__header' }, [
      el('div', { 'class': 'foyer-assistant__heading' }, [title, el('p', { 'class': 'foyer-assistant__subtitle', id: id('subtitle'), text: t.subtitle })]),
      closeButton,
    ]),
    log, note, alertBox, restartButton, form,
  ]);
  log.appendChild(typing);
  var root = el('div', { 'class': 'foyer-assistant', lang: lang }, [launcher, panel]);

  // ---------- messages ----------

  var seen = {};
  var replies = null;
  var unread = 0;

  function authorName(author) {
    if (author === 'visitor') return t.visitor;
    if (author === 'staff') return fill(t.staff, { house: config.house.name });
    return t.assistant;
  }
  function renderCard(card) {
    var url = card.url ? safeUrl(card.url) : null;
    var image = card.imageUrl ? safeUrl(card.imageUrl) : null;
    var titleNode = url ? el('a', { href: url, 'class': 'foyer-assistant__link foyer-assistant__card-title', text: card.title }) : el('strong', { 'class': 'foyer-assistant__card-title', text: card.title });
    return el('li', { 'class': 'foyer-assistant__card', 'data-kind': card.kind }, [
      image && new URL(image).origin === foyerOrigin ? el('img', { src: image, alt: '', loading: 'lazy' }) : null,
      titleNode,
      card.subtitle ? el('span', { 'class': 'foyer-assistant__card-subtitle', text: card.subtitle }) : null,
      card.badge ? el('span', { 'class': 'foyer-assistant__tag', text: card.badge }) : null,
    ]);
  }
  function renderMessage(message) {
    var children = [
      el('span', { 'class': 'foyer-assistant__author', text: authorName(message.author) }),
      el('p', { 'class': 'foyer-assistant__bubble', text: message.text }),
    ];
    if (message.cards && message.cards.length) {
      children.push(el('ul', { 'class': 'foyer-assistant__cards', 'aria-label': t.cards }, message.cards.map(renderCard)));
    }
    var links = (message.links || []).filter(function (link) { return safeUrl(link.url); });
    if (links.length) {
      children.push(el('ul', { 'class': 'foyer-assistant__links', 'aria-label': t.links }, links.map(function (link) {
        return el('li', {}, [el('a', { href: safeUrl(link.url), 'class': 'foyer-assistant__link', text: link.label })]);
      })));
    }
    return el('div', { 'class': 'foyer-assistant__message foyer-assistant__message--' + message.author, 'data-author': message.author, 'data-seq': String(message.seq) }, children);
  }
  function showReplies(list) {
    if (replies) { replies.parentNode.removeChild(replies); replies = null; }
    if (!list || !list.length || state.status === 'closed') return;
    replies = el('div', { 'class': 'foyer-assistant__replies', role: 'group', 'aria-label': t.quickReplies }, list.map(function (reply) {
      var button = el('button', { type: 'button', 'class': 'foyer-assistant__reply', text: reply.label });
      button.addEventListener('click', function () { send(reply.text); });
      return button;
    }));
    log.insertBefore(replies, typing);
  }
  function append(messages, quiet) {
    var added = false;
    var lastReplies = undefined;
    messages.forEach(function (message) {
      if (seen[message.seq]) return;
      seen[message.seq] = true;
      if (message.seq > state.lastSeq) state.lastSeq = message.seq;
      log.insertBefore(renderMessage(message), replies || typing);
      added = true;
      // Only the newest message's suggestions stand: older ones no longer fit the dialogue.
      lastReplies = message.author === 'visitor' ? null : (message.quickReplies || null);
      if (message.author !== 'visitor' && panel.hidden && !quiet) unread += 1;
    });
    if (!added) return;
    if (lastReplies !== undefined) showReplies(lastReplies);
    showUnread();
    log.scrollTop = log.scrollHeight;
  }
  function showUnread() {
    badge.hidden = unread === 0;
    badge.textContent = unread ? String(unread) : '';
    launcherLabel.textContent = unread ? t.launcher + ' – ' + t.launcherUnread : t.launcher;
  }
  function clearLog() {
    seen = {};
    replies = null;
    while (log.firstChild) log.removeChild(log.firstChild);
    log.appendChild(typing);
  }

  // ---------- state of the conversation on screen ----------

  function apply(conversation) {
    var before = state.status;
    state.status = conversation.status;
    state.teamAvailable = conversation.teamAvailable;
    if (conversation.status === 'handed_over') {
      note.textContent = fill(conversation.teamAvailable ? t.teamAvailable : t.teamAway, { house: config.house.name });
    } else if (conversation.status === 'closed') {
      note.textContent = t.closed;
    } else {
      note.textContent = '';
    }
    var closed = conversation.status === 'closed';
    form.hidden = closed;
    restartButton.hidden = !closed;
    if (closed) showReplies(null);
    if (closed && before !== 'closed' && panelHasFocus()) restartButton.focus();
    schedule();
  }
  function panelHasFocus() { return panel.contains(document.activeElement); }
  function warn(text) { alertBox.textContent = text || ''; }

  // ---------- talking to Foyer ----------

  function call(method, url, body) {
    var init = { method: method, mode: 'cors', credentials: 'omit', headers: {} };
    if (body !== undefined) { init.body = JSON.stringify(body); init.headers['content-type'] = 'application/json'; }
    return fetch(url, init).then(function (response) {
      return response.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        return { status: response.status, ok: response.ok, body: json };
      });
    }, function () { return { status: 0, ok: false, body: null }; });
  }
  function codeOf(answer) { return answer.body && answer.body.error ? answer.body.error.code : null; }
  function trouble(answer) {
    if (answer.status === 0) return t.offline;
    if (answer.status === 429) return t.rateLimited;
    if (codeOf(answer) === 'assistant_disabled') return t.disabled;
    return t.failed;
  }
  function conversationUrl(suffix) { return publicBase + 'assistant/conversations/' + encodeURIComponent(state.id) + suffix; }

  var starting = null;
  function start() {
    if (starting) return starting;
    warn('');
    typing.textContent = t.starting;
    typing.hidden = false;
    var page = location.origin + location.pathname;
    starting = call('POST', houseBase + 'assistant/conversations', { language: lang, pageUrl: page }).then(function (answer) {
      starting = null;
      typing.hidden = true;
      typing.textContent = t.typing;
      if (!answer.ok || !answer.body) { warn(trouble(answer)); if (codeOf(answer) === 'assistant_disabled') form.hidden = true; return false; }
      state.id = answer.body.conversation.id;
      state.token = answer.body.conversation.token;
      state.lastSeq = 0;
      save();
      clearLog();
      append(answer.body.messages);
      apply(answer.body.conversation);
      return true;
    });
    return starting;
  }

  /** The stored conversation from the beginning (after a reload), or a new one when it is gone. */
  function resume() {
    return call('GET', conversationUrl('?token=' + encodeURIComponent(state.token))).then(function (answer) {
      if (answer.status === 401 || answer.status === 404) { forget(); return open.started ? start() : false; }
      if (!answer.ok || !answer.body) { warn(trouble(answer)); return false; }
      // The history once more is no news: the log is silent while it is rebuilt.
      log.setAttribute('aria-live', 'off');
      clearLog();
      append(answer.body.messages, true);
      apply(answer.body.conversation);
      setTimeout(function () { log.setAttribute('aria-live', 'polite'); }, 1000);
      return true;
    });
  }

  var polling = 0;
  var pollBusy = false;
  function schedule() {
    if (polling) { clearTimeout(polling); polling = 0; }
    if (!state.id || state.status === 'closed') return;
    var every = state.status === 'handed_over' ? 3000 : (panel.hidden ? 0 : 15000);
    if (!every) return;
    polling = setTimeout(poll, every);
  }
  function poll() {
    polling = 0;
    if (!state.id || pollBusy) { schedule(); return; }
    pollBusy = true;
    call('GET', conversationUrl('?token=' + encodeURIComponent(state.token) + '&after=' + state.lastSeq)).then(function (answer) {
      pollBusy = false;
      if (answer.status === 401 || answer.status === 404) { forget(); note.textContent = ''; return; }
      if (answer.ok && answer.body) {
        if (alertBox.textContent === t.offline) warn('');
        append(answer.body.messages);
        apply(answer.body.conversation);
        return;
      }
      if (answer.status === 0) warn(t.offline);
      schedule();
    });
  }

  var sending = false;
  function setSending(on) {
    sending = on;
    sendButton.setAttribute('aria-disabled', on ? 'true' : 'false');
    sendButton.textContent = on ? t.sending : t.send;
    typing.hidden = !on;
  }
  function send(text) {
    text = String(text || '').trim();
    if (!text || sending) return;
    if (text.length > MAX) { warn(fill(t.tooLong, { max: MAX })); return; }
    warn('');
    setSending(true);
    var ready = state.id ? Promise.resolve(true) : start();
    ready.then(function (ok) {
      if (!ok) { setSending(false); return; }
      return call('POST', conversationUrl('/messages'), { token: state.token, text: text }).then(function (answer) {
        setSending(false);
        if (answer.ok && answer.body) {
          if (input.value.trim() === text) { input.value = ''; updateCounter(); }
          append(answer.body.messages);
          apply(answer.body.conversation);
          return;
        }
        var code = codeOf(answer);
        if (code === 'conversation_closed') { apply({ status: 'closed', teamAvailable: state.teamAvailable }); return; }
        if (answer.status === 401 || answer.status === 404) { forget(); warn(t.failed); restartButton.hidden = false; return; }
        if (code === 'conflict') { warn(t.tooManyMessages); return; }
        if (code === 'assistant_disabled') { warn(t.disabled); form.hidden = true; return; }
        warn(trouble(answer));
      });
    });
  }

  // ---------- the text box ----------

  function updateCounter() {
    var left = MAX - input.value.length;
    // Shown only near the limit: a counter from the first letter is noise for a screen reader.
    counter.hidden = left > 100;
    counter.textContent = fill(t.remaining, { count: Math.max(0, left) });
    counter.className = 'foyer-assistant__counter' + (left <= 20 ? ' foyer-assistant__counter--limit' : '');
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight + 2, 128) + 'px';
  }
  input.addEventListener('input', updateCounter);
  input.addEventListener('keydown', function (event) {
    // Enter sends; Shift+Enter is a new line; an IME still composing keeps its Enter.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send(input.value);
    }
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    send(input.value);
  });
  restartButton.addEventListener('click', function () {
    forget();
    clearLog();
    note.textContent = '';
    form.hidden = false;
    restartButton.hidden = true;
    input.focus();
    start();
  });

  // ---------- opening, closing, focus ----------

  function focusables() {
    return Array.prototype.filter.call(panel.querySelectorAll('button, [href], textarea, input, select, [tabindex]:not([tabindex="-1"])'), function (node) {
      return !node.disabled && !node.hidden && node.offsetParent !== null && node.getAttribute('tabindex') !== '-1';
    });
  }
  function open() {
    if (!panel.hidden) return;
    open.started = true;
    panel.hidden = false;
    root.className = 'foyer-assistant foyer-assistant--open';
    launcher.setAttribute('aria-expanded', 'true');
    unread = 0;
    showUnread();
    (form.hidden ? closeButton : input).focus();
    log.scrollTop = log.scrollHeight;
    if (!state.id) start(); else if (!Object.keys(seen).length) resume(); else schedule();
  }
  function close() {
    if (panel.hidden) return;
    panel.hidden = true;
    root.className = 'foyer-assistant';
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
    schedule();
  }
  launcher.addEventListener('click', open);
  closeButton.addEventListener('click', close);
  panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') { event.preventDefault(); close(); return; }
    if (event.key !== 'Tab') return;
    var nodes = focusables();
    if (!nodes.length) return;
    var first = nodes[0];
    var last = nodes[nodes.length - 1];
    if (event.shiftKey && (document.activeElement === first || !panel.contains(document.activeElement))) { event.preventDefault(); last.focus(); }
    else if (!event.shiftKey && (document.activeElement === last || !panel.contains(document.activeElement))) { event.preventDefault(); first.focus(); }
  });
  // A click or a programmatic focus elsewhere on the page while the dialog is open comes back inside.
  document.addEventListener('focusin', function (event) {
    if (panel.hidden || root.contains(event.target)) return;
    if (form.hidden) closeButton.focus(); else input.focus();
  });

  // ---------- look and mount ----------

  var css = __STYLE__;

  function defaultStyle() {
    var adopted = document.adoptedStyleSheets;
    if (adopted && adopted.some(function (sheet) { return sheet.foyerAssistant; })) return;
    if (document.getElementById('foyer-assistant-style')) return;
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      sheet.foyerAssistant = true;
      document.adoptedStyleSheets = adopted.concat([sheet]);
    } catch (e) {
      // Older browsers: a style element, which a strict style-src blocks; the chat still works unstyled.
      var style = el('style', { id: 'foyer-assistant-style' });
      style.textContent = css;
      (document.head || document.documentElement).appendChild(style);
    }
  }

  function mount() {
    if (!document.body) { document.addEventListener('DOMContentLoaded', mount); return; }
    if (document.querySelector('.foyer-assistant')) return;
    defaultStyle();
    document.body.appendChild(root);
    updateCounter();
    load();
    // Back on another page of the site with a person of the house on the conversation: keep listening.
    if (state.id) resume();
  }
  mount();
})();
`;

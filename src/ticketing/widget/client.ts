/*
 * The booking widget as it runs in the visitor's browser: plain JS with no dependencies,
 * kept as a string because it is served, not bundled. script.ts puts the house's config
 * in place of __CONFIG__ and style.ts's rules in place of __STYLE__. Rules it keeps:
 *
 * - Text only through textContent and attributes, never HTML: titles, names and consent
 *   texts come from the house's staff and must not become markup on the house's page.
 * - fetch with credentials 'omit' to Foyer's /public routes next to the script's own
 *   address; nothing is kept in cookies or storage.
 * - Styles through a constructed stylesheet (CSSOM), which a strict style-src on the
 *   house's page still allows; every rule at zero specificity (:where) so the house's
 *   own rules win.
 * - One persistent heading takes the focus on each new step; one status region and one
 *   alert region speak; the hold's countdown is read out only at the start, at five and
 *   at one minute left, and when it runs out.
 * - Suggestions (other productions like this one, each with the sentence that explains
 *   it, discoveries marked in words) stand below the step on a production's page and
 *   after a booking; they ask Foyer nothing personal, and when they fail they are
 *   simply not there.
 *
 * Written in ES5 style like the sign-up form, so that it needs no build step. No
 * backticks, no dollar-brace and no closing script tag in here: it is a template string
 * and later sits inside a script element.
 */

export const bookingClient = String.raw`(function () {
  'use strict';
  var config = __CONFIG__;
  var script = document.currentScript;
  function attr(name) { return script ? script.getAttribute(name) : null; }
  // Calls go to where the script came from: right behind any proxy or host name.
  var base = script && script.src ? new URL('.', script.src).href : config.endpoint;
  var lang = String(attr('data-lang') || config.house.defaultLanguage).slice(0, 2).toLowerCase() === 'en' ? 'en' : 'de';
  var t = config.texts[lang];
  var production = (attr('data-production') || '').trim();
  var uid = 'foyer-booking-' + Math.random().toString(36).slice(2, 8);
  var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  var EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
  var MAX_TICKETS = 10;

  // ---------- words and numbers ----------

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, key) { return values[key] === undefined ? whole : String(values[key]); });
  }
  function local(title) { return (lang === 'en' ? (title.en || title.de) : (title.de || title.en)) || ''; }
  function money(minor, currency) {
    return new Intl.NumberFormat(t.locale, { style: 'currency', currency: currency || config.house.currency }).format(minor / 100);
  }
  var dateTime = new Intl.DateTimeFormat(t.locale, { timeZone: config.house.timeZone, weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  function when(iso) { return dateTime.format(new Date(iso)); }
  function groups(codes) {
    var words = codes.map(function (code) { return config.eligibility[lang][code] || code.replace(/_/g, ' '); });
    return typeof Intl.ListFormat === 'function' ? new Intl.ListFormat(t.locale, { type: 'conjunction' }).format(words) : words.join(', ');
  }
  function minutesSeconds(ms) {
    var seconds = Math.ceil(ms / 1000);
    var s = seconds % 60;
    return Math.floor(seconds / 60) + ':' + (s < 10 ? '0' : '') + s;
  }
  function newKey() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
    // Pages on plain http have no randomUUID: 16 random bytes in hex serve the same.
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join('');
  }

  // ---------- DOM ----------

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
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function id(name) { return uid + '-' + name; }

  var heading = el('h2', { 'class': 'foyer-booking__heading', tabindex: '-1' });
  var alertBox = el('div', { 'class': 'foyer-booking__alert', role: 'alert' });
  var status = el('div', { 'class': 'foyer-booking__status', role: 'status', 'aria-live': 'polite' });
  var stepBox = el('div', { 'class': 'foyer-booking__step' });
  var suggestionsBox = el('aside', { 'class': 'foyer-booking__suggestions', 'aria-labelledby': id('suggestions-title'), hidden: true });
  var root = el('section', { 'class': 'foyer-booking', lang: lang, 'aria-label': fill(t.widget, { house: config.house.name }) }, [heading, alertBox, status, stepBox, suggestionsBox]);

  // Progress ("loading …") is transient and gives way to the next news; a message the
  // visitor must hear ("your reservation was released") stays until they act again.
  var transient = false;
  function say(text) { status.textContent = text || ''; transient = false; }
  function sayInPassing(text) { if (!status.textContent || transient) { status.textContent = text; transient = true; } }
  function warn(text) { alertBox.textContent = text || ''; }
  function offline() { busy = false; say(''); warn(t.offline); }
  /** A new step: its title in the one heading, which takes the focus unless the page just loaded. */
  function step(n, title, focus) {
    clear(stepBox);
    hideSuggestions();
    // 3 (done) and 0 (the waiting list, a side path) stand alone; the others count the steps.
    heading.textContent = n === 3 || n === 0 ? title : fill(t.step, { n: n, title: title });
    if (focus) heading.focus();
  }

  // ---------- talking to Foyer ----------

  var busy = false;

  function call(method, path, body, headers) {
    var init = { method: method, mode: 'cors', credentials: 'omit', headers: headers || {} };
    if (body !== undefined) { init.body = JSON.stringify(body); init.headers['content-type'] = 'application/json'; }
    return fetch(base + path, init).then(function (response) {
      return response.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        return { status: response.status, ok: response.ok, body: json, headers: response.headers };
      });
    });
  }
  /** Busy (503): wait as long as Retry-After says (a second) and try once more, with the same Idempotency-Key. */
  function callOnceMore(method, path, body, headers) {
    return call(method, path, body, headers).then(function (answer) {
      if (answer.status !== 503) return answer;
      var seconds = Math.min(5, Math.max(1, Number(answer.headers.get('retry-after')) || 1));
      return new Promise(function (resolve) { setTimeout(resolve, seconds * 1000); }).then(function () { return call(method, path, body, headers); });
    });
  }
  function codeOf(answer) { return answer.body && answer.body.error ? answer.body.error.code : null; }
  function trouble(answer) {
    if (answer.status === 429) return t.tooMany;
    if (answer.status === 503) return t.busy;
    return t.failed;
  }

  // ---------- state ----------

  var performances = null;
  /** The production the page is about (data-production as its id), once the programme told it. */
  var boundProduction = UUID.test(production) ? production : '';
  var chosen = { performanceId: '', categoryId: '', tariff: '', quantity: 1 };
  var availability = null;
  var hold = null;
  var countdown = { deadline: 0, timer: 0, announced: {}, node: null };
  var attempt = { body: '', key: '' };
  var seatsRequest = 0;

  function category() {
    if (!availability) return null;
    return availability.categories.filter(function (c) { return c.id === chosen.categoryId; })[0] || null;
  }
  function tariffOf(c) { return c.tariffs.filter(function (x) { return x.code === chosen.tariff; })[0] || null; }
  function unitPrice(c) { var reduced = tariffOf(c); return reduced ? reduced.amountMinor : c.amountMinor; }
  function seatsFor(c) { return Math.min(MAX_TICKETS, tariffOf(c) ? c.reducedAvailable : c.available); }

  // ---------- step 1: performance, category, tariff, number ----------

  var chooseForm, performanceSelect, seatsBox;

  function renderChoose(focus) {
    step(1, t.chooseTitle, focus);
    performanceSelect = el('select', { id: id('performance'), name: 'performance' });
    chooseForm = el('form', { 'class': 'foyer-booking__form', novalidate: true }, [
      el('div', { 'class': 'foyer-booking__field' }, [el('label', { 'for': id('performance'), text: t.performance }), performanceSelect]),
    ]);
    seatsBox = el('div', { 'class': 'foyer-booking__seats' });
    chooseForm.appendChild(seatsBox);
    chooseForm.addEventListener('submit', reserve);
    performanceSelect.addEventListener('change', function () {
      chosen.performanceId = performanceSelect.value;
      warn('');
      say('');
      loadSeats();
    });
    stepBox.appendChild(chooseForm);
    if (performances === null) loadProgramme(); else { fillPerformances(); showSuggestions(boundProduction, t.suggestionsTitle); }
  }

  function loadProgramme() {
    sayInPassing(t.loadingProgramme);
    var query = 'programme?limit=200' + (UUID.test(production) ? '&productionId=' + encodeURIComponent(production) : '');
    call('GET', query).then(function (answer) {
      if (transient) say('');
      if (!answer.ok || !answer.body) { warn(trouble(answer)); return; }
      var productions = {};
      answer.body.productions.forEach(function (p) { productions[p.id] = p; });
      performances = answer.body.items.filter(function (item) {
        var p = productions[item.productionId];
        var wanted = !production || UUID.test(production) || (p && p.slug === production);
        return wanted && item.status !== 'cancelled' && item.priceFrom !== null;
      }).map(function (item) {
        var p = productions[item.productionId];
        return { id: item.id, startsAt: item.startsAt, soldOut: item.status === 'sold_out', title: p ? local(p.title) : '' };
      });
      if (production && !boundProduction) {
        boundProduction = (answer.body.productions.filter(function (p) { return p.slug === production; })[0] || { id: '' }).id;
      }
      fillPerformances();
      if (chooseForm && chooseForm.parentNode === stepBox) showSuggestions(boundProduction, t.suggestionsTitle);
    }, offline);
  }

  function fillPerformances() {
    clear(performanceSelect);
    if (performances.length === 0) {
      performanceSelect.disabled = true;
      seatsBox.appendChild(el('p', { text: t.noPerformances }));
      return;
    }
    var open = performances.filter(function (p) { return !p.soldOut; });
    if (!open.some(function (p) { return p.id === chosen.performanceId; })) chosen.performanceId = open.length === 1 ? open[0].id : '';
    if (!chosen.performanceId) performanceSelect.appendChild(el('option', { value: '', text: t.choosePerformance }));
    performances.forEach(function (p) {
      var what = when(p.startsAt) + ' – ' + p.title;
      performanceSelect.appendChild(el('option', { value: p.id, disabled: p.soldOut, selected: p.id === chosen.performanceId, text: p.soldOut ? fill(t.performanceSoldOut, { what: what }) : what }));
    });
    performanceSelect.value = chosen.performanceId;
    if (chosen.performanceId) loadSeats();
  }

  function loadSeats() {
    var mine = ++seatsRequest;
    availability = null;
    clear(seatsBox);
    if (!chosen.performanceId) return;
    seatsBox.setAttribute('aria-busy', 'true');
    sayInPassing(t.loadingSeats);
    call('GET', 'performances/' + encodeURIComponent(chosen.performanceId) + '/availability').then(function (answer) {
      // Arrow keys through the list ask for every performance they pass: only the last answer counts.
      if (mine !== seatsRequest) return;
      seatsBox.removeAttribute('aria-busy');
      if (!answer.ok || !answer.body) { if (transient) say(''); warn(codeOf(answer) === 'not_found' ? t.notBookable : trouble(answer)); return; }
      availability = answer.body;
      renderSeats();
      sayInPassing(availability.bookable ? fill(t.seatsLoaded, { count: availability.available }) : reasonText(availability.reason));
    }, function () { if (mine === seatsRequest) offline(); });
  }

  function reasonText(reason) {
    if (reason === 'cancelled') return t.reasonCancelled;
    if (reason === 'past') return t.reasonPast;
    if (reason === 'sold_out') return t.reasonSoldOut;
    return t.reasonClosed;
  }

  var tariffBox, quantitySelect, totalOutput, continueButton;

  function renderSeats() {
    clear(seatsBox);
    var a = availability;
    seatsBox.appendChild(el('p', { 'class': 'foyer-booking__performance' }, [
      el('strong', { text: local(a.title) }), el('br'), when(a.startsAt) + (a.hall ? ' · ' + a.hall : ''),
    ]));
    if (!a.bookable) { seatsBox.appendChild(el('p', { 'class': 'foyer-booking__note', text: reasonText(a.reason) })); return; }
    var open = a.categories.filter(function (c) { return c.available > 0; });
    if (!open.some(function (c) { return c.id === chosen.categoryId; })) { chosen.categoryId = open.length ? open[0].id : ''; chosen.tariff = ''; }
    var categories = el('fieldset', { 'class': 'foyer-booking__choices' }, [el('legend', { text: t.category })]);
    a.categories.forEach(function (c) {
      var radio = el('input', { type: 'radio', name: id('category'), value: c.id, disabled: c.available === 0 });
      radio.checked = c.id === chosen.categoryId;
      radio.addEventListener('change', function () { chosen.categoryId = c.id; chosen.tariff = ''; renderTariffs(); });
      var note = c.available === 0 ? t.soldOut : c.available === 1 ? t.oneLeft : c.available <= MAX_TICKETS ? fill(t.onlyLeft, { count: c.available }) : '';
      categories.appendChild(el('label', { 'class': 'foyer-booking__choice' }, [
        radio,
        el('span', { 'class': 'foyer-booking__choice-text' }, [
          el('span', { text: local(c.name) }), ' ', el('span', { 'class': 'foyer-booking__price', text: money(c.amountMinor, c.currency) }),
          note ? el('span', { 'class': 'foyer-booking__note', text: note }) : null,
        ]),
      ]));
      if (c.available === 0) categories.appendChild(waitButton(c, '', local(c.name)));
    });
    tariffBox = el('div', {});
    quantitySelect = el('select', { id: id('quantity'), name: 'quantity' });
    quantitySelect.addEventListener('change', function () { chosen.quantity = Number(quantitySelect.value); renderTotal(); });
    totalOutput = el('output', { 'class': 'foyer-booking__total', 'for': id('quantity'), 'aria-live': 'polite' });
    continueButton = el('button', { type: 'submit', 'class': 'foyer-booking__primary', text: t.continue });
    seatsBox.appendChild(categories);
    seatsBox.appendChild(tariffBox);
    seatsBox.appendChild(el('div', { 'class': 'foyer-booking__field' }, [el('label', { 'for': id('quantity'), text: t.quantity }), quantitySelect]));
    seatsBox.appendChild(totalOutput);
    seatsBox.appendChild(el('div', { 'class': 'foyer-booking__actions' }, [continueButton]));
    renderTariffs();
  }

  /** The tariffs of the chosen category, then the numbers they allow: rebuilt in place, so the focus stays where it is. */
  function renderTariffs() {
    clear(tariffBox);
    var c = category();
    if (c && c.tariffs.length > 0) {
      if (chosen.tariff && (!tariffOf(c) || c.reducedAvailable === 0)) chosen.tariff = '';
      var box = el('fieldset', { 'class': 'foyer-booking__choices' }, [el('legend', { text: t.tariff })]);
      var options = [{ code: '', name: t.fullPrice, amountMinor: c.amountMinor, eligible: [], left: c.available }].concat(c.tariffs.map(function (x) {
        return { code: x.code, name: local(x.name), amountMinor: x.amountMinor, eligible: x.eligible, left: c.reducedAvailable };
      }));
      options.forEach(function (o, index) {
        var hintId = id('tariff-hint-' + index);
        var hint = o.eligible.length ? fill(t.eligibleFor, { groups: groups(o.eligible) }) : '';
        var radio = el('input', { type: 'radio', name: id('tariff'), value: o.code, disabled: o.left === 0, 'aria-describedby': hint ? hintId : null });
        radio.checked = o.code === chosen.tariff;
        radio.addEventListener('change', function () { chosen.tariff = o.code; renderQuantities(); });
        box.appendChild(el('label', { 'class': 'foyer-booking__choice' }, [
          radio,
          el('span', { 'class': 'foyer-booking__choice-text' }, [
            el('span', { text: o.name }), ' ', el('span', { 'class': 'foyer-booking__price', text: money(o.amountMinor, c.currency) }),
            o.left === 0 ? el('span', { 'class': 'foyer-booking__note', text: t.soldOut }) : null,
          ]),
        ]));
        if (hint) box.appendChild(el('p', { id: hintId, 'class': 'foyer-booking__hint', text: hint }));
        if (o.code && o.left === 0) box.appendChild(waitButton(c, o.code, local(c.name) + ', ' + o.name));
      });
      tariffBox.appendChild(box);
    } else {
      chosen.tariff = '';
    }
    renderQuantities();
  }

  function renderQuantities() {
    var c = category();
    var most = c ? seatsFor(c) : 0;
    clear(quantitySelect);
    for (var n = 1; n <= most; n += 1) quantitySelect.appendChild(el('option', { value: String(n), text: String(n) }));
    quantitySelect.disabled = most === 0;
    chosen.quantity = Math.max(1, Math.min(chosen.quantity, most));
    quantitySelect.value = String(chosen.quantity);
    renderTotal();
  }

  function renderTotal() {
    var c = category();
    totalOutput.textContent = c && seatsFor(c) > 0 ? fill(t.totalLine, { total: money(unitPrice(c) * chosen.quantity, c.currency), count: chosen.quantity, price: money(unitPrice(c), c.currency) }) : '';
  }

  function reserve(event) {
    event.preventDefault();
    if (busy) return;
    var c = category();
    if (availability && !availability.bookable) { warn(reasonText(availability.reason)); return; }
    if (!availability || !c || seatsFor(c) === 0) { warn(availability ? t.chooseCategory : t.choosePerformance); return; }
    var item = { performanceId: availability.performanceId, priceCategoryId: c.id, quantity: chosen.quantity };
    if (chosen.tariff) item.tariff = chosen.tariff;
    busy = true;
    continueButton.setAttribute('aria-disabled', 'true');
    warn('');
    say(t.holding);
    callOnceMore('POST', 'holds', { items: [item] }).then(function (answer) {
      busy = false;
      continueButton.removeAttribute('aria-disabled');
      say('');
      if (answer.status === 201 && answer.body) { hold = answer.body; renderDetails(answer.headers); return; }
      var code = codeOf(answer);
      // The seats are drawn anew (the focused button with them): the heading takes the focus.
      if (code === 'sold_out') { warn(t.soldOutNow); loadSeats(); heading.focus(); return; }
      if (code === 'validation' || code === 'not_found') { warn(t.notBookable); loadSeats(); heading.focus(); return; }
      warn(trouble(answer));
    }, offline);
  }

  // ---------- the waiting list, for seats that are sold out ----------

  /** Next to a sold-out category or tariff; its name, hidden, tells the buttons apart for a screen reader. */
  function waitButton(c, tariffCode, what) {
    var button = el('button', { type: 'button', 'class': 'foyer-booking__secondary foyer-booking__wait' }, [
      t.waitJoin, el('span', { 'class': 'foyer-booking__hidden', text: ' (' + what + ')' }),
    ]);
    button.addEventListener('click', function () { if (!busy) renderWaiting(c, tariffCode); });
    return button;
  }

  function renderWaiting(c, tariffCode) {
    var reduced = c.tariffs.filter(function (x) { return x.code === tariffCode; })[0] || null;
    warn('');
    say('');
    step(0, t.waitTitle, true);
    var summary = el('dl', { 'class': 'foyer-booking__summary' }, [
      el('dt', { text: t.performance }), el('dd', { text: local(availability.title) }),
      el('dt', { text: t.when }), el('dd', { text: when(availability.startsAt) }),
      el('dt', { text: t.category }), el('dd', { text: local(c.name) + ' (' + (reduced ? local(reduced.name) : t.fullPrice) + ')' }),
    ]);
    var name = field('wait-name', t.name, el('input', { type: 'text', name: 'name', autocomplete: 'name', required: true, maxlength: '200' }));
    var email = field('wait-email', t.email, el('input', { type: 'email', name: 'email', autocomplete: 'email', required: true, maxlength: '254', inputmode: 'email', spellcheck: 'false' }));
    var quantitySelect = el('select', { name: 'quantity' });
    for (var n = 1; n <= MAX_TICKETS; n += 1) quantitySelect.appendChild(el('option', { value: String(n), text: String(n) }));
    quantitySelect.value = String(Math.max(1, Math.min(MAX_TICKETS, chosen.quantity)));
    var quantity = field('wait-quantity', t.waitQuantity, quantitySelect);
    var submit = el('button', { type: 'submit', 'class': 'foyer-booking__primary', text: t.waitSubmit });
    var back = el('button', { type: 'button', 'class': 'foyer-booking__secondary', text: t.waitBack });
    var form = el('form', { 'class': 'foyer-booking__form', novalidate: true }, [
      summary,
      el('p', { 'class': 'foyer-booking__hint', text: t.waitIntro }),
      name.node, email.node, quantity.node,
      el('div', { 'class': 'foyer-booking__actions' }, [submit, back]),
    ]);
    fields = { name: name, email: email, quantity: quantity };
    back.addEventListener('click', function () { if (!busy) { say(''); warn(''); renderChoose(true); } });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (busy) return;
      var problems = [];
      if (!name.input.value.trim()) problems.push(['name', t.nameMissing]);
      if (!EMAIL.test(email.input.value.trim())) problems.push(['email', t.emailInvalid]);
      showFieldErrors(problems);
      if (problems.length > 0) return;
      var body = { priceCategoryId: c.id, quantity: Number(quantitySelect.value), name: name.input.value.trim(), email: email.input.value.trim(), language: lang };
      if (tariffCode) body.tariff = tariffCode;
      joinWaiting(body, submit);
    });
    stepBox.appendChild(form);
  }

  function joinWaiting(body, button) {
    busy = true;
    button.setAttribute('aria-disabled', 'true');
    say(t.waitJoining);
    // Joining twice is harmless (the same address gets its entry back), so a busy answer is simply tried once more.
    callOnceMore('POST', 'performances/' + encodeURIComponent(availability.performanceId) + '/waiting-list', body).then(function (answer) {
      busy = false;
      button.removeAttribute('aria-disabled');
      say('');
      if ((answer.status === 201 || answer.status === 200) && answer.body) { renderWaitingDone(answer.body); return; }
      var code = codeOf(answer);
      if (code === 'seats_available') {
        // Seats came back meanwhile: the choice again, with fresh seats and this category chosen.
        chosen.categoryId = body.priceCategoryId;
        chosen.tariff = body.tariff || '';
        chosen.quantity = body.quantity;
        backToChoice(t.waitSeatsAvailable, false);
        return;
      }
      if (code === 'validation') {
        var known = (answer.body.error.details || []).map(function (d) { return String(d.field).replace(/^body\./, ''); })
          .filter(function (f) { return fields[f]; })
          .map(function (f) { return [f, f === 'email' ? t.emailInvalid : f === 'name' ? t.nameMissing : t.fieldInvalid]; });
        if (known.length > 0) { showFieldErrors(known); return; }
        backToChoice(t.notBookable, false);
        return;
      }
      warn(trouble(answer));
    }, offline);
  }

  function renderWaitingDone(entry) {
    step(0, t.waitDoneTitle, true);
    var message = entry.alreadyJoined || entry.position === null ? t.waitAlready : fill(t.waitPosition, { position: entry.position });
    var again = el('button', { type: 'button', 'class': 'foyer-booking__secondary', text: t.waitBack });
    again.addEventListener('click', function () { renderChoose(true); });
    // The answer once, in the status region: read out after the heading, and it stays on screen.
    say(message);
    stepBox.appendChild(el('div', { 'class': 'foyer-booking__actions' }, [again]));
  }

  // ---------- the hold's countdown ----------

  function startCountdown(headers) {
    // The server's clock decides when the hold ends; its Date header tells how far ours is off.
    var serverNow = Date.parse(headers.get('date') || '');
    var offset = isNaN(serverNow) ? 0 : serverNow - Date.now();
    countdown.deadline = Date.parse(hold.expiresAt) - (Math.abs(offset) > 2000 ? offset : 0);
    var left = countdown.deadline - Date.now();
    countdown.announced = {};
    [5, 1].forEach(function (m) { if (left <= m * 60000) countdown.announced[m] = true; });
    say(fill(t.reserved, { minutes: Math.max(1, Math.round(left / 60000)) }));
    tick();
    countdown.timer = window.setInterval(tick, 1000);
  }

  function stopCountdown() {
    if (countdown.timer) window.clearInterval(countdown.timer);
    countdown.timer = 0;
  }

  function tick() {
    var left = Math.max(0, countdown.deadline - Date.now());
    if (countdown.node) countdown.node.textContent = left > 0 ? fill(t.timer, { left: minutesSeconds(left) }) : t.timerOver;
    if (left === 0) { stopCountdown(); say(t.holdRanOut); return; }
    if (left <= 60000 && !countdown.announced[1]) { countdown.announced[1] = true; countdown.announced[5] = true; say(t.oneMinuteLeft); }
    else if (left <= 300000 && !countdown.announced[5]) { countdown.announced[5] = true; say(fill(t.minutesLeft, { minutes: 5 })); }
  }

  // ---------- step 2: details, payment, consents ----------

  var fields;

  function field(name, label, input, hint) {
    var errorId = id(name + '-error');
    var hintId = hint ? id(name + '-hint') : null;
    input.setAttribute('id', id(name));
    input.setAttribute('aria-describedby', (hintId ? hintId + ' ' : '') + errorId);
    var error = el('p', { id: errorId, 'class': 'foyer-booking__error' });
    var node = el('div', { 'class': 'foyer-booking__field' }, [el('label', { 'for': id(name), text: label }), input, hint ? el('p', { id: hintId, 'class': 'foyer-booking__hint', text: hint }) : null, error]);
    return { node: node, input: input, error: error, focusable: input };
  }

  function methodLabel(method) {
    var found = config.paymentMethods.filter(function (m) { return m.method === method; })[0];
    return found ? found.label[lang] : method;
  }

  function renderDetails(headers) {
    var c = category();
    var total = hold.totalMinor;
    step(2, t.detailsTitle, true);
    countdown.node = el('p', { 'class': 'foyer-booking__timer', role: 'timer', 'aria-live': 'off' });
    var reduced = tariffOf(c);
    var summary = el('dl', { 'class': 'foyer-booking__summary' }, [
      el('dt', { text: t.performance }), el('dd', { text: local(availability.title) }),
      el('dt', { text: t.when }), el('dd', { text: when(availability.startsAt) }),
      availability.hall ? el('dt', { text: t.where }) : null, availability.hall ? el('dd', { text: availability.hall }) : null,
      el('dt', { text: t.tickets }), el('dd', { text: chosen.quantity + ' × ' + local(c.name) + ' (' + (reduced ? local(reduced.name) : t.fullPrice) + ')' }),
      el('dt', { text: t.total }), el('dd', { 'class': 'foyer-booking__price', text: money(total, hold.currency) }),
    ]);

    var name = field('name', t.name, el('input', { type: 'text', name: 'name', autocomplete: 'name', required: true, maxlength: '200' }));
    var email = field('email', t.email, el('input', { type: 'email', name: 'email', autocomplete: 'email', required: true, maxlength: '254', inputmode: 'email', spellcheck: 'false' }), t.emailHint);
    var languageSelect = el('select', { name: 'language' }, ['de', 'en'].map(function (code) { return el('option', { value: code, lang: code, selected: code === lang, text: t.languages[code] }); }));
    languageSelect.value = lang;
    var language = field('language', t.language, languageSelect);

    // Free tickets only where nothing is to be paid; where nothing is, free is all there is to choose.
    var methods = config.paymentMethods.filter(function (m) { return total === 0 ? m.method === 'free' || config.paymentMethods.every(function (x) { return x.method !== 'free'; }) : m.method !== 'free'; });
    var paymentErrorId = id('payment-error');
    var paymentError = el('p', { id: paymentErrorId, 'class': 'foyer-booking__error' });
    var paymentRadios = methods.map(function (m, index) {
      var radio = el('input', { type: 'radio', name: id('payment'), value: m.method, required: true, 'aria-describedby': paymentErrorId });
      radio.checked = index === 0;
      return radio;
    });
    var payment = el('fieldset', { 'class': 'foyer-booking__choices', role: 'radiogroup', 'aria-describedby': paymentErrorId }, [el('legend', { text: t.payment })].concat(
      paymentRadios.map(function (radio, index) { return el('label', { 'class': 'foyer-booking__choice' }, [radio, el('span', { 'class': 'foyer-booking__choice-text', text: methods[index].label[lang] })]); }),
      [paymentError]));

    var consentBoxes = ['newsletter', 'recommendations'].map(function (purpose) {
      var policy = config.consents[purpose];
      var box = el('input', { type: 'checkbox', name: purpose, value: 'yes' });
      var label = el('label', { 'class': 'foyer-booking__choice foyer-booking__consent' }, [box, el('span', { 'class': 'foyer-booking__choice-text' }, [
        el('strong', { text: policy.label[lang] }), el('br'), el('span', { text: (lang === 'en' && policy.textEn) ? policy.textEn : policy.textDe }),
      ])]);
      return { purpose: purpose, box: box, label: label };
    });
    var consents = el('fieldset', { 'class': 'foyer-booking__choices' }, [el('legend', { text: t.consents }), el('p', { 'class': 'foyer-booking__hint', text: t.consentsHint })].concat(consentBoxes.map(function (b) { return b.label; })));

    var bookButton = el('button', { type: 'submit', 'class': 'foyer-booking__primary', text: total > 0 ? t.book : t.bookFree });
    var backButton = el('button', { type: 'button', 'class': 'foyer-booking__secondary', text: t.back });
    var privacy = (lang === 'en' && config.privacy.en) ? config.privacy.en : config.privacy.de;
    var form = el('form', { 'class': 'foyer-booking__form', novalidate: true }, [
      countdown.node,
      el('h3', { 'class': 'foyer-booking__subheading', text: t.selection }),
      summary,
      el('fieldset', { 'class': 'foyer-booking__group' }, [el('legend', { text: t.contact }), name.node, email.node, language.node]),
      payment,
      consents,
      privacy ? el('p', { 'class': 'foyer-booking__hint', text: privacy }) : null,
      el('p', { 'class': 'foyer-booking__total', text: t.total + ': ' + money(total, hold.currency) }),
      el('div', { 'class': 'foyer-booking__actions' }, [bookButton, backButton]),
    ]);
    fields = { 'buyer.name': name, 'buyer.email': email, 'buyer.language': language, paymentMethod: { error: paymentError, input: payment, focusable: paymentRadios[0] } };
    backButton.addEventListener('click', goBack);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (busy) return;
      var method = paymentRadios.filter(function (r) { return r.checked; })[0];
      var problems = [];
      if (!name.input.value.trim()) problems.push(['buyer.name', t.nameMissing]);
      if (!EMAIL.test(email.input.value.trim())) problems.push(['buyer.email', t.emailInvalid]);
      if (!method) problems.push(['paymentMethod', t.paymentMissing]);
      showFieldErrors(problems);
      if (problems.length > 0) return;
      book({
        holdId: hold.id,
        holdToken: hold.token,
        buyer: { name: name.input.value.trim(), email: email.input.value.trim(), language: languageSelect.value },
        consents: { newsletter: consentBoxes[0].box.checked, recommendations: consentBoxes[1].box.checked },
        paymentMethod: method.value,
        expectedTotalMinor: total,
      }, bookButton);
    });
    stepBox.appendChild(form);
    startCountdown(headers);
  }

  /** Errors next to their fields, each linked by aria-describedby; the first invalid field takes the focus. */
  function showFieldErrors(problems) {
    Object.keys(fields).forEach(function (key) {
      fields[key].error.textContent = '';
      fields[key].input.removeAttribute('aria-invalid');
    });
    warn('');
    if (problems.length === 0) return;
    problems.forEach(function (p) {
      var f = fields[p[0]];
      f.error.textContent = p[1];
      f.input.setAttribute('aria-invalid', 'true');
    });
    warn(t.checkFields);
    fields[problems[0][0]].focusable.focus();
  }

  function book(body, button) {
    // A retry of the same submit (busy, a lost connection, a second click) keeps its key,
    // so it can never book twice; a changed form is a new intent with a new key.
    var text = JSON.stringify(body);
    if (text !== attempt.body) { attempt.body = text; attempt.key = newKey(); }
    busy = true;
    button.setAttribute('aria-disabled', 'true');
    say(t.booking);
    callOnceMore('POST', 'orders', body, { 'idempotency-key': attempt.key }).then(function (answer) {
      busy = false;
      button.removeAttribute('aria-disabled');
      say('');
      if (answer.status === 201 && answer.body) { stopCountdown(); hold = null; renderDone(answer.body, body.buyer.email); return; }
      var code = codeOf(answer);
      if (code === 'validation') {
        var details = (answer.body.error.details || []).map(function (d) { return [String(d.field).replace(/^body\./, ''), d.field]; });
        var known = details.filter(function (d) { return fields[d[0]]; }).map(function (d) { return [d[0], d[0] === 'buyer.email' ? t.emailInvalid : d[0] === 'paymentMethod' ? t.paymentMissing : t.fieldInvalid]; });
        if (known.length > 0) { showFieldErrors(known); return; }
      }
      if (code === 'sold_out' || code === 'hold_expired' || code === 'not_found') { backToChoice(code === 'sold_out' ? t.soldOutNow : t.holdExpired, false); return; }
      if (code === 'price_changed') { backToChoice(t.priceChanged, true); return; }
      warn(trouble(answer));
    }, offline);
  }

  function releaseHold() {
    if (!hold) return;
    var path = 'holds/' + encodeURIComponent(hold.id) + '?token=' + encodeURIComponent(hold.token);
    hold = null;
    // The seats go back at once; should the call fail, the hold simply runs out.
    call('DELETE', path).then(null, function () { return null; });
  }

  function backToChoice(message, release) {
    stopCountdown();
    say('');
    if (release) releaseHold(); else hold = null;
    attempt = { body: '', key: '' };
    renderChoose(true);
    warn(message);
  }

  function goBack() {
    if (busy) return;
    backToChoice('', true);
    say(t.released);
  }

  // ---------- step 3: the confirmation ----------

  function renderDone(order, email) {
    step(3, t.doneTitle, true);
    var tariffNames = {};
    if (availability) availability.categories.forEach(function (c) { c.tariffs.forEach(function (x) { tariffNames[x.code] = local(x.name); }); });
    var list = el('ul', { 'class': 'foyer-booking__tickets' }, order.tickets.map(function (ticket) {
      return el('li', {}, [
        el('strong', { text: local(ticket.title) }), el('br'),
        when(ticket.startsAt) + (ticket.hall ? ' · ' + ticket.hall : ''), el('br'),
        local(ticket.category) + ' (' + (ticket.tariff ? tariffNames[ticket.tariff] || ticket.tariff : t.fullPrice) + ') · ' + money(ticket.priceMinor, ticket.currency), el('br'),
        t.ticketCode + ': ', el('span', { 'class': 'foyer-booking__code', text: ticket.code }),
      ]);
    }));
    var again = el('button', { type: 'button', 'class': 'foyer-booking__secondary', text: t.again });
    again.addEventListener('click', function () { chosen.quantity = 1; renderChoose(true); });
    stepBox.appendChild(el('p', { 'class': 'foyer-booking__sent', text: fill(t.sentTo, { email: email }) }));
    stepBox.appendChild(el('dl', { 'class': 'foyer-booking__summary' }, [
      el('dt', { text: t.orderNumber }), el('dd', { 'class': 'foyer-booking__number', text: order.number }),
      el('dt', { text: t.total }), el('dd', { text: money(order.totalMinor, order.currency) }),
      el('dt', { text: t.paymentMethod }), el('dd', { text: methodLabel(order.paymentMethod) }),
    ]));
    if (order.paymentUrl) stepBox.appendChild(el('p', {}, [el('a', { href: order.paymentUrl, 'class': 'foyer-booking__link', text: t.payNow })]));
    stepBox.appendChild(el('h3', { 'class': 'foyer-booking__subheading', text: t.yourTickets }));
    stepBox.appendChild(list);
    if (order.ticketsUrl) {
      stepBox.appendChild(el('p', {}, [el('a', { href: order.ticketsUrl, target: '_blank', rel: 'noopener', 'class': 'foyer-booking__link' }, [
        t.ticketsLink + ' ', el('span', { 'class': 'foyer-booking__hidden', text: t.newWindow }),
      ])]));
    }
    stepBox.appendChild(el('div', { 'class': 'foyer-booking__actions' }, [again]));
    showSuggestions(availability ? availability.productionId : '', t.suggestionsAfter);
  }

  // ---------- suggestions: other productions like this one, each with its reason ----------

  var suggestionsCache = {};
  var suggestionsFor = '';

  function hideSuggestions() {
    suggestionsFor = '';
    clear(suggestionsBox);
    suggestionsBox.hidden = true;
  }

  /** Up to three; asked once per production and page. */
  function showSuggestions(productionId, title) {
    hideSuggestions();
    if (!productionId) return;
    suggestionsFor = productionId;
    if (suggestionsCache[productionId]) { renderSuggestions(suggestionsCache[productionId], title); return; }
    call('GET', 'recommendations?similarTo=' + encodeURIComponent(productionId) + '&language=' + lang + '&limit=3').then(function (answer) {
      var items = answer.ok && answer.body && answer.body.items ? answer.body.items : [];
      items = items.filter(function (item) { return item.productionId !== productionId; }).slice(0, 3);
      suggestionsCache[productionId] = items;
      if (suggestionsFor === productionId) renderSuggestions(items, title);
    }, function () { return null; });
  }

  /** A performance of the suggestion this widget itself can sell, or null. */
  function bookableHere(item) {
    if (!item.nextPerformance || !performances) return null;
    return performances.filter(function (p) { return p.id === item.nextPerformance.id && !p.soldOut; })[0] || null;
  }

  function renderSuggestions(items, title) {
    clear(suggestionsBox);
    if (items.length === 0) { suggestionsBox.hidden = true; return; }
    suggestionsBox.appendChild(el('h3', { id: id('suggestions-title'), 'class': 'foyer-booking__subheading', text: title }));
    suggestionsBox.appendChild(el('ul', { 'class': 'foyer-booking__suggestion-list' }, items.map(function (item) {
      var action = null;
      var here = bookableHere(item);
      if (here) {
        action = el('button', { type: 'button', 'class': 'foyer-booking__secondary', text: fill(t.suggestionChoose, { title: item.title }) });
        action.addEventListener('click', function () {
          if (busy) return;
          chosen = { performanceId: here.id, categoryId: '', tariff: '', quantity: 1 };
          warn('');
          say('');
          renderChoose(true);
        });
      } else if (item.bookingUrl && /^https?:\/\//i.test(item.bookingUrl)) {
        action = el('a', { href: item.bookingUrl, 'class': 'foyer-booking__link', text: fill(t.suggestionBook, { title: item.title }) });
      }
      return el('li', { 'class': 'foyer-booking__suggestion', 'data-slot': item.slot }, [
        el('strong', { 'class': 'foyer-booking__suggestion-title', text: item.title }),
        item.slot === 'discovery' ? el('span', { 'class': 'foyer-booking__tag', text: t.suggestionDiscovery }) : null,
        el('p', { 'class': 'foyer-booking__explanation', text: item.text }),
        item.nextPerformance ? el('p', { 'class': 'foyer-booking__hint', text: fill(t.suggestionNext, { when: when(item.nextPerformance.startsAt) }) }) : null,
        action,
      ]);
    })));
    suggestionsBox.hidden = false;
  }

  // ---------- look and mount ----------

  var css = __STYLE__;

  function defaultStyle() {
    var adopted = document.adoptedStyleSheets;
    if (adopted && adopted.some(function (sheet) { return sheet.foyerBooking; })) return;
    if (document.getElementById('foyer-booking-style')) return;
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      sheet.foyerBooking = true;
      document.adoptedStyleSheets = adopted.concat([sheet]);
    } catch (e) {
      // Older browsers: a style element, which a strict style-src blocks; the widget still works unstyled.
      var style = el('style', { id: 'foyer-booking-style' });
      style.textContent = css;
      (document.head || document.documentElement).appendChild(style);
    }
  }

  function mount() {
    var selector = attr('data-target');
    var target = selector ? document.querySelector(selector) : null;
    if (selector && !target && document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', mount); return; }
    defaultStyle();
    if (target) target.appendChild(root);
    else if (script && script.parentNode) script.parentNode.insertBefore(root, script);
    renderChoose(false);
  }
  mount();
})();
`;

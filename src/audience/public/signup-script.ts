import { createHash } from 'node:crypto';
import type { MarketingPurpose } from '../model.ts';
import { purposeLabels, texts } from './texts.ts';

/*
 * The embeddable sign-up form: one script a house puts on its own site,
 *
 *   <script src="https://foyer.example/public/houses/<slug>/signup.js" data-lang="de" async></script>
 *
 * It renders the form where the tag stands (or into the element named by data-target,
 * a CSS selector), every purpose a separate, unticked checkbox with the house's consent
 * text, and posts with fetch (no cookies) to the sign-up endpoint. Plain ES5-style JS,
 * no dependencies, text set through textContent only (never HTML), and the honeypot
 * hidden through the CSSOM, which a strict style-src on the house's page still allows.
 * data-purposes="newsletter,recommendations" limits the purposes offered.
 */

export interface SignupScriptPurpose {
  purpose: MarketingPurpose;
  textVersion: string;
  textDe: string;
  textEn: string | null;
}

export interface SignupScriptInput {
  endpoint: string;
  houseName: string;
  defaultLanguage: 'de' | 'en';
  purposes: readonly SignupScriptPurpose[];
}

function clientTexts(language: 'de' | 'en') {
  const t = texts[language];
  return { email: t.email, name: t.name, website: t.website, submit: t.submit, choose: t.choose, thanks: t.thanks, tooMany: t.tooMany, failed: t.failed };
}

const body = String.raw`(function () {
  'use strict';
  var config = __CONFIG__;
  var script = document.currentScript;
  function attr(name) { return script ? script.getAttribute(name) : null; }
  // Posts to where the script came from: right behind any proxy or host name.
  var endpoint = script && script.src ? new URL('signup', script.src).href : config.endpoint;
  var lang = (attr('data-lang') || config.defaultLanguage).slice(0, 2).toLowerCase() === 'en' ? 'en' : 'de';
  var t = config.texts[lang];
  var only = (attr('data-purposes') || '').split(',').map(function (p) { return p.trim(); }).filter(Boolean);
  var offered = config.purposes.filter(function (p) { return only.length === 0 || only.indexOf(p.purpose) >= 0; });

  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      if (key === 'text') node.textContent = props[key]; else node.setAttribute(key, props[key]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function build() {
    var email = el('input', { type: 'email', name: 'email', required: 'required', autocomplete: 'email', maxlength: '254' });
    var name = el('input', { type: 'text', name: 'name', autocomplete: 'name', maxlength: '200' });
    var honeypot = el('input', { type: 'text', name: 'website', tabindex: '-1', autocomplete: 'off' });
    var trap = el('div', { 'aria-hidden': 'true' }, [el('label', {}, [document.createTextNode(t.website + ' '), honeypot])]);
    trap.style.position = 'absolute'; trap.style.left = '-10000px'; trap.style.width = '1px'; trap.style.height = '1px'; trap.style.overflow = 'hidden';
    var boxes = offered.map(function (p) {
      var box = el('input', { type: 'checkbox', name: 'purposes', value: p.purpose });
      var text = (lang === 'en' && p.textEn) ? p.textEn : p.textDe;
      var label = el('label', { 'class': 'foyer-signup__purpose' }, [box, el('strong', { text: ' ' + config.labels[lang][p.purpose] + ' ' }), el('span', { text: text })]);
      return { box: box, purpose: p, label: label };
    });
    var status = el('p', { 'class': 'foyer-signup__status', role: 'status', 'aria-live': 'polite' });
    var button = el('button', { type: 'submit', text: t.submit });
    var form = el('form', { 'class': 'foyer-signup', lang: lang }, [
      el('label', { 'class': 'foyer-signup__field' }, [document.createTextNode(t.email + ' '), email]),
      el('label', { 'class': 'foyer-signup__field' }, [document.createTextNode(t.name + ' '), name]),
      el('fieldset', { 'class': 'foyer-signup__purposes' }, boxes.map(function (b) { return el('div', {}, [b.label]); })),
      trap, button, status
    ]);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var chosen = boxes.filter(function (b) { return b.box.checked; });
      if (chosen.length === 0) { status.textContent = t.choose; return; }
      var versions = {};
      chosen.forEach(function (b) { versions[b.purpose.purpose] = b.purpose.textVersion; });
      button.disabled = true;
      fetch(endpoint, {
        method: 'POST', mode: 'cors', credentials: 'omit',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: email.value, name: name.value || undefined, language: lang, website: honeypot.value,
          purposes: chosen.map(function (b) { return b.purpose.purpose; }), textVersions: versions })
      }).then(function (response) {
        if (response.status === 202) {
          var thanks = el('p', { 'class': 'foyer-signup__thanks', role: 'status', text: t.thanks });
          form.parentNode.replaceChild(thanks, form);
          return;
        }
        button.disabled = false;
        status.textContent = response.status === 429 ? t.tooMany : t.failed;
      }, function () { button.disabled = false; status.textContent = t.failed; });
    });
    return form;
  }

  // A plain default look at zero specificity (:where), so any rule of the house wins; a
  // strict style-src on the house's page blocks it and the form still works unstyled.
  function defaultStyle() {
    if (document.getElementById('foyer-signup-style')) return;
    var style = el('style', { id: 'foyer-signup-style' });
    style.textContent = ':where(.foyer-signup) label{display:block;margin:.4em 0}' +
      ':where(.foyer-signup) fieldset{border:0;padding:0;margin:.6em 0}' +
      ':where(.foyer-signup__purpose) span{display:block;margin-left:1.6em;font-size:.9em}' +
      ':where(.foyer-signup__field) input{display:block;width:100%;max-width:24em;box-sizing:border-box}';
    (document.head || document.documentElement).appendChild(style);
  }

  function mount() {
    defaultStyle();
    var selector = attr('data-target');
    var target = selector ? document.querySelector(selector) : null;
    if (selector && !target && document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', mount); return; }
    var form = build();
    if (target) target.appendChild(form);
    else if (script && script.parentNode) script.parentNode.insertBefore(form, script);
  }
  mount();
})();
`;

/** The script with the house's texts baked in; the ETag is the hash of exactly these bytes. */
export function signupScript(input: SignupScriptInput): { body: string; etag: string } {
  const config = {
    endpoint: input.endpoint,
    houseName: input.houseName,
    defaultLanguage: input.defaultLanguage,
    purposes: input.purposes,
    labels: purposeLabels,
    texts: { de: clientTexts('de'), en: clientTexts('en') },
  };
  // '<' escaped: the JSON sits in a script; a text holding "</script>" must not end it.
  const json = JSON.stringify(config).replaceAll('<', '\\u003c').replaceAll('\u2028', '\\u2028').replaceAll('\u2029', '\\u2029');
  const text = body.replace('__CONFIG__', () => json);
  return { body: text, etag: `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"` };
}

// One-time tokens for page forms (chengwu_cppcc/once.py) and submit buttons that wait while a form is sent.
// Every POST form gets a hidden `_once` field with a fresh random value when its page loads; the server runs a
// given value once. Submitting the same form again (a double click, a resubmitted reload, Back then Submit
// unchanged) sends the same value and is answered with the first result. Changing a field after sending makes a
// new submission with a new value. Every page works without this file.
(function () {
  "use strict";

  var FIELD = "_once";
  var FORMS = 'form[method="post" i]';
  // A form whose answer is not a new page (a download) gets its buttons back after this long.
  var BUSY_MS = 15000;

  function randomToken() {
    var cryptoApi = window.crypto || window.msCrypto;
    if (cryptoApi && typeof cryptoApi.randomUUID === "function") {
      return cryptoApi.randomUUID();  // secure contexts only (https, localhost)
    }
    var bytes = new Uint8Array(16);
    if (cryptoApi && cryptoApi.getRandomValues) {
      cryptoApi.getRandomValues(bytes);
    } else {
      for (var i = 0; i < 16; i++) { bytes[i] = Math.floor(Math.random() * 256); }
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function tokenInput(form) {
    var input = form.querySelector('input[name="' + FIELD + '"]');
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = FIELD;
      form.appendChild(input);
    }
    return input;
  }

  function arm(form) {
    tokenInput(form).value = randomToken();
    delete form.dataset.onceSent;
  }

  function submitButtons(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return (el.tagName === "BUTTON" || el.tagName === "INPUT") && (el.type === "submit" || el.type === "image");
    });
  }

  function setBusy(form, busy) {
    submitButtons(form).forEach(function (button) {
      if (busy && !button.disabled) {
        button.disabled = true;
        button.setAttribute("aria-disabled", "true");
        button.dataset.onceDisabled = "1";
      } else if (!busy && button.dataset.onceDisabled) {
        button.disabled = false;
        button.removeAttribute("aria-disabled");
        delete button.dataset.onceDisabled;
      }
    });
    if (busy) {
      form.setAttribute("aria-busy", "true");
    } else {
      form.removeAttribute("aria-busy");
    }
  }

  function release(form) {
    clearTimeout(form.onceTimer);
    delete form.dataset.onceBusy;
    setBusy(form, false);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches(FORMS) || event.defaultPrevented) { return; }
    if (form.dataset.onceBusy) {
      event.preventDefault();  // the first submission is on its way; a second would only race it
      return;
    }
    var input = tokenInput(form);  // a form added after the page loaded
    if (!input.value) { input.value = randomToken(); }
    form.dataset.onceBusy = "1";
    form.dataset.onceSent = "1";
    // Disabled after the browser has read the form: a disabled submit button would drop its own name and value.
    setTimeout(function () { if (form.dataset.onceBusy) { setBusy(form, true); } }, 0);
    form.onceTimer = setTimeout(function () { release(form); }, BUSY_MS);
  });

  // A form the browser refused to send (HTML5 validation) keeps its buttons.
  document.addEventListener("invalid", function (event) {
    if (event.target.form) { release(event.target.form); }
  }, true);

  function edited(event) {
    var form = event.target && event.target.form;
    if (form && form.dataset.onceSent && !form.dataset.onceBusy && form.matches(FORMS)) { arm(form); }
  }
  document.addEventListener("input", edited);
  document.addEventListener("change", edited);

  function armAll() {
    Array.prototype.forEach.call(document.querySelectorAll(FORMS), function (form) {
      if (!tokenInput(form).value) { arm(form); }
    });
  }

  // Back to a page kept in the browser's memory: its buttons work again; an unchanged form keeps its value.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      Array.prototype.forEach.call(document.querySelectorAll(FORMS), release);
    }
    armAll();
  });
  document.addEventListener("htmx:load", armAll);
  armAll();
}());

// The shared behaviour of docs/ui.md; every page works without it.
(function () {
  "use strict";

  // Tables become cards on a phone: each cell is labelled with its column's header (CSS does the rest).
  function cardTables(root) {
    root.querySelectorAll("main table.table").forEach(function (table) {
      if (table.hasAttribute("data-keep-table") || table.classList.contains("table-cards")) { return; }
      var head = table.tHead && table.tHead.rows[0];
      if (!head) { return; }
      var labels = Array.prototype.map.call(head.cells, function (th) { return th.textContent.trim(); });
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          var col = 0;
          Array.prototype.forEach.call(row.cells, function (cell) {
            if (!cell.hasAttribute("data-label") && cell.colSpan === 1) { cell.setAttribute("data-label", labels[col] || ""); }
            col += cell.colSpan;
          });
        });
      });
      table.classList.add("table-cards");
    });
  }

  // Length limits that tell: a counter under each field with maxlength, and a message past it. The browser's
  // maxlength (which cuts a paste in silence) is lifted; the server's length check stays and keeps the text.
  function counters(root) {
    root.querySelectorAll("input[maxlength], textarea[maxlength], input[data-maxlength], textarea[data-maxlength]").forEach(function (field) {
      if (field.dataset.counted) { return; }
      var limit = parseInt(field.getAttribute("maxlength") || field.dataset.maxlength, 10);
      if (!limit || field.type === "hidden" || field.type === "date" || field.type === "number") { return; }
      field.dataset.counted = "1";
      field.dataset.maxlength = String(limit);
      field.removeAttribute("maxlength");
      var counter = document.createElement("div");
      counter.className = "char-counter";
      counter.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", counter);
      var template = document.documentElement.lang === "en" ? "{n} / {max}" : "{n} / {max} 字";
      var over = document.documentElement.lang === "en"
        ? "Too long by {d} characters: at most {max}. Shorten it before saving."
        : "超出 {d} 字（最多 {max} 字），请删减后再保存。";
      function update() {
        var n = Array.from(field.value).length;
        var text = template.replace("{n}", n).replace("{max}", limit);
        if (n > limit) { text = over.replace("{d}", n - limit).replace("{max}", limit); }
        counter.textContent = text;
        counter.classList.toggle("over", n > limit);
        field.classList.toggle("is-invalid", n > limit);
        field.setCustomValidity(n > limit ? text : "");
      }
      field.addEventListener("input", update);
      update();
    });
  }

  // A confirm() before a step the server flagged (data-confirm on the button).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); }
  });

  // Select all / none on the plan board's batch form.
  document.addEventListener("change", function (event) {
    var all = event.target.closest("[data-select-all]");
    if (!all) { return; }
    document.querySelectorAll("input[type=checkbox][form='" + all.getAttribute("data-select-all") + "'][name=topics]").forEach(function (box) {
      if (!box.disabled) { box.checked = all.checked; }
    });
  });

  function enhance(root) { cardTables(root); counters(root); }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSwap", function (event) { enhance(event.target); });
  document.addEventListener("ui:enhance", function (event) { enhance(event.detail); });
})();

// "Add a suggestion" (and any formset): clone the <template> of the formset's empty form, renumber, count it.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-formset-add]");
  if (!button) { return; }
  var box = document.getElementById(button.getAttribute("data-formset-add"));
  var template = document.getElementById(button.getAttribute("data-formset-template"));
  var prefix = box.getAttribute("data-formset-prefix");
  var total = document.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
  var index = parseInt(total.value, 10);
  var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1));
  box.insertAdjacentHTML("beforeend", html);
  total.value = String(index + 1);
  var added = box.lastElementChild;
  var first = added.querySelector("input, textarea, select");
  if (first) { first.focus(); }
  document.dispatchEvent(new CustomEvent("ui:enhance", { detail: added }));
});

// A field required only under a condition (data-required-when="source=special_committee", or "box=on" for a
// ticked checkbox): its marker and `required` follow the controlling field; with data-optional-hidden the
// field is shown only while it is required (unless the server marked it invalid).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-required-when]").forEach(function (field) {
    var rule = field.getAttribute("data-required-when").split("=");
    var control = field.form && field.form.elements[rule[0]];
    var wrapper = field.closest("[data-required-field]");
    var marker = wrapper && wrapper.querySelector("[data-required-marker]");
    function value() {
      if (control && control.type === "checkbox") { return control.checked ? control.value : ""; }
      return control ? control.value : "";
    }
    function update() {
      var on = !control || value() === rule[1];
      field.required = on;
      if (marker) { marker.hidden = !on; }
      if (wrapper && field.hasAttribute("data-optional-hidden")) {
        wrapper.hidden = !on && field.getAttribute("aria-invalid") !== "true";
      }
    }
    if (control) { control.addEventListener("change", update); }
    update();
  });
});

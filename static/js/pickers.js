// Searchable pickers (docs/ui.md, "Pickers"): Tom Select, vendored in static/vendor/tom-select/.
// A <select multiple> and a <select data-picker> (departments, members) become a picker you can type in; a
// multiple one shows each choice as a chip with × and a button to clear them all.
(function () {
  "use strict";
  var en = document.documentElement.lang === "en";
  function picker(select) {
    if (select.tomselect || select.hasAttribute("data-no-picker") || typeof TomSelect === "undefined") { return; }
    if (!(select.multiple || select.hasAttribute("data-picker"))) { return; }
    var multi = select.multiple;
    new TomSelect(select, {
      plugins: multi ? ["remove_button", "clear_button"] : [],
      maxOptions: null,
      allowEmptyOption: !multi,
      hidePlaceholder: false,
      placeholder: multi ? (en ? "Type to search, pick several" : "输入名称搜索，可多选") : (en ? "Type to search" : "输入名称搜索"),
      render: {
        no_results: function () { return '<div class="no-results">' + (en ? "No match" : "没有匹配的选项") + "</div>"; }
      }
    });
  }
  function enhance(root) { root.querySelectorAll("main select").forEach(picker); }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSwap", function (event) { enhance(event.target); });
  document.addEventListener("ui:enhance", function (event) { enhance(event.detail); });
})();

// The print button of a printable page (proposals/proposal_print.html).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});

// Pledge form: when a row is removed in place (htmx swaps in a hidden row), keep the
// keyboard user's place by focusing the table's "add" button (no inline scripts: CSP).
document.addEventListener("htmx:load", function (event) {
  var row = event.detail.elt;
  if (row && row.dataset && row.dataset.focusAfter) {
    var button = document.getElementById(row.dataset.focusAfter);
    if (button) {
      button.focus();
    }
  }
});

// Small behaviours shared by every page; no inline scripts (Content Security Policy).
document.addEventListener("change", function (event) {
  if (event.target.matches("[data-autosubmit]")) {
    event.target.form.requestSubmit();
  }
});

// The certificate layout editor: each field drawn on the blank at scale from the mm inputs
// beside it (y is the baseline: the box's top is y less the font's ascent, as in the PDF),
// redrawn as the inputs change; a field dragged on the blank writes its new x and y back.
(function () {
  "use strict";
  var stage = document.querySelector("[data-cert-stage]");
  if (!stage) return;
  var form = document.getElementById(stage.getAttribute("data-form"));
  var ascents = JSON.parse(document.getElementById("cert-ascents").textContent);
  var families = JSON.parse(document.getElementById("cert-families").textContent);
  var MM_PER_PT = 25.4 / 72;
  var drag = null;

  function input(name) { return form.elements[name]; }
  function num(name) {
    var value = parseFloat(input(name) && input(name).value);
    return isNaN(value) ? 0 : value;
  }
  function scale() { return stage.clientWidth / (num("page_width_mm") || 1); }
  function rounded(mm) { return Math.max(0, Math.round(mm * 2) / 2); }

  function draw() {
    var s = scale();
    stage.style.height = num("page_height_mm") * s + "px";
    stage.querySelectorAll("[data-field]").forEach(function (box) {
      var field = box.getAttribute("data-field");
      var font = input(field + "-font").value;
      var size = num(field + "-font_size_pt");
      var family = families[font];
      box.style.left = num(field + "-x_mm") * s + "px";
      box.style.top = (num(field + "-y_mm") - ascents[font] * size * MM_PER_PT) * s + "px";
      box.style.width = num(field + "-width_mm") * s + "px";
      box.style.fontSize = size * MM_PER_PT * s + "px";
      box.style.fontFamily = family[0];
      box.style.fontWeight = family[1];
      box.style.fontStyle = family[2];
      box.style.textAlign = input(field + "-align").value;
      box.hidden = !input(field + "-printed").checked;
    });
  }

  stage.addEventListener("pointerdown", function (event) {
    var box = event.target.closest("[data-field]");
    if (!box) return;
    event.preventDefault();
    box.setPointerCapture(event.pointerId);
    box.classList.add("dragging");
    var field = box.getAttribute("data-field");
    drag = { box: box, field: field, x0: event.clientX, y0: event.clientY, x: num(field + "-x_mm"), y: num(field + "-y_mm") };
  });
  stage.addEventListener("pointermove", function (event) {
    if (!drag) return;
    var s = scale();
    input(drag.field + "-x_mm").value = rounded(drag.x + (event.clientX - drag.x0) / s);
    input(drag.field + "-y_mm").value = rounded(drag.y + (event.clientY - drag.y0) / s);
    draw();
  });
  function stop() {
    if (!drag) return;
    drag.box.classList.remove("dragging");
    drag = null;
  }
  stage.addEventListener("pointerup", stop);
  stage.addEventListener("pointercancel", stop);
  form.addEventListener("input", draw);
  form.addEventListener("change", draw);
  window.addEventListener("resize", draw);
  if (document.fonts) document.fonts.ready.then(draw);
  draw();
})();

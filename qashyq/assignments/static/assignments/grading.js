// Rubric levels clicked → points; the final after the late penalty shown as it changes.
(function () {
  "use strict";
  var form = document.getElementById("grade-form");
  if (!form) return;
  var points = document.getElementById("points");
  var final = document.getElementById("final");
  var penalty = parseFloat(form.dataset.penalty || "0");
  function update() {
    var radios = form.querySelectorAll("input[type=radio]:checked");
    if (form.querySelector("input[type=radio]")) {
      var sum = 0;
      radios.forEach(function (r) { sum += parseFloat(r.dataset.points); });
      points.value = sum.toFixed(2);
    }
    var p = parseFloat((points.value || "").replace(",", "."));
    final.textContent = isNaN(p) ? "—" : (Math.round(p * (100 - penalty)) / 100).toFixed(2);
  }
  form.addEventListener("change", update);
  points.addEventListener("input", update);
})();

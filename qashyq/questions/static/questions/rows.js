// "Add a row" on the question form: copies the last row of its fieldset, emptied.
document.addEventListener("click", function (event) {
  var button = event.target.closest(".add-row");
  if (!button) return;
  var rows = button.parentElement.querySelector(".rows");
  var last = rows.lastElementChild;
  if (!last || rows.children.length >= 50) return;
  var copy = last.cloneNode(true);
  copy.querySelectorAll("input").forEach(function (input) { input.value = ""; });
  rows.appendChild(copy);
  var first = copy.querySelector("input");
  if (first) first.focus();
});

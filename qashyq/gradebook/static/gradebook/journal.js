// The e-journal's quick entry: a cursor moved by click, arrows, Tab and Enter; typing
// starts editing; Enter saves (POST JSON to the cell URL); a changed grade asks for the
// reason (the server says reason_required); the row's ratings are redrawn from the answer.
(function () {
  "use strict";
  var wrap = document.getElementById("gbwrap");
  var table = document.getElementById("gb");
  if (!wrap || !table) return;
  var heads = table.tHead.rows[0].cells;
  var first = 1; // column 0 is the student
  var items = 0;
  while (first + items < heads.length && heads[first + items].dataset.i) items++;
  var cur = null;
  var csrf = (document.body.getAttribute("hx-headers") || "").match(/"X-CSRFToken": "([^"]+)"/);
  table.tabIndex = 0;

  function editable(td) {
    return td && td.tagName === "TD" && td.cellIndex >= first && td.cellIndex < first + items &&
      td.parentNode.parentNode === table.tBodies[0];
  }
  function move(td) {
    if (!editable(td)) return;
    if (cur) cur.classList.remove("cur");
    cur = td;
    cur.classList.add("cur");
    cur.scrollIntoView({block: "nearest", inline: "nearest"});
  }
  function at(row, col) {
    var r = table.tBodies[0].rows[row];
    return r ? r.cells[col] : null;
  }
  function save(td, value, reason) {
    var tr = td.parentNode;
    var body = {item: heads[td.cellIndex].dataset.i, student: tr.dataset.s, value: value,
      reason: reason || ""};
    fetch(wrap.dataset.cellUrl, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf ? csrf[1] : ""},
      body: JSON.stringify(body)
    }).then(function (r) { return r.json().then(function (j) { return [r.status, j]; }); })
      .then(function (res) {
        var status = res[0], data = res[1];
        td.classList.remove("err", "saved");
        if (status === 200) {
          td.textContent = data.value;
          td.classList.add("saved");
          var n = first + items;
          var tmp = document.createElement("tbody");
          tmp.innerHTML = "<tr>" + data.result + "</tr>";
          while (tr.cells.length > n) tr.deleteCell(n);
          Array.prototype.slice.call(tmp.rows[0].cells).forEach(function (c) { tr.appendChild(c); });
          tr.title = data.verdict;
        } else if (data.code === "grade_reason_required") {
          var why = window.prompt(wrap.dataset.reason + " " + data.message);
          if (why) save(td, value, why); else td.classList.add("err");
        } else {
          td.classList.add("err");
          td.title = data.message || "";
        }
      });
  }
  function edit(td, initial) {
    var old = td.textContent;
    var input = document.createElement("input");
    input.value = initial === undefined ? old : initial;
    input.inputMode = "decimal";
    td.textContent = "";
    td.appendChild(input);
    input.focus();
    var done = false;
    function finish(commit, next) {
      if (done) return;
      done = true;
      var value = input.value.trim();
      td.textContent = old;
      if (commit && value !== old) { td.textContent = value; save(td, value); }
      table.focus();
      if (next) move(next);
    }
    input.addEventListener("keydown", function (e) {
      var row = td.parentNode.sectionRowIndex, col = td.cellIndex;
      if (e.key === "Enter") { e.preventDefault(); finish(true, at(row + 1, col)); }
      else if (e.key === "Tab") { e.preventDefault(); finish(true, at(row, col + (e.shiftKey ? -1 : 1))); }
      else if (e.key === "Escape") { finish(false); }
      e.stopPropagation();
    });
    input.addEventListener("blur", function () { finish(true); });
  }
  table.addEventListener("click", function (e) {
    var td = e.target.closest("td");
    if (editable(td)) { move(td); if (e.detail > 1) edit(td); }
  });
  table.addEventListener("keydown", function (e) {
    if (!cur) { move(at(0, first)); return; }
    var row = cur.parentNode.sectionRowIndex, col = cur.cellIndex;
    var go = {ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1]}[e.key];
    if (go) { e.preventDefault(); move(at(row + go[0], col + go[1])); }
    else if (e.key === "Enter" || e.key === "F2") { e.preventDefault(); edit(cur); }
    else if (e.key === "Delete" || e.key === "Backspace") { e.preventDefault(); save(cur, ""); cur.textContent = ""; }
    else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey) { e.preventDefault(); edit(cur, e.key); }
  });
})();

// Autosave of the assignment text (SEC-5: nothing lost). Debounced POST of the draft;
// a copy in localStorage survives a dropped link or a closed tab and is resent when the
// page is opened again or the link comes back.
(function () {
  "use strict";
  var form = document.getElementById("draft-form");
  if (!form) return;
  var area = form.querySelector("textarea");
  var state = document.getElementById("draft-state");
  var key = form.dataset.key;
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var timer = null;
  var sending = false;

  function show(msg) { if (state) state.textContent = msg; }
  function keep() {
    try { localStorage.setItem(key, JSON.stringify({ text: area.value, pending: true })); } catch (e) { /* full */ }
  }
  function send() {
    if (sending) { schedule(); return; }
    sending = true;
    var text = area.value;
    show(state.dataset.saving);
    var body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    body.append("text", text);
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
      .then(function (res) {
        sending = false;
        if (res.ok) {
          if (area.value === text) {
            try { localStorage.setItem(key, JSON.stringify({ text: text, pending: false })); } catch (e) { /* full */ }
          }
          show(state.dataset.savedMsg + " " + new Date().toTimeString().slice(0, 5));
        } else {
          show(res.j.message || "");  // a rule said no (closed, too long): the copy stays here
        }
      })
      .catch(function () { sending = false; show(state.dataset.offline); });
  }
  function schedule() { clearTimeout(timer); timer = setTimeout(send, 1500); }

  area.addEventListener("input", function () { keep(); schedule(); });
  window.addEventListener("online", function () { send(); });
  try {
    var saved = JSON.parse(localStorage.getItem(key) || "null");
    if (saved && saved.pending && saved.text !== area.value) {
      area.value = saved.text;  // written offline: restore and send again
      send();
    }
  } catch (e) { /* no storage */ }
  var submitForm = document.getElementById("submit-form");
  if (submitForm) {
    submitForm.addEventListener("submit", function () {
      var hidden = document.createElement("input");
      hidden.type = "hidden"; hidden.name = "text"; hidden.value = area.value;
      submitForm.appendChild(hidden);
      try { localStorage.removeItem(key); } catch (e) { /* no storage */ }
    });
  }
})();

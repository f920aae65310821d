// The attempt page (LMS-7): every answer is saved on change (text after a pause); answers
// not yet acknowledged wait in localStorage with their sequence number and are resent
// with backoff when the link returns; the countdown follows the server's remaining time.
// Reopening the page (another device, a restarted server) starts from the server's saved
// answers and merges this device's queue: the higher seq wins.
(function () {
  "use strict";
  var form = document.getElementById("attempt");
  var stateNode = document.getElementById("attempt-state");
  if (!form || !stateNode) return;
  var state = JSON.parse(stateNode.textContent);
  var saveUrl = form.getAttribute("data-save-url");
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var statusNode = document.getElementById("save-status");
  var timerNode = document.getElementById("timer");
  var KEY = "qashyq-attempt-" + state.attempt;
  var queue = {};
  try { queue = JSON.parse(localStorage.getItem(KEY) || "{}") || {}; } catch (e) { queue = {}; }
  var seq = 0;
  var closed = false;
  var sending = false;
  var backoff = 1000;
  var retryTimer = null;
  var deadline = state.remaining === null ? null : Date.now() + state.remaining * 1000;

  function persist() {
    try { localStorage.setItem(KEY, JSON.stringify(queue)); } catch (e) { /* storage full: keep in memory */ }
  }
  function say(kind) {
    statusNode.textContent = statusNode.getAttribute("data-" + kind);
    statusNode.className = "save-status " + kind;
  }
  function fieldset(position) { return document.getElementById("q" + position); }

  function collect(box) {
    var qtype = box.getAttribute("data-qtype");
    var name = "q" + box.getAttribute("data-position");
    if (qtype === "single" || qtype === "truefalse") {
      var checked = box.querySelector("input[name='" + name + "']:checked");
      return checked ? checked.value : null;
    }
    if (qtype === "multiple") {
      return Array.prototype.map.call(box.querySelectorAll("input:checked"), function (i) { return i.value; });
    }
    if (qtype === "matching") {
      var answer = {};
      box.querySelectorAll("select").forEach(function (s) { answer[s.getAttribute("data-pair")] = s.value; });
      return answer;
    }
    if (qtype === "ordering") {
      return Array.prototype.map.call(box.querySelectorAll("li"), function (li) { return li.getAttribute("data-item"); });
    }
    var input = box.querySelector("input[type=text], textarea");
    return input ? input.value : null;
  }

  function apply(box, response) {
    if (response === null || response === undefined) return;
    var qtype = box.getAttribute("data-qtype");
    if (qtype === "single" || qtype === "truefalse" || qtype === "multiple") {
      var chosen = Array.isArray(response) ? response : [response];
      box.querySelectorAll("input").forEach(function (i) { i.checked = chosen.indexOf(i.value) >= 0; });
    } else if (qtype === "matching") {
      box.querySelectorAll("select").forEach(function (s) { s.value = response[s.getAttribute("data-pair")] || ""; });
    } else if (qtype === "ordering") {
      var list = box.querySelector("ol");
      response.forEach(function (id) {
        var li = list.querySelector("li[data-item='" + id + "']");
        if (li) list.appendChild(li);
      });
    } else {
      var input = box.querySelector("input[type=text], textarea");
      if (input) input.value = response;
    }
  }

  // Merge: the server's answers, then this device's queue where its seq is newer.
  var saved = state.answers || {};
  Object.keys(saved).forEach(function (position) { seq = Math.max(seq, saved[position].seq || 0); });
  Object.keys(queue).forEach(function (position) { seq = Math.max(seq, queue[position].seq || 0); });
  form.querySelectorAll("fieldset.question").forEach(function (box) {
    var position = box.getAttribute("data-position");
    var server = saved[position] || { seq: 0, response: null };
    var local = queue[position];
    if (local && local.seq > server.seq) {
      apply(box, local.response);
    } else {
      delete queue[position];
      apply(box, server.response);
    }
  });
  persist();

  function changed(box) {
    if (closed) return;
    var position = box.getAttribute("data-position");
    seq += 1;
    queue[position] = { response: collect(box), seq: seq };
    persist();
    flush();
  }

  function schedule() {
    if (retryTimer) return;
    retryTimer = setTimeout(function () { retryTimer = null; flush(); }, backoff);
    backoff = Math.min(backoff * 2, 30000);
  }

  function flush() {
    if (sending || closed) return;
    var positions = Object.keys(queue);
    if (!positions.length) { say("saved"); return; }
    sending = true;
    say("saving");
    var position = positions[0];
    var item = queue[position];
    var abort = typeof AbortController === "function" ? new AbortController() : null;
    var abortTimer = abort ? setTimeout(function () { abort.abort(); }, 20000) : null;
    fetch(saveUrl, {
      signal: abort ? abort.signal : undefined,
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ position: Number(position), response: item.response, seq: item.seq })
    }).then(function (r) {
      return r.json().then(function (body) { return { status: r.status, body: body }; }, function () { return { status: r.status, body: {} }; });
    }).then(function (result) {
      clearTimeout(abortTimer);
      sending = false;
      if (result.status === 200) {
        backoff = 1000;
        if (queue[position] && queue[position].seq <= result.body.seq) delete queue[position];
        persist();
        if (result.body.remaining_seconds !== null && result.body.remaining_seconds !== undefined) {
          deadline = Date.now() + result.body.remaining_seconds * 1000;
        }
        flush();
      } else if (result.status === 409) {
        closed = true;
        say("closed");
        setTimeout(function () { window.location.reload(); }, 2500);
      } else if (result.status === 422) {
        delete queue[position];
        persist();
        var box = fieldset(position);
        if (box) box.querySelector(".q-status").textContent = statusNode.getAttribute("data-invalid");
        flush();
      } else {
        say("offline");
        schedule();
      }
    }).catch(function () {
      clearTimeout(abortTimer);
      sending = false;
      say("offline");
      schedule();
    });
  }

  var timers = {};
  form.addEventListener("change", function (event) {
    var box = event.target.closest("fieldset.question");
    if (box) changed(box);
  });
  form.addEventListener("input", function (event) {
    var box = event.target.closest("fieldset.question");
    if (!box || !event.target.matches("input[type=text], textarea")) return;
    var position = box.getAttribute("data-position");
    clearTimeout(timers[position]);
    timers[position] = setTimeout(function () { changed(box); }, 800);
  });
  form.addEventListener("click", function (event) {
    var button = event.target.closest("button.up, button.down");
    if (!button) return;
    var li = button.closest("li");
    if (button.classList.contains("up") && li.previousElementSibling) li.parentNode.insertBefore(li, li.previousElementSibling);
    if (button.classList.contains("down") && li.nextElementSibling) li.parentNode.insertBefore(li.nextElementSibling, li);
    changed(li.closest("fieldset.question"));
  });
  form.addEventListener("submit", function (event) {
    if (Object.keys(queue).length && !window.confirm(statusNode.getAttribute("data-confirm"))) {
      event.preventDefault();
      flush();
    }
  });
  window.addEventListener("online", function () { backoff = 1000; flush(); });

  function tick() {
    if (deadline === null) return;
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
    timerNode.textContent = (h ? h + ":" : "") + (m < 10 && h ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
    timerNode.classList.toggle("low", left < 300);
    if (left === 0) flush();
  }
  tick();
  setInterval(tick, 1000);
  flush();
})();

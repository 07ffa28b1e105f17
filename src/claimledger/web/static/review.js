/* claimledger review page: keyboard review of the items in their sentences.
   j/k (or arrows) move, c confirm, r reject, e edit, n note, x select, Shift+C / Shift+R
   confirm / reject the selection, Esc closes the editor.  Decisions go to this server's
   JSON API (CSP connect-src 'self'); everything written back into the page goes through
   textContent, never as HTML.  Without this script the forms post as plain HTML forms. */
(function () {
  "use strict";
  var list = document.getElementById("review-list");
  var live = document.getElementById("review-live");
  var who = document.getElementById("review-reviewer");
  var bulkConfirm = document.getElementById("bulk-confirm");
  var bulkReject = document.getElementById("bulk-reject");
  if (!list) { return; }
  var items = Array.prototype.slice.call(list.querySelectorAll("li.review-item"));
  var current = -1;
  var KEY = "claimledger-reviewer";

  function say(text) { if (live) { live.textContent = text; } }

  function reviewer() {
    var name = who && who.value.trim();
    return name || "web";
  }

  function syncReviewer() {
    var fields = document.querySelectorAll(".review-reviewer-field");
    for (var i = 0; i < fields.length; i++) { fields[i].value = reviewer(); }
  }

  if (who) {
    try { var saved = window.localStorage.getItem(KEY); if (saved) { who.value = saved; } } catch (e) { /* private mode */ }
    who.addEventListener("change", function () {
      try { window.localStorage.setItem(KEY, reviewer()); } catch (e) { /* private mode */ }
      syncReviewer();
    });
    syncReviewer();
  }

  function focusItem(i) {
    if (!items.length) { return; }
    i = Math.max(0, Math.min(items.length - 1, i));
    if (current >= 0 && items[current]) { items[current].classList.remove("current"); }
    current = i;
    var li = items[current];
    li.classList.add("current");
    li.focus({preventScroll: true});
    li.scrollIntoView({block: "nearest"});
  }

  function indexOf(el) {
    var li = el && el.closest ? el.closest("li.review-item") : null;
    return li ? items.indexOf(li) : -1;
  }

  function show(li, item) {
    li.className = li.className.replace(/\bst-[a-z]+\b/g, "").trim() + " st-" + item.shown;
    var state = li.querySelector("[data-role=state]");
    if (state) { state.textContent = item.shown; }
    var corrected = item.review ? item.review.corrections : {};
    var dds = li.querySelectorAll("dl [data-field]");
    for (var i = 0; i < dds.length; i++) {
      var f = dds[i].getAttribute("data-field");
      var v = item.approved[f];
      dds[i].textContent = (v === null || v === undefined || v === "") ? "\u2014" : String(v);
      dds[i].classList.toggle("corrected", Object.prototype.hasOwnProperty.call(corrected, f));
    }
    var note = li.querySelector("[data-role=note]");
    if (note) {
      var text = item.review && item.review.note ? item.review.note : "";
      note.textContent = text;
      note.hidden = !text;
    }
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) {
          var msg = data && data.error ? data.error.message : (data && data.detail ? String(data.detail) : "failed");
          throw new Error(msg);
        }
        return data;
      });
    });
  }

  function decide(li, decision, extra) {
    var ref = li.getAttribute("data-ref");
    var body = {decision: decision, reviewer: reviewer(), expect_text: li.getAttribute("data-expect")};
    if (!body.expect_text) { delete body.expect_text; }
    for (var k in extra) { if (Object.prototype.hasOwnProperty.call(extra, k)) { body[k] = extra[k]; } }
    say("Saving " + ref + "\u2026");
    return post("/api/review/items/" + encodeURIComponent(ref), body).then(function (item) {
      show(li, item);
      say(ref + ": " + item.shown);
      return item;
    }).catch(function (e) { say(ref + ": " + e.message); throw e; });
  }

  function editFields(li) {
    var out = {};
    var inputs = li.querySelectorAll(".review-fields input[data-field]");
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].value !== inputs[i].defaultValue) {
        out[inputs[i].getAttribute("data-field")] = inputs[i].value;
      }
    }
    return out;
  }

  function submitForm(li, decision) {
    var form = li.querySelector("form.review-form");
    var extra = {};
    if (decision === "correct") {
      extra.corrections = editFields(li);
      if (!Object.keys(extra.corrections).length) { say("Change a value before saving a correction."); return; }
    }
    if (decision === "note" || decision === "reject") {
      var note = form.querySelector("textarea[name=note]");
      if (note && (decision === "note" || note.value.trim())) { extra.note = note.value; }
    }
    if (decision === "verdict") {
      var v = form.querySelector("select[name=verdict]");
      var why = form.querySelector("input[name=rationale]");
      extra.verdict = v && v.value ? v.value : null;
      extra.rationale = why ? why.value : null;
      if (!extra.verdict) { say("Choose a verdict first."); return; }
    }
    decide(li, decision, extra).then(function (item) {
      var inputs = li.querySelectorAll(".review-fields input[data-field]");
      for (var i = 0; i < inputs.length; i++) {
        var v = item.approved[inputs[i].getAttribute("data-field")];
        inputs[i].value = inputs[i].defaultValue = (v === null || v === undefined) ? "" : String(v);
      }
      var details = li.querySelector("details.review-edit");
      if (details) { details.open = false; }
      if (decision === "confirm" || decision === "reject" || decision === "correct") { focusItem(items.indexOf(li) + 1); }
      else { focusItem(items.indexOf(li)); }
    }).catch(function () { /* shown in the live region */ });
  }

  function openEditor(li, selector) {
    var details = li.querySelector("details.review-edit");
    if (!details) { return; }
    details.open = true;
    var target = li.querySelector(selector) || li.querySelector(".review-fields input, .review-fields textarea");
    if (target) { target.focus(); }
  }

  function selected() {
    return items.filter(function (li) { var box = li.querySelector(".review-select"); return box && box.checked; });
  }

  function updateBulk() {
    var n = selected().length;
    if (bulkConfirm) { bulkConfirm.disabled = !n; }
    if (bulkReject) { bulkReject.disabled = !n; }
  }

  function bulk(decision) {
    var chosen = selected();
    if (!chosen.length) { say("Select items first (x)."); return; }
    var refs = chosen.map(function (li) { return li.getAttribute("data-ref"); });
    say("Saving " + refs.length + " items\u2026");
    post("/api/review/bulk", {refs: refs, decision: decision, reviewer: reviewer()}).then(function (data) {
      chosen.forEach(function (li) {
        var box = li.querySelector(".review-select");
        if (box) { box.checked = false; }
      });
      return Promise.all(chosen.map(function (li) {
        return fetch("/api/review/items/" + encodeURIComponent(li.getAttribute("data-ref")),
                     {credentials: "same-origin", headers: {"Accept": "application/json"}})
          .then(function (r) { return r.json(); }).then(function (item) { show(li, item); });
      })).then(function () { say(data.count + " items: " + decision + "ed"); updateBulk(); });
    }).catch(function (e) { say("Bulk " + decision + ": " + e.message); });
  }

  list.addEventListener("submit", function (ev) {
    var form = ev.target;
    var li = form.closest("li.review-item");
    if (!li) { return; }
    ev.preventDefault();
    var button = ev.submitter || form.querySelector("button[data-decision]");
    submitForm(li, button ? button.getAttribute("data-decision") : "confirm");
  });
  list.addEventListener("change", function (ev) {
    if (ev.target.classList && ev.target.classList.contains("review-select")) { updateBulk(); }
  });
  list.addEventListener("click", function (ev) {
    var i = indexOf(ev.target);
    if (i >= 0 && i !== current) { focusItem(i); }
  });
  if (bulkConfirm) { bulkConfirm.addEventListener("click", function () { bulk("confirm"); }); }
  if (bulkReject) { bulkReject.addEventListener("click", function () { bulk("reject"); }); }

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var t = ev.target;
    var typing = t && (t.tagName === "TEXTAREA" || t.tagName === "SELECT" ||
                       (t.tagName === "INPUT" && t.type !== "checkbox"));
    if (ev.key === "Escape") {
      if (current >= 0) {
        var d = items[current].querySelector("details.review-edit");
        if (d) { d.open = false; }
        focusItem(current);
      }
      return;
    }
    if (typing) {
      var editing = t.closest ? t.closest("li.review-item") : null;
      if (ev.key === "Enter" && t.tagName === "INPUT" && editing && t.closest(".review-fields")) {
        ev.preventDefault();
        submitForm(editing, t.name === "rationale" ? "verdict" : "correct");
      }
      return;
    }
    if (current < 0) { focusItem(0); if (ev.key === "j" || ev.key === "k") { ev.preventDefault(); return; } }
    var item = items[current];
    switch (ev.key) {
      case "j": case "ArrowDown": focusItem(current + 1); break;
      case "k": case "ArrowUp": focusItem(current - 1); break;
      case "c": submitForm(item, "confirm"); break;
      case "r": submitForm(item, "reject"); break;
      case "e": openEditor(item, ".review-fields input[data-field]"); break;
      case "n": openEditor(item, "textarea[name=note]"); break;
      case "x":
        var box = item.querySelector(".review-select");
        if (box) { box.checked = !box.checked; updateBulk(); }
        break;
      case "C": bulk("confirm"); break;
      case "R": bulk("reject"); break;
      default: return;
    }
    ev.preventDefault();
  });

  if (items.length) { focusItem(0); }
}());

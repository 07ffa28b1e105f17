/* claimledger report: filters and "go to sentence".  No inline handlers, no innerHTML:
   every string from the ledger is read from data-* attributes and compared, never parsed. */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var status = document.getElementById("filter-status");

  function values() {
    var out = {};
    if (!form) { return out; }
    var selects = form.querySelectorAll("select[data-filter]");
    for (var i = 0; i < selects.length; i++) {
      out[selects[i].getAttribute("data-filter")] = selects[i].value;
    }
    return out;
  }

  function matches(el, v) {
    if (v.outlet && el.hasAttribute("data-outlet")) {
      var outlets = el.getAttribute("data-outlet").split(" | ");
      if (outlets.indexOf(v.outlet) < 0) { return false; }
    }
    if (v.source && el.hasAttribute("data-source")) {
      var sources = el.getAttribute("data-source").split(" | ");
      if (sources.indexOf(v.source === "__none__" ? "" : v.source) < 0) { return false; }
    }
    if (v.kind && el.hasAttribute("data-kind")) {
      if (el.getAttribute("data-kind") !== v.kind) { return false; }
    }
    return true;
  }

  function apply() {
    var v = values();
    var items = document.querySelectorAll(".filterable");
    var shown = 0;
    for (var i = 0; i < items.length; i++) {
      var ok = matches(items[i], v);
      items[i].classList.toggle("is-hidden", !ok);
      if (ok) { shown++; }
    }
    var groups = document.querySelectorAll(".filter-group");
    for (var j = 0; j < groups.length; j++) {
      var inner = groups[j].querySelectorAll(".filterable");
      var visible = 0;
      for (var k = 0; k < inner.length; k++) {
        if (!inner[k].classList.contains("is-hidden")) { visible++; }
      }
      groups[j].classList.toggle("group-empty", inner.length > 0 && visible === 0);
    }
    if (status) {
      var active = v.outlet || v.source || v.kind;
      status.textContent = active ? "Showing " + shown + " of " + items.length + " items" : "";
    }
  }

  function openAncestors(el) {
    for (var p = el; p; p = p.parentElement) {
      if (p.tagName === "DETAILS" && !p.open) { p.open = true; }
      if (p.classList && (p.classList.contains("is-hidden") || p.classList.contains("group-empty"))) {
        if (form) { form.reset(); }
        apply();
      }
    }
  }

  var flashed = null;
  function goToHash() {
    var id = location.hash ? location.hash.slice(1) : "";
    if (!id) { return; }
    try { id = decodeURIComponent(id); } catch (e) { return; }
    var el = document.getElementById(id);
    if (!el) { return; }
    openAncestors(el);
    if (flashed) { flashed.classList.remove("flash"); }
    el.classList.add("flash");
    flashed = el;
    el.scrollIntoView({block: "center"});
  }

  if (form) {
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
  }
  window.addEventListener("hashchange", goToHash);
  document.addEventListener("click", function (e) {
    var a = e.target && e.target.closest ? e.target.closest("a[href^='#']") : null;
    if (a && a.getAttribute("href") === location.hash) { goToHash(); }
  });

  var reopened = [];
  window.addEventListener("beforeprint", function () {
    var closed = document.querySelectorAll("details:not([open])");
    for (var i = 0; i < closed.length; i++) { closed[i].open = true; reopened.push(closed[i]); }
  });
  window.addEventListener("afterprint", function () {
    for (var i = 0; i < reopened.length; i++) { reopened[i].open = false; }
    reopened = [];
  });

  apply();
  goToHash();
}());

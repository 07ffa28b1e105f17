/* claimledger web UI: live progress of an analysis job.  Reads JSON from this server only
   (CSP connect-src 'self') and writes it into the page with textContent, never as HTML. */
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var id = box.getAttribute("data-job");
  if (!/^[0-9a-f]{32}$/.test(id || "")) { return; }

  function set(elId, text) {
    var el = document.getElementById(elId);
    if (el) { el.textContent = text; }
  }

  function show(job) {
    box.setAttribute("data-state", job.state);
    set("job-state", job.state);
    set("job-counts", job.done + " of " + (job.seen || "?") + " documents analysed");
    var bar = document.getElementById("job-progress");
    if (bar) { bar.max = Math.max(1, job.seen); bar.value = job.done; }
    if (job.state === "done") {
      set("job-result", job.new + " new, " + job.changed + " changed, " + job.unchanged + " unchanged.");
    }
    set("job-error", job.error || "");
    var list = document.getElementById("job-failures");
    if (list) {
      while (list.firstChild) { list.removeChild(list.firstChild); }
      for (var i = 0; i < job.failures.length; i++) {
        var li = document.createElement("li");
        li.textContent = job.failures[i].origin + ": " + job.failures[i].message;
        list.appendChild(li);
      }
    }
    var links = document.getElementById("job-links");
    if (links && (job.state === "done" || job.state === "failed")) { links.hidden = false; }
  }

  function poll() {
    fetch("/api/jobs/" + id, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (job) {
        if (!job) { return; }
        show(job);
        if (job.state === "queued" || job.state === "running") { window.setTimeout(poll, 700); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }

  var state = box.getAttribute("data-state");
  if (state === "queued" || state === "running") { poll(); }
}());

// Progressive enhancement only: every form works without this file.
(function () {
  "use strict";

  // Show only the fields of the chosen auth method (and, for fields that depend on another
  // field such as Vertex's endpoint mode, of that field's value), as the server does on a full
  // page load. Hidden fields are also disabled, so they are not posted.
  function valueOf(form, key) {
    var input = form.querySelector("[name='field." + key + "']");
    return input ? input.value : "";
  }

  function applyVisibility(select) {
    var method = select.value;
    var form = select.form;
    form.querySelectorAll("[data-auth-methods]").forEach(function (row) {
      var methods = row.getAttribute("data-auth-methods").split(" ").filter(Boolean);
      var applies = methods.length === 0 || methods.indexOf(method) >= 0;
      var when = row.getAttribute("data-visible-when");
      if (when) {
        var parts = when.split("=");
        applies = applies && valueOf(form, parts[0]) === parts[1];
      }
      row.hidden = !applies;
      row.querySelectorAll("input, select, textarea").forEach(function (input) {
        if (!input.hasAttribute("data-locked")) { input.disabled = !applies; }
      });
      var required = row.getAttribute("data-required-for").split(" ").indexOf(method) >= 0;
      var marker = row.querySelector(".req");
      if (marker) { marker.hidden = !required; }
    });
  }

  document.querySelectorAll("[data-auth-select]").forEach(function (select) {
    select.addEventListener("change", function () { applyVisibility(select); });
    select.form.querySelectorAll("select[name^='field.']").forEach(function (other) {
      other.addEventListener("change", function () { applyVisibility(select); });
    });
  });

  // Base-URL presets (local model servers): a click fills the field; the datalist works without this.
  document.querySelectorAll("button[data-preset-for]").forEach(function (button) {
    button.addEventListener("click", function () {
      var input = document.getElementById(button.getAttribute("data-preset-for"));
      input.value = button.getAttribute("data-preset");
      input.focus();
    });
  });

  // The job form: the model suggestions follow the chosen provider.
  document.querySelectorAll("select[data-models-for]").forEach(function (select) {
    var input = document.getElementById(select.getAttribute("data-models-for"));
    var list = document.getElementById(input.getAttribute("list"));
    function follow() {
      var option = select.options[select.selectedIndex];
      if (!option || !list) { return; }
      list.textContent = "";
      (option.getAttribute("data-models") || "").split("\n").filter(Boolean).forEach(function (m) {
        var o = document.createElement("option");
        o.value = m;
        list.appendChild(o);
      });
      input.placeholder = option.getAttribute("data-model") ? "default: " + option.getAttribute("data-model")
        : "the provider's default model";
    }
    select.addEventListener("change", follow);
    follow();
  });
  var refused = document.getElementById("job-refused");
  if (refused) { refused.focus(); }

  // The "Show fields" button is for browsers without JavaScript.
  document.querySelectorAll(".js-hide").forEach(function (el) { el.hidden = true; });

  // Load a service-account key file into its textarea (the file never leaves the browser otherwise).
  document.querySelectorAll("input[type=file][data-fill]").forEach(function (input) {
    input.hidden = false;
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) { return; }
      var reader = new FileReader();
      reader.onload = function () { document.getElementById(input.getAttribute("data-fill")).value = reader.result; };
      reader.readAsText(file);
    });
  });

  // CLI login panel: copy buttons, a countdown to expiry, and polling while the login runs.
  document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
    if (!navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () { button.textContent = "Copied"; });
    });
  });
  document.querySelectorAll("time.countdown[data-expires-at]").forEach(function (time) {
    var expires = Date.parse(time.getAttribute("data-expires-at"));
    function tick() {
      var left = Math.max(0, Math.round((expires - Date.now()) / 1000));
      time.textContent = "in " + Math.floor(left / 60) + " min " + (left % 60) + " s";
    }
    tick();
    setInterval(tick, 1000);
  });
  var login = document.querySelector("[data-login-state]");
  if (login && /^(starting|awaiting_user)$/.test(login.getAttribute("data-login-state"))) {
    setInterval(function () {
      fetch(login.getAttribute("data-login-url"), { headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          // A panel without a message has no .login-message: compare with "", or every poll reloads.
          var shown = login.querySelector(".login-message");
          if (s.state !== login.getAttribute("data-login-state") || (s.message || "") !== (shown ? shown.textContent : "")) {
            window.location.reload();
          }
        });
    }, 1500);
  }

  // Times: the server writes UTC to the second; show them in the browser's own zone and format.
  document.querySelectorAll("time.local-time[datetime]").forEach(function (time) {
    var at = new Date(time.getAttribute("datetime"));
    if (!isNaN(at)) {
      time.title = time.textContent;
      time.textContent = at.toLocaleString(undefined, { year: "numeric", month: "short", day: "numeric",
        hour: "2-digit", minute: "2-digit", second: "2-digit" });
    }
  });

  // Move focus to the error summary so screen readers announce it.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();

// The live page: follow a job's Server-Sent Events and list them. EventSource reconnects by
// itself and sends Last-Event-ID, so the server resumes where the page left off.
(function () {
  "use strict";
  var list = document.getElementById("events");
  if (!list || typeof EventSource === "undefined") { return; }
  var state = document.getElementById("live-state");
  var source = new EventSource(list.getAttribute("data-events-url"));
  var types = ["job.state", "checkout.started", "checkout.finished", "stage.started", "stage.finished",
    "provider.request", "provider.reply", "provider.error", "tool.call", "tool.result", "command.output",
    "command.finished", "validation.started", "validation.finished", "repair.started", "context.warning",
    "result.diff", "job.error", "checkout.continued", "diff_guard.finished", "publish.started", "publish.finished",
    "publish.failed"];

  // An argument as a POSIX shell needs it typed, as the audit page shows it.
  function quote(arg) {
    return /^[A-Za-z0-9_@%+=:,.\/-]+$/.test(arg) ? arg : "'" + String(arg).replace(/'/g, "'\\''") + "'";
  }

  // When the job ends: its outcome, the reason of a failure and the diff, from the record.
  var outcome = document.getElementById("outcome");
  function showOutcome() {
    var cancel = document.getElementById("cancel-form");
    if (cancel) { cancel.hidden = true; }
    fetch(outcome.getAttribute("data-job-url"), { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (job) {
        outcome.textContent = "";
        var head = document.createElement("p");
        head.id = "outcome-state";
        head.appendChild(document.createTextNode("The job ended "));
        var strong = document.createElement("strong");
        strong.textContent = job.state;
        head.appendChild(strong);
        if (job.error) {
          var reason = document.createElement("span");
          reason.className = "error-text";
          reason.id = "outcome-reason";
          reason.textContent = ": " + job.error.code + ": " + job.error.message;
          head.appendChild(reason);
        }
        head.appendChild(document.createTextNode(". "));
        var audit = document.createElement("a");
        audit.href = outcome.getAttribute("data-audit-url");
        audit.textContent = "Audit page: commands, validation, patch";
        head.appendChild(audit);
        outcome.appendChild(head);
        var result = job.result || {};
        if (result.summary) {
          var summary = document.createElement("p");
          // A job whose publish failed completed its work: its summary is what was validated.
          var validated = job.state === "completed" || job.state === "publish_failed";
          summary.textContent = (validated ? "Summary: " : "The model's own account (not verified): ") + result.summary;
          if (!validated) { summary.className = "muted"; }
          outcome.appendChild(summary);
        }
        if (result.diff) {
          var pre = document.createElement("pre");
          pre.className = "diff";
          pre.id = "outcome-diff";
          result.diff.split("\n").forEach(function (line) {
            var span = document.createElement("span");
            span.className = /^(\+\+\+|---|diff --git|index )/.test(line) ? "diff-meta" : /^@@/.test(line) ? "diff-hunk"
              : /^\+/.test(line) ? "diff-add" : /^-/.test(line) ? "diff-del" : "diff-ctx";
            span.textContent = line;
            pre.appendChild(span);
            pre.appendChild(document.createTextNode("\n"));
          });
          outcome.appendChild(pre);
        }
        outcome.hidden = false;
      });
  }

  function describe(type, data) {
    switch (type) {
      case "job.state": return "state: " + data.state;
      case "tool.call": return data.stage + " → " + data.tool + " " + (data.arguments || "");
      case "tool.result": return data.stage + " ← " + data.tool + (data.error ? " (error) " : " ") + (data.content || "");
      case "command.output": return "│ " + data.line;
      case "command.finished": return "$ " + data.argv.map(quote).join(" ") + " → exit " + data.exitCode + (data.timedOut ? " (timed out)" : "");
      case "provider.reply": return data.stage + ": reply, " + data.toolCalls.length + " tool call(s), " +
        data.inputTokens + "/" + data.outputTokens + " tokens";
      case "provider.request": return data.stage + ": request, turn " + data.turn;
      case "stage.started": return "── " + data.stage + " ──";
      case "stage.finished": return data.name + " finished: " + data.exitReason + ", " + data.toolCalls + " tool calls";
      case "checkout.continued": return "continuing " + data.branch + " from " + String(data.commit).slice(0, 12);
      case "diff_guard.finished": return "diff guard " + (data.passed ? "passed" : "breached") + ": " + data.files +
        " files, " + data.lines + " lines" + (data.rules || []).map(function (r) { return "; " + r.detail; }).join("");
      case "publish.started": return "publishing " + data.branch + " to " + data.target;
      case "publish.finished": return "published " + data.branch + (data.reviewRequest && data.reviewRequest.url
        ? " · review request " + data.reviewRequest.action + ": " + data.reviewRequest.url : "");
      case "publish.failed": return "not published: " + data.error;
      default: return type.replace(".", " ") + " " + JSON.stringify(data);
    }
  }

  types.forEach(function (type) {
    source.addEventListener(type, function (e) {
      var event = JSON.parse(e.data);
      var item = document.createElement("li");
      item.className = "event event-" + type.replace(".", "-");
      item.textContent = describe(type, event.data);
      list.appendChild(item);
      if (type === "job.state") {
        state.textContent = event.data.state;
        state.className = "badge state-" + event.data.state;
        if (["completed", "blocked", "failed", "cancelled", "publish_failed"].indexOf(event.data.state) >= 0) {
          source.close();
          if (outcome) { showOutcome(); }
        }
      }
    });
  });
})();

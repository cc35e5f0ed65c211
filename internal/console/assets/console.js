// chatgov console: live validation of policy documents. The server runs
// gov's validator (POST /console/api/validate); this file only shows what
// it says, every problem at its JSON path.
"use strict";
(function () {
  function validator(area) {
    var out = document.getElementById("problems");
    var timer = null, seq = 0;
    function show(ans) {
      out.textContent = "";
      area.setAttribute("aria-invalid", ans.valid ? "false" : "true");
      var head = document.createElement("p");
      head.className = ans.valid ? "ok" : "bad";
      head.id = "validity";
      head.textContent = ans.valid ? "Valid document." :
        ans.problems.length + (ans.problems.length === 1 ? " problem" : " problems");
      out.appendChild(head);
      if (ans.valid) return;
      var ul = document.createElement("ul");
      ans.problems.forEach(function (p) {
        var li = document.createElement("li");
        var path = document.createElement("code");
        path.textContent = p.path;
        li.appendChild(path);
        li.appendChild(document.createTextNode(": " + p.message + (p.line ? " (line " + p.line + ", column " + p.column + ")" : "")));
        ul.appendChild(li);
      });
      out.appendChild(ul);
    }
    function run() {
      var mine = ++seq;
      fetch("/console/api/validate", {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRF-Token": area.dataset.csrf},
        body: JSON.stringify({type: area.dataset.validate, content: area.value})
      }).then(function (r) { return r.json(); }).then(function (ans) {
        if (mine === seq && ans.problems) show(ans);
      }).catch(function () {});
    }
    area.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 200);
    });
    area.addEventListener("validate", run);
    run();
  }
  document.addEventListener("DOMContentLoaded", function () {
    var area = document.querySelector("textarea[data-validate]");
    if (area) validator(area);
  });
})();

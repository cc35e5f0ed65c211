// chatgov console: live validation of policy documents. The server runs
// gov's validator (POST /console/api/validate); this file only shows what
// it says, every problem at its JSON path.
"use strict";
(function () {
  // chatForm keeps the chat applications policy form (the blog's Figure 2)
  // and the JSON editor in step: a change to either rewrites the other.
  // A document the form cannot show (an operator other than @@assign, a
  // key it has no field for) leaves the form disabled, saying where.
  function chatForm(area) {
    var fs = document.getElementById("chatform");
    if (!fs) return;
    var note = document.getElementById("chatform-note");
    var syncing = false;
    function $(id) { return document.getElementById(id); }
    function words(s) { return s.split(/[\s,]+/).filter(Boolean); }
    function assign(v) { return {"@@assign": v}; }
    function checked(prefix, values) { return values.filter(function (v) { return $(prefix + v).checked; }); }
    function setChecked(prefix, values, on) {
      values.forEach(function (v) { $(prefix + v).checked = on.indexOf(v) >= 0; });
    }
    function nonEmpty(o) { return Object.keys(o).length > 0; }
    function settings(spec) {
      // "channels=public,private roles=user_role" -> the override's settings
      var out = {};
      words(spec.replace(/=\s*/g, "=").replace(/,\s*/g, ",")).forEach(function (w) {
        var kv = w.split("=");
        if (kv.length !== 2) return;
        var vals = kv[1].split(",").filter(Boolean);
        if (kv[0] === "channels") out.supported_channel_types = assign(vals);
        if (kv[0] === "roles") out.supported_role_settings = assign(vals);
      });
      return out;
    }
    function build() {
      var cb = {}, plats = {}, s = {}, sd = {}, t = {}, td = {};
      if ($("cf-child").value) cb["@@operators_allowed_for_child_policies"] = [$("cf-child").value];
      if ($("cf-default-client").value) cb["default"] = {client: assign($("cf-default-client").value)};
      if ($("cf-slack-client").value) s.client = assign($("cf-slack-client").value);
      var types = checked("cf-slack-", ["public", "private"]);
      if (types.length) sd.supported_channel_types = assign(types);
      var roles = checked("cf-slack-", ["user_role", "channel_role"]);
      if (roles.length) sd.supported_role_settings = assign(roles);
      if (nonEmpty(sd)) s["default"] = sd;
      var ws = words($("cf-slack-workspaces").value);
      if (ws.length) s.workspaces = assign(ws);
      var sov = {};
      $("cf-slack-overrides").value.split("\n").forEach(function (line) {
        var m = line.trim().match(/^(\S+)\s*(.*)$/);
        if (m) sov[m[1]] = settings(m[2]);
      });
      if (nonEmpty(sov)) s.overrides = sov;
      if (nonEmpty(s)) plats.slack = s;
      if ($("cf-teams-client").value) t.client = assign($("cf-teams-client").value);
      var tenants = {};
      $("cf-teams-tenants").value.split("\n").forEach(function (line) {
        var m = line.trim().match(/^([^:\s]+)\s*:?\s*(.*)$/);
        if (m) tenants[m[1]] = assign(words(m[2]));
      });
      if (nonEmpty(tenants)) t.tenants = tenants;
      var troles = checked("cf-teams-", ["user_role", "channel_role"]);
      if (troles.length) td.supported_role_settings = assign(troles);
      if (nonEmpty(td)) t["default"] = td;
      var tov = {};
      $("cf-teams-overrides").value.split("\n").forEach(function (line) {
        var m = line.trim().match(/^([^\/\s]+)\/(\S+)\s*(.*)$/);
        if (!m) return;
        tov[m[1]] = tov[m[1]] || {};
        tov[m[1]][m[2]] = settings(m[3]);
      });
      if (nonEmpty(tov)) t.overrides = tov;
      if (nonEmpty(t)) plats.microsoft_teams = t;
      if ($("cf-chime-client").value) plats.chime = {client: assign($("cf-chime-client").value)};
      if (nonEmpty(plats)) cb.platforms = plats;
      return {chatbot: cb};
    }
    function Unshown(path, why) { this.path = path; this.why = why; }
    function isObj(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
    // get finds a key without regard to case, as AWS reads policy keys.
    function get(o, key) {
      for (var k in o) if (k.toLowerCase() === key) return o[k];
      return undefined;
    }
    function only(o, keys, path) {
      if (!isObj(o)) throw new Unshown(path, "not an object");
      for (var k in o) if (keys.indexOf(k.toLowerCase()) < 0) throw new Unshown(path + "." + k, "the form has no field for it");
    }
    function assigned(node, path, kind) {
      if (node === undefined) return kind === "list" ? [] : "";
      only(node, ["@@assign"], path);
      var v = get(node, "@@assign");
      if (kind === "list" ? !Array.isArray(v) || v.some(function (x) { return typeof x !== "string"; }) : typeof v !== "string")
        throw new Unshown(path, "a value of another type");
      if (kind === "client" && v !== "enabled" && v !== "disabled")
        throw new Unshown(path, "a value the form has no choice for");
      return v;
    }
    function overrideText(o, path) {
      only(o, ["supported_channel_types", "supported_role_settings"], path);
      var parts = [];
      var ct = assigned(get(o, "supported_channel_types"), path + ".supported_channel_types", "list");
      if (get(o, "supported_channel_types") !== undefined) parts.push("channels=" + ct.join(","));
      var rs = assigned(get(o, "supported_role_settings"), path + ".supported_role_settings", "list");
      if (get(o, "supported_role_settings") !== undefined) parts.push("roles=" + rs.join(","));
      return parts.join(" ");
    }
    function read(doc) {
      var f = {child: "", def: "", slack: "", teams: "", chime: "", ws: [], types: [], roles: [], sov: [], tenants: [], troles: [], tov: []};
      only(doc, ["chatbot"], "$");
      var cb = get(doc, "chatbot");
      if (cb === undefined) return f;
      only(cb, ["@@operators_allowed_for_child_policies", "default", "platforms"], "$.chatbot");
      var ch = get(cb, "@@operators_allowed_for_child_policies");
      if (ch !== undefined) {
        var opts = ["@@all", "@@assign", "@@append", "@@remove", "@@none"];
        if (!Array.isArray(ch) || ch.length !== 1 || opts.indexOf(String(ch[0]).toLowerCase()) < 0)
          throw new Unshown("$.chatbot.@@operators_allowed_for_child_policies", "a list the form has no choice for");
        f.child = String(ch[0]).toLowerCase();
      }
      var d = get(cb, "default");
      if (d !== undefined) {
        only(d, ["client"], "$.chatbot.default");
        f.def = assigned(get(d, "client"), "$.chatbot.default.client", "client");
      }
      var p = get(cb, "platforms");
      if (p === undefined) return f;
      only(p, ["slack", "microsoft_teams", "chime"], "$.chatbot.platforms");
      var s = get(p, "slack"), path = "$.chatbot.platforms.slack";
      if (s !== undefined) {
        only(s, ["client", "workspaces", "default", "overrides"], path);
        f.slack = assigned(get(s, "client"), path + ".client", "client");
        f.ws = assigned(get(s, "workspaces"), path + ".workspaces", "list");
        var sd = get(s, "default");
        if (sd !== undefined) {
          only(sd, ["supported_channel_types", "supported_role_settings"], path + ".default");
          f.types = assigned(get(sd, "supported_channel_types"), path + ".default.supported_channel_types", "list");
          f.roles = assigned(get(sd, "supported_role_settings"), path + ".default.supported_role_settings", "list");
        }
        var so = get(s, "overrides");
        if (so !== undefined) {
          if (!isObj(so)) throw new Unshown(path + ".overrides", "not an object");
          for (var w in so) f.sov.push(w + " " + overrideText(so[w], path + ".overrides." + w));
        }
      }
      var t = get(p, "microsoft_teams");
      path = "$.chatbot.platforms.microsoft_teams";
      if (t !== undefined) {
        only(t, ["client", "tenants", "default", "overrides"], path);
        f.teams = assigned(get(t, "client"), path + ".client", "client");
        var ten = get(t, "tenants");
        if (ten !== undefined) {
          if (!isObj(ten)) throw new Unshown(path + ".tenants", "not an object");
          for (var id in ten) f.tenants.push(id + ": " + assigned(ten[id], path + ".tenants." + id, "list").join(", "));
        }
        var td = get(t, "default");
        if (td !== undefined) {
          only(td, ["supported_role_settings"], path + ".default");
          f.troles = assigned(get(td, "supported_role_settings"), path + ".default.supported_role_settings", "list");
        }
        var to = get(t, "overrides");
        if (to !== undefined) {
          if (!isObj(to)) throw new Unshown(path + ".overrides", "not an object");
          for (var tn in to) {
            if (!isObj(to[tn])) throw new Unshown(path + ".overrides." + tn, "not an object");
            for (var tm in to[tn]) f.tov.push(tn + "/" + tm + " " + overrideText(to[tn][tm], path + ".overrides." + tn + "." + tm));
          }
        }
      }
      var c = get(p, "chime");
      if (c !== undefined) {
        only(c, ["client"], "$.chatbot.platforms.chime");
        f.chime = assigned(get(c, "client"), "$.chatbot.platforms.chime.client", "client");
      }
      return f;
    }
    function show(f) {
      $("cf-child").value = f.child;
      $("cf-default-client").value = f.def;
      $("cf-slack-client").value = f.slack;
      $("cf-teams-client").value = f.teams;
      $("cf-chime-client").value = f.chime;
      $("cf-slack-workspaces").value = f.ws.join(", ");
      setChecked("cf-slack-", ["public", "private"], f.types);
      setChecked("cf-slack-", ["user_role", "channel_role"], f.roles);
      $("cf-slack-overrides").value = f.sov.join("\n");
      $("cf-teams-tenants").value = f.tenants.join("\n");
      setChecked("cf-teams-", ["user_role", "channel_role"], f.troles);
      $("cf-teams-overrides").value = f.tov.join("\n");
    }
    function fromJSON() {
      if (syncing) return;
      var doc;
      try { doc = JSON.parse(area.value); } catch (e) {
        note.textContent = "The JSON does not parse yet; the form shows the last document that did.";
        return;
      }
      try {
        show(read(doc));
        fs.disabled = false;
        note.textContent = "";
      } catch (e) {
        if (!(e instanceof Unshown)) throw e;
        fs.disabled = true;
        note.textContent = "The form cannot show " + e.path + " (" + e.why + "): edit the document as JSON.";
      }
    }
    function toJSON() {
      syncing = true;
      area.value = JSON.stringify(build(), null, 2);
      area.dispatchEvent(new Event("input"));
      syncing = false;
    }
    fs.addEventListener("input", toJSON);
    fs.addEventListener("change", toJSON);
    area.addEventListener("input", fromJSON);
    fromJSON();
  }

  function validator(area) {
    var out = document.getElementById("problems");
    var timer = null, seq = 0;
    function show(ans) {
      out.textContent = "";
      area.setAttribute("aria-invalid", ans.Valid ? "false" : "true");
      var head = document.createElement("p");
      head.className = ans.Valid ? "ok" : "bad";
      head.id = "validity";
      head.textContent = ans.Valid ? "Valid document." :
        ans.Problems.length + (ans.Problems.length === 1 ? " problem" : " problems");
      out.appendChild(head);
      if (ans.Valid) return;
      var ul = document.createElement("ul");
      ans.Problems.forEach(function (p) {
        var li = document.createElement("li");
        var path = document.createElement("code");
        path.textContent = p.Path;
        li.appendChild(path);
        li.appendChild(document.createTextNode(": " + p.Message + (p.Line ? " (line " + p.Line + ", column " + p.Column + ")" : "")));
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
        if (mine === seq && ans.Problems) show(ans);
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
    if (area) {
      chatForm(area);
      validator(area);
    }
  });
})();

/* The attendee's schedule: filters, now & next, starred sessions, .ics download.
   Progressive enhancement over the static page: without this script every session is
   listed and every link works. Times are compared as instants (the page carries ISO 8601
   times with the edition's UTC offset), so "now" is right whatever the device's zone; the
   labels shown are the ones the build formatted in the edition's zone. No dependency. */
(function () {
  "use strict";
  var FACETS = ["track", "room", "type", "lang"];
  var doc = document;

  function $all(selector, root) { return Array.prototype.slice.call((root || doc).querySelectorAll(selector)); }
  function instant(el, selector) { var t = el.querySelector(selector); return t ? Date.parse(t.getAttribute("datetime")) : NaN; }
  function storeKey(edition) { return "ruyi:stars:" + edition; }
  /* the starred session ids: storage is the reader's, but any script of the origin (or an
     older version of this one) may have written it, so anything but an array of short
     strings counts as no stars, and other items are dropped */
  function loadStars(edition) {
    var stored;
    try { stored = JSON.parse(localStorage.getItem(storeKey(edition)) || "[]"); } catch (e) { return []; }
    if (!Array.isArray(stored)) return [];
    return stored.filter(function (id, at) {
      return typeof id === "string" && id.length > 0 && id.length <= 200 && stored.indexOf(id) === at;
    }).slice(0, 5000);
  }
  function saveStars(edition, ids) {
    try { localStorage.setItem(storeKey(edition), JSON.stringify(ids)); } catch (e) { /* private mode: stars last this visit */ }
  }
  /* within one of the edition's days (local midnight to midnight)? */
  function inEdition(windows, now) {
    return windows.some(function (w) { return Date.parse(w.start) <= now && now < Date.parse(w.end); });
  }

  /* --- schedule page ---------------------------------------------------------------- */
  function schedulePage(tools) {
    var edition = tools.getAttribute("data-edition");
    var form = tools.querySelector("form");
    var status = doc.querySelector(".schedule-status");
    var cells = $all(".grid-session");
    var stars = loadStars(edition);
    tools.hidden = false;

    cells.forEach(function (cell) {
      cell.id = cell.id || (cell.classList.contains("grid-continued") ? "" : "s-" + cell.getAttribute("data-id"));
      if (cell.classList.contains("grid-continued")) return;
      var title = cell.querySelector(".session-title");
      var button = doc.createElement("button");
      button.type = "button";
      button.className = "star";
      button.setAttribute("aria-label", tools.getAttribute("data-star") + ": " + (title ? title.textContent.trim() : ""));
      button.addEventListener("click", function () {
        var id = cell.getAttribute("data-id");
        var at = stars.indexOf(id);
        if (at < 0) stars.push(id); else stars.splice(at, 1);
        saveStars(edition, stars);
        refresh();
      });
      cell.insertBefore(button, cell.firstChild);
    });

    function wanted() {
      var data = new FormData(form), chosen = {};
      FACETS.concat(["mine"]).forEach(function (name) { var v = data.get(name); if (v) chosen[name] = String(v); });
      return chosen;
    }
    function matches(cell, chosen) {
      if (chosen.mine && stars.indexOf(cell.getAttribute("data-id")) < 0) return false;
      return FACETS.every(function (name) {
        if (!chosen[name]) return true;
        return (cell.getAttribute("data-" + name) || "").split(" ").indexOf(chosen[name]) >= 0;
      });
    }
    function markStars() {
      var starred = cells.filter(function (c) { return stars.indexOf(c.getAttribute("data-id")) >= 0 && !c.classList.contains("grid-continued"); });
      cells.forEach(function (cell) {
        var button = cell.querySelector(".star");
        var on = stars.indexOf(cell.getAttribute("data-id")) >= 0;
        if (button) { button.setAttribute("aria-pressed", on ? "true" : "false"); button.textContent = on ? "\u2605" : "\u2606"; }
        cell.classList.remove("is-conflict");
        var note = cell.querySelector(".conflict-note");
        if (note) note.remove();
      });
      starred.forEach(function (a) {
        var clash = starred.some(function (b) {
          return a !== b && instant(a, ".dt-start") < instant(b, ".dt-end") && instant(b, ".dt-start") < instant(a, ".dt-end");
        });
        if (!clash) return;
        a.classList.add("is-conflict");
        var p = doc.createElement("p");
        p.className = "conflict-note";
        p.textContent = tools.getAttribute("data-conflict");
        a.appendChild(p);
      });
    }
    function apply(chosen) {
      var shown = 0, total = 0;
      cells.forEach(function (cell) {
        var ok = matches(cell, chosen);
        cell.hidden = !ok;
        if (!cell.classList.contains("grid-continued")) { total += 1; if (ok) shown += 1; }
      });
      /* list view: a start time without a visible session below it is hidden too */
      $all(".grid-time").forEach(function (mark) {
        var next = mark.nextElementSibling, any = false;
        while (next && next.classList.contains("grid-session")) { if (!next.hidden) any = true; next = next.nextElementSibling; }
        mark.classList.toggle("filtered-out", !any);
      });
      var filtered = Object.keys(chosen).length > 0;
      if (!filtered) status.textContent = "";
      else if (chosen.mine && !stars.length) status.textContent = status.getAttribute("data-mine-empty");
      else status.textContent = status.getAttribute("data-shown").replace("{shown}", shown).replace("{total}", total);
    }
    function refresh() { markStars(); apply(wanted()); markNow(tools); }
    function fromQuery() {
      var query = new URLSearchParams(location.search);
      FACETS.forEach(function (name) {
        var select = form.elements[name], value = query.get(name) || "";
        if (!select) return;
        select.value = value;
        if (select.value !== value) select.value = "";
      });
      form.elements.mine.checked = query.get("mine") === "1";
      if (FACETS.concat(["mine"]).some(function (name) { return query.get(name); })) tools.open = true;
    }
    function toQuery() {
      var query = new URLSearchParams(location.search), chosen = wanted();
      FACETS.concat(["mine"]).forEach(function (name) { if (chosen[name]) query.set(name, chosen[name]); else query.delete(name); });
      var text = query.toString();
      history.replaceState(null, "", location.pathname + (text ? "?" + text : "") + location.hash);
    }
    form.addEventListener("change", function () { toQuery(); refresh(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); toQuery(); refresh(); });
    form.addEventListener("reset", function () { setTimeout(function () { toQuery(); refresh(); }, 0); });
    form.querySelector(".ics-download").addEventListener("click", function () {
      var reminder = form.elements.reminder ? parseInt(form.elements.reminder.value, 10) : NaN;
      fetchPlanner(tools.getAttribute("data-planner")).then(function (data) { downloadIcs(data, stars, reminder); });
    });
    /* keyboard users land on the session, not just near it */
    doc.querySelector(".jump-now a").addEventListener("click", function () {
      var target = doc.getElementById(this.getAttribute("href").slice(1));
      if (!target) return;
      target.setAttribute("tabindex", "-1");
      setTimeout(function () { target.focus({preventScroll: true}); }, 0);
    });
    fromQuery();
    refresh();
    setInterval(function () { markNow(tools); }, 60000);
  }

  /* sessions happening now get a badge; "jump to now" leads to the first of them (or the
     next one to start) -- only during the edition's days */
  function markNow(tools) {
    var now = Date.now();
    var windows = $all(".schedule-day").map(function (d) { return {start: d.getAttribute("data-start"), end: d.getAttribute("data-end")}; });
    var during = inEdition(windows, now);
    var target = null, upcoming = null;
    $all(".grid-session").forEach(function (cell) {
      var start = instant(cell, ".dt-start"), end = instant(cell, ".dt-end");
      var on = during && start <= now && now < end;
      cell.classList.toggle("is-now", on);
      var badge = cell.querySelector(".badge-now");
      if (on && !badge && !cell.classList.contains("grid-continued")) {
        badge = doc.createElement("span");
        badge.className = "badge badge-now";
        badge.textContent = tools.getAttribute("data-now");
        cell.querySelector(".session-when").insertBefore(badge, cell.querySelector(".session-when").firstChild);
      } else if (!on && badge) badge.remove();
      if (cell.classList.contains("grid-continued") || cell.hidden) return;
      if (on && !target) target = cell;
      if (during && start > now && (!upcoming || start < instant(upcoming, ".dt-start"))) upcoming = cell;
    });
    var jump = doc.querySelector(".jump-now");
    target = target || upcoming;
    jump.hidden = !(during && target);
    if (target) jump.querySelector("a").setAttribute("href", "#" + target.id);
  }

  /* --- data, .ics ------------------------------------------------------------------- */
  var planners = {};
  function fetchPlanner(url) {
    var absolute = new URL(url, location.href).href;
    planners[absolute] = planners[absolute] || fetch(absolute).then(function (r) {
      if (!r.ok) throw new Error("sessions.json: " + r.status);
      return r.json().then(function (data) { data.base = absolute; return data; });
    });
    return planners[absolute];
  }
  function icsText(value) { return String(value).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n"); }
  function icsTime(iso) { return new Date(Date.parse(iso)).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, ""); }
  /* lines of at most 75 octets, continued with a space (RFC 5545, 3.1) */
  function fold(line) {
    var out = [], current = "", size = 0;
    Array.from(line).forEach(function (ch) {
      var bytes = new TextEncoder().encode(ch).length;
      if (size + bytes > (out.length ? 74 : 75)) { out.push(current); current = ""; size = 0; }
      current += ch; size += bytes;
    });
    out.push(current);
    return out.join("\r\n ");
  }
  /* each starred session with its rooms (LOCATION), speakers (DESCRIPTION: ATTENDEE would
     make calendar apps send invitations) and, when the attendee chose one, a reminder
     `minutes` before it starts (VALARM) */
  function downloadIcs(data, stars, minutes) {
    var stamp = icsTime(new Date().toISOString());
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//blogcon-site//my schedule//EN", "CALSCALE:GREGORIAN"];
    data.sessions.filter(function (s) { return stars.indexOf(s.id) >= 0; }).forEach(function (s) {
      var url = new URL(s.url, data.base).href;
      var speakers = (s.speakers || []).join(", ");
      var sequence = Number.isInteger(s.sequence) && s.sequence > 0 ? s.sequence : 0; /* as the site's calendars */
      lines.push("BEGIN:VEVENT", "UID:" + s.uid, "DTSTAMP:" + stamp, "SEQUENCE:" + sequence, "DTSTART:" + icsTime(s.start),
                 "DTEND:" + icsTime(s.end), "SUMMARY:" + icsText(s.title),
                 "LOCATION:" + icsText(s.rooms.map(function (r) { return data.rooms[r] || r; }).join(", ")),
                 "DESCRIPTION:" + icsText(speakers ? speakers + "\n\n" + url : url), "URL:" + url);
      if (minutes > 0) lines.push("BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + icsText(s.title), "TRIGGER:-PT" + minutes + "M", "END:VALARM");
      lines.push("END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    var blob = new Blob([lines.map(fold).join("\r\n") + "\r\n"], {type: "text/calendar"});
    var link = doc.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = data.edition + "-my-schedule.ics";
    doc.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  /* --- edition page: now and next in each room -------------------------------------- */
  function nowNext(strip) {
    fetchPlanner(strip.getAttribute("data-planner")).then(function (data) {
      var now = Date.now();
      if (!inEdition(data.days, now)) return;
      var list = strip.querySelector("ul");
      Object.keys(data.rooms).forEach(function (room) {
        var here = data.sessions.filter(function (s) { return s.rooms.indexOf(room) >= 0; });
        var current = here.filter(function (s) { return Date.parse(s.start) <= now && now < Date.parse(s.end); })[0];
        var next = here.filter(function (s) { return Date.parse(s.start) > now; })
          .sort(function (a, b) { return Date.parse(a.start) - Date.parse(b.start); })[0];
        if (next && !inEdition(data.days.filter(function (w) { return Date.parse(w.start) <= now && now < Date.parse(w.end); }), Date.parse(next.start))) next = null;
        if (!current && !next) return;
        var item = doc.createElement("li");
        var name = doc.createElement("span");
        name.className = "room";
        name.textContent = data.rooms[room];
        item.appendChild(name);
        [[current, "data-now"], [next, "data-next"]].forEach(function (pair) {
          if (!pair[0]) return;
          var p = doc.createElement("p"), a = doc.createElement("a");
          p.textContent = strip.getAttribute(pair[1]) + " \u00b7 " + pair[0].when + " ";
          a.href = new URL(pair[0].url, data.base).href;
          a.textContent = pair[0].title;
          a.lang = pair[0].lang;
          p.appendChild(a);
          item.appendChild(p);
        });
        list.appendChild(item);
      });
      strip.hidden = !list.children.length;
    }).catch(function () { /* offline and not cached: no strip */ });
  }

  function start() {
    var tools = doc.querySelector(".schedule-tools");
    if (tools) schedulePage(tools);
    var strip = doc.querySelector(".now-next[data-planner]");
    if (strip) nowNext(strip);
  }
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start); else start();
}());

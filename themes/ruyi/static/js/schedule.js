/* The attendee's schedule: search, day and multi-choice filters, now & next, starred
   sessions, .ics download, times in the conference's zone or the reader's.
   Progressive enhancement over the static page: without this script every session is
   listed and every link works. Times are compared as instants (the page carries ISO 8601
   times with the edition's UTC offset), so "now" is right whatever the device's zone; the
   labels shown are the ones the build formatted in the edition's zone unless the reader
   asks for theirs (formatted by Intl). No dependency. */
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
  /* text compared by the search: lower case, accents and width variants folded, so
     "jose" finds "José" and "ｆｏｓｄｅｍ" finds "fosdem" */
  function foldText(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  /* what a search looks in: the session's title, speakers, track and rooms */
  function searchText(cell) {
    return foldText($all(".session-title, .session-speakers, .session-track, .session-room", cell)
      .map(function (el) { return el.textContent; }).join(" "));
  }
  /* the form's choices: every checked option of each facet, the words searched, the day */
  function wanted(form) {
    var data = new FormData(form), chosen = {};
    FACETS.forEach(function (name) {
      var values = data.getAll(name).map(String).filter(Boolean);
      if (values.length) chosen[name] = values;
    });
    if (data.get("mine")) chosen.mine = "1";
    var words = foldText(data.get("q") || "").split(/\s+/).filter(Boolean);
    if (words.length) chosen.q = words;
    if (data.get("day")) chosen.day = String(data.get("day"));
    return chosen;
  }
  function matches(cell, chosen, stars, text) {
    if (chosen.mine && stars.indexOf(cell.getAttribute("data-id")) < 0) return false;
    if (chosen.q && !chosen.q.every(function (word) { return text.indexOf(word) >= 0; })) return false;
    return FACETS.every(function (name) {
      if (!chosen[name]) return true;
      var keys = (cell.getAttribute("data-" + name) || "").split(" ");
      return chosen[name].some(function (value) { return keys.indexOf(value) >= 0; });
    });
  }
  /* the query string <-> the form: repeated keys for several options (?track=a&track=b) */
  function fromQuery(form) {
    var query = new URLSearchParams(location.search);
    FACETS.concat(["mine"]).forEach(function (name) {
      var picked = query.getAll(name);
      $all("input[name=" + name + "]", form).forEach(function (box) { box.checked = picked.indexOf(box.value) >= 0; });
    });
    form.elements.q.value = query.get("q") || "";
    var day = form.elements.day;
    if (day) { day.value = query.get("day") || ""; if (day.value !== (query.get("day") || "")) day.value = ""; }
    return FACETS.concat(["mine", "day"]).some(function (name) { return query.get(name); });
  }
  function toQuery(form) {
    var query = new URLSearchParams(location.search), data = new FormData(form);
    FACETS.concat(["mine", "q", "day"]).forEach(function (name) {
      query.delete(name);
      data.getAll(name).map(String).filter(function (v) { return v.trim(); }).forEach(function (v) { query.append(name, v); });
    });
    var text = query.toString();
    history.replaceState(null, "", location.pathname + (text ? "?" + text : "") + location.hash);
  }

  function schedulePage(tools) {
    var edition = tools.getAttribute("data-edition");
    var form = tools.querySelector("form");
    var status = doc.querySelector(".schedule-status");
    var cells = $all(".grid-session");
    var texts = cells.map(searchText);
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
      $all(".schedule-day").forEach(function (day) { day.hidden = !!chosen.day && day.getAttribute("data-day") !== chosen.day; });
      cells.forEach(function (cell, at) {
        var ok = matches(cell, chosen, stars, texts[at]);
        cell.hidden = !ok;
        if (!cell.classList.contains("grid-continued")) { total += 1; if (ok && !cell.closest(".schedule-day").hidden) shown += 1; }
      });
      /* list view: a start time without a visible session below it is hidden too */
      $all(".grid-time").forEach(function (mark) {
        var next = mark.nextElementSibling, any = false;
        while (next && next.classList.contains("grid-session")) { if (!next.hidden) any = true; next = next.nextElementSibling; }
        mark.classList.toggle("filtered-out", !any);
      });
      $all(".schedule-allday").forEach(function (list) {
        list.hidden = !$all(".grid-session", list).some(function (c) { return !c.hidden; });
      });
      var filtered = Object.keys(chosen).length > 0;
      if (!filtered) status.textContent = "";
      else if (chosen.mine && !stars.length) status.textContent = status.getAttribute("data-mine-empty");
      else status.textContent = status.getAttribute("data-shown").replace("{shown}", shown).replace("{total}", total);
    }
    function refresh() { markStars(); apply(wanted(form)); markNow(tools); }
    form.addEventListener("change", function (event) {
      if (event.target.name === "tz") return;
      toQuery(form); refresh();
    });
    form.addEventListener("input", function (event) {
      if (event.target.name === "q") { toQuery(form); refresh(); revealMatches(); }
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); toQuery(form); refresh(); });
    form.addEventListener("reset", function () { setTimeout(function () { toQuery(form); refresh(); }, 0); });
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
    if (fromQuery(form)) {
      tools.querySelector(".schedule-more").open = true;
      /* a long list of options scrolls (in its own box) to its first chosen one */
      $all(".facet-options", form).forEach(function (box) {
        var checked = box.querySelector("input:checked");
        if (checked) box.scrollTop = checked.parentNode.offsetTop;
      });
    }
    zoneSwitch(tools, form);
    refresh();
    setInterval(function () { markNow(tools); }, 60000);
  }

  /* in the grid view, scroll each day's box (not the page) to its first session still
     shown, so a match in the fiftieth room comes into view as the reader types */
  function revealMatches() {
    $all(".schedule-scroll").forEach(function (box) {
      if (box.scrollWidth <= box.clientWidth && box.scrollHeight <= box.clientHeight) return;
      var first = $all(".grid-session", box).filter(function (c) { return !c.hidden; })[0];
      if (!first) return;
      var frame = box.getBoundingClientRect(), cell = first.getBoundingClientRect();
      var corner = box.querySelector(".grid-corner").getBoundingClientRect();
      box.scrollLeft += cell.left - frame.left - corner.width;
      box.scrollTop += cell.top - frame.top - corner.height;
    });
  }

  /* --- time zone: the conference's or the reader's ----------------------------------- */
  var ZONE_KEY = "ruyi:timezone";
  /* the stored choice; anything but "local" (another script of the origin may have
     written the key) means the conference's zone */
  function storedZone() {
    try { return localStorage.getItem(ZONE_KEY) === "local" ? "local" : "event"; } catch (e) { return "event"; }
  }
  function saveZone(value) {
    try { localStorage.setItem(ZONE_KEY, value); } catch (e) { /* private mode: this visit only */ }
  }
  /* the zone's short name at that instant, as the browser's CLDR data names it (Intl) */
  function zoneName(lang, date) {
    var part = new Intl.DateTimeFormat(lang, {timeZoneName: "short"}).formatToParts(date)
      .filter(function (p) { return p.type === "timeZoneName"; })[0];
    return part ? part.value : "";
  }
  /* every time of the schedule (and the zone named after it) in the reader's zone, or back
     to the conference's as the build wrote them; a time on another date in the reader's
     zone than at the conference gets its weekday */
  function showZone(local, lang) {
    var time = new Intl.DateTimeFormat(lang, {hour: "numeric", minute: "2-digit"});
    var weekday = new Intl.DateTimeFormat(lang, {weekday: "short"});
    var dateOf = new Intl.DateTimeFormat("en-CA", {year: "numeric", month: "2-digit", day: "2-digit"});
    $all(".schedule-day time[datetime], .schedule-day .tz, .zone[data-local]").forEach(function (el) {
      if (!el.hasAttribute("data-event-text")) el.setAttribute("data-event-text", el.textContent);
      if (!local) { el.textContent = el.getAttribute("data-event-text"); return; }
      if (el.classList.contains("zone")) {
        el.textContent = el.getAttribute("data-local").replace("{zone}", Intl.DateTimeFormat().resolvedOptions().timeZone);
        return;
      }
      var source = el.matches("time") ? el : el.parentNode.querySelector("time[datetime]") ||
        el.closest(".schedule-day").querySelector(".grid-time time[datetime]");
      if (!source) return;
      var iso = source.getAttribute("datetime"), date = new Date(Date.parse(iso));
      if (!el.matches("time")) { el.textContent = zoneName(lang, date); return; }
      var text = time.format(date);
      if (dateOf.format(date) !== iso.slice(0, 10)) text = weekday.format(date) + " " + text;
      el.textContent = text;
    });
    doc.documentElement.setAttribute("data-zone", local ? "local" : "event");
  }
  function zoneSwitch(tools, form) {
    var lang = doc.documentElement.lang || undefined;
    var mine = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var fieldset = form.querySelector(".zone-switch");
    if (!fieldset) return;
    if (!mine || mine === tools.getAttribute("data-zone")) { fieldset.hidden = true; return; }
    fieldset.querySelector(".local-zone").textContent = mine;
    var choice = storedZone();
    form.querySelector("input[name=tz][value=" + choice + "]").checked = true;
    if (choice === "local") showZone(true, lang);
    /* "show all" resets the form, not the reader's zone */
    form.addEventListener("reset", function () {
      setTimeout(function () { form.querySelector("input[name=tz][value=" + storedZone() + "]").checked = true; }, 0);
    });
    $all("input[name=tz]", fieldset).forEach(function (radio) {
      radio.addEventListener("change", function () {
        if (!radio.checked) return;
        saveZone(radio.value);
        showZone(radio.value === "local", lang);
      });
    });
  }

  /* where "jump to now" leads: among the sessions shown in the grid (not those longer than
     half a day, listed above it), the first of those in progress that began within the
     last hour, else the first in progress, else the next to start -- so at a big event it
     lands on the talks of the moment, not on one that opened the morning */
  function jumpTarget(cells, now) {
    var inProgress = [], upcoming = null;
    cells.forEach(function (cell) {
      if (cell.classList.contains("grid-continued") || cell.classList.contains("allday") || cell.hidden ||
          cell.closest("[hidden]")) return;
      var start = instant(cell, ".dt-start"), end = instant(cell, ".dt-end");
      if (start <= now && now < end) inProgress.push([start, cell]);
      else if (start > now && (!upcoming || start < upcoming[0])) upcoming = [start, cell];
    });
    inProgress.sort(function (a, b) { return a[0] - b[0]; });
    var recent = inProgress.filter(function (pair) { return pair[0] >= now - 3600000; });
    var pick = recent[0] || inProgress[0] || upcoming;
    return pick ? pick[1] : null;
  }

  /* sessions happening now get a badge; "jump to now" leads to them (see jumpTarget) --
     only during the edition's days */
  function markNow(tools) {
    var now = Date.now();
    var windows = $all(".schedule-day").map(function (d) { return {start: d.getAttribute("data-start"), end: d.getAttribute("data-end")}; });
    var during = inEdition(windows, now);
    var cells = $all(".grid-session");
    cells.forEach(function (cell) {
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
    });
    var jump = doc.querySelector(".jump-now");
    var target = during ? jumpTarget(cells, now) : null;
    jump.hidden = !target;
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
  /* a session's times as the build wrote them, or in the reader's zone if they chose it */
  function whenText(session) {
    if (storedZone() !== "local") return session.when;
    var lang = doc.documentElement.lang || undefined;
    var time = new Intl.DateTimeFormat(lang, {hour: "numeric", minute: "2-digit"});
    var start = new Date(Date.parse(session.start)), end = new Date(Date.parse(session.end));
    return time.format(start) + "\u2013" + time.format(end) + " " + zoneName(lang, start);
  }
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
          p.textContent = strip.getAttribute(pair[1]) + " \u00b7 " + whenText(pair[0]) + " ";
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

/* My schedule, across devices and visits: a link that carries the starred sessions to
   another device (imported on open, after the attendee confirms), the reminder chosen for
   the .ics download (kept for the next visit), and sessions changed since the last visit
   (from sessions.json's "changed" times) marked on the schedule.
   Runs before schedule.js (document order of deferred scripts), so stars imported from a
   link are in storage when schedule.js reads them. Stars are stored as schedule.js stores
   them: "ruyi:stars:<edition>", a JSON array of session ids. No dependency. */
(function () {
  "use strict";
  var doc = document;
  var tools = doc.querySelector(".schedule-tools");
  var box = tools && tools.querySelector(".my-schedule");
  if (!box) return;
  var edition = tools.getAttribute("data-edition");
  var STARS = "ruyi:stars:" + edition, VISIT = "ruyi:visit:" + edition, REMINDER = "ruyi:reminder";

  function get(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function set(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* private mode */ } }
  /* the ids of the sessions on this page: a link or storage may name anything */
  var known = {};
  Array.prototype.forEach.call(doc.querySelectorAll(".grid-session[data-id]"), function (cell) { known[cell.getAttribute("data-id")] = true; });
  function valid(ids) {
    return ids.filter(function (id, at) { return typeof id === "string" && known[id] === true && ids.indexOf(id) === at; });
  }
  function stored() {
    var value;
    try { value = JSON.parse(get(STARS) || "[]"); } catch (e) { return []; }
    return Array.isArray(value) ? valid(value) : [];
  }

  /* --- a share link opened here: ?stars=id,id ---------------------------------------- */
  function importLink() {
    var query = new URLSearchParams(location.search);
    if (!query.has("stars")) return;
    var ids = valid((query.get("stars") || "").split(","));
    var mine = stored();
    var added = ids.filter(function (id) { return mine.indexOf(id) < 0; });
    query.delete("stars");
    var text = query.toString();
    history.replaceState(null, "", location.pathname + (text ? "?" + text : "") + location.hash);
    if (!added.length) return;
    if (!window.confirm(box.getAttribute("data-import").replace("{count}", added.length))) return;
    set(STARS, JSON.stringify(mine.concat(added)));
    var status = doc.querySelector(".schedule-status");
    if (status) status.textContent = box.getAttribute("data-imported").replace("{count}", added.length);
  }

  /* --- the link to this page with my stars ------------------------------------------- */
  function shareLink() {
    var output = box.querySelector(".share-link"), field = output.querySelector("input");
    box.querySelector(".share-stars").addEventListener("click", function () {
      var mine = stored(), status = doc.querySelector(".schedule-status");
      if (!mine.length) { output.hidden = true; if (status) status.textContent = box.getAttribute("data-empty"); return; }
      var link = new URL(location.pathname, location.href);
      link.searchParams.set("stars", mine.join(","));
      field.value = link.href;
      output.hidden = false;
      field.select();
      var say = function () { if (status) status.textContent = box.getAttribute("data-copied"); };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(link.href).then(say, function () { /* the field shows it */ });
    });
  }

  /* --- the reminder of the .ics download, remembered ---------------------------------- */
  function reminder() {
    var select = box.querySelector("select[name=reminder]");
    var saved = get(REMINDER) || "";
    select.value = saved;
    if (select.value !== saved) select.value = "";
    /* the reminder is not a filter: the form's change handler must not see it */
    select.addEventListener("change", function (event) { event.stopPropagation(); set(REMINDER, select.value); });
  }

  /* --- sessions changed since the last visit ------------------------------------------ */
  function markChanged() {
    var last = Date.parse(get(VISIT) || "");
    var now = new Date();
    fetch(new URL(tools.getAttribute("data-planner"), location.href).href).then(function (r) {
      if (!r.ok) throw new Error("sessions.json: " + r.status);
      return r.json();
    }).then(function (data) {
      set(VISIT, now.toISOString());
      if (isNaN(last)) return; /* a first visit: nothing is "changed since" */
      data.sessions.forEach(function (s) {
        if (!s.changed || !(Date.parse(s.changed) > last)) return;
        Array.prototype.forEach.call(doc.querySelectorAll(".grid-session[data-id]"), function (cell) {
          if (cell.getAttribute("data-id") !== s.id || cell.classList.contains("grid-continued")) return;
          cell.classList.add("is-changed");
          var badge = doc.createElement("a");
          badge.className = "badge badge-changed";
          badge.href = box.getAttribute("data-changes");
          badge.textContent = box.getAttribute("data-changed");
          var when = cell.querySelector(".session-when");
          if (when) when.appendChild(badge);
        });
      });
    }).catch(function () { /* offline and not cached: nothing marked, the visit not recorded */ });
  }

  importLink();
  shareLink();
  reminder();
  markChanged();
}());

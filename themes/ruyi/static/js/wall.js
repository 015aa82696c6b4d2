/* The wall's filters, enhanced (no dependency).
 *
 * Without JavaScript every filter is a plain link to a page of its own
 * (wall/<stream>.html, wall/lang-<segment>.html). On the whole wall, this script filters
 * in place instead, so that a source and a language combine (?source=...&lang=...,
 * kept in the URL so a filtered view can be shared); hours and days left empty hide. */
(function () {
  "use strict";
  var wall = document.querySelector(".wall[data-wall-filters]");
  if (!wall) { return; }
  var links = wall.querySelectorAll("a[data-filter]");
  var known = [];
  links.forEach(function (link) {
    if (link.dataset.filter === "lang" && link.dataset.value && link.dataset.value !== "other") {
      known.push(link.dataset.value);
    }
  });
  var state = { source: "", lang: "" };
  var query = new URLSearchParams(window.location.search);
  state.source = query.get("source") || "";
  state.lang = query.get("lang") || "";

  function matches(post) {
    var lang = post.getAttribute("lang") || "";
    if (state.source && post.dataset.source !== state.source) { return false; }
    if (state.lang === "other") { return known.indexOf(lang) < 0; }
    return !state.lang || lang === state.lang;
  }

  function apply() {
    wall.querySelectorAll("article.wall-post").forEach(function (post) {
      post.hidden = !matches(post);
    });
    ["section.wall-hour", "section.wall-day"].forEach(function (selector) {
      wall.querySelectorAll(selector).forEach(function (section) {
        section.hidden = !section.querySelector("article.wall-post:not([hidden])");
      });
    });
    links.forEach(function (link) {
      var current = state[link.dataset.filter] === (link.dataset.value || "");
      if (current) { link.setAttribute("aria-current", "page"); }
      else { link.removeAttribute("aria-current"); }
    });
  }

  links.forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      state[link.dataset.filter] = link.dataset.value || "";
      var params = new URLSearchParams();
      if (state.source) { params.set("source", state.source); }
      if (state.lang) { params.set("lang", state.lang); }
      var search = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
      apply();
    });
  });
  apply();
}());

/* The search page: Pagefind's default UI over the index of the page's language
   (<html lang>), with the site's translated strings, started from ?q= so the header's
   plain GET form lands on results, and keeping ?q= in the address as the reader types. */
(function () {
  "use strict";
  var node = document.getElementById("search-config");
  if (!node || typeof PagefindUI === "undefined") return;
  var config = JSON.parse(node.textContent);
  var here = window.location.href;

  // Pagefind joins the words it segmented with spaces and the blocks of a page with ". ";
  // Chinese and Japanese are written without either, so excerpts drop them between two
  // CJK characters (highlight marks in between included).
  var CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef";
  var MARKS = "(?:</?mark>)*";
  var gap = new RegExp("([" + CJK + "]" + MARKS + ")\\s+(?=" + MARKS + "[" + CJK + "])", "g");
  var stop = new RegExp("([" + CJK + "]" + MARKS + ")\\.\\s+", "g");
  var closing = new RegExp("([\u3002\uff01\uff1f\uff1b])\\s*\\.\\s+", "g");
  function tidy(excerpt) {
    if (!excerpt) return excerpt;
    return excerpt.replace(closing, "$1").replace(stop, "$1\u3002").replace(gap, "$1");
  }
  function processResult(result) {
    result.excerpt = tidy(result.excerpt);
    (result.sub_results || []).forEach(function (sub) { sub.excerpt = tidy(sub.excerpt); });
    return result;
  }
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: new URL(config.bundle, here).pathname,
    baseUrl: new URL(config.site, here).pathname,
    translations: config.translations,
    showImages: false,
    showSubResults: true,
    resetStyles: false,
    autofocus: true,
    processResult: processResult
  });
  var params = new URLSearchParams(window.location.search);
  var query = (params.get("q") || "").trim();
  var header = document.getElementById("site-search-q");
  if (header) header.value = query;
  if (query) ui.triggerSearch(query);

  var input = document.querySelector("#search input");
  if (!input) return;
  input.setAttribute("aria-labelledby", "search-title");  // the visible heading is its label
  if (!window.history.replaceState) return;
  var timer;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var url = new URL(window.location.href);
      if (input.value.trim()) url.searchParams.set("q", input.value.trim());
      else url.searchParams.delete("q");
      window.history.replaceState(null, "", url);
    }, 300);
  });
})();

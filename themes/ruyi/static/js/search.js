/* The search page: Pagefind's default UI over the index of the page's language
   (<html lang>), with the site's translated strings, started from ?q= so the header's
   plain GET form lands on results, and keeping ?q= in the address as the reader types. */
(function () {
  "use strict";
  var node = document.getElementById("search-config");
  if (!node || typeof PagefindUI === "undefined") return;
  var config = JSON.parse(node.textContent);
  var here = window.location.href;
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: new URL(config.bundle, here).pathname,
    baseUrl: new URL(config.site, here).pathname,
    translations: config.translations,
    showImages: false,
    showSubResults: true,
    resetStyles: false,
    autofocus: true
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

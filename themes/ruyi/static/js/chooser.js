/* The language chooser (/index.html): sends the browser to the tree of its language, the
   trees read from the script's data-trees. A file, not an inline script, so the
   Content-Security-Policy of deploy/ needs no 'unsafe-inline'. It runs before the page
   is drawn (no defer): a reader with a matching language never sees the chooser. */
"use strict";
(function () {
  var script = document.currentScript;
  var trees;
  try { trees = JSON.parse(script.getAttribute("data-trees") || "[]"); } catch (e) { return; }
  var wanted = (navigator.languages || [navigator.language || ""]).map(function (l) { return l.toLowerCase(); });
  for (var i = 0; i < wanted.length; i++) {
    for (var j = 0; j < trees.length; j++) {
      var tag = trees[j].tag.toLowerCase();
      var base = tag.split("-")[0];
      var hant = /^zh-(hant|tw|hk|mo)/.test(wanted[i]);
      if (wanted[i] === tag || (wanted[i].split("-")[0] === base && (base !== "zh" || hant === /hant/.test(tag)))) {
        window.location.replace(trees[j].segment + "/index.html");
        return;
      }
    }
  }
})();

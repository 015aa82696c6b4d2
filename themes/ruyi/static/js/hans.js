/* A Traditional Chinese query written in Simplified, for a Simplified tree's search page
   (search.js), with OpenCC's own dictionaries dumped by the build into a JSON table
   (plugins/search/hansquery.py: why the query is converted and not the index).

   ruyiHans(table, text) applies the table as OpenCC applies a conversion chain: stage
   after stage, from left to right, the longest text the stage knows is replaced by its
   conversion, and any other character is kept. Written here because OpenCC has no
   browser build; its JavaScript port would bring a second copy of every dictionary
   (about 1 MB). tests/browser/test_search.py checks it against OpenCC itself. */
(function () {
  "use strict";
  var prepared = typeof WeakMap === "function" ? new WeakMap() : null;
  var own = Object.prototype.hasOwnProperty;

  // each stage with the length of its longest key, in characters (code points)
  function stagesOf(table) {
    var stages = prepared && prepared.get(table);
    if (stages) return stages;
    stages = ((table && table.format === 1 && table.stages) || []).map(function (map) {
      var longest = 1;
      for (var key in map) {
        if (own.call(map, key)) longest = Math.max(longest, Array.from(key).length);
      }
      return { map: map, longest: longest };
    });
    if (prepared && table && typeof table === "object") prepared.set(table, stages);
    return stages;
  }

  window.ruyiHans = function (table, text) {
    stagesOf(table).forEach(function (stage) {
      var chars = Array.from(text), out = [], at = 0;
      while (at < chars.length) {
        var size = Math.min(stage.longest, chars.length - at);
        for (; size > 0; size--) {
          var piece = chars.slice(at, at + size).join("");
          if (own.call(stage.map, piece)) {
            out.push(stage.map[piece]);
            break;
          }
        }
        if (size > 0) {
          at += size;
        } else {
          out.push(chars[at]);
          at += 1;
        }
      }
      text = out.join("");
    });
    return text;
  };
})();

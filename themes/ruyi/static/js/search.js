/* The search page: Pagefind's default UI over the index of the page's language
   (<html lang>), with the site's translated strings, started from ?q= so the header's
   plain GET form lands on results, and keeping ?q= in the address as the reader types.

   Chinese needs three things Pagefind's UI does not do (plugins/search/ideographs.py):
   - Pagefind matches each word of a Chinese query on its own, and by prefix, so "年会"
     highlights every 年 of every date and "网志" highlights 网络 and 志愿. Excerpts are
     rebuilt here around the query's words as the reader typed them, whole, and only
     those are highlighted (words of other scripts keep Pagefind's highlights, which
     know stemming);
   - Pagefind joins the words it segmented with spaces and the blocks of a page with
     ". "; Chinese is written without either, so excerpts drop them between two CJK
     characters;
   - in the English and French indexes, Chinese text is indexed character by character;
     a Chinese query there becomes the phrase of its characters;
   - on a Simplified Chinese tree, a Traditional query is first written in Simplified
     (hans.js, with the table config.hans names), as the pages are indexed. */
(function () {
  "use strict";
  var node = document.getElementById("search-config");
  if (!node || typeof PagefindUI === "undefined") return;
  var config = JSON.parse(node.textContent);
  var here = window.location.href;

  var CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef";
  var IDEOGRAPH = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var MARKS = "(?:</?mark>)*";
  var gap = new RegExp("([" + CJK + "]" + MARKS + ")\\s+(?=" + MARKS + "[" + CJK + "])", "g");
  var stop = new RegExp("([" + CJK + "]" + MARKS + ")\\.\\s+", "g");
  var end = new RegExp("([" + CJK + "]" + MARKS + ")\\.$");
  var closing = new RegExp("([\u3002\uff01\uff1f\uff1b])\\s*\\.\\s+", "g");
  var hasCJK = new RegExp("[" + IDEOGRAPH + "]");
  var ideographRun = new RegExp("[" + IDEOGRAPH + "]+", "g");
  var notWord = /[\p{P}\p{S}\s]+/gu;
  var EXCERPT = 30;  // words, as Pagefind's own excerpts
  // Pagefind segments the pages of these languages itself (its extended build)
  var segmented = /^(zh|ja|th)\b/i.test(document.documentElement.lang || "");

  function tidy(text) {
    if (!text) return text;
    return text.replace(closing, "$1").replace(stop, "$1\u3002").replace(end, "$1\u3002")
      .replace(gap, "$1").replace(/^[.\s]+/, "");
  }

  // The query's words that contain Chinese or Japanese, without punctuation.
  var lastTerm = "";
  function cjkTerms(term) {
    return term.split(/\s+/).map(function (word) {
      return word.replace(notWord, "").toLowerCase();
    }).filter(function (word) { return hasCJK.test(word); });
  }

  // What Pagefind searches for: in an index where Chinese is one word per character, a
  // Chinese query is the phrase of its characters (alone; Pagefind takes one phrase).
  var hansTable = null;  // set before the UI starts, when config.hans names one
  function processTerm(term) {
    if (hansTable && window.ruyiHans) term = window.ruyiHans(hansTable, term);
    lastTerm = term;
    if (segmented || !hasCJK.test(term)) return term;
    term = term.replace(/"/g, " ");  // quotes of the reader's own: the phrase is made here
    var spaced = term.replace(ideographRun, function (run) {
      return " " + Array.from(run).join(" ") + " ";
    }).replace(/\s+/g, " ").trim();
    var terms = term.trim().split(/\s+/);
    return terms.length === 1 && cjkTerms(term).length === 1 ? '"' + spaced + '"' : spaced;
  }

  // Pagefind's content escapes < and > only; the excerpt is HTML
  function plain(text) { return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">"); }
  function escape(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // <mark> around the text of some words, punctuation and spaces at its ends left out.
  function marked(text) {
    var found = /^([\p{P}\s]*)([\s\S]*?)([\p{P}\s]*)$/u.exec(text);
    if (!found[2]) return escape(text);
    return escape(found[1]) + "<mark>" + escape(found[2]) + "</mark>" + escape(found[3]);
  }

  // Where the query's Chinese words occur whole: runs of Pagefind's words [start, end]
  // whose text (without punctuation) is one of the terms.
  function occurrences(keys, terms) {
    var found = [];
    for (var i = 0; i < keys.length; i++) {
      if (!keys[i]) continue;
      for (var t = 0; t < terms.length; t++) {
        var text = "", j = i;
        while (j < keys.length && keys[j] && text.length < terms[t].length &&
               terms[t].indexOf(text + keys[j]) === 0) {
          text += keys[j];
          j++;
        }
        if (text === terms[t]) {
          found.push([i, j - 1]);
          i = j - 1;
          break;
        }
      }
    }
    return found;
  }

  function excerpt(page, from, to, spans) {
    var inside = spans.filter(function (s) { return s[0] >= from && s[0] < to; });
    var start = from;
    var best = -1;
    inside.forEach(function (span) {
      var first = Math.max(from, Math.min(span[0] - Math.floor(EXCERPT / 4), to - EXCERPT));
      var count = inside.filter(function (s) {
        return s[0] >= first && s[1] < first + EXCERPT;
      }).length;
      if (count > best) { best = count; start = first; }
    });
    var end = Math.min(to, start + EXCERPT);
    var pieces = [];
    for (var i = start; i < end; i++) {
      var span = inside.filter(function (s) { return s[0] === i; })[0];
      if (span) {  // whole, even past the excerpt's length
        var last = Math.min(span[1], to - 1);
        end = Math.max(end, last + 1);
        pieces.push(marked(plain(page.words.slice(i, last + 1).join(page.joiner))));
        i = last;
      } else {
        pieces.push(escape(plain(page.words[i])));
      }
    }
    return { html: tidy(pieces.join(page.joiner).trim()), count: inside.length };
  }

  // Excerpts of the page and of its sections rebuilt around the whole query words.
  function rebuild(result, terms) {
    var raw = result.raw_content || "";
    var zws = raw.indexOf("\u200b") >= 0;  // as Pagefind splits its content into words
    var page = { words: zws ? raw.split("\u200b") : raw.split(/[\r\n\s]+/g), joiner: zws ? "" : " " };
    var keys = page.words.map(function (word) {
      return word.replace(/&lt;|&gt;/g, "").replace(notWord, "").toLowerCase();
    });
    var spans = occurrences(keys, terms);
    var whole = spans.slice();
    (result.locations || []).forEach(function (at) {  // other scripts: Pagefind's matches
      var covered = whole.some(function (s) { return s[0] <= at && at <= s[1]; });
      if (!covered && page.words[at] !== undefined && !hasCJK.test(page.words[at])) {
        spans.push([at, at]);
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    result.excerpt = excerpt(page, 0, page.words.length, spans).html;
    var headings = (result.anchors || []).filter(function (a) {
      return /h\d/i.test(a.element) && a.text && /\S/.test(a.text);
    }).map(function (a) { return a.location; });
    var url = (result.meta && result.meta.url) || result.url;
    var subs = (result.sub_results || []).map(function (sub) {
      var from = sub.anchor ? sub.anchor.location : 0;
      var to = headings.filter(function (at) { return at > from; })
        .reduce(function (a, b) { return Math.min(a, b); }, page.words.length);
      var part = excerpt(page, from, to, spans);
      sub.excerpt = part.html;
      sub.locations = spans.filter(function (s) { return s[0] >= from && s[0] < to; })
        .map(function (s) { return s[0]; });
      return { sub: sub, count: part.count };
    });
    // Sections without the query's words are dropped, but Pagefind's UI shows the page's
    // excerpt only under its first, page-level sub-result (else only the sub-results'):
    // that one is kept, and without it the first section when no other is left, so a
    // page that matched never shows an empty excerpt.
    var kept = subs.filter(function (item, index) {
      return item.count || (index === 0 && item.sub.url === url);
    });
    if (!kept.length && subs.length) kept = [subs[0]];
    result.sub_results = kept.map(function (item) { return item.sub; });
  }

  function processResult(result) {
    var terms = cjkTerms(lastTerm);
    if (terms.length && result.raw_content) {
      rebuild(result, terms);
    } else {
      result.excerpt = tidy(result.excerpt);
      (result.sub_results || []).forEach(function (sub) { sub.excerpt = tidy(sub.excerpt); });
    }
    if (result.meta && result.meta.title) result.meta.title = tidy(result.meta.title);
    (result.sub_results || []).forEach(function (sub) { sub.title = tidy(sub.title); });
    return result;
  }

  // A language indexed in shards (plugins/search/shards.py): the bundle's shards.json
  // lists the language's other shards, merged into the main index (Pagefind's
  // mergeIndex), so a search covers them all. Without the list, the main index alone.
  var bundle = new URL(config.bundle, here), site = new URL(config.site, here).pathname;
  var language = (document.documentElement.lang || "").toLowerCase();
  // (config.shards: SEARCH_SHARD_PAGES is set; otherwise there is no list to wait for)
  // The query table is fetched at the same time; without it a query is searched as typed.
  function json(url) {
    return url ? fetch(url).then(function (response) {
      return response.ok ? response.json() : null;
    }).catch(function () { return null; }) : Promise.resolve(null);
  }
  Promise.all([
    json(config.shards && new URL("shards.json", bundle)),
    json(config.hans && new URL(config.hans, here))
  ]).then(function (found) {
    var manifest = found[0];
    hansTable = found[1];
    var shards = ((manifest && manifest.languages) || {})[language] || [];
    start(shards.map(function (path) {
      return { bundlePath: new URL(path, bundle).pathname, language: language, baseUrl: site };
    }));
  });

  function start(merged) {
    var ui = new PagefindUI({
      element: "#search",
      bundlePath: bundle.pathname,
      baseUrl: new URL(config.site, here).pathname,
      translations: config.translations,
      showImages: false,
      showSubResults: true,
      resetStyles: false,
      autofocus: true,
      mergeIndex: merged,
      processTerm: processTerm,
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
  }
})();

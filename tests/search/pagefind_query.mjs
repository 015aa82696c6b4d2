// Run Pagefind queries with Node against a built bundle, as the browser does, and print
// the results as JSON. Node cannot fetch file: URLs, so the bundle's files are served to
// Pagefind's fetch from disk.
// Usage: node pagefind_query.mjs BUNDLE_FOLDER LANG QUERY
//          prints the top results of QUERY: [{url, excerpt}]
//        node pagefind_query.mjs BUNDLE_FOLDER LANG --all QUERIES_JSON [MERGED_BUNDLE...]
//          prints {query: [url, ...]} for each query of the JSON list, every result's URL,
//          with the other bundles (shards) merged into the index (Pagefind's mergeIndex)
import { readFile } from "node:fs/promises";
import { pathToFileURL, fileURLToPath } from "node:url";
const [bundle, lang, ...rest] = process.argv.slice(2);
globalThis.fetch = async (url) => {
  const path = fileURLToPath(new URL(url, pathToFileURL(bundle + "/")));
  const data = await readFile(path);
  return new Response(data, { headers: path.endsWith(".wasm") ? { "content-type": "application/wasm" } : {} });
};
globalThis.document = { querySelector: () => ({ getAttribute: () => lang }), documentElement: { lang } }; globalThis.window = globalThis; globalThis.location = { href: pathToFileURL(bundle + "/").href };
const pf = await import(pathToFileURL(bundle + "/pagefind.js").href);
await pf.options({ basePath: pathToFileURL(bundle + "/").href, language: lang });
await pf.init(lang);
if (rest[0] === "--all") {  // URLs from the site's root, in every bundle
  await pf.options({ baseUrl: "/" });
  for (const merged of rest.slice(2)) await pf.mergeIndex(pathToFileURL(merged + "/").href, { language: lang, baseUrl: "/" });
  const found = {};
  for (const query of JSON.parse(rest[1])) {
    const search = await pf.search(query);
    found[query] = [];
    for (const r of search.results) found[query].push((await r.data()).url);
  }
  console.log(JSON.stringify(found));
} else {
  const search = await pf.search(rest[0]);
  const out = [];
  for (const r of search.results.slice(0, 50)) { const d = await r.data(); out.push({ url: d.url, excerpt: d.excerpt }); }
  console.log(JSON.stringify(out));
}

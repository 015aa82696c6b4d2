// Run one Pagefind query with Node against a built bundle, as the browser does, and
// print the top results as JSON: [{url, excerpt}]. Node cannot fetch file: URLs, so the
// bundle's files are served to Pagefind's fetch from disk.
// Usage: node pagefind_query.mjs BUNDLE_FOLDER LANG QUERY
import { readFile } from "node:fs/promises";
import { pathToFileURL, fileURLToPath } from "node:url";
const [bundle, lang, query] = process.argv.slice(2);
globalThis.fetch = async (url) => {
  const path = fileURLToPath(new URL(url, pathToFileURL(bundle + "/")));
  const data = await readFile(path);
  return new Response(data, { headers: path.endsWith(".wasm") ? { "content-type": "application/wasm" } : {} });
};
globalThis.document = { querySelector: () => ({ getAttribute: () => lang }), documentElement: { lang } }; globalThis.window = globalThis; globalThis.location = { href: pathToFileURL(bundle + "/").href };
const pf = await import(pathToFileURL(bundle + "/pagefind.js").href);
await pf.options({ basePath: pathToFileURL(bundle + "/").href, language: lang });
await pf.init(lang);
const search = await pf.search(query);
const out = [];
for (const r of search.results.slice(0, 50)) { const d = await r.data(); out.push({ url: d.url, excerpt: d.excerpt }); }
console.log(JSON.stringify(out));

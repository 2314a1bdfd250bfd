// `make realpages`: the extension on real saved pages, as a reader meets them. A benchmark
// (prints figures), not a test.
//
// Builds the extension, starts the real service, serves ../shared/data/real-pages on loopback
// (every other request is blocked), and visits in Debian's Chromium, 4 tabs at a time:
//   - each English article page as saved (honest) and a swapped copy (another page's headline
//     in <title>, og:title, twitter:title, the JSON-LD headline, the h1s, and any heading or
//     element styled as a headline that showed the true headline);
//   - each non-English page as saved.
// The donor of a swapped page's headline: see `donors` below.
// Beside the end-to-end figures it prints the API-level ones on the same pages (the true
// headline from expected-metadata.json, or the donor's, with expected.html's text, POSTed to
// the same service), so any loss from extraction shows.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { EXTENSION_DIR } from "../test/helpers/paths.js";
import { SERVICE_BIN, startService } from "../test/helpers/servers.js";
import { CHROMIUM, chromiumAvailable, launchWithExtension, setOptions } from "../test/helpers/browser.js";
import { REAL_PAGES_DIR, allPages, englishArticlePages, expectedText, headlineMatch, isNonEnglish, isUndeclaredEnglish, realPagesPresent, tokenF1 } from "./lib/real-pages.mjs";

const TABS = Number(process.env.TABS || 4);
const SETTLE_MS = 20_000;
const { stripSiteName, agreement, clean } = globalThis.HeadlineCheck.headline;

function fail(message) {
  console.error(`bench-realpages: ${message}`);
  process.exit(2);
}

if (!realPagesPresent()) fail(`${REAL_PAGES_DIR} is absent (../shared is not beside this checkout)`);
if (!chromiumAvailable()) fail(`Chromium is not at ${CHROMIUM}`);
if (!existsSync(SERVICE_BIN)) fail(`the service is not at ${SERVICE_BIN} (run make .venv/.installed or set HEADLINE_CHECK_BIN)`);

const escapeHtml = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const stripTags = (s) => clean(s.replace(/<[^>]*>/g, " ").replace(/&nbsp;/g, " ").replace(/&amp;/g, "&").replace(/&#39;|&#x27;|&rsquo;/g, "'"));

/** Put `headline` wherever `page` declares or shows its own headline. */
function swapHeadline(html, trueTitle, headline) {
  const text = escapeHtml(headline);
  let out = html.replace(/<title\b([^>]*)>[\s\S]*?<\/title>/i, `<title$1>${text}</title>`);
  out = out.replace(/<meta\b[^>]*>/gi, (tag) => {
    if (!/(?:property|name)\s*=\s*["']?(?:og:title|twitter:title)["'\s>]/i.test(tag)) return tag;
    return tag.replace(/content\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/i, `content="${text}"`);
  });
  out = out.replace(/(<script\b[^>]*application\/ld\+json[^>]*>)([\s\S]*?)(<\/script>)/gi, (all, open, json, close) => {
    try {
      const data = JSON.parse(json);
      const visit = (node) => {
        if (!node || typeof node !== "object") return;
        if (Array.isArray(node)) return node.forEach(visit);
        if (typeof node.headline === "string") node.headline = headline;
        for (const value of Object.values(node)) visit(value);
      };
      visit(data);
      return `${open}${JSON.stringify(data).replace(/</g, "\\u003c")}${close}`;
    } catch {
      return all;
    }
  });
  // Every h1, and any h2/h3 that showed the true headline.
  out = out.replace(/<(h[1-3])\b([^>]*)>((?:(?!<h[1-6]\b)[\s\S])*?)<\/\1>/gi, (all, tag, attrs, inner) => {
    if (tag.toLowerCase() !== "h1" && !agreement(stripTags(inner), trueTitle) && !agreement(trueTitle, stripTags(inner))) return all;
    return `<${tag}${attrs}>${text}</${tag}>`;
  });
  // An element styled as the headline (class h1, headline, title) that shows the true headline
  // as its whole text (ietf-1 turns its <span class="h1"> into an h1 when it loads). Links and
  // words in the article text are left alone: the body must stay the page's own.
  out = out.replace(/<(span|div|p|a|strong|b)\b([^>]*)>([^<]{3,400})<\/\1>/gi, (all, tag, attrs, inner) => {
    if (!/class\s*=\s*["'][^"']*\b(?:h1|[\w-]*headline[\w-]*|[\w-]*title[\w-]*)\b/i.test(attrs)) return all;
    const shown = stripTags(inner);
    const same = shown === clean(trueTitle) || (agreement(shown, trueTitle) && shown.split(/\s+/).length >= 3);
    return same ? `<${tag}${attrs}>${text}</${tag}>` : all;
  });
  return out;
}

function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const english = englishArticlePages();
const nonEnglish = allPages().filter(isNonEnglish);
const others = allPages().filter(isUndeclaredEnglish);
const texts = new Map([...english, ...nonEnglish, ...others].map((p) => [p.name, expectedText(p.name)]));
// Donor: a page half the list away (another site) whose title, without its site suffix, is a
// headline of at least 4 words ("New Zealand" or "remoteStorage" would only test the service's
// too-short rule).
const donorPool = english.filter((p) => stripSiteName(p.meta.title).split(/\s+/).length >= 4);
const donors = new Map(
  [...english, ...others].map((p, i) => {
    let donor = donorPool[(i + Math.floor(donorPool.length / 2)) % donorPool.length];
    if (donor.name === p.name) donor = donorPool[(i + Math.floor(donorPool.length / 2) + 1) % donorPool.length];
    return [p.name, donor];
  }),
);
const donorHeadline = (name) => stripSiteName(donors.get(name).meta.title);

// The page server: /honest/NAME/ and /swapped/NAME/ (source.html); nothing else exists.
const swapped = new Map([...english, ...others].map((p) => [p.name, swapHeadline(readFileSync(join(p.dir, "source.html"), "utf8"), p.meta.title, donorHeadline(p.name))]));
const pageServer = createServer((req, res) => {
  const [, kind, name] = new URL(req.url, "http://x").pathname.split("/");
  let body = null;
  if (kind === "honest" && texts.has(name)) body = readFileSync(join(REAL_PAGES_DIR, name, "source.html"));
  if (kind === "swapped" && swapped.has(name)) body = swapped.get(name);
  res.writeHead(body ? 200 : 404, { "Content-Type": body ? "text/html; charset=utf-8" : "text/plain", "Cache-Control": "no-store" });
  res.end(body || "not found");
});
await new Promise((r) => pageServer.listen(0, "127.0.0.1", r));
const pagesUrl = `http://127.0.0.1:${pageServer.address().port}`;

execFileSync(process.execPath, [join(EXTENSION_DIR, "scripts", "build.mjs"), "--quiet"], { stdio: "inherit" });
const service = await startService({ freshDatabase: true });
const browser = await launchWithExtension(join(EXTENSION_DIR, "build", "chrome"));

try {
  await setOptions(browser.worker, { serverUrl: service.url });
  // Loopback only: pages, the service. Every other request (fonts, ads, CDNs) is blocked.
  let blocked = 0;
  await browser.context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (!/^https?:$/.test(url.protocol) || url.hostname === "127.0.0.1" || url.hostname === "localhost") return route.continue();
    blocked += 1;
    return route.abort("blockedbyclient");
  });

  // ---- API level: the service alone, on the same pages ----
  async function apiCheck(title, body) {
    const res = await fetch(`${service.url}/api/v1/check`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ title, body }) });
    const json = await res.json();
    return { verdict: json.verdict, warn: ["warning", "danger"].includes(json.badge && json.badge.level) };
  }
  const api = { honest: new Map(), swapped: new Map(), nonEnglish: new Map() };
  for (const p of [...english, ...others]) {
    api.honest.set(p.name, await apiCheck(p.meta.title, texts.get(p.name)));
    api.swapped.set(p.name, await apiCheck(donorHeadline(p.name), texts.get(p.name)));
  }
  for (const p of nonEnglish) api.nonEnglish.set(p.name, await apiCheck(p.meta.title || "Untitled page", texts.get(p.name)));
  const model = await (await fetch(`${service.url}/api/v1/check`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ title: "x y z", body: "x y z" }) })).json();

  // ---- end to end: the extension in Chromium, TABS tabs at a time ----
  const visits = [
    ...english.map((p) => ({ kind: "honest", name: p.name })),
    ...english.map((p) => ({ kind: "swapped", name: p.name })),
    ...nonEnglish.map((p) => ({ kind: "nonEnglish", name: p.name })),
    ...others.map((p) => ({ kind: "otherHonest", name: p.name })),
    ...others.map((p) => ({ kind: "otherSwapped", name: p.name })),
  ];
  const results = [];
  async function visit({ kind, name }) {
    const url = `${pagesUrl}/${/swapped/i.test(kind) ? "swapped" : "honest"}/${name}/`;
    const page = await browser.context.newPage();
    try {
      await page.goto(url, { waitUntil: "load", timeout: 30_000 }).catch(() => null);
      const loadAt = await page.evaluate(() => performance.timeOrigin + performance.getEntriesByType("navigation")[0].loadEventStart).catch(() => null);
      const start = Date.now();
      let state = null;
      while (Date.now() - start < SETTLE_MS) {
        state = await browser.worker.evaluate(async (pageUrl) => {
          for (const tab of await chrome.tabs.query({})) {
            if (!tab.url || tab.url.split("#")[0] !== pageUrl) continue;
            const s = (await chrome.storage.session.get(`tab:${tab.id}`))[`tab:${tab.id}`];
            if (s && s.url === pageUrl && s.status !== "checking") return s;
          }
          return null;
        }, url);
        if (state) break;
        await new Promise((r) => setTimeout(r, 40));
      }
      const status = state ? state.status : "no-state";
      results.push({
        kind,
        name,
        status,
        reason: state && (state.reason || (state.error && state.error.kind)),
        warn: Boolean(state && state.result && ["warning", "danger"].includes(state.result.badge && state.result.badge.level)),
        verdict: state && state.result ? state.result.verdict : null,
        headline: state && state.page ? state.page.title : "",
        source: state && state.page ? state.page.source : null,
        body: state && state.page ? state.page.body : "",
        ms: state && state.checkedAt && loadAt ? state.checkedAt - loadAt : null,
      });
    } finally {
      await page.close();
    }
  }
  const started = Date.now();
  const queue = [...visits];
  await Promise.all(Array.from({ length: TABS }, async () => {
    while (queue.length) await visit(queue.shift());
  }));
  const wall = (Date.now() - started) / 1000;

  // ---- figures ----
  const of = (kind) => results.filter((r) => r.kind === kind);
  const pct = (n, d) => `${n}/${d} (${d ? ((100 * n) / d).toFixed(1) : "-"} %)`;
  const honest = of("honest");
  const swaps = of("swapped");
  const foreign = of("nonEnglish");
  const e2eFalse = honest.filter((r) => r.warn);
  const e2eCaught = swaps.filter((r) => r.warn);
  const apiFalse = english.filter((p) => api.honest.get(p.name).warn);
  const apiCaught = english.filter((p) => api.swapped.get(p.name).warn);
  const foreignVerdicts = foreign.filter((r) => r.status === "done");
  const apiForeign = nonEnglish.filter((p) => api.nonEnglish.get(p.name).verdict !== "unknown");
  const judged = results.filter((r) => r.status === "done" && r.ms !== null).map((r) => r.ms);
  const settled = results.filter((r) => r.ms !== null).map((r) => r.ms);
  const f1 = honest.filter((r) => r.body).map((r) => tokenF1(r.body, texts.get(r.name)));

  console.log(`Real pages: ${REAL_PAGES_DIR}`);
  const declared = nonEnglish.filter((p) => p.meta.lang).length;
  console.log(`English article pages: ${english.length} (expected-metadata.json lang en*, readerable, and expected.html text English)`);
  console.log(`non-English pages: ${nonEnglish.length} (${declared} with another lang in expected-metadata.json, ${nonEnglish.length - declared} with none and non-English expected text)`);
  console.log(`model ${model.model ? `${model.model.name} ${model.model.version}` : "?"}; Chromium ${browser.context.browser()?.version() ?? ""} headless, ${TABS} tabs at a time, ${visits.length} visits in ${wall.toFixed(1)} s; ${blocked} requests to other hosts blocked\n`);
  console.log("                                     extension (end to end)   API (true headline + expected.html)");
  console.log(`honest pages warned (false alarms)   ${pct(e2eFalse.length, honest.length).padEnd(25)}${pct(apiFalse.length, english.length)}`);
  // Not warned is not the same as reassured: a lean to disagree below its threshold shows "unknown".
  console.log(`honest pages shown consistent        ${pct(honest.filter((r) => r.verdict === "consistent").length, honest.length).padEnd(25)}${pct(english.filter((p) => api.honest.get(p.name).verdict === "consistent").length, english.length)}`);
  console.log(`swapped pages caught                 ${pct(e2eCaught.length, swaps.length).padEnd(25)}${pct(apiCaught.length, english.length)}`);
  console.log(`non-English pages with a verdict     ${pct(foreignVerdicts.length, foreign.length).padEnd(25)}${pct(apiForeign.length, nonEnglish.length)} (verdict other than unknown)`);
  console.log(`non-English pages warned             ${pct(foreign.filter((r) => r.warn).length, foreign.length).padEnd(25)}${pct(nonEnglish.filter((p) => api.nonEnglish.get(p.name).warn).length, nonEnglish.length)}`);
  const otherHonest = of("otherHonest");
  const otherSwapped = of("otherSwapped");
  console.log(`other English pages (no lang declared, not among the ${english.length}):`);
  console.log(`  honest pages warned                ${pct(otherHonest.filter((r) => r.warn).length, others.length).padEnd(25)}${pct(others.filter((p) => api.honest.get(p.name).warn).length, others.length)}`);
  console.log(`  swapped pages caught               ${pct(otherSwapped.filter((r) => r.warn).length, others.length).padEnd(25)}${pct(others.filter((p) => api.swapped.get(p.name).warn).length, others.length)}`);
  console.log(`  not judged (honest / swapped)      ${otherHonest.filter((r) => r.status !== "done").map((r) => `${r.name} ${r.reason || r.status}`).join(", ") || "none"} / ${otherSwapped.filter((r) => r.status !== "done").map((r) => `${r.name} ${r.reason || r.status}`).join(", ") || "none"}`);
  console.log("");
  console.log(`load -> verdict (pages checked by the service, n=${judged.length}): p50 ${(percentile(judged, 50) / 1000).toFixed(2)} s, p90 ${(percentile(judged, 90) / 1000).toFixed(2)} s, max ${(Math.max(...judged) / 1000).toFixed(2)} s`);
  console.log(`load -> settled state (any outcome, n=${settled.length}): p50 ${(percentile(settled, 50) / 1000).toFixed(2)} s, p90 ${(percentile(settled, 90) / 1000).toFixed(2)} s`);
  console.log(`body text vs expected.html (token F1, honest pages judged, n=${f1.length}): min ${Math.min(...f1).toFixed(3)}, p10 ${percentile(f1, 10).toFixed(3)}, median ${percentile(f1, 50).toFixed(3)}`);
  const sources = {};
  for (const r of results.filter((x) => x.source)) sources[r.source] = (sources[r.source] || 0) + 1;
  console.log(`headline sources used: ${Object.entries(sources).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  console.log("");
  const list = (rows, f) => (rows.length ? rows.map(f).join("\n") : "  (none)");
  console.log("honest false alarms:");
  console.log(list(e2eFalse, (r) => `  ${r.name}: "${r.headline}" (${r.source}) -> ${r.verdict}`));
  const metaTitle = new Map(english.map((p) => [p.name, p.meta.title]));
  console.log("honest pages judged on a headline other than expected-metadata.json's title:");
  console.log(list(honest.filter((r) => r.status === "done" && !headlineMatch(r.headline, metaTitle.get(r.name))), (r) => `  ${r.name}: "${r.headline}" (${r.source}), expected "${metaTitle.get(r.name)}" -> ${r.verdict}`));
  console.log("not judged / not checked (honest):");
  console.log(list(honest.filter((r) => r.status !== "done"), (r) => `  ${r.name}: ${r.status}${r.reason ? ` (${r.reason})` : ""}`));
  console.log("not judged / not checked (swapped):");
  console.log(list(swaps.filter((r) => r.status !== "done"), (r) => `  ${r.name}: ${r.status}${r.reason ? ` (${r.reason})` : ""}`));
  console.log("honest pages the API warns on (true headline + expected.html):");
  console.log(list(apiFalse, (p) => `  ${p.name}: "${p.meta.title}" -> ${api.honest.get(p.name).verdict}`));
  console.log("swapped pages not caught by the extension (end to end):");
  console.log(list(swaps.filter((r) => !r.warn), (r) => `  ${r.name}: "${r.headline}" (${r.source}) -> ${r.verdict ?? r.status}; API: ${api.swapped.get(r.name).verdict}`));
  console.log("swapped pages the API catches but the extension does not:");
  console.log(list(swaps.filter((r) => !r.warn && api.swapped.get(r.name).warn), (r) => `  ${r.name}: sent "${r.headline}" (${r.source}), ${r.status}${r.reason ? ` ${r.reason}` : ""}, verdict ${r.verdict}; donor "${donorHeadline(r.name)}"`));
  console.log("swapped pages the extension catches but the API does not:");
  console.log(list(swaps.filter((r) => r.warn && !api.swapped.get(r.name).warn), (r) => `  ${r.name}`));
  console.log("other English pages warned (honest):");
  console.log(list(otherHonest.filter((r) => r.warn), (r) => `  ${r.name}: "${r.headline}" (${r.source}) -> ${r.verdict}`));
  console.log("honest pages not shown consistent (end to end):");
  console.log(list(honest.filter((r) => r.verdict !== "consistent"), (r) => `  ${r.name}: "${r.headline ?? ""}" (${r.source ?? "-"}) -> ${r.verdict ?? r.status}${r.reason ? ` ${r.reason}` : ""}`));
  console.log("non-English pages with a verdict:");
  console.log(list(foreignVerdicts, (r) => `  ${r.name}: ${r.verdict}`));
} finally {
  await browser.close();
  await service.stop();
  await new Promise((r) => pageServer.close(r));
}

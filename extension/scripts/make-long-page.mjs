// Writes seeds/pages/long-article.html: a ~10,000-word article whose body is about its headline,
// for extraction timing (scripts/bench-extract.mjs) and the "long page" tests. Deterministic.
import { writeFileSync } from "node:fs";

let seed = 20261125;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (list) => list[Math.floor(rand() * list.length)];

const places = ["the Old Market", "Quayside", "the ferry terminal", "Dock Street", "the Swing Bridge", "Riverside Road", "the university campus", "Harbour Point", "the east marshes", "Salt Lane"];
const people = ["engineer Priya Nandakumar", "councillor Deborah Finch", "hydrologist Tomasz Wierzbicki", "resident Margaret Doyle", "shop owner Kofi Mensah", "project director Helen Marsh", "surveyor Liam O'Connell", "ecologist Sara Lindqvist"];
const parts = ["the tidal barrier", "the new flood wall", "the pumping station", "the raised embankment", "the storm drains", "the sluice gates", "the flood defences"];
const subjects = ["The flood defence programme", "The council's flood plan", "Work on the flood defences", "The barrier project", "The flood protection scheme"];

const templates = [
  () => `${pick(subjects)} near ${pick(places)} has moved into its ${pick(["second", "third", "fourth", "final"])} phase, with ${pick(parts)} now ${pick(["half built", "under test", "complete", "being strengthened"])}.`,
  () => `According to ${pick(people)}, ${pick(parts)} will protect about ${1000 + Math.floor(rand() * 9000)} homes around ${pick(places)} from a storm surge of the kind last seen in ${1950 + Math.floor(rand() * 70)}.`,
  () => `The flood defences were designed for sea levels expected in ${2070 + Math.floor(rand() * 40)}, and ${pick(parts)} can be raised later if the sea rises faster than forecast.`,
  () => `Residents near ${pick(places)} said the flood defence works had caused ${pick(["noise", "traffic delays", "dust", "detours"])} but that they were glad the city was finally rebuilding its flood protection.`,
  () => `"${pick(["We cannot stop the tide", "The river has flooded this city before", "Every metre of wall matters", "This is work for the next century"])}, but we can be ready for it," said ${pick(people)}.`,
  () => `Engineers tested ${pick(parts)} against a simulated surge of ${(2 + rand() * 3).toFixed(1)} metres, and the flood defences held with a margin of ${10 + Math.floor(rand() * 60)} centimetres.`,
  () => `The cost of rebuilding the flood defences has risen to £${(100 + rand() * 150).toFixed(0)} million, largely because of steel prices and the extra piling needed under ${pick(places)}.`,
  () => `${pick(people)} explained that ${pick(parts)} works together with ${pick(parts)}, so that water held back at high tide can be pumped out once the tide turns.`,
  () => `Before the programme began, the flood defences at ${pick(places)} were a patchwork of walls built between ${1880 + Math.floor(rand() * 60)} and ${1960 + Math.floor(rand() * 30)}, some of them no higher than a garden fence.`,
  () => `Insurers have said that premiums for homes behind the new flood defences could fall once ${pick(parts)} is certified, which ${pick(people)} called good news for families near ${pick(places)}.`,
  () => `Wildlife groups worked with the flood defence team to create ${10 + Math.floor(rand() * 40)} hectares of salt marsh near ${pick(places)}, which absorbs wave energy before it reaches ${pick(parts)}.`,
  () => `The timetable for the flood defences has slipped by ${2 + Math.floor(rand() * 10)} months, but the council says the most exposed streets around ${pick(places)} will be protected before next winter's storms.`,
];

const headings = [
  "A city that lives with the tide", "Why the old walls failed", "Designing for the next century", "The tidal barrier", "Building the flood wall",
  "The pumping station", "Living with the works", "Paying for protection", "Testing against the storm", "The salt marsh",
  "What insurers say", "Lessons from other ports", "The engineers", "The residents", "Delays and disputes",
  "The Old Market section", "Quayside and the ferry terminal", "Under Dock Street", "The Swing Bridge gap", "The east marshes",
  "Warning systems", "When the gates close", "Maintenance for decades", "Climate forecasts", "Planning for failure",
  "Schools and hospitals", "Businesses behind the wall", "Heritage walls", "Public spaces on the embankment", "The next phase",
  "What remains to be done", "Looking ahead",
];

const title = "Inside the Decade-Long Effort to Rebuild Harbourside's Flood Defences";
let words = 0;
const sections = [];
for (const heading of headings) {
  const paragraphs = [];
  for (let p = 0; p < 5; p++) {
    const sentences = [];
    for (let s = 0; s < 3 + Math.floor(rand() * 2); s++) sentences.push(pick(templates)());
    const text = sentences.join(" ");
    words += text.split(/\s+/).length;
    paragraphs.push(`<p>${text.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</p>`);
  }
  sections.push(`<h2>${heading}</h2>\n${paragraphs.join("\n")}`);
  if (words >= 10000) break;
}

const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title} - The Harbour Gazette</title>
<meta property="og:type" content="article">
<meta property="og:site_name" content="The Harbour Gazette">
<meta property="og:title" content="${title}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { font-family: Georgia, serif; margin: 0; background: #f6f6f2; color: #1d1d1d; }
header.site, footer.site { background: #0d3b4f; color: #f1f1f1; padding: 12px 24px; }
nav a { color: #f1f1f1; margin-right: 16px; text-decoration: none; }
article { max-width: 760px; margin: 24px auto; background: #fff; padding: 24px 32px; line-height: 1.6; }
.byline { color: #666; }
</style>
</head>
<body>
<!-- Generated by extension/scripts/make-long-page.mjs (about ${Math.round(words / 100) * 100} words of body text). -->
<header class="site"><div class="logo">The Harbour Gazette</div>
<nav><a href="#">Home</a><a href="#">Local</a><a href="#">Environment</a><a href="#">Long reads</a></nav></header>
<article>
<h1>${title}</h1>
<p class="byline">By Helen Marsh and Tomasz Wierzbicki · Long read · 25 November 2026</p>
${sections.join("\n")}
</article>
<footer class="site">© The Harbour Gazette</footer>
</body>
</html>
`;
writeFileSync(new URL("../../seeds/pages/long-article.html", import.meta.url), html);
console.log(`long-article.html: ${words} words in ${sections.length} sections`);

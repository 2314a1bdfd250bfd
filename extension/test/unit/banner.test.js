import { test } from "node:test";
import assert from "node:assert/strict";
import { JSDOM } from "jsdom";

await import("../../src/content/banner.js");
const { renderBanner, removeBanner, HOST_ATTR } = globalThis.HeadlineCheck.banner;

const view = {
  verdict: "mismatch",
  warning: "mismatch",
  confidence: 0.874,
  explanation: "The article is about something else than its headline.",
  evidence: [
    { sentence: "The UK government has condemned X's response.", score: 0.12 },
    { sentence: '<img src=x onerror="alert(1)"> & <b>not bold</b>', score: 0.05 },
  ],
  badge: { level: "danger", color: "#c5221f", text: "!", title: "Headline Check: mismatch" },
};

function page() {
  const dom = new JSDOM('<body><article><h1 id="h">A headline here</h1><p>Text</p></article></body>', { url: "https://news.example/" });
  return dom.window.document;
}

test("the banner sits right after the headline, in a shadow root", () => {
  const doc = page();
  const h1 = doc.getElementById("h");
  const host = renderBanner(doc, h1, view);
  assert.equal(h1.nextElementSibling, host);
  assert.ok(host.hasAttribute(HOST_ATTR));
  assert.ok(host.shadowRoot, "open shadow root");
  assert.equal(host.children.length, 0, "nothing in the page's own DOM tree");
  assert.equal(host.style.getPropertyPriority("display"), "important");
});

test("it says what is wrong, the confidence, with a role and labels", () => {
  const doc = page();
  const host = renderBanner(doc, doc.getElementById("h"), view);
  const box = host.shadowRoot.querySelector("section");
  assert.equal(box.getAttribute("role"), "status");
  assert.equal(box.getAttribute("aria-label"), "Headline Check warning");
  assert.match(box.textContent, /This article does not appear to be about its headline\./);
  assert.match(box.textContent, /Confidence 87%/);
  assert.equal(globalThis.HeadlineCheck.banner.percent(0.9995), ">99%");
  assert.equal(globalThis.HeadlineCheck.banner.percent(0.5), "50%");
  const contradicted = renderBanner(doc, doc.getElementById("h"), { ...view, warning: "contradicted", badge: { level: "warning" } });
  assert.match(contradicted.shadowRoot.textContent, /dispute its own headline/);
  const sameTopic = renderBanner(doc, doc.getElementById("h"), { ...view, mismatchKind: "different_story" });
  assert.match(sameTopic.shadowRoot.textContent, /about a different story than its headline\./);
  assert.doesNotMatch(sameTopic.shadowRoot.textContent, /does not appear to be about/);
  const unrelatedTopic = renderBanner(doc, doc.getElementById("h"), { ...view, mismatchKind: "unrelated_topic" });
  assert.match(unrelatedTopic.shadowRoot.textContent, /does not appear to be about its headline\./);
  assert.equal(doc.querySelectorAll(`[${HOST_ATTR}]`).length, 1, "a new banner replaces the old one");
});

test("page-derived text is inserted as text, never as HTML", () => {
  const doc = page();
  const host = renderBanner(doc, doc.getElementById("h"), view);
  const shadow = host.shadowRoot;
  assert.equal(shadow.querySelector("img"), null);
  assert.equal(shadow.querySelector("b"), null);
  assert.match(shadow.querySelector("ol").textContent, /<img src=x onerror="alert\(1\)"> & <b>not bold<\/b>/);
});

test("Why? is a keyboard-reachable toggle that shows the evidence", () => {
  const doc = page();
  const shadow = renderBanner(doc, doc.getElementById("h"), view).shadowRoot;
  const [why, dismiss] = shadow.querySelectorAll("button");
  assert.equal(why.textContent, "Why?");
  assert.equal(why.type, "button");
  assert.equal(why.getAttribute("aria-expanded"), "false");
  const region = shadow.getElementById(why.getAttribute("aria-controls"));
  assert.equal(region.hidden, true);
  why.click();
  assert.equal(why.getAttribute("aria-expanded"), "true");
  assert.equal(region.hidden, false);
  assert.equal(region.querySelectorAll("li").length, 2);
  assert.match(region.textContent, /about something else than its headline/);
  assert.match(region.textContent, /sentences closest to the headline:/);
  why.click();
  assert.equal(region.hidden, true);
  assert.equal(dismiss.getAttribute("aria-label"), "Dismiss the Headline Check warning");
});

test("Dismiss and Escape remove the banner and tell the caller", () => {
  const doc = page();
  let dismissed = 0;
  const host = renderBanner(doc, doc.getElementById("h"), view, { onDismiss: () => dismissed++ });
  host.shadowRoot.querySelectorAll("button")[1].click();
  assert.equal(host.isConnected, false);
  assert.equal(dismissed, 1);
  const again = renderBanner(doc, doc.getElementById("h"), view, { onDismiss: () => dismissed++ });
  const box = again.shadowRoot.querySelector("section");
  box.dispatchEvent(new doc.defaultView.KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
  assert.equal(again.isConnected, false);
  assert.equal(dismissed, 2);
});

test("without a headline element the banner goes to the top of the body; removeBanner clears it", () => {
  const doc = page();
  const host = renderBanner(doc, null, { ...view, evidence: [], confidence: null });
  assert.equal(doc.body.firstElementChild, host);
  assert.match(host.shadowRoot.textContent, /No sentence in the article is close to the headline/);
  assert.doesNotMatch(host.shadowRoot.textContent, /Confidence/);
  removeBanner(doc);
  assert.equal(doc.querySelector(`[${HOST_ATTR}]`), null);
});

test("evidence ranked by meaning says so", () => {
  const doc = page();
  const byMeaning = view.evidence.map((item) => ({ ...item, measure: "meaning" }));
  const shadow = renderBanner(doc, doc.getElementById("h"), { ...view, evidence: byMeaning }).shadowRoot;
  assert.match(shadow.textContent, /sentences closest in meaning to the headline:/);
});

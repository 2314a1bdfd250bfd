/** Popup: shows the current tab's verdict and sends the reader's feedback via the background. */

import { describeState, percent } from "./view.js";

const ext = globalThis.browser ?? globalThis.chrome;
const $ = (id) => document.getElementById(id);

let tabId = null;

function render(reply) {
  const view = describeState(reply);
  $("verdict-title").textContent = view.title;
  $("verdict-detail").textContent = view.detail;
  $("verdict").style.setProperty("--accent", view.accent);
  $("confidence").hidden = view.confidence === null;
  if (view.confidence !== null) $("confidence").textContent = `Confidence ${percent(view.confidence)}`;

  $("why").hidden = !view.evidence.length;
  $("why-title").textContent = view.evidenceTitle;
  $("evidence").replaceChildren(
    ...view.evidence.map((item) => {
      const li = document.createElement("li");
      li.textContent = item.sentence;
      return li;
    }),
  );

  $("judged").hidden = !view.headline;
  $("judged-headline").textContent = view.headline;
  $("judged-source").textContent = view.headlineSource ? `From ${view.headlineSource}.` : "";
  $("not-headline").hidden = !view.showNotHeadline;

  $("check-now").hidden = !view.showCheckNow;
  $("feedback").hidden = !view.showFeedback;
  [$("feedback-right").textContent, $("feedback-wrong").textContent] = view.feedbackLabels;
  if (view.feedbackSent) $("feedback-status").textContent = "Thank you: your feedback was sent.";
  $("model").textContent = view.model ? `Model: ${view.model}` : "";
}

let polls = 0;

async function refresh() {
  const reply = await ext.runtime.sendMessage({ type: "get-tab-state", tabId });
  render(reply);
  // A check still running when the popup opened: look again shortly (bounded by the 5 s timeout).
  if (reply && reply.state && reply.state.status === "checking" && polls++ < 30) setTimeout(refresh, 250);
}

async function sendFeedback(correct) {
  const buttons = [$("feedback-right"), $("feedback-wrong")];
  buttons.forEach((b) => (b.disabled = true));
  $("feedback-status").textContent = "Sending…";
  const stance = correct ? null : $("stance").value || null; // what a wrong verdict should have been
  const reply = await ext.runtime.sendMessage({ type: "send-feedback", tabId, correct, shareText: $("share-text").checked, stance });
  $("feedback-status").textContent = reply && reply.ok ? "Thank you: your feedback was sent." : `Could not send feedback: ${(reply && reply.error && (reply.error.detail || reply.error.message)) || "unknown error"}`;
  buttons.forEach((b) => (b.disabled = false));
}

/** "That is not the headline": a headline-choice error, recorded apart from stance labels. */
async function reportWrongHeadline() {
  $("not-headline").disabled = true;
  $("judged-status").textContent = "Sending…";
  const reply = await ext.runtime.sendMessage({ type: "send-feedback", tabId, kind: "headline", correct: false, shareText: $("share-text").checked });
  const done = reply && reply.ok;
  $("judged-status").textContent = done ? "Thank you: recorded as a wrong choice of headline." : `Could not send feedback: ${(reply && reply.error && (reply.error.detail || reply.error.message)) || "unknown error"}`;
  $("not-headline").disabled = Boolean(done);
}

async function main() {
  const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
  const params = new URLSearchParams(location.search);
  tabId = params.has("tabId") ? Number(params.get("tabId")) : tab ? tab.id : null;
  if (tabId === null) return;

  $("open-options").addEventListener("click", (event) => {
    event.preventDefault();
    ext.runtime.openOptionsPage();
  });
  $("check-now").addEventListener("click", async () => {
    $("verdict-title").textContent = "Checking…";
    $("check-now").hidden = true;
    await ext.runtime.sendMessage({ type: "check-now", tabId });
    await refresh();
  });
  $("feedback-right").addEventListener("click", () => sendFeedback(true));
  $("feedback-wrong").addEventListener("click", () => sendFeedback(false));
  $("not-headline").addEventListener("click", reportWrongHeadline);

  await refresh();
}

main();

/**
 * What the popup shows for a tab state (the background's get-tab-state reply). Pure, tested.
 */

const VERDICTS = {
  mismatch: "The headline does not match the article",
  different_story: "The article is about a different story than its headline",
  contradicted: "The article disputes its headline",
  consistent: "The headline matches the article",
  unknown: "This page could not be judged",
};

const SKIPPED = {
  disabled: "Headline Check is switched off (see Options).",
  excluded: "This site is on your list of sites never to check.",
  "click-only": "Click “Check this page” to check it.",
  "unsupported-url": "Only web pages can be checked.",
  "server-page": "This is the check server's own page.",
};

/** Where the judged headline came from, in the reader's words. */
export const SOURCE_LABELS = Object.freeze({
  h1: "the page's main heading",
  heading: "a heading over the article",
  "og:title": "the page's og:title metadata",
  "twitter:title": "the page's twitter:title metadata",
  "json-ld": "the page's schema.org headline",
  title: "the page title",
  readability: "the reader-view title",
});

const NOT_JUDGED = {
  "no-headline": "Headline Check could not tell which text is this page's headline, so it did not judge this page.",
  "not-english": "Headline Check only judges English pages, and this page is not in English.",
};

/** A model's probability is never certainty: 0.9995 reads ">99%", not "100%". */
export function percent(confidence) {
  if (confidence >= 0.995) return ">99%";
  return `${Math.round(confidence * 100)}%`;
}

export function describeState(reply) {
  const state = reply && reply.state;
  const badge = (reply && reply.badge) || {};
  const options = (reply && reply.options) || {};
  const view = {
    title: "Not checked",
    detail: "",
    confidence: null,
    accent: "#5f6368",
    evidence: [],
    evidenceTitle: "The article's sentences closest to the headline",
    showFeedback: false,
    warned: false,
    feedbackLabels: ["Verdict is right", "Verdict is wrong"],
    showCheckNow: Boolean(options.clickOnly) || !state,
    model: "",
    feedbackSent: false,
    headline: "",
    headlineSource: "",
    showNotHeadline: false,
  };
  if (!state) {
    view.detail = options.clickOnly ? SKIPPED["click-only"] : "Nothing has been checked in this tab yet.";
    return view;
  }
  switch (state.status) {
    case "checking":
      view.title = "Checking…";
      view.showCheckNow = false;
      return view;
    case "not-article":
      view.title = "Not an article";
      view.detail = "This page does not look like a news article, so nothing was sent.";
      return view;
    case "not-judged":
      view.title = "Not judged";
      view.detail = NOT_JUDGED[state.reason] || NOT_JUDGED["no-headline"];
      return view;
    case "skipped":
      view.title = "Not checked";
      view.detail = SKIPPED[state.reason] || "";
      view.showCheckNow = state.reason === "click-only";
      return view;
    case "failed":
      view.title = "Could not check";
      view.detail = (badge.title || "").replace(/^Headline Check: /, "");
      view.showCheckNow = true;
      return view;
    case "done": {
      const result = state.result || {};
      view.warned = badge.level === "warning" || badge.level === "danger";
      view.title = VERDICTS[result.verdict] || VERDICTS.unknown;
      if (result.verdict === "mismatch" && result.mismatch_kind === "different_story") view.title = VERDICTS.different_story;
      if (!view.warned && (result.verdict === "mismatch" || result.verdict === "contradicted")) {
        view.title += " (not sure enough to warn)";
      }
      view.detail = result.explanation || (badge.title || "").replace(/^Headline Check: /, "");
      view.accent = badge.color || view.accent;
      view.confidence = typeof result.confidence === "number" ? result.confidence : null;
      view.evidence = Array.isArray(result.evidence) ? result.evidence : [];
      // A mismatch's evidence is ranked by meaning (the service's "measure"): say so.
      if (view.evidence.length && view.evidence.every((item) => item && item.measure === "meaning")) {
        view.evidenceTitle = "The article's sentences closest in meaning to the headline";
      }
      view.showFeedback = result.verdict !== "unknown";
      view.feedbackLabels = view.warned ? ["Warning is right", "Warning is wrong"] : ["Verdict is right", "Verdict is wrong"];
      view.showCheckNow = false;
      view.model = result.model ? [result.model.name, result.model.version].filter(Boolean).join(" ") : "";
      view.feedbackSent = Boolean(state.feedback);
      view.headline = typeof state.headline === "string" ? state.headline : "";
      view.headlineSource = SOURCE_LABELS[state.headlineSource] || "";
      view.showNotHeadline = Boolean(view.headline);
      return view;
    }
    default:
      return view;
  }
}

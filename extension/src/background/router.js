/**
 * Message routing for the background worker: every message is {type, ...}; each handler
 * returns a plain JSON reply. Browser APIs come in through `deps`, so this is unit-testable.
 *
 * From content scripts (sender.tab set):
 *   should-check {url, force}              -> {check, reason?}
 *   check-page {url, title, headlineSource, body, force} -> {ok, warn, result} | {ok: false, error}
 *   not-article {url}                      -> {ok}
 *   not-judged {url, reason}               -> {ok}   (reason: no-headline | not-english)
 * From the popup (no sender.tab):
 *   get-tab-state {tabId}                  -> {state, badge, options}
 *   check-now {tabId}                      -> the content script's reply to run-check
 *   send-feedback {tabId, correct, shareText, stance?, kind?} -> {ok, feedback} | {ok: false, error}
 *     (kind "headline": the judged text was not the page's headline)
 */

import { checkDecision } from "../shared/options.js";
import { badgeForFailure, badgeForResult, badgeForState, EMPTY_BADGE, isWarning } from "./badge.js";
import { feedbackPayload, HEADLINE_SOURCES } from "./api.js";

/** Why an article got no verdict (content script -> not-judged). */
export const NOT_JUDGED_REASONS = Object.freeze(["no-headline", "not-english"]);

/** The stances a reader may name when a verdict is wrong (the service's, FNC-1's). */
export const STANCES = Object.freeze(["agree", "disagree", "discuss", "unrelated"]);

/** Service limits: 2 MB per request; the service itself cuts bodies at 100,000 characters. */
export const MAX_BODY_CHARS = 200_000;
export const MAX_TITLE_CHARS = 1_000;

/** Why a mismatch was called (the service's mismatch_kind): the banner words its warning from it. */
export const MISMATCH_KINDS = Object.freeze(["different_story", "unrelated_topic"]);

// How the service ranked the evidence: by shared words, or (for a mismatch) by meaning.
const EVIDENCE_MEASURES = Object.freeze(["words", "meaning"]);

/** What the content script needs to draw the banner (no page text goes back). */
export function bannerView(result) {
  return {
    verdict: result.verdict,
    warning: result.warning ?? null,
    mismatchKind: MISMATCH_KINDS.includes(result.mismatch_kind) ? result.mismatch_kind : null,
    stance: result.stance ?? null,
    confidence: typeof result.confidence === "number" ? result.confidence : null,
    explanation: typeof result.explanation === "string" ? result.explanation : "",
    evidence: Array.isArray(result.evidence)
      ? result.evidence
          .filter((item) => item && typeof item.sentence === "string")
          .slice(0, 3)
          .map((item) => ({
            sentence: item.sentence,
            score: typeof item.score === "number" ? item.score : null,
            measure: EVIDENCE_MEASURES.includes(item.measure) ? item.measure : null,
          }))
      : [],
    badge: badgeForResult(result),
  };
}

function errorJson(error) {
  if (error && typeof error.toJSON === "function") return error.toJSON();
  return { kind: "error", status: null, detail: String((error && error.message) || error) };
}

/**
 * deps: {getOptions(): Promise<options>, store (state.js), checkPage(options, page),
 *        sendFeedback(options, payload), setBadge(tabId, badge), sendToTab(tabId, message),
 *        isExtensionPage(sender) (optional; default: senders without a tab)}
 */
export function createRouter(deps) {
  // Per-tab generation: a check answered after the tab moved on must not touch the badge.
  const generation = new Map();
  const bump = (tabId) => {
    const next = (generation.get(tabId) || 0) + 1;
    generation.set(tabId, next);
    return next;
  };

  // Paint first, then record: whoever sees the new state also sees its badge.
  async function show(tabId, state) {
    await deps.setBadge(tabId, badgeForState(state));
    await deps.store.set(tabId, state);
  }

  const fromContent = {
    async "should-check"(message, tabId) {
      const options = await deps.getOptions();
      const decision = checkDecision(options, message.url, { force: Boolean(message.force) });
      if (!decision.check) {
        bump(tabId);
        await show(tabId, { status: "skipped", url: message.url, reason: decision.reason });
      }
      return decision;
    },

    async "check-page"(message, tabId) {
      const options = await deps.getOptions();
      const decision = checkDecision(options, message.url, { force: Boolean(message.force) });
      if (!decision.check) return { ok: false, error: { kind: "skipped", detail: decision.reason } };
      const title = typeof message.title === "string" ? message.title.trim().slice(0, MAX_TITLE_CHARS) : "";
      const body = typeof message.body === "string" ? message.body.slice(0, MAX_BODY_CHARS) : "";
      if (!title || !body.trim()) return { ok: false, error: { kind: "bad-message", detail: "title and body are required" } };

      const mine = bump(tabId);
      const source = HEADLINE_SOURCES.includes(message.headlineSource) ? message.headlineSource : null;
      const page = { title, body, source };
      await show(tabId, { status: "checking", url: message.url, page });
      let state;
      try {
        const result = await deps.checkPage(options, { title, body, url: message.url, headlineSource: source });
        state = { status: "done", url: message.url, page, result, checkedAt: Date.now() };
      } catch (error) {
        state = { status: "failed", url: message.url, page, error: errorJson(error), serverUrl: options.serverUrl };
      }
      if (generation.get(tabId) !== mine) return { ok: false, error: { kind: "stale", detail: "the tab moved on" } };
      await show(tabId, state);
      if (state.status === "failed") return { ok: false, error: state.error, badge: badgeForFailure(state.error.kind, options.serverUrl) };
      return { ok: true, warn: isWarning(state.result), result: bannerView(state.result) };
    },

    async "not-article"(message, tabId) {
      bump(tabId);
      await show(tabId, { status: "not-article", url: message.url, checkedAt: Date.now() });
      return { ok: true };
    },

    // An article with no verdict: no text is confidently its headline, or it is not English.
    async "not-judged"(message, tabId) {
      bump(tabId);
      const reason = NOT_JUDGED_REASONS.includes(message.reason) ? message.reason : "no-headline";
      await show(tabId, { status: "not-judged", url: message.url, reason, checkedAt: Date.now() });
      return { ok: true };
    },
  };

  const fromPopup = {
    async "get-tab-state"(message) {
      const options = await deps.getOptions();
      const state = await deps.store.get(message.tabId);
      const { page, ...rest } = state || {};
      return {
        state: state
          ? {
              ...rest,
              hasText: Boolean(page && page.body),
              // The text that was judged and where it came from (never the article text).
              headline: page && page.title ? page.title : undefined,
              headlineSource: page && page.source ? page.source : undefined,
              result: rest.result ? { ...rest.result, ...bannerView(rest.result) } : undefined,
            }
          : null,
        badge: badgeForState(state),
        options: { enabled: options.enabled, clickOnly: options.clickOnly, serverUrl: options.serverUrl },
      };
    },

    async "check-now"(message) {
      try {
        const reply = await deps.sendToTab(message.tabId, { type: "run-check", force: true });
        return reply ?? { ok: false, error: { kind: "no-reply", detail: "the page did not answer" } };
      } catch {
        return { ok: false, error: { kind: "no-content-script", detail: "This page cannot be checked (reload it, or it is not a web page)." } };
      }
    },

    async "send-feedback"(message) {
      const state = await deps.store.get(message.tabId);
      if (!state || state.status !== "done") return { ok: false, error: { kind: "no-verdict", detail: "There is no verdict for this tab." } };
      const options = await deps.getOptions();
      const stance = STANCES.includes(message.stance) ? message.stance : null;
      const kind = message.kind === "headline" ? "headline" : "verdict";
      const payload = feedbackPayload(state, { correct: message.correct, shareText: message.shareText, stance, kind });
      try {
        const answer = await deps.sendFeedback(options, payload);
        await deps.store.set(message.tabId, { ...state, feedback: { kind, correct: payload.correct, sentAt: Date.now() } });
        return { ok: true, feedback: answer };
      } catch (error) {
        return { ok: false, error: errorJson(error) };
      }
    },
  };

  /** Forget a tab's state and badge: it navigated to a new document or closed. */
  async function resetTab(tabId, { clearBadge = true } = {}) {
    bump(tabId);
    await deps.store.remove(tabId);
    if (clearBadge) await deps.setBadge(tabId, EMPTY_BADGE);
  }

  /**
   * The tab started loading (tabs.onUpdated status "loading"). Chrome says so for new
   * documents and also for same-document changes: a #fragment, pushState, replaceState. A new
   * URL forgets the old verdict (the content script checks the new page); the same page with
   * another #fragment keeps it. `url` is missing where the extension may not see it.
   */
  async function tabLoading(tabId, url) {
    if (typeof url === "string") {
      const state = await deps.store.get(tabId);
      if (state && state.url === url.split("#")[0]) return;
    }
    await resetTab(tabId);
  }

  // The extension's own pages (popup, options) may be open in a tab too, so the sender's URL,
  // not the presence of a tab, tells them from content scripts.
  const isExtensionPage = deps.isExtensionPage || ((sender) => !sender.tab);

  async function handle(message, sender = {}) {
    if (!message || typeof message.type !== "string") return { ok: false, error: { kind: "bad-message", detail: "no type" } };
    const tabId = sender.tab && typeof sender.tab.id === "number" ? sender.tab.id : null;
    const fromExtensionPage = isExtensionPage(sender);
    if (!fromExtensionPage && tabId !== null && Object.hasOwn(fromContent, message.type)) return fromContent[message.type](message, tabId);
    if (fromExtensionPage && Object.hasOwn(fromPopup, message.type)) {
      if (typeof message.tabId !== "number") return { ok: false, error: { kind: "bad-message", detail: "tabId is required" } };
      return fromPopup[message.type](message);
    }
    return { ok: false, error: { kind: "unknown-message", detail: message.type } };
  }

  return { handle, resetTab, tabLoading };
}

/**
 * Toolbar badge state. The service decides the badge for a verdict (so every client shows
 * the same thing); this module only validates it and adds the states the service cannot
 * report itself: not an article, offline, timed out, refused.
 */

export const GREY = "#5f6368";
const PREFIX = "Headline Check: ";

/** Nothing shown: pages that are not articles, excluded sites, switched off. */
export const EMPTY_BADGE = Object.freeze({ level: "none", text: "", color: GREY, title: "Headline Check" });

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const LEVELS = new Set(["ok", "warning", "danger", "none"]);

/** The badge for a successful check: the service's own `badge`, cleaned up. */
export function badgeForResult(result) {
  const badge = result && typeof result.badge === "object" && result.badge ? result.badge : {};
  const level = LEVELS.has(badge.level) ? badge.level : "none";
  const text = typeof badge.text === "string" ? [...badge.text].slice(0, 4).join("") : "";
  const color = typeof badge.color === "string" && HEX.test(badge.color) ? badge.color : GREY;
  const title = typeof badge.title === "string" && badge.title ? badge.title : "Checked.";
  return { level, text, color, title: PREFIX + title };
}

/** The grey badge for a check that could not be made (`kind` from api.js's CheckError). */
export function badgeForFailure(kind, serverUrl, detail = "") {
  const where = serverUrl ? ` at ${serverUrl}` : "";
  switch (kind) {
    case "timeout":
      return { level: "offline", text: "?", color: GREY, title: `${PREFIX}the check server${where} did not answer in time.` };
    case "offline":
      return { level: "offline", text: "off", color: GREY, title: `${PREFIX}the check server${where} is not reachable.` };
    case "unauthorized":
      return { level: "offline", text: "key", color: GREY, title: `${PREFIX}the server refused the API key (see Options).` };
    case "rate-limited":
      return { level: "offline", text: "…", color: GREY, title: `${PREFIX}too many checks; try again shortly.` };
    default:
      return { level: "offline", text: "err", color: GREY, title: `${PREFIX}the check failed${detail ? `: ${detail}` : "."}` };
  }
}

/** Why an article got no verdict, as the reader reads it (tooltip and popup). */
export const NOT_JUDGED_TEXT = Object.freeze({
  "no-headline": "Headline Check could not tell which text is this page's headline",
  "not-english": "Headline Check only judges English pages, and this page is not in English",
});

/** Grey, never a warning: the page was not judged. */
export function badgeForNotJudged(reason) {
  const text = NOT_JUDGED_TEXT[reason] || NOT_JUDGED_TEXT["no-headline"];
  return { level: "none", text: "–", color: GREY, title: `${text}.` };
}

/** True when the page should carry the in-page banner. */
export function isWarning(result) {
  const level = result && result.badge && result.badge.level;
  return level === "warning" || level === "danger";
}

/** The badge to show for a stored tab state (see state.js), or EMPTY_BADGE. */
export function badgeForState(state) {
  if (!state) return EMPTY_BADGE;
  if (state.status === "done") return badgeForResult(state.result);
  if (state.status === "failed") return badgeForFailure(state.error && state.error.kind, state.serverUrl, state.error && state.error.detail);
  if (state.status === "checking") return { level: "none", text: "…", color: GREY, title: `${PREFIX}checking this page…` };
  if (state.status === "not-judged") return badgeForNotJudged(state.reason);
  return EMPTY_BADGE;
}

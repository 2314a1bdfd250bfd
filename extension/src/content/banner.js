/**
 * The in-page warning: a small banner next to the headline, in a shadow root so the site's CSS
 * cannot break it and it cannot break the site. Everything shown is set with textContent.
 * Classic script: globalThis.HeadlineCheck.banner.
 */
(function (root) {
  "use strict";

  const ns = (root.HeadlineCheck = root.HeadlineCheck || {});
  if (ns.banner) return;

  const HOST_ATTR = "data-headline-check";

  const HEADLINES = {
    mismatch: "This article does not appear to be about its headline.",
    contradicted: "This article appears to dispute its own headline.",
    // Same topic, another event: "not about its headline" would sound wrong to a reader who
    // sees the headline's names in the article.
    different_story: "This article appears to be about a different story than its headline.",
  };

  const CSS = `
:host { all: initial; }
.hc { box-sizing: border-box; display: flex; flex-wrap: wrap; align-items: flex-start; gap: 4px 12px;
  margin: 8px 0 16px; padding: 10px 12px; max-width: 100%;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #202124;
  background: #fff8e1; border: 1px solid #f2c94c; border-left: 4px solid var(--accent); border-radius: 6px; }
.hc[data-level="danger"] { background: #fdecea; border-color: #f5b7b1; }
.msg { flex: 1 1 16em; margin: 0; }
.msg strong { font-weight: 600; }
.conf { color: #5f6368; white-space: nowrap; }
.actions { display: flex; gap: 6px; }
button { font: inherit; font-size: 13px; color: #202124; background: #fff; border: 1px solid #9aa0a6;
  border-radius: 4px; padding: 2px 10px; cursor: pointer; }
button:hover { background: #f1f3f4; }
button:focus-visible { outline: 2px solid #1a73e8; outline-offset: 2px; }
.why { flex-basis: 100%; margin: 6px 0 0; }
.why p { margin: 0 0 4px; }
.why ol { margin: 4px 0 0; padding-left: 1.4em; }
.why li { margin: 2px 0; }
.score { color: #5f6368; font-size: 12px; }
.brand { color: #5f6368; font-size: 11px; font-weight: 600; letter-spacing: 0.04em; text-transform: uppercase; }
`;

  /** A model's probability is never certainty: 0.9995 reads ">99%", not "100%". */
  function percent(confidence) {
    if (confidence >= 0.995) return ">99%";
    return `${Math.round(confidence * 100)}%`;
  }

  function removeBanner(doc) {
    for (const el of doc.querySelectorAll(`[${HOST_ATTR}]`)) el.remove();
  }

  function el(doc, tag, props = {}, text = null) {
    const node = doc.createElement(tag);
    for (const [key, value] of Object.entries(props)) node.setAttribute(key, value);
    if (text !== null) node.textContent = text;
    return node;
  }

  /**
   * Draw the banner for `view` (router.js bannerView) right after `anchor` (the headline
   * element), or at the top of the body when there is none. Returns the host element.
   */
  function renderBanner(doc, anchor, view, { onDismiss = null } = {}) {
    removeBanner(doc);
    const host = doc.createElement("div");
    host.setAttribute(HOST_ATTR, "");
    // Inline !important beats any page rule that would hide or restyle a plain div.
    host.style.setProperty("display", "block", "important");
    host.style.setProperty("position", "static", "important");
    host.style.setProperty("float", "none", "important");
    host.style.setProperty("width", "auto", "important");
    const shadow = host.attachShadow({ mode: "open" });

    const style = doc.createElement("style");
    style.textContent = CSS;
    shadow.append(style);

    const level = view.badge && view.badge.level === "danger" ? "danger" : "warning";
    const accent = (view.badge && view.badge.color) || "#b06000";
    const box = el(doc, "section", { class: "hc", role: "status", "aria-label": "Headline Check warning", "data-level": level });
    box.style.setProperty("--accent", accent);

    const differentStory = view.warning === "mismatch" && view.mismatchKind === "different_story";
    const headline = differentStory ? HEADLINES.different_story : HEADLINES[view.warning] || HEADLINES.mismatch;
    const msg = el(doc, "p", { class: "msg" });
    msg.append(el(doc, "span", { class: "brand" }, "Headline Check"), el(doc, "br"));
    msg.append(el(doc, "strong", {}, headline));
    if (typeof view.confidence === "number") msg.append(" ", el(doc, "span", { class: "conf" }, `Confidence ${percent(view.confidence)}.`));

    const actions = el(doc, "div", { class: "actions" });
    const whyId = "hc-why";
    const whyButton = el(doc, "button", { type: "button", "aria-expanded": "false", "aria-controls": whyId }, "Why?");
    const dismiss = el(doc, "button", { type: "button", "aria-label": "Dismiss the Headline Check warning" }, "Dismiss");
    actions.append(whyButton, dismiss);

    const why = el(doc, "div", { class: "why", id: whyId, role: "region", "aria-label": "Why Headline Check warns" });
    why.hidden = true;
    if (view.explanation && view.explanation.trim() !== headline) why.append(el(doc, "p", {}, view.explanation));
    if (view.evidence && view.evidence.length) {
      const byMeaning = view.evidence.every((item) => item.measure === "meaning");
      why.append(el(doc, "p", {}, `The article's sentences closest ${byMeaning ? "in meaning " : ""}to the headline:`));
      const list = el(doc, "ol");
      for (const item of view.evidence) {
        const li = el(doc, "li", {}, item.sentence);
        if (typeof item.score === "number") li.append(" ", el(doc, "span", { class: "score" }, `(similarity ${item.score.toFixed(2)})`));
        list.append(li);
      }
      why.append(list);
    } else {
      why.append(el(doc, "p", {}, "No sentence in the article is close to the headline."));
    }

    whyButton.addEventListener("click", () => {
      const open = why.hidden;
      why.hidden = !open;
      whyButton.setAttribute("aria-expanded", String(open));
    });
    dismiss.addEventListener("click", () => {
      host.remove();
      if (onDismiss) onDismiss();
    });
    box.addEventListener("keydown", (event) => {
      if (event.key === "Escape") dismiss.click();
    });

    box.append(msg, actions, why);
    shadow.append(box);

    if (anchor && anchor.isConnected && anchor.parentNode) anchor.insertAdjacentElement("afterend", host);
    else doc.body.prepend(host);
    return host;
  }

  ns.banner = { renderBanner, removeBanner, percent, HOST_ATTR, HEADLINES };
})(globalThis);

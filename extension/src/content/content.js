/**
 * Content script (document_idle, top frame): decide whether this page is an article, extract
 * its headline and text, hand them to the background (which alone talks to the service), and
 * draw the banner on a warning. Re-checks after History API navigations. Classic script.
 */
(function (root) {
  "use strict";

  const ns = (root.HeadlineCheck = root.HeadlineCheck || {});
  if (ns.contentLoaded) return; // injected twice (extension reload, programmatic injection)
  ns.contentLoaded = true;

  const ext = root.browser ?? root.chrome;
  const lib = { Readability: root.Readability, isProbablyReaderable: root.isProbablyReaderable };
  /** Single-page sites render the new article after the URL changes: give them a moment. */
  const SPA_SETTLE_MS = 800;

  const pageUrl = () => root.location.href.split("#")[0];
  let lastUrl = pageUrl();
  let dismissedUrl = null;
  let queue = Promise.resolve();
  let settleTimer = null;
  // The title metadata first seen at `url`, and which of it was left over from an earlier URL.
  let seen = { url: null, titles: [], stale: [] };

  async function send(message) {
    try {
      return await ext.runtime.sendMessage(message);
    } catch {
      return null; // extension reloaded or background unavailable: leave the page alone
    }
  }

  async function check({ force = false } = {}) {
    const url = pageUrl();
    const gate = await send({ type: "should-check", url, force });
    if (!gate || !gate.check) return { ok: false, skipped: gate ? gate.reason : "no-background" };

    // After a History API navigation, metadata the site left unchanged describes the old story.
    if (seen.url !== url) {
      const titles = ns.extract.pageTitles(root.document);
      const stale = seen.url ? titles.filter((t) => seen.titles.includes(t) || seen.stale.includes(t)) : [];
      seen = { url, titles, stale };
    }
    const page = ns.extract.extractPage(root.document, lib, { staleTitles: seen.stale });
    if (!page.isArticle) {
      ns.banner.removeBanner(root.document);
      await send({ type: "not-article", url, reason: page.reason });
      return { ok: true, article: false, reason: page.reason };
    }
    if (!page.judged) {
      // An article, but no text is confidently its headline, or not English: no verdict.
      ns.banner.removeBanner(root.document);
      await send({ type: "not-judged", url, reason: page.reason });
      return { ok: true, article: true, judged: false, reason: page.reason };
    }

    const reply = await send({ type: "check-page", url, title: page.headline, headlineSource: page.source, body: page.body, force });
    if (pageUrl() !== url) return { ok: false, error: { kind: "stale" } };
    ns.banner.removeBanner(root.document);
    if (reply && reply.ok && reply.warn && dismissedUrl !== url) {
      ns.banner.renderBanner(root.document, page.headlineElement, reply.result, {
        onDismiss: () => {
          dismissedUrl = url;
        },
      });
    }
    return reply || { ok: false, error: { kind: "no-background" } };
  }

  // One check at a time, in order.
  function run(options) {
    const next = queue.then(() => check(options));
    queue = next.catch(() => undefined);
    return next;
  }

  function onUrlMaybeChanged() {
    const url = pageUrl();
    if (url === lastUrl) return;
    lastUrl = url;
    ns.banner.removeBanner(root.document);
    clearTimeout(settleTimer);
    settleTimer = setTimeout(() => run(), SPA_SETTLE_MS);
  }

  ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (!message || message.type !== "run-check" || sender.id !== ext.runtime.id) return false;
    run({ force: Boolean(message.force) }).then(sendResponse, () => sendResponse({ ok: false, error: { kind: "error" } }));
    return true;
  });

  // History API navigation: the Navigation API where the browser has it, else a cheap poll.
  if (root.navigation && typeof root.navigation.addEventListener === "function") {
    root.navigation.addEventListener("navigatesuccess", onUrlMaybeChanged);
  } else {
    root.setInterval(onUrlMaybeChanged, 1000);
  }
  root.addEventListener("popstate", onUrlMaybeChanged);
  root.addEventListener("pageshow", (event) => {
    if (event.persisted) run(); // back/forward cache: the tab's state was reset
  });

  // document_idle can come before the load event: wait for it and for an idle moment, so the
  // extraction never competes with the page's own loading.
  function afterLoadAndIdle() {
    return new Promise((resolve) => {
      const idle = () => (root.requestIdleCallback ? root.requestIdleCallback(() => resolve(), { timeout: 2000 }) : root.setTimeout(resolve, 0));
      if (root.document.readyState === "complete") idle();
      else root.addEventListener("load", idle, { once: true });
    });
  }

  afterLoadAndIdle().then(() => run());
})(globalThis);

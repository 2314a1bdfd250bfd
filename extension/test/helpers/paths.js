// Where the tests find the pages they use, and how they treat ../shared being absent.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const EXTENSION_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const REPO_DIR = resolve(EXTENSION_DIR, "..");
export const PAGES_DIR = join(REPO_DIR, "seeds", "pages");
// The seed page (seed-page.html + .json) is the project's own, in seeds/ (copied from the
// team's ../shared/seeds): the tests that use it run on any checkout. Names kept for the callers.
export const SHARED_SEEDS_DIR = join(REPO_DIR, "seeds");
export const SHARED_SEED_PAGE = join(SHARED_SEEDS_DIR, "seed-page.html");
export const SHARED_SEED_JSON = join(SHARED_SEEDS_DIR, "seed-page.json");
export const IN_CI = process.env.CI === "true";

export function readPage(name) {
  return readFileSync(join(PAGES_DIR, name), "utf8");
}

/**
 * The shared seed page's HTML, or null after marking the test skipped. ../shared is beside
 * every developer's checkout and CI's, so in CI (CI=true) its absence is a failure.
 */
export function sharedSeedPage(t) {
  if (existsSync(SHARED_SEED_PAGE)) return readFileSync(SHARED_SEED_PAGE, "utf8");
  const reason = `${SHARED_SEED_PAGE} is absent (../shared is not beside this checkout)`;
  if (IN_CI) throw new Error(`${reason}; CI must have it`);
  t.skip(reason);
  return null;
}

export const REAL_PAGES_DIR = resolve(REPO_DIR, "..", "shared", "data", "real-pages");

/**
 * True when ../shared/data/real-pages is here; otherwise marks the test skipped with the
 * reason (a failure under CI=true, like the seed page).
 */
export function realPagesAvailable(t) {
  if (existsSync(join(REAL_PAGES_DIR, "SOURCE.md"))) return true;
  const reason = `${REAL_PAGES_DIR} is absent (../shared is not beside this checkout)`;
  if (IN_CI) throw new Error(`${reason}; CI must have it`);
  t.skip(reason);
  return false;
}

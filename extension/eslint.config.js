import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/", "build/", "dist/"] },
  js.configs.recommended,
  {
    files: ["src/**/*.js"],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { ...globals.browser, ...globals.webextensions },
    },
    rules: {
      "no-restricted-properties": [
        "error",
        { property: "innerHTML", message: "Insert page text with textContent." },
        { property: "outerHTML", message: "Insert page text with textContent." },
        { property: "insertAdjacentHTML", message: "Insert page text with textContent." },
      ],
      "no-restricted-globals": ["error", { name: "eval", message: "No eval in the extension." }],
      "no-implied-eval": "error",
      "no-new-func": "error",
    },
  },
  {
    // Content scripts are classic scripts sharing the isolated world with Readability.
    files: ["src/content/**/*.js"],
    languageOptions: {
      sourceType: "script",
      globals: { Readability: "readonly", isProbablyReaderable: "readonly" },
    },
  },
  {
    files: ["scripts/**/*.mjs", "test/**/*.js", "test/**/*.mjs", "eslint.config.js"],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { ...globals.node },
    },
  },
  {
    // The sample single-page site's own script.
    files: ["test/fixtures/**/*.js"],
    languageOptions: { sourceType: "script", globals: { ...globals.browser } },
  },
  {
    // Functions evaluated inside the browser by Playwright.
    files: ["test/e2e/**/*.js", "test/helpers/browser.js", "scripts/bench-realpages.mjs"],
    languageOptions: { globals: { ...globals.browser, ...globals.webextensions } },
  },
];

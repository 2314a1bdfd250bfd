// Local servers for the browser tests: the real check service, a counting proxy in front of
// it, and a static server for the sample pages. Loopback only; everything stops in after().
import { spawn } from "node:child_process";
import { createServer, request as httpRequest } from "node:http";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, normalize } from "node:path";
import { createServer as createNetServer } from "node:net";
import { EXTENSION_DIR, PAGES_DIR, REPO_DIR, SHARED_SEEDS_DIR } from "./paths.js";

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function listen(server, port = 0) {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server.address().port));
  });
}

/** True when nothing listens on 127.0.0.1:`port`. */
export function portIsFree(port) {
  return new Promise((resolve) => {
    const server = createNetServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

export const SERVICE_BIN = process.env.HEADLINE_CHECK_BIN || join(REPO_DIR, ".venv", "bin", "headline-check");

/**
 * Start `headline-check serve` on a free loopback port; resolves once /healthz answers 200.
 * Its log is kept so tests can count the requests the service itself saw. With `freshDatabase`
 * it stores feedback in a SQLite file of its own, in a temporary folder that stop() removes.
 */
export async function startService({ bin = SERVICE_BIN, env = {}, timeoutMs = 90_000, freshDatabase = false } = {}) {
  const dbDir = freshDatabase ? mkdtempSync(join(tmpdir(), "headline-check-db-")) : null;
  if (dbDir) env = { ...env, HEADLINE_CHECK_DATABASE: join(dbDir, "feedback.sqlite3") };
  const removeDb = () => dbDir && rmSync(dbDir, { recursive: true, force: true });
  const port = await freePort();
  const child = spawn(bin, ["serve", "--host", "127.0.0.1", "--port", String(port)], {
    cwd: REPO_DIR,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  let exited = null;
  child.on("exit", (code, signal) => (exited = { code, signal }));
  child.on("error", (error) => (exited = { error: error.message })); // e.g. no such file
  const url = `http://127.0.0.1:${port}`;
  const start = Date.now();
  for (;;) {
    if (exited) {
      removeDb();
      throw new Error(`the service exited (${JSON.stringify(exited)}) before it was ready:\n${log.slice(-3000)}`);
    }
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 200) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() - start > timeoutMs) {
      child.kill("SIGTERM");
      removeDb();
      throw new Error(`the service did not answer /healthz within ${timeoutMs} ms:\n${log.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    /** Requests the service logged for `path` (its access log: one line per request). */
    count: (path) => log.split("\n").filter((line) => line.includes(`path=${path} `)).length,
    log: () => log,
    async stop() {
      if (!exited) {
        const done = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await done;
        clearTimeout(timer);
      }
      removeDb();
    },
  };
}

/**
 * A proxy in front of the service that counts requests by path and can be told to hang
 * (for the timeout test). When the service is gone it drops the connection, as a dead
 * server would.
 */
export async function startCountingProxy(targetUrl, { port: wanted = 0 } = {}) {
  const target = new URL(targetUrl);
  const requests = [];
  const hanging = new Set();
  let mode = "pass";
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      let json;
      try {
        json = JSON.parse(body.toString("utf8"));
      } catch {
        json = null;
      }
      requests.push({ method: req.method, path: req.url, json, headers: req.headers });
      if (mode === "hang") {
        hanging.add(res);
        res.on("close", () => hanging.delete(res));
        return;
      }
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
        (up) => {
          res.writeHead(up.statusCode, up.headers);
          up.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      upstream.end(body);
    });
  });
  const port = await listen(server, wanted);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count: (path) => requests.filter((r) => r.path === path).length,
    setMode(next) {
      mode = next;
      if (next !== "hang") for (const res of hanging) res.destroy();
    },
    close: () =>
      new Promise((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections?.();
        server.close(resolve);
      }),
  };
}

const TYPES = { ".html": "text/html; charset=utf-8", ".json": "application/json", ".js": "text/javascript" };

/**
 * Static pages: /pages/* from seeds/pages, /shared/* from seeds (the seed page), /fixtures/* from
 * test/fixtures, and /spa/* (the single-page-site fixture, whatever the path).
 */
export async function startPageServer() {
  const roots = { pages: PAGES_DIR, shared: SHARED_SEEDS_DIR, fixtures: join(EXTENSION_DIR, "test", "fixtures") };
  const server = createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    let file = null;
    if (path.startsWith("/spa/")) file = join(roots.fixtures, "spa.html");
    else {
      const [, rootName, ...rest] = path.split("/");
      const base = roots[rootName];
      const rel = normalize(rest.join("/"));
      if (base && rel && !rel.startsWith("..")) file = join(base, rel);
    }
    if (!file || !existsSync(file)) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("not found");
      return;
    }
    const ext = file.slice(file.lastIndexOf("."));
    res.writeHead(200, { "Content-Type": TYPES[ext] || "application/octet-stream", "Cache-Control": "no-store" });
    res.end(readFileSync(file));
  });
  const port = await listen(server);
  return {
    port,
    url: (path, host = "127.0.0.1") => `http://${host}:${port}${path}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(resolve);
      }),
  };
}

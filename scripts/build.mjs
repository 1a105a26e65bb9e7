// @ts-check
/**
 * The build step: bundles the server and the CLI into JavaScript so they start without
 * compiling TypeScript at run time (tsx took ~1 s of a 1.8 s cold start), and builds the
 * console. Workspace packages (@appstudio/*) are bundled in; everything from node_modules
 * stays external (native addons, pino's transports, packages that read their own files).
 *
 *   node scripts/build.mjs              build everything
 *   node scripts/build.mjs --if-stale   only what is older than its sources (`npm start`)
 *
 * Outputs: apps/server/dist/main.js, apps/cli/dist/main.js (+ lazily loaded chunks), each
 * with the files the server starts at run time beside it (document-splitting worker thread,
 * QuickJS sandbox runner), and apps/console/dist.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, renameSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { bundleSources, isFresh } from "./bundle-freshness.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ifStale = process.argv.includes("--if-stale");

/**
 * Bare imports stay imports, except our own workspace packages, which are bundled from source.
 * Our modules are declared free of side effects on import (none relies on one), so a module
 * whose exports go unused is dropped with its imports: the package indexes re-export
 * everything, and without this the server would load the document parsers, BullMQ and the
 * rest at start whether it uses them or not.
 */
const externalNodeModules = {
  name: "external-node-modules",
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === "resolving" || args.kind === "entry-point") return undefined;
      const bare = /^[^./]/.test(args.path);
      if (bare && !args.path.startsWith("@appstudio/")) return { path: args.path, external: true };
      const resolved = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: "resolving" });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { ...resolved, sideEffects: !resolved.path.includes("/src/") };
    });
  },
};

/** Files loaded by path at run time (`new URL("./x", import.meta.url)`), copied next to the bundle. */
const runtimeFiles = ["packages/adapters/src/knowledge/worker-bootstrap.mjs", "packages/adapters/src/sandbox/quickjs-runner.mjs"];

const common = {
  absWorkingDir: root,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: "linked",
  plugins: [externalNodeModules],
  logLevel: "warning",
};

async function bundle(app) {
  // Built beside and swapped in at the end: a failed build leaves the previous bundle whole.
  const target = join(root, `apps/${app}/dist`);
  const outdir = `${target}.building`;
  rmSync(outdir, { recursive: true, force: true });
  try {
    await buildInto(app, outdir);
  } catch (e) {
    rmSync(outdir, { recursive: true, force: true });
    throw e;
  }
  rmSync(target, { recursive: true, force: true });
  renameSync(outdir, target);
}

async function buildInto(app, outdir) {
  await build({
    ...common,
    entryPoints: { main: `apps/${app}/src/main.ts` },
    outdir,
    // Code splitting keeps `await import()` lazy: `appstudio --help` never loads the server.
    // Chunks stay beside main.js: code in them resolves the runtime files below by import.meta.url.
    splitting: true,
  });
  // The worker thread of the threaded splitter, built on its own so the document parsers it
  // needs (pdf, docx, html, csv) are not in a chunk the server loads at start.
  await build({ ...common, entryPoints: { "split-worker": "packages/adapters/src/knowledge/split-worker.ts" }, outdir });
  for (const file of runtimeFiles) copyFileSync(join(root, file), join(outdir, file.split("/").at(-1) ?? file));
}

const consoleSources = ["apps/console/src", "apps/console/index.html", "apps/console/vite.config.ts", "apps/console/package.json", "packages/contracts/src"];
if (!ifStale || !isFresh(root, "apps/console/dist/index.html", consoleSources)) {
  const result = spawnSync("npm", ["run", "build", "--silent", "-w", "@appstudio/console"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
for (const app of ["server", "cli"]) {
  if (ifStale && isFresh(root, `apps/${app}/dist/main.js`, bundleSources)) continue;
  const started = performance.now();
  await bundle(app);
  process.stdout.write(`built apps/${app}/dist in ${Math.round(performance.now() - started)} ms\n`);
}

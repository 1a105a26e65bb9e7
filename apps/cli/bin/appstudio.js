#!/usr/bin/env node
// Runs the bundle built by scripts/build.mjs (`npm run build`, or any `npm start`) when it is
// at least as new as the sources: no TypeScript compiled at run time, so `--help` answers in
// ~100 ms. Otherwise (a fresh checkout, sources edited since the build, or
// APPSTUDIO_FROM_SOURCE=1 as the CLI tests set) the TypeScript sources run through tsx's loader.
// tsconfig: false keeps a tsconfig.json in the user's working directory from changing how the
// CLI itself is compiled.
import { fileURLToPath } from "node:url";
import { bundleSources, isFresh } from "../../../scripts/bundle-freshness.mjs";

const root = fileURLToPath(new URL("../../../", import.meta.url));
if (process.env.APPSTUDIO_FROM_SOURCE !== "1" && isFresh(root, "apps/cli/dist/main.js", bundleSources)) {
  await import("../dist/main.js");
} else {
  const { register } = await import("tsx/esm/api");
  register({ tsconfig: false });
  await import("../src/main.ts");
}

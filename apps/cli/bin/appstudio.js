#!/usr/bin/env node
// The CLI ships as TypeScript; tsx's loader compiles it on import, so no build step or
// `npx tsx` shebang (which breaks when installed globally) is needed. tsconfig: false keeps a
// tsconfig.json in the user's working directory from changing how the CLI itself is compiled.
import { register } from "tsx/esm/api";

register({ tsconfig: false });
await import("../src/main.ts");

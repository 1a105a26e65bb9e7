import { newQuickJSWASMModuleFromVariant, newVariant, shouldInterruptAfterDeadline } from "quickjs-emscripten-core";
import base from "@jitl/quickjs-wasmfile-release-sync";
const pages = (mb) => mb * 16;
const variant = newVariant(base, { wasmMemory: new WebAssembly.Memory({ initial: pages(16), maximum: pages(96) }) });
const mod = await newQuickJSWASMModuleFromVariant(variant);
const stack = Number(process.argv[2]);
for (const code of [
  "function f(){f()} f()",
  "function g(n){ return n==0?0:1+g(n-1)} g(1000)",
  "let a=[]; for(let i=0;i<1e6;i++) a.push('x'.repeat(1e5)+i); a.length",
  "let a=[]; while(true) a.push({a:1,b:[1,2,3]})",
  "let a=[]; while(true) a.push(new ArrayBuffer(1e6))",
  "'x'.repeat(1e7).length",
  "function f(){f()} f()",
  "let o={}; let c=o; for(let i=0;i<1e5;i++){c.a={}; c=c.a}; JSON.stringify(o).length",
  "[1,2,3].map(x=>x*2)",
]) {
  const rt = mod.newRuntime();
  rt.setMemoryLimit(32 * 1024 * 1024);
  rt.setMaxStackSize(stack);
  rt.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + 1000));
  const ctx = rt.newContext();
  const t = performance.now();
  let r;
  try { r = ctx.evalCode(code); } catch (e) { console.log("HOSTERR", e.message); break; }
  if (r.error) { const e = ctx.dump(r.error); r.error.dispose(); console.log("ERR", JSON.stringify(e).slice(0,80), Math.round(performance.now()-t)); }
  else { console.log("OK", ctx.dump(r.value), Math.round(performance.now()-t)); r.value.dispose(); }
  ctx.dispose(); rt.dispose();
  console.log("  rss", Math.round(process.memoryUsage().rss/1e6));
}

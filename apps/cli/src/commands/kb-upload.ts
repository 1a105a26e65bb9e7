import { openAsBlob, statSync } from "node:fs";
import { basename } from "node:path";
import { ApiError, type ManageClient, type UploadResult } from "@appstudio/sdk";
import { InvalidArgumentError } from "@commander-js/extra-typings";
import type { CliContext } from "../cli-context.js";
import { ExitCode, type ExitCodeValue } from "../exit-codes.js";
import { exitCodeOf } from "../handle-error.js";

/** `--metadata k=v`: `true`/`false` become booleans and plain numbers numbers; anything else stays text ("01234" too). */
export function metadataEntry(value: string, previous: Record<string, string | number | boolean> = {}) {
  const at = value.indexOf("=");
  if (at <= 0) throw new InvalidArgumentError("use key=value");
  const key = value.slice(0, at);
  const raw = value.slice(at + 1);
  const typed = raw === "true" ? true : raw === "false" ? false : raw.trim() !== "" && String(Number(raw)) === raw ? Number(raw) : raw;
  return { ...previous, [key]: typed };
}

const size = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${bytes} B`;

/**
 * One request per file, so each file gets its own progress line and its own answer; a refused
 * file does not stop the others. Files are streamed from disk, never read whole into memory.
 */
export async function uploadEach(
  ctx: CliContext,
  client: ManageClient,
  kbId: string,
  paths: string[],
  options: { tags: string[]; metadata: Record<string, string | number | boolean>; json: boolean },
): Promise<{ combined: UploadResult; exitCode: ExitCodeValue }> {
  const combined: UploadResult = { items: [], errors: [] };
  let exitCode: ExitCodeValue = ExitCode.Ok;
  const fail = (fileName: string, code: string, message: string, exit: ExitCodeValue) => {
    combined.errors.push({ fileName, code, message });
    if (exitCode === ExitCode.Ok) exitCode = exit;
    if (!options.json) ctx.output.info(`${ctx.output.err.red("✗")} ${fileName}: ${message}`);
  };
  const live = process.stderr.isTTY === true && !options.json;
  for (const [i, path] of paths.entries()) {
    const name = basename(path);
    let bytes: number;
    try {
      bytes = statSync(path).size;
    } catch (e) {
      fail(name, "FileNotFound", `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, ExitCode.Usage);
      continue;
    }
    if (live) process.stderr.write(`${ctx.output.err.dim(`[${i + 1}/${paths.length}]`)} ${name} (${size(bytes)}) uploading…`);
    const clearLine = () => live && process.stderr.write("\r\x1b[K");
    try {
      const result = await client.uploadDocuments(kbId, [{ name, data: await openAsBlob(path) }], { tags: options.tags, metadata: options.metadata });
      clearLine();
      for (const document of result.items) {
        combined.items.push(document);
        if (!options.json) ctx.output.success(`${name} → ${document.id} (${document.status})`);
      }
      for (const error of result.errors) fail(error.fileName ?? name, error.code, error.message, ExitCode.Usage);
    } catch (e) {
      clearLine();
      // A refused file: report it and go on. Anything else (no access, no server) stops the upload.
      if (!(e instanceof ApiError) || ![400, 409].includes(e.status)) throw e;
      fail(name, e.code, e.message, exitCodeOf(e.status));
    }
  }
  return { combined, exitCode };
}

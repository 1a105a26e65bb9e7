// Arguments, options and help texts shared by the `appstudio kb` command files.
import { Option } from "@commander-js/extra-typings";

export const KB_ARG = "knowledge base ID, or its unique name in the workspace";
export const DOC_JSON =
  "{id, knowledgeBaseId, workspaceId, name, format, sizeBytes, sha256, tags, metadata, status, error, pageCount, chunkCount, createdBy, createdAt, updatedAt}";
export const workspaceOption = () => new Option("-w, --workspace <workspace>", "workspace (ID or name) to look a name up in (default: the current workspace)");

import { createChunker, createDocumentParser } from "../documents/index.js";
import { serveSplitRequests } from "./serve-split-requests.js";

/** The worker thread of the threaded splitter in the server: the real parsers and chunker. */
serveSplitRequests(createDocumentParser(), createChunker());

export { createChunker } from "./chunker.js";
export { createDocumentParser, type DocumentParserLimits, defaultDocumentParserLimits } from "./document-parser.js";

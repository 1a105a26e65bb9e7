import cl100kBase from "js-tiktoken/ranks/cl100k_base";
import { BpeEncoder } from "./bpe-encoder.js";

/** Token counting with cl100k_base, whose table ships inside js-tiktoken (nothing is downloaded). */
export interface Tokenizer {
  count(text: string): number;
}

let shared: Tokenizer | undefined;

/** One tokenizer per process: building the rank table takes a noticeable fraction of a second. */
export function sharedTokenizer(): Tokenizer {
  if (!shared) {
    const encoder = new BpeEncoder(cl100kBase);
    shared = { count: (text) => encoder.encode(text).length };
  }
  return shared;
}

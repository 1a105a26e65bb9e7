export * from "./fast-hasher.js";

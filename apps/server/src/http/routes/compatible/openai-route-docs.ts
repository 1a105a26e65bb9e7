import { OpenAiCompatible } from "@appstudio/contracts";

export const openAiTags = ["App API (OpenAI-compatible)"];

/** Every error of the OpenAI-compatible routes has OpenAI's body. */
export const openAiErrorResponses = {
  400: OpenAiCompatible.ErrorBody,
  401: OpenAiCompatible.ErrorBody,
  403: OpenAiCompatible.ErrorBody,
  404: OpenAiCompatible.ErrorBody,
  429: OpenAiCompatible.ErrorBody,
  500: OpenAiCompatible.ErrorBody,
  503: OpenAiCompatible.ErrorBody,
};

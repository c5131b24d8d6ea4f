import type { ChatMessage } from '../../shared/language-model.js';
import { fitContext, type FitRequest, type FitResult } from './context-fitting.js';

/** What a model reads of these messages, in its own tokens (see LanguageModel.countPromptTokens). */
export type PromptTokenCounter = (messages: ChatMessage[]) => Promise<number>;

/** Fitting again at most this often; after that the call itself reports an overflow. */
const maxRefits = 3;

/**
 * fitContext, checked against the model's own count where it has one (on-device models): fitting
 * estimates three characters a token, which code, numbers and most non-Latin scripts overrun. A
 * prompt that the tokenizer finds longer than the window allows is fitted again into a window
 * whose input part shrinks by the ratio found, before any call, so the model is not sent a prompt
 * that does not fit, and the notes tell what the fit that was made really left out.
 */
export async function fitCounted(request: FitRequest, count: PromptTokenCounter | undefined): Promise<FitResult> {
  let fitted = await fitContext(request);
  if (!count) return fitted;
  let inputWindow = request.contextWindow - fitted.answerTokens;
  for (let refit = 0; refit < maxRefits; refit += 1) {
    const tokens = await count(fitted.messages);
    if (tokens + fitted.answerTokens <= request.contextWindow) return fitted;
    // A tenth more than the ratio: the estimate's error is not the same in every part of the prompt.
    inputWindow = Math.max(1, Math.floor((inputWindow * fitted.estimatedInputTokens) / tokens / 1.1));
    fitted = await fitContext({ ...request, contextWindow: inputWindow + fitted.answerTokens, answerTokens: fitted.answerTokens });
  }
  return fitted;
}

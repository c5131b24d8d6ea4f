import type { RunEventListener } from '../../../shared/events.js';
import type { LanguageModel } from '../../../shared/language-model.js';

/** What every document analysis passes on to the conductor's run: the person's model, limits, cancel and events. */
export interface AnalysisRunOptions {
  modelOverride?: LanguageModel;
  modelOverrideReason?: string;
  maxTokens?: number;
  signal?: AbortSignal;
  onEvent?: RunEventListener;
}

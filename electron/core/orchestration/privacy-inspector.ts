import type { AnalysisResult } from '../../shared/privacy.js';

/** What the local shield found in a text the router is about to place. */
export interface PrivacyFindings {
  /** A detected value (name, e-mail, card number, key, ...) is in the text, unredacted. */
  hasSensitiveValues: boolean;
  /** Sensitive topics (health, finance, ...): such a text stays on-device unless the person allows it. */
  sensitiveTopics: string[];
}

/** The router's view of the privacy shield: it only needs to know whether a text may leave. */
export interface PrivacyInspector {
  inspect(text: string): Promise<PrivacyFindings>;
}

/** Adapts the shield's analyzer (`analyze(text) → AnalysisResult`) to the router's inspector. */
export function inspectorFromAnalyzer(analyzer: { analyze(text: string): Promise<AnalysisResult> }): PrivacyInspector {
  return {
    async inspect(text) {
      const result = await analyzer.analyze(text);
      return {
        hasSensitiveValues: result.spans.length > 0,
        sensitiveTopics: result.sensitivity.level === 'sensitive' ? [...result.sensitivity.topics] : [],
      };
    },
  };
}

/**
 * Used when no shield is wired: every text counts as sensitive, so nothing is routed to the cloud
 * on the router's account. Privacy-first: a missing shield must not open the door.
 */
export const failClosedInspector: PrivacyInspector = {
  async inspect() {
    return { hasSensitiveValues: true, sensitiveTopics: ['unchecked (no privacy shield is configured)'] };
  },
};

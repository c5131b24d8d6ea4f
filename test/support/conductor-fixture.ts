import type { RunEvent } from '../../electron/shared/events.js';
import type { LanguageModel } from '../../electron/shared/language-model.js';
import type { CloudBoundary, CloudCallContext } from '../../electron/core/privacy/cloud-boundary-contract.js';
import type { PrivacyFindings, PrivacyInspector } from '../../electron/core/orchestration/privacy-inspector.js';

/**
 * A cloud boundary for tests that lets everything through unchanged and records every call it
 * wrapped. Tests only: the real boundary redacts and asks for consent.
 */
export class PassThroughBoundary implements CloudBoundary {
  readonly contexts: CloudCallContext[] = [];

  wrap(model: LanguageModel, context: CloudCallContext): LanguageModel {
    this.contexts.push(context);
    return model;
  }
}

/** An inspector that finds nothing, except in texts that contain one of `sensitiveWords`. */
export function wordInspector(sensitiveWords: string[] = [], topics: Record<string, string> = {}): PrivacyInspector {
  return {
    async inspect(text: string): Promise<PrivacyFindings> {
      const lower = text.toLowerCase();
      return {
        hasSensitiveValues: sensitiveWords.some((word) => lower.includes(word.toLowerCase())),
        sensitiveTopics: Object.entries(topics)
          .filter(([word]) => lower.includes(word.toLowerCase()))
          .map(([, topic]) => topic),
      };
    },
  };
}

/** Collects a run's events, with helpers to pick them by type. */
export class EventLog {
  readonly events: RunEvent[] = [];
  readonly listener = (event: RunEvent): void => {
    this.events.push(event);
  };

  of<Type extends RunEvent['type']>(type: Type): Extract<RunEvent, { type: Type }>[] {
    return this.events.filter((event): event is Extract<RunEvent, { type: Type }> => event.type === type);
  }

  get types(): string[] {
    return this.events.map((event) => event.type);
  }
}

/** A JSON plan as a planner would return it. */
export function planJson(subtasks: Array<{ id: string; instruction: string; kind?: string; dependsOn?: string[]; difficulty?: number }>): string {
  return JSON.stringify({
    subtasks: subtasks.map((subtask) => ({
      id: subtask.id,
      instruction: subtask.instruction,
      kind: subtask.kind ?? 'writing',
      dependsOn: subtask.dependsOn ?? [],
      difficulty: subtask.difficulty ?? 2,
    })),
  });
}

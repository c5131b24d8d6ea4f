/** The parts of a JSON schema property that the settings page reads. */
export interface FieldSchema {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  description?: string;
  items?: FieldSchema & { properties?: Record<string, FieldSchema> };
  properties?: Record<string, FieldSchema>;
  /** A nullable field ("no limit"): its value's schema and `{type: 'null'}`. */
  anyOf?: FieldSchema[];
}

/** The schema a field is drawn from: a nullable field's non-null member, with the outer default and description. */
export function drawnSchema(schema: FieldSchema): FieldSchema {
  const members = schema.anyOf?.filter((member) => member.type !== 'null') ?? [];
  if (members.length !== 1) return schema;
  const { anyOf: _members, ...outer } = schema;
  return { ...(members[0] as FieldSchema), ...outer };
}

/** Which section of the settings page a field belongs to, by its name. */
export type SettingsSection = 'privacy' | 'providers' | 'routing' | 'local' | 'advanced';

export function sectionOf(key: string): SettingsSection {
  if (/privacy|pii|offline|allow|deny|redact|consent|entit|ner|sensitiv/i.test(key)) return 'privacy';
  if (/^(anthropic|openai|compatible)/i.test(key)) return 'providers';
  if (/budget|quality|cost|prefer|planner|judge|rout|escalat|concurren|shadow/i.test(key)) return 'routing';
  if (/^local|defaultModel/i.test(key)) return 'local';
  return 'advanced';
}

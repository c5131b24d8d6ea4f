import { createPatternRecognizer, type PatternRule } from './pattern-recognizer.js';

// Keys and tokens by the shapes their vendors document. Each is glued to no other token
// character on either side, so a prefix inside a longer identifier does not fire.
const before = '(?<![A-Za-z0-9_\\-])';
const after = '(?![A-Za-z0-9_\\-])';

function shape(source: string, flags = 'gu'): RegExp {
  return new RegExp(`${before}${source}${after}`, flags);
}

const keyShapes: { vendor: string; pattern: RegExp }[] = [
  // AWS access key ids: a four-letter kind (AKIA long-term, ASIA temporary, ...) and 16 base32 characters.
  { vendor: 'aws', pattern: shape('(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA)[A-Z2-7]{16}') },
  { vendor: 'github', pattern: shape('gh[pousr]_[A-Za-z0-9]{36,251}') },
  { vendor: 'github', pattern: shape('github_pat_[A-Za-z0-9_]{22,242}') },
  { vendor: 'gitlab', pattern: shape('gl(?:pat|dt|rt|ptt|cbt|soat|ft|imt|agent)-[A-Za-z0-9_\\-]{20,}') },
  { vendor: 'slack', pattern: shape('xox[abprse]-[A-Za-z0-9\\-]{10,250}') },
  { vendor: 'slack', pattern: shape('xapp-\\d-[A-Za-z0-9\\-]{10,250}') },
  { vendor: 'slack', pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_\/\-]{16,200}/gu },
  { vendor: 'stripe', pattern: shape('(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,247}') },
  { vendor: 'stripe', pattern: shape('whsec_[A-Za-z0-9]{24,}') },
  { vendor: 'google', pattern: shape('AIza[0-9A-Za-z_\\-]{35}') },
  { vendor: 'google', pattern: shape('GOCSPX-[A-Za-z0-9_\\-]{28}') },
  // Anthropic before OpenAI: both start with "sk-".
  { vendor: 'anthropic', pattern: shape('sk-ant-[A-Za-z0-9_\\-]{20,}') },
  { vendor: 'openai', pattern: shape('sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\\-]{20,}') },
  { vendor: 'openai', pattern: shape('sk-(?!ant-|proj-|svcacct-|admin-)[A-Za-z0-9]{20,}(?:T3BlbkFJ[A-Za-z0-9]{20,})?') },
  { vendor: 'hugging-face', pattern: shape('hf_[A-Za-z0-9]{34,}') },
  { vendor: 'npm', pattern: shape('npm_[A-Za-z0-9]{36}') },
  { vendor: 'sendgrid', pattern: shape('SG\\.[A-Za-z0-9_\\-]{22}\\.[A-Za-z0-9_\\-]{43}') },
];

// An AWS secret access key is 40 base64 characters: too plain to find alone, certain after its key.
const awsSecretPattern =
  /(?<![A-Za-z0-9])(?:aws)?[_\-.]?secret[_\-.]?(?:access)?[_\-.]?key["']?\s*(?:=|:|=>)\s*["']?(?<value>[A-Za-z0-9\/+=]{40})(?![A-Za-z0-9\/+=])/dgiu;

const rules: PatternRule[] = [
  ...keyShapes.map(({ pattern }): PatternRule => ({ type: 'API_KEY', pattern, score: 0.95 })),
  { type: 'API_KEY', pattern: awsSecretPattern, valueGroup: 'value', score: 0.95 },
];

export const apiKeyRecognizer = createPatternRecognizer({
  name: 'api-key',
  contextWords: ['key', 'api', 'token', 'secret', 'credential', 'access'],
  rules,
});

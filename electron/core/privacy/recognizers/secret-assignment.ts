import type { EntityType } from '../../../shared/privacy.js';
import { shannonEntropy } from './checksums/shannon-entropy.js';
import { createPatternRecognizer, type PatternHit, type Verdict } from './pattern-recognizer.js';

// key = value, key: value, "key": "value", key => 'value', KEY := value (config files, .env,
// JSON, YAML, code, headers). The span is the value only: the key stays, so the model still
// knows a password was there.
const assignmentPattern = new RegExp(
  [
    `(?<![A-Za-z0-9_.\\-])["']?(?<key>[A-Za-z_][A-Za-z0-9_.\\-]{0,63})["']?`,
    `[ \\t]*(?::=|=>|=|:)[ \\t]*`,
    // The value is read in a lookahead, so the scan resumes right after the separator and a pair
    // inside the value ("Set-Cookie: sid=…", "flags: a=1 token=…") is looked at on its own too.
    `(?=(?:"(?<double>[^"\\r\\n]{1,512})"|'(?<single>[^'\\r\\n]{1,512})'|(?<bare>[^\\s"',;]{1,512})))`,
  ].join(''),
  'dgu',
);

// URL query parameters (?token=…&sig=…&X-Amz-Signature=…): the assignment rule above reads a
// URL as one value ("https: //host/path?…"), so each parameter is looked at again on its own.
const queryPattern = /[?&](?<key>[A-Za-z_][A-Za-z0-9_.\-]{0,63})=(?<bare>[^&#\s"'<>]{1,512})/dgu;

// Command-line flags: --password=x, --api-key x, -token "x". The assignment rule's key may not
// start after a dash, so that a-b=c in prose is not read as the key "b".
const flagPattern =
  /(?<![A-Za-z0-9_\-])--?(?<key>[A-Za-z][A-Za-z0-9_\-]{0,63})(?:=|[ \t]+)(?:"(?<double>[^"\r\n]{1,512})"|'(?<single>[^'\r\n]{1,512})'|(?<bare>[^\s"',;]{1,512}))/dgu;

// Prose in English, French, Spanish and German: "my password is hunter2", "le mot de passe :
// x", "mi contraseña es x", "das Kennwort lautet x", "the PIN is 4711".
const prosePattern =
  /(?<![\p{L}\p{N}])(?<key>password|passphrase|passcode|passwort|kennwort|mot de passe|contraseña|contrasena|clave|pin|pin code|api key|secret key|access token)(?:\s+(?:is|was|ist|lautet|est|es|era)\s+|\s?:\s?)["'“]?(?<value>[^\s"'”]{3,128})/dgiu;

// HTTP authorisation: "Authorization: Bearer abc…", "Basic dXNlcjpw…", "token ghs_…".
const bearerPattern = /(?<![A-Za-z0-9])(?:Bearer|Basic|Token)[ \t]+(?<value>[A-Za-z0-9._~+\/\-]{16,}=*)(?![A-Za-z0-9._~+\/\-=])/dgu;

const passwordWords = new Set(['password', 'passwd', 'passwort', 'passphrase', 'pwd', 'pass', 'passcode', 'pin', 'motdepasse', 'contrasena']);
const secretWords = new Set(['secret', 'token', 'apikey', 'credential', 'credentials', 'auth', 'authorization', 'bearer', 'signature', 'salt', 'passkey', 'sig', 'session', 'sessionid', 'sid', 'csrftoken']);
/** Keys that hold a session even though they end in a describing word ("session_id" is the session, not its label). */
const sessionKey = /^(?:session_?id|sess_?id|phpsessid|jsessionid|asp_net_sessionid|connect_sid)$/;
const secretPairs = ['api_key', 'access_key', 'private_key', 'secret_key', 'auth_key', 'session_key', 'signing_key', 'encryption_key', 'client_secret', 'refresh_token', 'access_token', 'auth_token'];
/** Key words that make a "token" or "secret" key describe the secret, not hold it (max_tokens, token_type). */
const describingWords = new Set([
  'max', 'min', 'count', 'limit', 'num', 'number', 'length', 'size', 'type', 'types', 'expires', 'expiry', 'expiration',
  'ttl', 'url', 'uri', 'endpoint', 'path', 'file', 'name', 'id', 'ids', 'usage', 'used', 'budget', 'header', 'prefix',
  'format', 'kind', 'mode', 'enabled', 'required', 'field', 'hint', 'tokens', 'policy', 'length', 'rotation', 'manager',
  'store', 'ref', 'env', 'variable', 'label', 'description', 'placeholder', 'input', 'reset', 'confirm', 'strength',
  'changed', 'updated', 'created', 'hash', 'hashed', 'digest', 'method', 'algorithm', 'alg', 'scheme', 'provider',
]);

// Values that stand for a secret without being one.
const placeholderValue =
  /^(?:\**|x{3,}|X{3,}|\.{3}|…|<[^>]*>|\[[^\]]*\]|\$\{[^}]*\}|\{\{[^}]*\}\}|%[^%]+%|\$[A-Za-z_][A-Za-z0-9_]*|null|none|nil|undefined|true|false|yes|no|string|str|number|int|integer|boolean|bool|any|unknown|object|required|optional|changeme|change_me|example|redacted|secret|password|token|empty|todo|tbd|n\/a|your[_\-\s]?\S*|my[_\-]\S*)$/i;
// An unquoted value that is code rather than data: process.env.X, config.password, getToken().
const codeValue = /^(?:[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+|[A-Za-z_$][\w$.]*\(.*|[A-Za-z_$][\w$]*\[.*)$/;

export function classifyKey(key: string): EntityType | 'other' | 'describing' {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_.\-]+/)
    .filter((word) => word.length > 0);
  const joined = words.join('_');
  if (sessionKey.test(joined)) return 'SECRET';
  if (words.some((word) => describingWords.has(word))) return 'describing';
  if (words.some((word) => passwordWords.has(word)) || joined.includes('password')) return 'PASSWORD';
  if (words.some((word) => secretWords.has(word)) || secretPairs.some((pair) => joined.includes(pair))) return 'SECRET';
  if (joined === 'apikey' || joined.endsWith('apikey') || joined.includes('api_key')) return 'SECRET';
  return 'other';
}

/**
 * Random-looking: long, letters and digits mixed, one long unbroken run (not a dotted or dashed
 * name such as v7.0.0-beta.3-darwin-x64), not words glued in camel case (JsonBase64UrlConverter),
 * and close to the most entropy its length allows.
 */
export function looksRandom(value: string): boolean {
  if (value.length < 20 || !/[A-Za-z]/.test(value) || (value.match(/\d/g)?.length ?? 0) < 2) return false;
  if (!/^[A-Za-z0-9+\/=_\-.~]+$/.test(value) || value.startsWith('/')) return false;
  const longestRun = Math.max(...value.split(/[^A-Za-z0-9]+/).map((run) => run.length));
  if (longestRun < 16) return false;
  if (/^(?:[A-Z][a-z]{2,}|[a-z]{3,}|[A-Z]{2,5}(?![a-z])|\d{1,4})+$/.test(value)) return false;
  // Hex (hashes, UUIDs, commit ids) tops out at 4 bits a character; keys in base62/64 go beyond.
  const ceiling = Math.log2(Math.min(value.length, 64));
  return shannonEntropy(value) >= Math.max(3.6, 0.82 * ceiling);
}

function validateAssignment(hit: PatternHit): Verdict {
  const groups = hit.match.indices?.groups;
  const key = hit.match.groups?.key ?? '';
  const quoted = groups?.double ?? groups?.single;
  const range = quoted ?? groups?.bare;
  if (!range) return false;
  const [start, end] = range;
  let value = hit.text.slice(start, end).trim();
  // In a URL the next query parameter ends the value ("sig=abc&v=2"): it has its own match.
  const nextParameter = quoted ? -1 : value.search(/&[A-Za-z_][A-Za-z0-9_.\-]*=/);
  if (nextParameter > 0) value = value.slice(0, nextParameter);
  if (value.length === 0 || placeholderValue.test(value)) return false;
  const kind = classifyKey(key);
  if (kind === 'describing') return false;
  // Unquoted code rather than data: a call, a generic, a member chain (onToken: (tokens) => ...).
  if (!quoted && (codeValue.test(value) || /[()<>[\]{}]/.test(value))) return false;
  if (kind === 'other') {
    // A value holding its own key=value pair is a container ("Set-Cookie: sid=…"); the inner pair is judged on its own.
    if (!quoted && /=[^=]/.test(value)) return false;
    return looksRandom(value) ? { score: 0.7, start, end, type: 'SECRET' } : false;
  }
  // A file rather than a secret: GOOGLE_APPLICATION_CREDENTIALS=/path/to/key.json.
  if (/^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)|\.(?:json|pem|key|p12|pfx|crt|txt|ya?ml|env|js|ts)$/i.test(value)) return false;
  // An ellipsis marks an example ("Enter passphrase for ...").
  if (value.includes('...') || value.includes('…')) return false;
  // A lower camel case identifier made of word-like parts (accessToken, oauth2Client) unquoted
  // after a token or key name is a variable. After a password key it is redacted all the same:
  // random passwords (flengjk91Qml) look just like that, and over-redacting code is the safe side.
  if (!quoted && kind !== 'PASSWORD' && /^[a-z]{2,}\d*(?:[A-Z][a-z]{2,}\d*)+$/.test(value)) return false;
  // "password: string" in a type, "token: Token": a PascalCase word after a colon is a type name.
  const separator = hit.text.slice(hit.start, start);
  if (!quoted && /:\s*$/.test(separator) && /^[A-Z][a-z]+(?:[A-Z][a-z]+)*$/.test(value)) return false;
  // Keys and tokens are random: digits, mixed case or sheer length. A plain word after
  // "invalid_api_key:" is an error name, not a key.
  // Keys and tokens have no spaces; a header value "Bearer x" is found by its own rule below.
  if (kind === 'SECRET' && /\s/.test(value)) return false;
  // "pass" is also an English word ("a validation pass: valid"): then a digit or symbol must say password.
  if (kind === 'PASSWORD' && /(?:^|[_.\-\s])pass$/i.test(key) && !/[\d\W_]/.test(value)) return false;
  if (kind === 'SECRET' && (value.length < 8 || !(/\d/.test(value) || (/[a-z]/.test(value) && /[A-Z]/.test(value)) || value.length >= 20))) {
    return false;
  }
  const trimmedEnd = quoted ? end : start + value.replace(/[.)\]}>]+$/, '').length;
  if (trimmedEnd <= start) return false;
  return { score: 0.85, start, end: trimmedEnd, type: kind };
}

function validateProse(hit: PatternHit): Verdict {
  const key = (hit.match.groups?.key ?? '').toLowerCase();
  const value = hit.value.replace(/[.,;:!?)\]]+$/, '');
  if (placeholderValue.test(value)) return false;
  const end = hit.start + value.length;
  if (key === 'pin' || key === 'pin code' || key === 'passcode') {
    return /^\d{4,8}$/.test(value) ? { score: 0.8, end, type: 'PASSWORD' } : false;
  }
  // In prose a password is told apart from an ordinary word by a digit or a symbol in it.
  // (\p{P}\p{S} rather than \W, which would also take an accented letter: "oublié" is a word.)
  if (!/[\p{N}\p{P}\p{S}]/u.test(value) || value.length < 4) return false;
  const type: EntityType = /^(?:pass|mot|contra|kennwort|clave)/.test(key) ? 'PASSWORD' : 'SECRET';
  return { score: 0.75, end, type };
}

export const secretAssignmentRecognizer = createPatternRecognizer({
  name: 'secret-assignment',
  contextWords: ['password', 'secret', 'token', 'key', 'credential', 'login'],
  rules: [
    // The rule's type is a default; the validator sets PASSWORD or SECRET from the key.
    { type: 'SECRET', pattern: assignmentPattern, score: 0.85, validate: validateAssignment },
    { type: 'SECRET', pattern: queryPattern, score: 0.85, validate: validateAssignment },
    { type: 'SECRET', pattern: flagPattern, score: 0.85, validate: validateAssignment },
    { type: 'PASSWORD', pattern: prosePattern, valueGroup: 'value', score: 0.75, validate: validateProse },
    { type: 'SECRET', pattern: bearerPattern, valueGroup: 'value', score: 0.9 },
  ],
});

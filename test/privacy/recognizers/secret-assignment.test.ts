import { secretAssignmentRecognizer } from '../../../electron/core/privacy/recognizers/secret-assignment.js';
import { recognizerTable } from './recognizer-table.js';

recognizerTable(secretAssignmentRecognizer, {
  positive: [
    { text: "password=hunter2!", spans: [{ type: 'PASSWORD', start: 9, end: 17 }] },
    { text: "DB_PASSWORD: \"correct horse battery staple\"", spans: [{ type: 'PASSWORD', start: 14, end: 42 }] },
    { text: "{\"api_key\": \"a8f5f167f44f4964e6c998dee827110c\"}", spans: [{ type: 'SECRET', start: 13, end: 45 }] },
    { text: "export GITHUB_TOKEN=ghs_0123456789abcdef", spans: [{ type: 'SECRET', start: 20, end: 40 }] },
    { text: "client_secret => 'Zx9-Qw8_Er7Ty6Ui5Op4'", spans: [{ type: 'SECRET', start: 18, end: 38 }] },
    { text: "my password is Tr0ub4dor&3", spans: [{ type: 'PASSWORD', start: 15, end: 26 }] },
    { text: "the PIN is 4711", spans: [{ type: 'PASSWORD', start: 11, end: 15 }] },
    { text: "Authorization: Bearer AbCdEf0123456789xyzXYZ", spans: [{ type: 'SECRET', start: 22, end: 44 }] },
    { text: "\"session\": \"9fK2mQ7xL4pZ8vR1tY6wB3nC5hJ0\"", spans: [{ type: 'SECRET', start: 12, end: 40 }] },
    // Random passwords that happen to start lower-case are not camel case variables.
    { text: "password=nMjvhZ1796oDq6W", spans: [{ type: 'PASSWORD', start: 9, end: 24 }] },
    { text: "password=aaZaa0aaaa", spans: [{ type: 'PASSWORD', start: 9, end: 19 }] },
    { text: "password=flengjk91Qml", spans: [{ type: 'PASSWORD', start: 9, end: 21 }] },
    // After a password key even a variable-like value is redacted: the safe side.
    { text: "password = userPassword", spans: [{ type: 'PASSWORD', start: 11, end: 23 }] },
  ],
  negative: [
    { text: "password: string;", why: "a type annotation" },
    { text: "token: Token", why: "a type name" },
    { text: "max_tokens: 1024", why: "a count of tokens" },
    { text: "token_type: bearer", why: "describes the token" },
    { text: "password=", why: "no value" },
    { text: "password: ********", why: "a masked value" },
    { text: "api_key = process.env.API_KEY", why: "code, not a value" },
    { text: "password=${DB_PASSWORD}", why: "a placeholder" },
    { text: "the password is required", why: "an ordinary word in prose" },
    { text: "invalid_api_key: 'authentication'", why: "an error name" },
    { text: "\"commit\": \"3f2c9e8a7b6d5c4e3f2a1b0c9d8e7f6a5b4c3d2e\"", why: "hex: a hash, not a secret" },
    { text: "\"version\": \"v7.0.0-beta.3-darwin-x64\"", why: "a dotted name" },
    { text: "GOOGLE_APPLICATION_CREDENTIALS=/path/to/key.json", why: "a file path" },
    { text: "onToken: (tokens) => {}", why: "code" },
    { text: "token: oauth2AccessToken", why: "a variable" },
  ],
});

import { urlCredentialsRecognizer } from '../../../electron/core/privacy/recognizers/url-credentials.js';
import { recognizerTable } from './recognizer-table.js';

recognizerTable(urlCredentialsRecognizer, {
  positive: [
    { text: "db postgres://admin:s3cr3t@db.internal:5432/app", spans: [{ type: 'URL_CREDENTIALS', start: 14, end: 26 }] },
    { text: "redis://user:p%40ss@cache:6379 and https://bob:hunter2@example.com/x", spans: [{ type: 'URL_CREDENTIALS', start: 8, end: 19 }, { type: 'URL_CREDENTIALS', start: 43, end: 54 }] },
  ],
  negative: [
    { text: "https://example.com/path", why: "no credentials" },
    { text: "ssh://git@github.com/repo", why: "a user without password" },
    { text: "ftp://anonymous:@ftp.example.com", why: "an empty password" },
    { text: "http://user:****@host", why: "a masked password" },
  ],
});

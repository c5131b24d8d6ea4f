import { apiKeyRecognizer } from '../../../electron/core/privacy/recognizers/api-key.js';
import { recognizerTable } from './recognizer-table.js';

recognizerTable(apiKeyRecognizer, {
  positive: [
    { text: "aws AKIAIOSFODNN7EXAMPLE", spans: [{ type: 'API_KEY', start: 4, end: 24 }] },
    { text: "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", spans: [{ type: 'API_KEY', start: 24, end: 64 }] },
    { text: "token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789", spans: [{ type: 'API_KEY', start: 6, end: 46 }] },
    { text: "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", spans: [{ type: 'API_KEY', start: 0, end: 57 }] },
    { text: "glpat-abcdefghij0123456789", spans: [{ type: 'API_KEY', start: 0, end: 26 }] },
    { text: "slack xoxb-123456789012-123456789012-AbCdEfGhIjKlMnOpQrStUvWx", spans: [{ type: 'API_KEY', start: 6, end: 61 }] },
    { text: "hook https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX", spans: [{ type: 'API_KEY', start: 5, end: 82 }] },
    { text: "stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc", spans: [{ type: 'API_KEY', start: 7, end: 39 }] },
    { text: "google AIzaSyA1234567890abcdefghijklmnopqrstuv", spans: [{ type: 'API_KEY', start: 7, end: 46 }] },
    { text: "openai sk-proj-abcdefghijklmnopqrstuvwxyz012345", spans: [{ type: 'API_KEY', start: 7, end: 47 }] },
    { text: "anthropic sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789", spans: [{ type: 'API_KEY', start: 10, end: 59 }] },
  ],
  negative: [
    { text: "the task-abcdefghijklmnopqrstuvwxyz list", why: "not a vendor prefix" },
    { text: "ghp_short", why: "too short for a GitHub token" },
    { text: "AKIAIOSFODNN7EXAMPL", why: "19 characters" },
    { text: "pk_live_4eC39HqLyjWDarjtT1zdp7dc", why: "a publishable (public) Stripe key" },
    { text: "my-sk-ant-api03-abcdefghijklmnopqrstuvwxyz", why: "glued into a longer name" },
  ],
});

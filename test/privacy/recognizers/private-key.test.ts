import { privateKeyRecognizer } from '../../../electron/core/privacy/recognizers/private-key.js';
import { recognizerTable } from './recognizer-table.js';

recognizerTable(privateKeyRecognizer, {
  positive: [
    { text: "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7v5x\nabcDEF==\n-----END RSA PRIVATE KEY-----\nthanks", spans: [{ type: 'PRIVATE_KEY', start: 5, end: 96 }] },
    { text: "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----", spans: [{ type: 'PRIVATE_KEY', start: 0, end: 102 }] },
    { text: "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF0A\n-----END PGP PRIVATE KEY BLOCK-----", spans: [{ type: 'PRIVATE_KEY', start: 0, end: 83 }] },
    { text: "truncated -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC", spans: [{ type: 'PRIVATE_KEY', start: 10, end: 70 }] },
  ],
  negative: [
    { text: "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A\n-----END PUBLIC KEY-----", why: "a public key" },
    { text: "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----", why: "a certificate" },
  ],
});

import { jwtRecognizer } from '../../../electron/core/privacy/recognizers/jwt.js';
import { recognizerTable } from './recognizer-table.js';

recognizerTable(jwtRecognizer, {
  positive: [
    { text: "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", spans: [{ type: 'JWT', start: 22, end: 177 }] },
    { text: "unsigned eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.", spans: [{ type: 'JWT', start: 9, end: 45 }] },
  ],
  negative: [
    { text: "eyJub3QiOiJhIGp3dCJ9.eyJzdWIiOiIxIn0.abc", why: "the header has no alg" },
    { text: "eyJhbGciOiJIUzI1NiJ.eyJzdWIiOiIxIn0.abc", why: "the header is not JSON" },
    { text: "eyes.on.you", why: "ordinary words" },
  ],
});

import { createPatternRecognizer } from './pattern-recognizer.js';

// scheme://user:password@host. The span is the user information (user:password) only: the host
// and path stay readable for the model, and nothing in them is a credential. A pasted password
// may keep its '#' or '?' unescaped, so only '@', '/' and spaces end it.
const credentialsPattern =
  /(?<![\p{L}\p{N}+.\-])[A-Za-z][A-Za-z0-9+.\-]{1,30}:\/\/(?<credentials>[^\s:@\/?#]{1,256}:[^\s@\/]{1,256})@(?=[\p{L}\p{N}\[])/dgu;

export const urlCredentialsRecognizer = createPatternRecognizer({
  name: 'url-credentials',
  contextWords: ['connection', 'url', 'uri', 'dsn', 'database', 'login'],
  rules: [
    {
      type: 'URL_CREDENTIALS',
      pattern: credentialsPattern,
      valueGroup: 'credentials',
      score: 0.95,
      validate: ({ value }) => {
        const password = value.slice(value.indexOf(':') + 1);
        // user:@host and user:****@host carry no secret.
        return !/^\**$/.test(password);
      },
    },
  ],
});

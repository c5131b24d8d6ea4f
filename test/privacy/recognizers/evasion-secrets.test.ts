import { describe, expect, it } from 'vitest';
import type { Recognizer } from '../../../electron/core/privacy/recognizer.js';
import { privateKeyRecognizer } from '../../../electron/core/privacy/recognizers/private-key.js';
import { secretAssignmentRecognizer } from '../../../electron/core/privacy/recognizers/secret-assignment.js';
import { separatedIbanRecognizer } from '../../../electron/core/privacy/recognizers/separated-iban.js';
import { urlCredentialsRecognizer } from '../../../electron/core/privacy/recognizers/url-credentials.js';
import type { Span } from '../../../electron/shared/privacy.js';

function found(recognizer: Recognizer, text: string) {
  const spans = recognizer.analyze(text) as Span[];
  return [...new Set(spans.filter((span) => span.score >= 0.5).map((span) => `${span.type} ${text.slice(span.start, span.end)}`))];
}

describe('secrets in query parameters, flags, cookies and prose', () => {
  it.each([
    ['GET https://cdn.example.net/a.pdf?expires=1767225600&X-Amz-Signature=Rf2iSiSIHFw8ncqeDQ0UIYU&v=2', ['SECRET Rf2iSiSIHFw8ncqeDQ0UIYU']],
    ['https://api.example.net/v1?sig=9fQx7LmP2zKw4RtY&lang=en', ['SECRET 9fQx7LmP2zKw4RtY']],
    ['mysql -h db -u root --password=PyUa?kyLtN19 billing', ['PASSWORD PyUa?kyLtN19']],
    ['deploy --api-key "k8Jd2mQpX0vLr4Tn" --verbose', ['SECRET k8Jd2mQpX0vLr4Tn']],
    ['Cookie: theme=dark; sessionid=vgQldolDO8rNgqTUoQua; lang=en', ['SECRET vgQldolDO8rNgqTUoQua']],
    ['Set-Cookie: session_id=Tq8vLm22zqWx91Ab; Path=/', ['SECRET Tq8vLm22zqWx91Ab']],
    ['le mot de passe : DVhV!DTWlD65', ['PASSWORD DVhV!DTWlD65']],
    ['Mi contraseña es FUfp*W7I2095 por favor.', ['PASSWORD FUfp*W7I2095']],
    ['Das Kennwort lautet H2IB*zCCIK63.', ['PASSWORD H2IB*zCCIK63']],
    ['Driver={ODBC Driver 18};Server=db;Uid=app;Pwd=vexg#Hc6uF44;', ['PASSWORD vexg#Hc6uF44']],
    // Look-alikes that carry no secret.
    ['https://example.net/search?q=weather&page=2', []],
    ['run it with --max-tokens 4096 --verbose', []],
    ['le mot de passe : oublié', []],
  ])('%j', (text, expected) => {
    expect(found(secretAssignmentRecognizer, text)).toEqual(expected);
  });
});

describe('credentials and key bodies in their less tidy forms', () => {
  it('reads a password with an unescaped # or ? in a URL', () => {
    const text = 'redis://default:GewL#p8wT490@cache.internal:6379/0';
    expect(found(urlCredentialsRecognizer, text)).toEqual(['URL_CREDENTIALS default:GewL#p8wT490']);
  });

  it('finds a PEM body pasted without its BEGIN and END lines', () => {
    const line = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7Vx3k9pQ2mLrT';
    const body = `${line}\n${line.split('').reverse().join('')}\n${line.slice(0, 40)}==`;
    expect(found(privateKeyRecognizer, `key:\n${body}\nthanks`)).toEqual([`PRIVATE_KEY ${body}`]);
    expect(found(privateKeyRecognizer, `one line only:\n${line}\n`)).toEqual([]);
  });

  it.each([
    ['IBAN DE89-3704-0044-0532-0130-00 ok', ['IBAN DE89-3704-0044-0532-0130-00']],
    ['IBAN FR14.2004.1010.0505.0001.3M02.606', ['IBAN FR14.2004.1010.0505.0001.3M02.606']],
    // Single spaces are the IBAN recognizer's; a wrong check digit is no IBAN.
    ['IBAN DE89 3704 0044 0532 0130 00', []],
    ['IBAN DE88-3704-0044-0532-0130-00', []],
  ])('%j', (text, expected) => {
    expect(found(separatedIbanRecognizer, text)).toEqual(expected);
  });
});

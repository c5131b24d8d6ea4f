/**
 * The gateway bench's prompt: about 1 KB of ordinary work text, a customer's complaint to answer,
 * with a name, an e-mail address and a phone number in it, so the shield has something to redact.
 */
export const gatewayBenchPerson = {
  name: 'Margaret Oyelaran-Whitfield',
  email: 'm.oyelaran@example.org',
  phone: '+1 415 555 0134',
};

export const gatewayBenchPrompt = [
  'Could you help me draft a reply to a customer? This is the message we received from',
  `${gatewayBenchPerson.name}, a customer for several years:`,
  '',
  '"Hello, I ordered the oak standing desk three weeks ago and it still has not arrived. The tracking page has said',
  '\'in transit\' for nine days. I work from home and have been using the kitchen table,',
  'which is hurting my back. I would like to know where the desk is and whether you can deliver it this week; if not,',
  'I would prefer a full refund rather than store credit. You can reach me at',
  `${gatewayBenchPerson.email} or on ${gatewayBenchPerson.phone} on weekdays."`,
  '',
  'Please write a short, warm reply that apologises for the delay without blaming the courier, explains that we have',
  'opened an investigation with the carrier, and offers either free express delivery of a replacement desk this week',
  'or a full refund to the original payment method, whichever she prefers. Ask her to confirm by replying to this',
  'message. Keep it under 150 words, in British English, and sign it from the customer care team.',
].join('\n');

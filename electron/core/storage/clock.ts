/** The current time as an ISO 8601 string. Injected so tests can order rows deterministically. */
export type Clock = () => string;

export const systemClock: Clock = () => new Date().toISOString();

/** Small formatters shared by the views. */

export function formatUsd(amount: number): string {
  if (amount === 0) return '$0';
  if (amount < 0.01) return `$${amount.toFixed(amount < 0.0001 ? 6 : 4)}`;
  return `$${amount.toFixed(2)}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatTokens(count: number): string {
  return count >= 10_000 ? `${(count / 1000).toFixed(1)}k` : String(count);
}

export function timeAgo(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 7) return `${days} d ago`;
  return new Date(iso).toLocaleDateString();
}

/** `localMaxContextSize` → "Local max context size". */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .replace(/\bapi\b/g, 'API')
    .replace(/\burl\b/g, 'URL')
    .replace(/\bgpu\b/g, 'GPU')
    .replace(/\busd\b/g, 'USD')
    .replace(/\bpii\b/g, 'PII')
    .replace(/\bner\b/g, 'NER')
    .replace(/\bopenai\b/g, 'OpenAI');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function entityLabel(type: string): string {
  return type
    .toLowerCase()
    .split('_')
    .map((word) => (['ssn', 'iban', 'ip', 'mac', 'jwt', 'url', 'api', 'us'].includes(word) ? word.toUpperCase() : word))
    .join(' ');
}

/** Who asked, shortly: a run's source `gateway: OpenAI/JS 6.49.0` → "gateway · OpenAI/JS 6.49.0". */
export function sourceLabel(source: string): string {
  const gateway = /^gateway:\s*(.*)$/.exec(source);
  return gateway ? `gateway · ${gateway[1] || 'unknown client'}` : source;
}

/**
 * node-llama-cpp, loaded at its first use rather than with Baton: its JavaScript alone costs about
 * 40 MB, which a process that never runs a local model (`baton scan`, a gateway answering from
 * the cloud) should not pay. Types are imported as usual; only values come from here.
 */
let loading: Promise<typeof import('node-llama-cpp')> | undefined;

export function llamaModule(): Promise<typeof import('node-llama-cpp')> {
  loading ??= import('node-llama-cpp');
  return loading;
}

import type { Baton } from '../app.js';
import type { Conductor, ConductorRequest, ConductorResult } from '../orchestration/conductor.js';

/**
 * A Baton that is always the service's current one, for a host given one Baton at its start (the
 * in-app gateway) while the service replaces its Baton after settings change. Every conductor run
 * through it goes to `run` instead, which the service uses to count it among its own runs: a
 * Baton is then never closed under a run, and closing the service cancels it.
 */
export function liveBaton(current: () => Baton, run: (conductor: Conductor, request: ConductorRequest) => Promise<ConductorResult>): Baton {
  return new Proxy({} as Baton, {
    get(_view, property) {
      const baton = current();
      if (property !== 'conductor') return memberOf(baton, property);
      return new Proxy(baton.conductor, {
        get: (conductor, name) => (name === 'run' ? (request: ConductorRequest) => run(conductor, request) : memberOf(conductor, name)),
      });
    },
  });
}

/** A property read from the object itself; a method bound to it, so it never runs on the proxy. */
function memberOf(target: object, property: string | symbol): unknown {
  const value: unknown = Reflect.get(target, property, target);
  return typeof value === 'function' ? (value as (...parameters: unknown[]) => unknown).bind(target) : value;
}

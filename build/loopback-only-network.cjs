/**
 * Preloaded (node --require) into tools that would reach out to the internet on their own: the
 * Electron security linter fetches translations and Electron's release list at every run.
 * Baton's checks must not send anything beyond this machine, so every name resolves only to
 * loopback and every socket to another address fails at once, as it would offline.
 */
'use strict';
const dns = require('node:dns');
const net = require('node:net');

const loopbackNames = new Set(['localhost', '127.0.0.1', '::1']);
const refused = (host) => Object.assign(new Error(`${host}: the network beyond this machine is off for this tool`), { code: 'ENOTFOUND' });

const lookup = dns.lookup;
dns.lookup = function lookupLoopbackOnly(host, ...rest) {
  const callback = rest[rest.length - 1];
  if (!loopbackNames.has(String(host))) return process.nextTick(() => callback(refused(host)));
  return lookup.call(this, host, ...rest);
};
const promisesLookup = dns.promises.lookup;
dns.promises.lookup = async (host, options) => {
  if (!loopbackNames.has(String(host))) throw refused(host);
  return promisesLookup(host, options);
};
for (const method of ['resolve', 'resolve4', 'resolve6', 'resolveAny']) {
  dns[method] = (host, ...rest) => process.nextTick(() => rest[rest.length - 1](refused(host)));
  dns.promises[method] = async (host) => {
    throw refused(host);
  };
  dns.Resolver.prototype[method] = dns[method];
  dns.promises.Resolver.prototype[method] = dns.promises[method];
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connectLoopbackOnly(...args) {
  const options = typeof args[0] === 'object' && args[0] !== null ? args[0] : { host: typeof args[1] === 'string' ? args[1] : 'localhost' };
  const host = options.path ? 'localhost' : String(options.host ?? 'localhost');
  if (!loopbackNames.has(host) && !host.startsWith('127.')) {
    process.nextTick(() => this.destroy(refused(host)));
    return this;
  }
  return connect.apply(this, args);
};

import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { isIPv4, isIPv6, type Socket } from 'node:net';

/**
 * Who a connection comes from, for its share of the connection cap: an IPv4 address as it is (an IPv4 address
 * mapped into IPv6, as a dual-stack listener sees it, included); an IPv6 address by its /64, since whoever holds
 * one address of a /64 usually holds all 2^64 of them (a home or a cloud instance gets a /64 or more).
 */
export function clientOf(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  const bare = address.split('%')[0]!;
  if (isIPv4(bare) || !isIPv6(bare)) return bare;
  return `${ipv6Groups(bare).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, in hexadecimal without leading zeros. */
function ipv6Groups(address: string): string[] {
  // A trailing dotted IPv4 part (64:ff9b::192.0.2.1) is the last two groups.
  const text = address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a: string, b: string, c: string, d: string) => {
    const [hi, lo] = [Number(a) * 256 + Number(b), Number(c) * 256 + Number(d)];
    return `${hi.toString(16)}:${lo.toString(16)}`;
  });
  const [head = '', tail] = text.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const before = groups(head);
  const after = tail === undefined ? [] : groups(tail);
  const zeros = Array.from({ length: 8 - before.length - after.length }, () => '0');
  return [...before, ...zeros, ...after].map((group) => parseInt(group, 16).toString(16));
}

export interface ConnectionLimits {
  /** Connections one client (see `clientOf`) may have open at once; more are closed as they arrive. */
  maxConnectionsPerClient: number;
  /** How long one connection may stay open in all, however busy its client keeps it. */
  maxConnectionAgeMs: number;
}

interface Connection {
  /** Responses to requests on it that have begun and not yet finished (more than one when requests are pipelined). */
  responses: Set<ServerResponse>;
  /** Past its age: closed as soon as no request is in flight on it. */
  expired: boolean;
}

/** Before its headers are sent, a response can still say `Connection: close`, and Node closes the connection after it. */
function lastOnItsConnection(res: ServerResponse): void {
  if (!res.headersSent) res.shouldKeepAlive = false;
}

/**
 * Gives each client a share of the server's connections, and each connection a lifetime. A connection over its
 * client's share is destroyed on arrival. A connection past its age is destroyed at once if it is idle (as the
 * keep-alive timeout would), and otherwise answers the requests in flight, with `Connection: close`, then closes.
 * `overShare` is told of each connection refused, for a log line; it is told nothing about the client.
 */
export function limitConnections(server: Server, limits: ConnectionLimits, overShare: () => void = () => undefined): void {
  const perClient = new Map<string, number>();
  const connections = new WeakMap<Socket, Connection>();

  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress;
    if (address === undefined) {
      // Already gone before it could be counted.
      socket.destroy();
      return;
    }
    const client = clientOf(address);
    const open = perClient.get(client) ?? 0;
    if (open >= limits.maxConnectionsPerClient) {
      overShare();
      socket.destroy();
      return;
    }
    perClient.set(client, open + 1);
    const connection: Connection = { responses: new Set(), expired: false };
    connections.set(socket, connection);
    const age = setTimeout(() => {
      connection.expired = true;
      if (connection.responses.size === 0) socket.destroy();
      else connection.responses.forEach(lastOnItsConnection);
    }, limits.maxConnectionAgeMs);
    age.unref();
    socket.once('close', () => {
      clearTimeout(age);
      const left = (perClient.get(client) ?? 1) - 1;
      if (left > 0) perClient.set(client, left);
      else perClient.delete(client);
    });
  });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    const connection = connections.get(socket);
    if (!connection) return;
    connection.responses.add(res);
    if (connection.expired) lastOnItsConnection(res);
    // A response whose headers went out before the age was reached: the connection is closed once it is sent.
    res.once('finish', () => {
      if (connection.expired) socket.destroy();
    });
    res.once('close', () => connection.responses.delete(res));
  });
}

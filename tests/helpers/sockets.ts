import { createConnection, type Socket } from 'node:net';

/**
 * A client socket, and a promise that settles when it is closed, whether by a FIN, a reset or an error. It reads
 * what it is sent (flowing mode): a socket nobody reads may never see the server's FIN as 'end', and so never close.
 * That, not the server, made the silent-connection test fail on a busy machine: the server had closed the
 * connection in time (FIN-WAIT-2), and the test's own socket sat in CLOSE-WAIT, unread.
 * `localAddress` (127.0.0.2, say: Linux routes all of 127/8 to loopback) makes it another client to the server.
 */
export async function connect(port: number, localAddress?: string): Promise<{ socket: Socket; closed: Promise<void> }> {
  const socket = createConnection({ port, host: '127.0.0.1', ...(localAddress ? { localAddress } : {}) });
  socket.on('error', () => undefined);
  socket.resume();
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve) => {
    socket.once('connect', () => resolve());
    socket.once('close', () => resolve());
  });
  return { socket, closed };
}

/** Settles with `promise`, or fails after `ms` saying what is still waited for, rather than hang the suite. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} after ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

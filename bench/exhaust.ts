import { createSign } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { createConnection, type Socket } from 'node:net';
import type { RequestEnvelope } from 'ask-sdk-model';
import { DEFAULT_SERVER_LIMITS, type ServerLimits } from '../src/server/app';
import type { BenchAuthority } from './flood-server';
import { REAL_URL, startFloodServer } from './flood';

/**
 * The review's M2 attack (security-2026-12.md): one client takes every connection the server will hold, while
 * Alexa (another address) sends correctly signed requests. How many are answered?
 */
export type ExhaustAttack =
  /** conn-exhaust.mjs: sockets that send half a request header, each reopened shortly after the server closes it. */
  | { kind: 'half-sent'; sockets: number; reopenMs: number }
  /** slow.mjs's exception: keep-alive connections that each send a fresh GET /health every few seconds. */
  | { kind: 'health-keep-alive'; sockets: number; everyMs: number };

export interface ExhaustScenario {
  label: string;
  attack: ExhaustAttack;
  /** The server's limits, other than the defaults. */
  limits?: Partial<ServerLimits>;
}

export interface ExhaustResult {
  label: string;
  signed: number;
  answered: number;
  /** Signed requests whose connection was closed or reset before an answer. */
  lost: number;
  /** Signed requests answered with another status than 200. */
  otherStatus: number;
  /** The attacker's connections: opened, and closed by the server within 100 ms of opening. */
  attackerConnects: number;
  attackerClosedAtOnce: number;
}

/** The attacker's address; the signed requests come from 127.0.0.1. Linux routes all of 127/8 to loopback. */
const ATTACKER = '127.0.0.2';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** POST / on a connection of its own, as a new client would: the status, or 0 if the connection was lost. */
function postOnce(port: number, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/',
        agent: false,
        timeout: 10_000,
        headers: { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/** One attacker socket, kept up until `running()` is false; reports each connect and whether it was cut at once. */
async function attackerLoop(
  port: number,
  attack: ExhaustAttack,
  running: () => boolean,
  count: { connects: number; closedAtOnce: number; held: Set<Socket> },
): Promise<void> {
  while (running()) {
    const socket = createConnection({ port, host: '127.0.0.1', localAddress: ATTACKER });
    socket.on('error', () => undefined);
    socket.resume();
    count.connects += 1;
    const opened = Date.now();
    count.held.add(socket);
    let ticker: NodeJS.Timeout | undefined;
    socket.once('connect', () => {
      if (attack.kind === 'half-sent') socket.write('POST / HTTP/1.1\r\nHost: x\r\n');
      else {
        const ask = () => socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
        ask();
        ticker = setInterval(ask, attack.everyMs);
      }
    });
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      const stop = setInterval(() => {
        if (!running()) {
          clearInterval(stop);
          socket.destroy();
        }
      }, 100);
      socket.once('close', () => clearInterval(stop));
    });
    clearInterval(ticker);
    count.held.delete(socket);
    if (Date.now() - opened < 100 && running()) count.closedAtOnce += 1;
    await sleep(attack.kind === 'half-sent' ? attack.reopenMs : 100);
  }
}

/**
 * A server process with the production checks (bench/flood-server.ts); the attack from 127.0.0.2, building up for
 * `leadSeconds`; then, with the attack going on, a correctly signed LaunchRequest (a new request id, stamped now,
 * on a new connection) from 127.0.0.1 every `signedEveryMs` for `seconds`.
 */
export async function measureExhaust(
  launch: () => RequestEnvelope,
  scenario: ExhaustScenario,
  authority: BenchAuthority,
  { leadSeconds = 2, seconds = 20, signedEveryMs = 200 } = {},
): Promise<ExhaustResult> {
  const server = await startFloodServer({
    authority,
    chainPaths: [new URL(REAL_URL).pathname],
    // flood-server.ts gives loopback the whole cap unless told: here the defaults are what is measured.
    limits: { ...DEFAULT_SERVER_LIMITS, ...scenario.limits },
  });
  const port = Number(new URL(server.base).port);
  const count = { connects: 0, closedAtOnce: 0, held: new Set<Socket>() };
  let attacking = true;
  try {
    const attackers = Array.from({ length: scenario.attack.sockets }, () => attackerLoop(port, scenario.attack, () => attacking, count));
    await sleep(leadSeconds * 1000);
    const statuses: Array<Promise<number>> = [];
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end) {
      const envelope = launch();
      const body = JSON.stringify({ ...envelope, request: { ...envelope.request, timestamp: new Date().toISOString() } });
      const signature = createSign('RSA-SHA256').update(body).sign(authority.signingKeyPem, 'base64');
      statuses.push(postOnce(port, body, { signaturecertchainurl: REAL_URL, 'signature-256': signature }));
      await sleep(signedEveryMs);
    }
    const results = await Promise.all(statuses);
    attacking = false;
    await Promise.all(attackers);
    return {
      label: scenario.label,
      signed: results.length,
      answered: results.filter((status) => status === 200).length,
      lost: results.filter((status) => status === 0).length,
      otherStatus: results.filter((status) => status !== 0 && status !== 200).length,
      attackerConnects: count.connects,
      attackerClosedAtOnce: count.closedAtOnce,
    };
  } finally {
    attacking = false;
    for (const socket of count.held) socket.destroy();
    await server.stop();
  }
}

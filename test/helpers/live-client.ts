import { exports } from "cloudflare:workers";
import { afterEach, expect } from "vitest";
import type { LiveEvent } from "../../workers/core/live/live-events";
import type { ServerMessage } from "../../workers/core/live/live-protocol";

/** A live socket of the real Worker, with every message it received. */
export interface Client {
  socket: WebSocket;
  received: ServerMessage[];
  /** Resolves with the first message received since index `from` (default: any so far) that matches. */
  next<T extends ServerMessage>(match: (m: ServerMessage) => m is T, from?: number): Promise<T>;
  send(signal: unknown): void;
  close(): void;
}

const open: Client[] = [];
// Every test file importing this closes its sockets after each test.
afterEach(() => {
  for (const client of open.splice(0)) client.close();
});

/** A WebSocket upgrade of the live door with these headers. */
export function upgrade(headers: Record<string, string>) {
  return exports.default.fetch(new Request("https://kefu.test/api/v1/live", { headers: { Upgrade: "websocket", ...headers } }));
}

/** A connected live client of the agent with this token (closed after the test). */
export async function connect(token: string): Promise<Client> {
  const response = await upgrade({ Authorization: `Bearer ${token}` });
  expect(response.status).toBe(101);
  const socket = response.webSocket!;
  socket.accept();
  const received: ServerMessage[] = [];
  const waiters: (() => void)[] = [];
  socket.addEventListener("message", (event) => {
    if (typeof event.data !== "string" || event.data === "pong") return;
    received.push(JSON.parse(event.data) as ServerMessage);
    for (const wake of waiters.splice(0)) wake();
  });
  const client: Client = {
    socket,
    received,
    async next(match, from = 0) {
      for (;;) {
        const found = received.slice(from).find(match);
        if (found) return found;
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no matching live message; received ${JSON.stringify(received)}`)), 10_000);
          waiters.push(() => (clearTimeout(timer), resolve()));
        });
      }
    },
    send: (signal) => socket.send(JSON.stringify(signal)),
    close: () => {
      try {
        socket.close(1000, "done");
      } catch {
        // closed
      }
    },
  };
  open.push(client);
  return client;
}

export type Events = Extract<ServerMessage, { type: "events" }>;
export const isEvents = (m: ServerMessage): m is Events => m.type === "events";
/** A message carrying an event of this type (about this ticket, if given). */
export const eventOf = (type: LiveEvent["type"], ticketId?: string) => (m: ServerMessage): m is Events =>
  isEvents(m) && m.events.some((e) => e.type === type && (ticketId === undefined || e.ticketId === ticketId));

import { effect, signal } from "@preact/signals";
import type { LiveEvent } from "../../../workers/core/live/live-events";
import type { ServerMessage } from "../../../workers/core/live/live-protocol";
import type { PresenceSignal, Viewer } from "../../../workers/core/live/presence";
import { session } from "../session";
import { reconnectDelay } from "./reconnect-delay";

export type { LiveEvent, Viewer };

/** True while the live socket is open; the pages poll while it is not. */
export const liveConnected = signal(false);
/** Who is where in the workspace (every open tab, by agent and ticket). */
export const viewers = signal<Viewer[]>([]);

/** The events that change tickets, made by someone (not notices addressed to particular agents): what pages and the title follow. */
export type TicketChange = Extract<LiveEvent, { actor: unknown }>;
export const isTicketChange = (event: LiveEvent): event is TicketChange => "actor" in event;

const listeners = new Set<(events: LiveEvent[]) => void>();

/** Calls `listener` with every batch of committed changes; returns the unsubscribe. */
export function onLiveEvents(listener: (events: LiveEvent[]) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const PING_EVERY_MS = 25_000;
/** The server's "connect again" (workers/live/workspace-live.ts). */
const RECONNECT_CODE = 4001;
/** No pong this long after a ping: the connection is dead although the socket did not say so. */
const PONG_WITHIN_MS = 10_000;

let socket: WebSocket | null = null;
let attempts = 0;
let retry: ReturnType<typeof setTimeout> | undefined;
let heartbeat: ReturnType<typeof setInterval> | undefined;
let pongDue: ReturnType<typeof setTimeout> | undefined;
/** What this tab says about itself, sent again after every reconnect. */
let viewing: string | null = null;

/** Tells the workspace which ticket this tab shows (null: none). */
export function viewTicket(ticketId: string | null) {
  viewing = ticketId;
  send({ type: "view", ticketId });
}

/** Tells the workspace this agent is (or stopped) typing a reply on the ticket it views. */
export function sendTyping(typing: boolean) {
  send({ type: "typing", typing });
}

function send(message: PresenceSignal) {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

function connect() {
  clearTimeout(retry);
  const url = new URL("/api/v1/live", location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  const ws = new WebSocket(url);
  socket = ws;
  ws.onopen = () => {
    attempts = 0;
    liveConnected.value = true;
    if (viewing) ws.send(JSON.stringify({ type: "view", ticketId: viewing }));
    clearInterval(heartbeat);
    heartbeat = setInterval(() => {
      ws.send("ping");
      pongDue ??= setTimeout(() => ws.close(), PONG_WITHIN_MS);
    }, PING_EVERY_MS);
  };
  ws.onmessage = (event) => {
    if (event.data === "pong") {
      clearTimeout(pongDue);
      pongDue = undefined;
      return;
    }
    const message = JSON.parse(String(event.data)) as ServerMessage;
    if (message.type === "presence") viewers.value = message.viewers;
    else for (const listener of listeners) listener(message.events);
  };
  ws.onclose = (event) => {
    if (socket !== ws) return;
    dropped();
    // Reconnect while signed in: at once when the server asks (a connection's hourly re-authentication),
    // else with back-off (a closed session makes the upgrade fail; so does the server going away).
    if (session.value) retry = setTimeout(connect, event.code === RECONNECT_CODE ? 0 : reconnectDelay(attempts++));
  };
}

function dropped() {
  clearInterval(heartbeat);
  clearTimeout(pongDue);
  pongDue = undefined;
  liveConnected.value = false;
  viewers.value = [];
}

function disconnect() {
  clearTimeout(retry);
  const ws = socket;
  socket = null;
  dropped();
  ws?.close(1000, "signed out");
}

/** Connects while someone is signed in (called once at start-up). */
export function startLive() {
  effect(() => {
    const signedIn = Boolean(session.value);
    if (signedIn && !socket) connect();
    if (!signedIn && socket) disconnect();
  });
  // Back on the network: try at once instead of waiting out the back-off.
  addEventListener("online", () => {
    if (session.value && !liveConnected.value) connect();
  });
}

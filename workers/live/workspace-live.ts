import { DurableObject } from "cloudflare:workers";
import type { LiveEvent } from "../core/live/live-events";
import { eventsFor, isAddressed, parseSignal, PING, PONG, type ServerMessage } from "../core/live/live-protocol";
import { applySignal, expireTyping, joined, mustReconnect, nextExpiry, presenceView, sameView, type Presence } from "../core/live/presence";

/** Close code asking the app to connect again (an application code: 4000–4999). */
export const RECONNECT_CODE = 4001;

/** The header on which the Worker (never a client: nothing else can reach this object) names the verified user. */
export const LIVE_USER_HEADER = "X-Kefu-Live-User";

/** The user as a header value (percent-encoded JSON: names are any script, header values are bytes). */
export const encodeLiveUser = (user: LiveUser) => encodeURIComponent(JSON.stringify(user));
const decodeLiveUser = (value: string | null) => (value ? (JSON.parse(decodeURIComponent(value)) as LiveUser) : null);

interface LiveUser {
  userId: string;
  name: string;
}

/**
 * One workspace's live room (one object per tenant: `idFromName(tenantId)`). Agents' sockets are
 * accepted through the Hibernation API: between messages the object is evicted and idle sockets
 * cost nothing; each socket carries its presence as its attachment, so nothing else is stored
 * but the alarm that ends typing leases. `ping` is answered by the runtime without waking it.
 */
export class WorkspaceLive extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING, PONG));
  }

  /** A connection from the Worker's `/api/v1/live`, already authenticated. */
  override async fetch(request: Request): Promise<Response> {
    const user = decodeLiveUser(request.headers.get(LIVE_USER_HEADER));
    if (!user || request.headers.get("Upgrade")?.toLowerCase() !== "websocket") return new Response(null, { status: 400 });
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    const now = Date.now();
    server.serializeAttachment(joined(user, now));
    this.broadcast({ type: "presence", viewers: presenceView(this.presences(), now) });
    await this.scheduleExpiry();
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * Committed changes of the workspace, to every connected agent (called by the core writes'
   * publisher); an event addressed to some agents (`userIds`) only to their sockets.
   */
  async publish(events: LiveEvent[]): Promise<number> {
    if (!events.some(isAddressed)) return this.broadcast({ type: "events", events });
    let sent = 0;
    for (const ws of this.open()) {
      const theirs = eventsFor(events, (ws.deserializeAttachment() as Presence).userId);
      if (theirs.length && send(ws, JSON.stringify({ type: "events", events: theirs } satisfies ServerMessage))) sent++;
    }
    return sent;
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const signal = parseSignal(message);
    if (!signal) return;
    const now = Date.now();
    const before = presenceView(this.presences(), now);
    const current = ws.deserializeAttachment() as Presence;
    const next = applySignal(expireTyping(current, now), signal, now);
    if (next === current) return;
    ws.serializeAttachment(next);
    const after = presenceView(this.presences(), now);
    if (!sameView(before, after)) this.broadcast({ type: "presence", viewers: after });
    await this.scheduleExpiry();
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    this.left(ws);
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // already closed
    }
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.left(ws);
  }

  /** A typing lease ran out (clear it), or a connection lived its time (close it: the app connects again, authenticated anew). */
  override async alarm(): Promise<void> {
    const now = Date.now();
    let expired = false;
    for (const ws of this.open()) {
      const current = ws.deserializeAttachment() as Presence;
      if (mustReconnect(current, now)) {
        ws.close(RECONNECT_CODE, "connect again");
        expired = true;
        continue;
      }
      const next = expireTyping(current, now);
      if (next !== current) {
        ws.serializeAttachment(next);
        expired = true;
      }
    }
    if (expired) this.broadcast({ type: "presence", viewers: presenceView(this.presences(), now) });
    await this.scheduleExpiry();
  }

  private left(ws: WebSocket) {
    this.broadcast({ type: "presence", viewers: presenceView(this.presences(ws), Date.now()) }, ws);
  }

  private open(except?: WebSocket): WebSocket[] {
    return this.ctx.getWebSockets().filter((ws) => ws !== except && ws.readyState === WebSocket.OPEN);
  }

  private presences(except?: WebSocket): Presence[] {
    return this.open(except).map((ws) => ws.deserializeAttachment() as Presence);
  }

  /** Sends to every open socket but `except`; returns how many it reached. */
  private broadcast(message: ServerMessage, except?: WebSocket): number {
    const text = JSON.stringify(message);
    return this.open(except).filter((ws) => send(ws, text)).length;
  }

  private async scheduleExpiry() {
    const next = nextExpiry(this.presences());
    if (next === null) return;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > next) await this.ctx.storage.setAlarm(next);
  }
}

/** Sends, or false when the socket is closing (its close handler updates the others). */
function send(ws: WebSocket, text: string): boolean {
  try {
    ws.send(text);
    return true;
  } catch {
    return false;
  }
}

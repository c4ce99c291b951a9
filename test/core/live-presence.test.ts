import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ticketUpdated } from "../../workers/core/live/live-events";
import { eventsFor, parseSignal } from "../../workers/core/live/live-protocol";
import type { LiveEvent } from "../../workers/core/live/live-events";
import { applySignal, CONNECTION_TTL_MS, expireTyping, isTyping, joined, mustReconnect, nextExpiry, presenceView, sameView, TYPING_TTL_MS, type Presence, type PresenceSignal } from "../../workers/core/live/presence";

const userIds = ["usr_a", "usr_b", "usr_c"];
const ticketIds = ["tkt_1", "tkt_2", null];
const signal: fc.Arbitrary<PresenceSignal> = fc.oneof(
  fc.record({ type: fc.constant("view" as const), ticketId: fc.constantFrom(...ticketIds) }),
  fc.record({ type: fc.constant("typing" as const), typing: fc.boolean() }),
);
/** A connection's life: signals at increasing times. */
const timeline = fc.array(fc.tuple(signal, fc.integer({ min: 0, max: 10_000 })), { maxLength: 30 });
const connection = fc.record({ userId: fc.constantFrom(...userIds), steps: timeline });

function play(userId: string, steps: [PresenceSignal, number][]): { presence: Presence; now: number } {
  let now = 1_000_000;
  let presence = joined({ userId, name: userId.toUpperCase() }, now);
  for (const [s, gap] of steps) {
    now += gap;
    presence = applySignal(expireTyping(presence, now), s, now);
  }
  return { presence, now };
}

describe("presence transitions", () => {
  it("typing needs a ticket, lasts TYPING_TTL_MS from the last signal, and ends with another ticket or a stop", () => {
    fc.assert(
      fc.property(connection, ({ userId, steps }) => {
        const { presence, now } = play(userId, steps);
        if (presence.typingUntil !== null) {
          expect(presence.ticketId).not.toBeNull();
          expect(presence.typingUntil).toBeLessThanOrEqual(now + TYPING_TTL_MS);
        }
        const last = steps.at(-1)?.[0];
        const before = play(userId, steps.slice(0, -1)).presence;
        if ((last?.type === "view" && last.ticketId !== before.ticketId) || (last?.type === "typing" && !last.typing)) expect(isTyping(presence, now)).toBe(false);
        if (last?.type === "typing" && last.typing && presence.ticketId !== null) expect(isTyping(presence, now)).toBe(true);
        // Without renewal the lease runs out, and only then.
        expect(isTyping(presence, now + TYPING_TTL_MS)).toBe(false);
        expect(isTyping(expireTyping(presence, now + TYPING_TTL_MS), now)).toBe(false);
      }),
    );
  });

  it("a signal that changes nothing returns the same object (nothing to store, nothing to send)", () => {
    fc.assert(
      fc.property(connection, signal, ({ userId, steps }, s) => {
        const { presence, now } = play(userId, steps);
        const once = applySignal(presence, s, now);
        if (s.type === "view") expect(applySignal(once, s, now)).toBe(once);
        if (s.type === "typing" && !s.typing) expect(applySignal(once, s, now)).toBe(once);
      }),
    );
  });

  it("the view: one entry per agent and ticket, typing if any of their tabs types there, sorted, gone with the last tab", () => {
    fc.assert(
      fc.property(fc.array(connection, { maxLength: 8 }), fc.integer({ min: 0, max: 20_000 }), (connections, later) => {
        const presences = connections.map(({ userId, steps }) => play(userId, steps).presence);
        const now = 1_000_000 + later;
        const view = presenceView(presences, now);
        const keys = view.map((v) => `${v.userId}/${v.ticketId}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const p of presences) expect(view.some((v) => v.userId === p.userId && v.ticketId === p.ticketId)).toBe(true);
        for (const v of view) expect(v.typing).toBe(presences.some((p) => p.userId === v.userId && p.ticketId === v.ticketId && isTyping(p, now)));
        expect(presenceView([...presences].reverse(), now)).toEqual(view);
        expect(sameView(view, presenceView(presences, now))).toBe(true);
        // Closing every tab of one agent removes them, and nobody else.
        const gone = presences[0]?.userId;
        if (gone) {
          const after = presenceView(presences.filter((p) => p.userId !== gone), now);
          expect(after.some((v) => v.userId === gone)).toBe(false);
          expect(after).toEqual(view.filter((v) => v.userId !== gone));
        }
      }),
    );
  });

  it("the next alarm is the earliest typing lease or connection's end; every connection ends CONNECTION_TTL_MS after it opened", () => {
    fc.assert(
      fc.property(fc.array(connection, { maxLength: 8 }), (connections) => {
        const presences = connections.map(({ userId, steps }) => play(userId, steps).presence);
        const times = presences.flatMap((p) => [p.reconnectAt, ...(p.typingUntil === null ? [] : [p.typingUntil])]);
        expect(nextExpiry(presences)).toBe(times.length ? Math.min(...times) : null);
        for (const p of presences) {
          expect(p.reconnectAt).toBe(1_000_000 + CONNECTION_TTL_MS);
          expect(mustReconnect(p, p.reconnectAt - 1)).toBe(false);
          expect(mustReconnect(p, p.reconnectAt)).toBe(true);
        }
      }),
    );
  });
});

describe("client signals", () => {
  it("accepts exactly the two signal shapes and ignores anything else", () => {
    expect(parseSignal(JSON.stringify({ type: "view", ticketId: "tkt_1" }))).toEqual({ type: "view", ticketId: "tkt_1" });
    expect(parseSignal(JSON.stringify({ type: "view", ticketId: null }))).toEqual({ type: "view", ticketId: null });
    expect(parseSignal(JSON.stringify({ type: "typing", typing: true }))).toEqual({ type: "typing", typing: true });
    for (const bad of ["", "ping", "{", "null", JSON.stringify({ type: "view" }), JSON.stringify({ type: "view", ticketId: "x".repeat(65) }), JSON.stringify({ type: "typing", typing: 1 }), JSON.stringify({ type: "typing", typing: true, userId: "usr_x" }), JSON.stringify({ type: "view", ticketId: "a".repeat(600) })])
      expect(parseSignal(bad)).toBeNull();
    expect(parseSignal(new ArrayBuffer(8))).toBeNull();
    fc.assert(fc.property(fc.string({ maxLength: 600 }), (text) => {
      const parsed = parseSignal(text);
      if (parsed) expect(["view", "typing"]).toContain(parsed.type);
    }));
  });
});

describe("update events", () => {
  it("name every changed field and carry the new value only of the listed ones", () => {
    const event = ticketUpdated("tkt_1", [{ field: "status", from: "new", to: "open" }, { field: "subject", from: "a", to: "b" }, { field: "assigneeId", from: null, to: "usr_a" }], { type: "agent", id: "usr_b" }, new Date(5));
    expect(event).toEqual({ type: "ticket.updated", ticketId: "tkt_1", fields: ["status", "subject", "assigneeId"], changes: { status: "open", assigneeId: "usr_a" }, actor: { type: "agent", id: "usr_b" }, at: 5 });
  });
});

describe("who is sent which event", () => {
  it("events for everyone go to everyone; an addressed one only to the agents it names", () => {
    const event = (i: number, userIds?: string[]) => ({ type: "ticket.updated", ticketId: `tkt_${i}`, fields: [], changes: {}, actor: { type: "system", id: null }, at: i, ...(userIds ? { userIds } : {}) }) as unknown as LiveEvent;
    fc.assert(
      fc.property(fc.array(fc.option(fc.subarray(userIds), { nil: undefined }), { maxLength: 10 }), fc.constantFrom(...userIds), (audiences, me) => {
        const events = audiences.map((audience, i) => event(i, audience));
        const mine = eventsFor(events, me);
        expect(mine).toEqual(events.filter((_, i) => audiences[i] === undefined || audiences[i]!.includes(me)));
      }),
    );
  });
});

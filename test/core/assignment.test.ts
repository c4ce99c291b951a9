import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { simulate, spread, type SimulationEvent } from "../../bench/lib/assignment-simulation";
import { chooseAssignee, eligible, returnsToPool, type AssignableTicket, type Candidate, type GroupAssignment } from "../../workers/core/assignment/assignment-rules";
import { queueOrder } from "../../workers/core/assignment/queue-order";

const AGENTS = 20;
const TICKETS = 1_000;
const agentId = (i: number) => `usr_${String(i).padStart(2, "0")}`;
const agents = (n = AGENTS, extra: Partial<Candidate> = {}): Candidate[] =>
  Array.from({ length: n }, (_, i) => ({ userId: agentId(i), available: true, openCount: 0, skillTags: [], skillLanguages: [], ...extra }));
const group = (extra: Partial<GroupAssignment> = {}): GroupAssignment => ({ groupId: "grp_1", method: "round_robin", cap: null, skills: "none", cursor: null, open: true, ...extra });

const ticketArb = (i: number) =>
  fc.record({
    vip: fc.boolean(),
    priority: fc.constantFrom("low", "normal", "high", "urgent"),
    createdAt: fc.integer({ min: 0, max: 10_000_000 }),
    tags: fc.subarray(["billing", "refund", "shipping"]),
    language: fc.constantFrom(null, "en", "zh-CN"),
  }).map((t): AssignableTicket => ({ ...t, id: `tkt_${String(i).padStart(4, "0")}` }));

/** `TICKETS` tickets arriving at random moments, with agents solving at random in between. */
const arrivalsArb = (solveWeight: number) =>
  fc
    .tuple(fc.tuple(...Array.from({ length: TICKETS }, (_, i) => ticketArb(i))), fc.array(fc.nat(AGENTS - 1), { minLength: 0, maxLength: TICKETS * solveWeight }), fc.infiniteStream(fc.nat()))
    .map(([tickets, solves, mix]) => {
      // Interleave the arrivals (in creation order) and the solves at random.
      const arriving = [...tickets].sort((a, b) => a.createdAt - b.createdAt);
      const events: SimulationEvent[] = [];
      let a = 0;
      let s = 0;
      const pick = mix[Symbol.iterator]();
      while (a < arriving.length || s < solves.length) {
        const takeArrival = s >= solves.length || (a < arriving.length && pick.next().value % 2 === 0);
        events.push(takeArrival ? { kind: "arrive", ticket: arriving[a++]! } : { kind: "solve", agent: solves[s++]! });
      }
      return events;
    });

const RUNS = { numRuns: 15 };

describe("automatic assignment: fairness (issue 15: 20 available agents, 1,000 tickets arriving at random)", () => {
  it("round-robin gives every agent within 1 ticket of every other", () => {
    fc.assert(
      fc.property(arrivalsArb(0), fc.option(fc.constantFrom(...agents().map((a) => a.userId)), { nil: null }), (events, cursor) => {
        const result = simulate(group({ cursor }), agents(), events);
        expect(Object.values(result.received).reduce((a, b) => a + b, 0)).toBe(TICKETS);
        expect(spread(result.received)).toBeLessThanOrEqual(1);
      }),
      RUNS,
    );
  });

  it("least open never gives an agent more than the cap, and a ticket waits only while every agent is at the cap", () => {
    fc.assert(
      fc.property(arrivalsArb(1), fc.integer({ min: 1, max: 60 }), (events, cap) => {
        const result = simulate(group({ method: "least_open", cap }), agents(), events);
        expect(result.maxOpen).toBeLessThanOrEqual(cap);
        if (result.waiting.length) expect(result.agents.every((a) => a.openCount === cap)).toBe(true);
      }),
      RUNS,
    );
  });

  it("VIP and urgent tickets are taken before the others that waited with them", () => {
    fc.assert(
      fc.property(arrivalsArb(1), fc.integer({ min: 1, max: 5 }), fc.constantFrom("round_robin" as const, "least_open" as const), (events, cap, method) => {
        const result = simulate(group({ method, cap }), agents(), events);
        const order = new Map(result.assignments.map((a, i) => [a.ticketId, i]));
        for (const [i, a] of result.assignments.entries()) {
          const ticket = events.flatMap((e) => (e.kind === "arrive" && e.ticket.id === a.ticketId ? [e.ticket] : []))[0]!;
          for (const w of a.waitingBefore.filter((w) => queueOrder(w, ticket) < 0)) {
            expect(order.get(w.id)).toBeDefined();
            expect(order.get(w.id)!).toBeLessThan(i);
          }
        }
      }),
      RUNS,
    );
  });
});

const candidateArb = fc.record({
  userId: fc.constantFrom(...agents(8).map((a) => a.userId)),
  available: fc.boolean(),
  openCount: fc.nat(8),
  skillTags: fc.subarray(["billing", "refund", "shipping"]),
  skillLanguages: fc.subarray(["en", "zh-CN"]),
});
const candidatesArb = fc.uniqueArray(candidateArb, { selector: (c) => c.userId, maxLength: 8 });
const groupArb = fc.record({
  groupId: fc.constant("grp_1"),
  method: fc.constantFrom("off", "round_robin", "least_open"),
  cap: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }),
  skills: fc.constantFrom("none", "tags", "languages", "tags_and_languages"),
  cursor: fc.option(fc.constantFrom(...agents(8).map((a) => a.userId)), { nil: null }),
  open: fc.boolean(),
}) as fc.Arbitrary<GroupAssignment>;

describe("automatic assignment: who may receive a ticket (chooseAssignee)", () => {
  it("never an unavailable agent, nor anyone outside business hours or at the cap, nor one without the ticket's skills", () => {
    fc.assert(
      fc.property(groupArb, candidatesArb, ticketArb(1), (g, candidates, ticket) => {
        const choice = chooseAssignee(g, candidates, ticket);
        if (!choice) return;
        expect(g.method).not.toBe("off");
        expect(g.open).toBe(true);
        const agent = candidates.find((c) => c.userId === choice.userId)!;
        expect(agent.available).toBe(true);
        if (g.cap !== null) expect(agent.openCount).toBeLessThan(g.cap);
        const skillTags = new Set(candidates.flatMap((c) => c.skillTags));
        if (g.skills === "tags" || g.skills === "tags_and_languages") for (const tag of ticket.tags) if (skillTags.has(tag)) expect(agent.skillTags).toContain(tag);
        if ((g.skills === "languages" || g.skills === "tags_and_languages") && ticket.language) expect(agent.skillLanguages).toContain(ticket.language);
        expect(choice.reason).toBe(`assignment:${g.method}:grp_1`);
      }),
    );
  });

  it("someone is chosen whenever someone is eligible; least open takes the lowest load; round-robin the next after the cursor", () => {
    fc.assert(
      fc.property(groupArb, candidatesArb, ticketArb(1), (g, candidates, ticket) => {
        const pool = eligible(g, candidates, ticket);
        const choice = chooseAssignee(g, candidates, ticket);
        expect(choice === null).toBe(pool.length === 0);
        if (!choice) return;
        if (g.method === "least_open") expect(candidates.find((c) => c.userId === choice.userId)!.openCount).toBe(Math.min(...pool.map((c) => c.openCount)));
        if (g.method === "round_robin") {
          const ids = pool.map((c) => c.userId).sort();
          const after = ids.find((id) => g.cursor !== null && id > g.cursor);
          expect(choice.userId).toBe(after ?? ids[0]);
        }
      }),
    );
  });

  it("a ticket needing nobody's skills goes to any available member", () => {
    const [a, b] = agents(2, { skillTags: ["billing"] });
    const choice = chooseAssignee(group({ skills: "tags" }), [a!, { ...b!, skillTags: [] }], { id: "tkt_1", vip: false, priority: "normal", createdAt: 0, tags: ["shipping"], language: null });
    expect(choice?.userId).toBe(a!.userId);
    const billing = chooseAssignee(group({ skills: "tags", cursor: a!.userId }), [a!, { ...b!, skillTags: [] }], { id: "tkt_2", vip: false, priority: "normal", createdAt: 0, tags: ["billing"], language: null });
    expect(billing?.userId).toBe(a!.userId);
  });
});

describe("automatic assignment: the queue and the return to the pool", () => {
  it("orders VIP and urgent first, then the oldest", () => {
    fc.assert(
      fc.property(fc.array(ticketArb(0).map((t) => t), { maxLength: 30 }).map((ts) => ts.map((t, i) => ({ ...t, id: `tkt_${i}` }))), (tickets) => {
        const sorted = [...tickets].sort(queueOrder);
        const firstOther = sorted.findIndex((t) => !t.vip && t.priority !== "urgent");
        if (firstOther >= 0) expect(sorted.slice(firstOther).every((t) => !t.vip && t.priority !== "urgent")).toBe(true);
        for (let i = 1; i < sorted.length; i++) {
          const [p, q] = [sorted[i - 1]!, sorted[i]!];
          if ((p.vip || p.priority === "urgent") === (q.vip || q.priority === "urgent")) expect(p.createdAt).toBeLessThanOrEqual(q.createdAt);
        }
      }),
    );
  });

  it("returns a ticket only when the group says so, the agent is away long enough, and the ticket did not change since", () => {
    fc.assert(
      fc.property(fc.option(fc.integer({ min: 1, max: 600 }), { nil: null }), fc.boolean(), fc.option(fc.integer({ min: 0, max: 100_000_000 }), { nil: null }), fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 0, max: 100_000_000 }), (minutes, available, changedAt, updatedAt, now) => {
        const returned = returnsToPool(minutes, { available, changedAt }, updatedAt, now);
        expect(returned).toBe(minutes !== null && !available && changedAt !== null && now - changedAt >= minutes * 60_000 && updatedAt <= changedAt);
      }),
    );
  });
});

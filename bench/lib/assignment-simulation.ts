import { assignQueue, chooseAssignee, withOneMore, type AssignableTicket, type Candidate, type GroupAssignment } from "../../workers/core/assignment/assignment-rules";

/**
 * Tickets arriving at a group one after another, and agents solving tickets in between: the
 * pure assignment core run as the app runs it (a new ticket is assigned on arrival if anyone may
 * take it, else it waits; waiting tickets are assigned in queue order when an agent frees up).
 * Used by the fairness property tests (test/core/assignment.test.ts) and the bench
 * (bench/run-assignment-bench.mjs).
 */
export type SimulationEvent = { kind: "arrive"; ticket: AssignableTicket } | { kind: "solve"; agent: number };

export interface SimulationResult {
  /** Tickets each agent received, by user id. */
  received: Record<string, number>;
  /** The most new and open tickets any agent held at any moment. */
  maxOpen: number;
  /** Each assignment in order: the ticket, the agent, and the tickets still waiting before it was made. */
  assignments: { ticketId: string; userId: string; waitingBefore: AssignableTicket[] }[];
  /** Tickets still waiting at the end. */
  waiting: AssignableTicket[];
  /** The agents at the end (their open tickets). */
  agents: Candidate[];
}

export function simulate(group: GroupAssignment, agents: readonly Candidate[], events: readonly SimulationEvent[]): SimulationResult {
  let state = { group, candidates: [...agents] };
  let waiting: AssignableTicket[] = [];
  const received: Record<string, number> = Object.fromEntries(agents.map((a) => [a.userId, 0]));
  const assignments: SimulationResult["assignments"] = [];
  let maxOpen = Math.max(0, ...agents.map((a) => a.openCount));
  const record = (ticketId: string, userId: string, waitingBefore: AssignableTicket[]) => {
    received[userId] = (received[userId] ?? 0) + 1;
    assignments.push({ ticketId, userId, waitingBefore });
  };
  for (const event of events) {
    if (event.kind === "arrive") {
      // Nothing jumps the queue: with tickets waiting, a new one joins them (docs/assignment.md).
      const choice = waiting.length ? null : chooseAssignee(state.group, state.candidates, event.ticket);
      if (!choice) {
        waiting.push(event.ticket);
        continue;
      }
      record(event.ticket.id, choice.userId, []);
      state = { group: { ...state.group, cursor: choice.userId }, candidates: withOneMore(state.candidates, choice.userId) };
    } else {
      const agent = state.candidates[event.agent % state.candidates.length];
      if (!agent || agent.openCount === 0) continue;
      state.candidates = state.candidates.map((c) => (c.userId === agent.userId ? { ...c, openCount: c.openCount - 1 } : c));
      const before = waiting;
      const pass = assignQueue(state.group, state.candidates, waiting);
      for (const a of pass.assigned) record(a.ticketId, a.userId, before);
      const taken = new Set(pass.assigned.map((a) => a.ticketId));
      waiting = waiting.filter((t) => !taken.has(t.id));
      state = { group: pass.group, candidates: pass.candidates };
    }
    maxOpen = Math.max(maxOpen, ...state.candidates.map((c) => c.openCount));
  }
  return { received, maxOpen, assignments, waiting, agents: state.candidates };
}

/** The difference between the most and the fewest tickets any agent received. */
export const spread = (received: Record<string, number>) => {
  const counts = Object.values(received);
  return Math.max(...counts) - Math.min(...counts);
};

import { describe, expect, it } from "vitest";
import { call, newMember, newTicket, newWorkspace } from "../helpers/api";
import { tick } from "../helpers/cron";

// The follow-up tasks (回访) in the ticket list: each row carries its link and due date (the
// list's "due" badge), and `taskOfId` lists a ticket's follow-up tasks (its ticket page's panel).

const MINUTE = 60_000;

/** A workspace with the 回访 preset, a solved complaint assigned to an agent, and the cron run after it. */
async function solvedComplaintWithFollowUp() {
  const ws = await newWorkspace();
  expect((await call("POST", "/automations/from-preset", { token: ws.token, body: { preset: "complaint_follow_up" } })).status).toBe(201);
  const agent = await newMember(ws.token, "agent", "Ada Agent");
  const complaint = await newTicket(ws.token, { subject: "投诉：茶叶受潮", type: "complaint", assigneeId: agent.user.id });
  const other = await newTicket(ws.token, { subject: "Another complaint", type: "complaint", assigneeId: agent.user.id });
  expect((await call("PATCH", `/tickets/${complaint.id}`, { token: ws.token, body: { status: "solved" } })).status).toBe(200);
  await tick(new Date(Date.now() + 2 * MINUTE));
  return { ws, agent, complaint, other };
}

describe("follow-up tasks in the ticket list", () => {
  it("the agent's list row of the task carries its link and due date; taskOfId lists a ticket's follow-ups and nothing else", { timeout: 120_000 }, async () => {
    const { ws, agent, complaint, other } = await solvedComplaintWithFollowUp();
    const mine = (await call("GET", `/tickets?assigneeId=${agent.user.id}&type=task`, { token: agent.token })).body.items;
    expect(mine).toHaveLength(1);
    const [task] = mine;
    expect(task).toMatchObject({ type: "task", taskOfId: complaint.id, assigneeId: agent.user.id });
    expect(Date.parse(task.dueAt)).toBeGreaterThan(Date.now());
    // The list's row says what the task's own page says.
    const page = (await call("GET", `/tickets/${task.id}`, { token: agent.token })).body;
    expect({ taskOfId: task.taskOfId, dueAt: task.dueAt }).toEqual({ taskOfId: page.taskOfId, dueAt: page.dueAt });

    const followUps = await call("GET", `/tickets?taskOfId=${complaint.id}`, { token: agent.token });
    expect(followUps.status).toBe(200);
    expect(followUps.body.items.map((t: { id: string }) => t.id)).toEqual([task.id]);
    // A ticket with none (the other complaint, not solved; the task itself) lists nothing.
    for (const id of [other.id, task.id]) expect((await call("GET", `/tickets?taskOfId=${id}`, { token: agent.token })).body.items).toEqual([]);
    // Ordinary rows carry nulls.
    const all = (await call("GET", "/tickets?status=new,open,pending,on_hold,solved,closed", { token: ws.token })).body.items;
    expect(all.find((t: { id: string }) => t.id === complaint.id)).toMatchObject({ taskOfId: null, dueAt: null });
  });

  it("another workspace's ticket lists none of its follow-ups; a malformed taskOfId is a 400 problem", { timeout: 120_000 }, async () => {
    const { complaint } = await solvedComplaintWithFollowUp();
    const stranger = await newWorkspace("Other Tea");
    const across = await call("GET", `/tickets?taskOfId=${complaint.id}`, { token: stranger.token });
    expect(across.status).toBe(200);
    expect(across.body.items).toEqual([]);
    const bad = await call("GET", `/tickets?taskOfId=${"x".repeat(65)}`, { token: stranger.token });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    expect(bad.body).toMatchObject({ status: bad.status });
  });
});

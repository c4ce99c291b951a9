import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, newTicket, newWorkspace } from "../helpers/api";
import { tick } from "../helpers/cron";
import { newUsage } from "../helpers/d1-recorder";

/**
 * The cron's scans say whether each due ticket's workspace has an active trigger: a workspace
 * without one has its auto-closes (and alerts, escalations) written without the trigger reads —
 * a dozen statements per ticket — and a workspace with one still has its triggers run.
 */
async function solvedTicket(token: string) {
  const ticket = await newTicket(token);
  const solved = await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "reply", body: "Sorted.", status: "solved" } });
  expect(solved.status).toBe(201);
  return { id: ticket.id as string, solvedAt: Date.parse(solved.body.ticket.solvedAt) };
}

async function tickRecorded(at: Date) {
  const usage = newUsage();
  await tick(at, usage);
  return usage;
}

/** The trigger reads' statements (each looks into the triggers' actions), but the webhooks subscribed to ticket events, read either way. */
const triggerReads = (usage: ReturnType<typeof newUsage>) => usage.sql.filter((s) => s.sql.includes("json_each(t.actions)") && !s.sql.includes('from "webhooks"'));

describe("the cron's writes in workspaces without triggers", () => {
  it("an auto-close sends no trigger reads where no trigger is active, and runs the triggers where one is", async () => {
    const plain = await newWorkspace("No Triggers");
    const ruled = await newWorkspace("With Triggers");
    const trigger = { name: "Closed", events: ["ticket_updated"], conditions: { all: [{ field: "status", op: "is", value: ["closed"] }], any: [] }, actions: [{ type: "add_tags", tags: ["closed_by_cron"] }] };
    expect((await call("POST", "/triggers", { token: ruled.token, body: trigger })).status).toBe(201);

    const quiet = await solvedTicket(plain.token);
    const first = await tickRecorded(new Date(quiet.solvedAt + 5 * 86_400_000));
    expect((await call("GET", `/tickets/${quiet.id}`, { token: plain.token })).body.status).toBe("closed");
    expect(triggerReads(first).map((s) => s.sql.slice(0, 300))).toEqual([]);

    const busy = await solvedTicket(ruled.token);
    const second = await tickRecorded(new Date(busy.solvedAt + 5 * 86_400_000));
    expect((await call("GET", `/tickets/${busy.id}`, { token: ruled.token })).body.status).toBe("closed");
    const fired = await env.DB.prepare("select fired_count as n from triggers where tenant_id = ?").bind(ruled.workspace.id).first<{ n: number }>();
    expect(fired!.n).toBe(1); // a closed ticket does not change, but the trigger ran and fired
    expect(triggerReads(second).length).toBeGreaterThan(0);
  });
});

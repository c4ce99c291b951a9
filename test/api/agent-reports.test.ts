import { beforeAll, describe, expect, it } from "vitest";
import { call, expectProblem, newMember, newTicket, newWorkspace } from "../helpers/api";

/**
 * Agents' own numbers: an agent reads the KPI report of the tickets assigned to them and nothing
 * else; owners and admins read the workspace's, or any one agent's.
 */
type Workspace = Awaited<ReturnType<typeof newWorkspace>>;
type Member = Awaited<ReturnType<typeof newMember>>;
let ws: Workspace;
let ada: Member;
let bo: Member;
let admin: Member;
const today = new Date().toISOString().slice(0, 10);
const RANGE = `from=${today}&to=${today}&timeZone=UTC`;

beforeAll(async () => {
  ws = await newWorkspace("Own Numbers");
  ada = await newMember(ws.token, "agent", "Ada Agent");
  bo = await newMember(ws.token, "agent", "Bo Agent");
  admin = await newMember(ws.token, "admin", "Ann Admin");
  await newTicket(ws.token, { assigneeId: ada.user.id, type: "complaint" });
  await newTicket(ws.token, { assigneeId: ada.user.id });
  await newTicket(ws.token, { assigneeId: bo.user.id });
  await newTicket(ws.token);
});

const kpis = (token: string, query = "") => call("GET", `/reports/kpis?${RANGE}${query}`, { token });

describe("agents' own numbers", () => {
  it("an agent reads the report of the tickets assigned to them", async () => {
    const mine = await kpis(ada.token, `&assigneeId=${ada.user.id}`);
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(mine.body.total).toMatchObject({ ticketsCreated: 2, complaints: 1, backlogNow: 2 });
    const bos = await kpis(bo.token, `&assigneeId=${bo.user.id}&groupBy=agent`);
    expect(bos.body.total.ticketsCreated).toBe(1);
    // Every agent still has a bucket (the labels are the workspace's), but only Bo's holds tickets.
    const counted = (bos.body.buckets as { key: string; kpis: { ticketsCreated: number } }[]).filter((b) => b.kpis.ticketsCreated > 0).map((b) => b.key);
    expect(counted).toEqual([bo.user.id]);
  });

  it("an agent gets 403 for the workspace's report and for another agent's, in JSON and CSV", async () => {
    for (const query of ["", `&assigneeId=${bo.user.id}`, "&assigneeId=", `&assigneeId=${ws.user.id}`]) {
      expectProblem(await kpis(ada.token, query), 403, "forbidden");
      expectProblem(await call("GET", `/reports/kpis.csv?${RANGE}${query}`, { token: ada.token }), 403, "forbidden");
    }
  });

  it("the CSV of an agent's own numbers is theirs alone, named for them", async () => {
    const csv = await call("GET", `/reports/kpis.csv?${RANGE}&assigneeId=${ada.user.id}`, { token: ada.token });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Disposition")).toBe(`attachment; filename="kpis-${today}-to-${today}-agent-${ada.user.id}.csv"`);
    const total = String(csv.body).split("\r\n")[1]!.split(",");
    expect(total).toContain("2"); // tickets created
  });

  it("owners and admins read the whole workspace, or pick one agent", async () => {
    for (const token of [ws.token, admin.token]) {
      expect((await kpis(token)).body.total.ticketsCreated).toBe(4);
      expect((await kpis(token, `&assigneeId=${ada.user.id}`)).body.total.ticketsCreated).toBe(2);
      expect((await kpis(token, `&assigneeId=${bo.user.id}`)).body.total.ticketsCreated).toBe(1);
    }
  });

  it("never reaches another workspace's tickets, whatever id is asked for", async () => {
    const other = await newWorkspace("Other Numbers");
    expect((await kpis(other.token, `&assigneeId=${ada.user.id}`)).body.total.ticketsCreated).toBe(0);
    expectProblem(await kpis(ada.token, `&assigneeId=${other.user.id}`), 403, "forbidden");
  });
});

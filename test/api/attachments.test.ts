import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signFileLink } from "../../workers/core/attachments/file-link";
import { call, expectProblem, newMember, newTicket, newWorkspace } from "../helpers/api";

const SECRET = "test-secret-not-for-production-0123456789";

/** POST /uploads with raw bytes (the JSON helper sends text only). */
async function upload(token: string, filename: string, bytes: Uint8Array | string, contentType = "application/pdf") {
  const response = await exports.default.fetch(
    new Request(`https://kefu.test/api/v1/uploads?filename=${encodeURIComponent(filename)}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": contentType },
      body: bytes,
    }),
  );
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

const bytesOf = (size: number, fill = 7) => new Uint8Array(size).fill(fill);

describe("attachments on replies and notes", () => {
  it("a reply carries an uploaded file: stored as the message's attachment, in the outbox as a part, downloadable", async () => {
    const { token } = await newWorkspace();
    const ticket = await newTicket(token);
    const up = await upload(token, "invoice 发票.pdf", "%PDF-1.4 hello", "application/pdf");
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({ filename: "invoice 发票.pdf", contentType: "application/pdf", size: 14 });

    const sent = await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "reply", body: "Here is the invoice.", attachments: [up.body.id] } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);

    const list = (await call("GET", `/tickets/${ticket.id}/attachments`, { token })).body.items;
    expect(list).toEqual([expect.objectContaining({ messageId: sent.body.message.id, filename: "invoice 发票.pdf", size: 14, stored: true })]);
    const download = await exports.default.fetch(new Request(`https://kefu.test${list[0].url}`, { headers: { Authorization: `Bearer ${token}` } }));
    expect(await download.text()).toBe("%PDF-1.4 hello");

    const [mail] = (await call("GET", `/dev/outbox?ticketId=${ticket.id}`, { token })).body.items.filter((m: { purpose: string }) => m.purpose === "reply");
    expect(mail.attachments).toEqual([{ filename: "invoice 发票.pdf", contentType: "application/pdf", size: 14 }]);
    expect(mail.status, mail.lastError).toBe("sent");
    expect(mail.bodyText).not.toContain("/api/v1/files/");

    // Sent once: the upload is gone and cannot be sent again.
    const again = await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "note", body: "again", attachments: [up.body.id] } });
    expectProblem(again, 422, "unknown_upload");
  });

  it("a note keeps its files internal: attached to the note, nothing mailed", async () => {
    const { token } = await newWorkspace();
    const ticket = await newTicket(token);
    const up = await upload(token, "screenshot.png", bytesOf(100), "image/png");
    const note = await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "note", body: "See screenshot", attachments: [up.body.id] } });
    expect(note.status).toBe(201);
    const list = (await call("GET", `/tickets/${ticket.id}/attachments`, { token })).body.items;
    expect(list).toEqual([expect.objectContaining({ messageId: note.body.message.id, filename: "screenshot.png" })]);
    expect(note.body.outbound).toBeNull();
  });

  it("refuses files over the size limit, of blocked types, empty, and too many per message, with codes", async () => {
    const { token } = await newWorkspace();
    const ticket = await newTicket(token);
    expectProblem(await upload(token, "big.bin", bytesOf(20 * 1024 * 1024 + 1)), 413, "file_too_large");
    expectProblem(await upload(token, "setup.exe", bytesOf(10), "application/octet-stream"), 415, "file_type_not_allowed");
    expectProblem(await upload(token, "notes.txt", bytesOf(10), "application/x-msdownload"), 415, "file_type_not_allowed");
    expectProblem(await upload(token, "empty.txt", new Uint8Array(0), "text/plain"), 422, "file_empty");
    const missingName = await exports.default.fetch(new Request("https://kefu.test/api/v1/uploads", { method: "POST", headers: { Authorization: `Bearer ${token}` }, body: "x" }));
    expect(missingName.status).toBe(422);
    const many = await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "note", body: "x", attachments: Array.from({ length: 11 }, (_, i) => `upl_${i}`) } });
    expectProblem(many, 422, "validation_failed");
    const unknown = await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "note", body: "x", attachments: ["upl_nope"] } });
    expectProblem(unknown, 422, "unknown_upload");
    // Nothing was written by the refused message.
    expect((await call("GET", `/tickets/${ticket.id}/messages`, { token })).body.items).toHaveLength(1);
  });

  it("accepts a file just under the limit (over the JSON API's 1 MiB) and removes an upload on request", async () => {
    const { token } = await newWorkspace();
    const up = await upload(token, "photo.jpg", bytesOf(2 * 1024 * 1024), "image/jpeg");
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(await env.BLOBS.head(`att/${(await call("GET", "/workspace", { token })).body.id}/up/${up.body.id}`)).not.toBeNull();
    expect((await call("DELETE", `/uploads/${up.body.id}`, { token })).status).toBe(204);
    expectProblem(await call("DELETE", `/uploads/${up.body.id}`, { token }), 404, "not_found");
  });

  it("a file too large to attach goes as a signed link that downloads, and refuses an expired or forged one", async () => {
    const { token } = await newWorkspace();
    const ticket = await newTicket(token);
    const small = await upload(token, "small.txt", "small file", "text/plain");
    const large = await upload(token, "catalogue.pdf", bytesOf(3 * 1024 * 1024 + 10, 65), "application/pdf");
    const sent = await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "reply", body: "Two files.", attachments: [large.body.id, small.body.id] } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const [mail] = (await call("GET", `/dev/outbox?ticketId=${ticket.id}`, { token })).body.items.filter((m: { purpose: string }) => m.purpose === "reply");
    expect(mail.attachments).toEqual([{ filename: "small.txt", contentType: "text/plain", size: 10 }]);
    expect(mail.bodyText).toContain("Files too large to attach (download links, valid for 30 days):");
    const url = /- catalogue\.pdf \(3\.0 MB\): (\S+)/.exec(mail.bodyText)![1]!;
    expect(url).toMatch(/^http:\/\/localhost:8787\/api\/v1\/files\//);
    const path = new URL(url).pathname;

    const ok = await exports.default.fetch(new Request(`https://kefu.test${path}`));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("Content-Disposition")).toContain("catalogue.pdf");
    expect((await ok.arrayBuffer()).byteLength).toBe(3 * 1024 * 1024 + 10);

    const token64 = path.split("/").pop()!;
    const forged = token64.slice(0, -4) + (token64.endsWith("AAAA") ? "BBBB" : "AAAA");
    expectProblem(await call("GET", `/files/${forged}`), 404, "file_link_invalid");
    const [attachment] = (await call("GET", `/tickets/${ticket.id}/attachments`, { token })).body.items.filter((a: { filename: string }) => a.filename === "catalogue.pdf");
    const tenantId = (await call("GET", "/workspace", { token })).body.id;
    const expired = await signFileLink(SECRET, { tenantId, attachmentId: attachment.id }, new Date(Date.now() - 31 * 86_400_000));
    expectProblem(await call("GET", `/files/${expired}`), 404, "file_link_invalid");
    const otherSecret = await signFileLink("another-secret-entirely-0123456789", { tenantId, attachmentId: attachment.id }, new Date());
    expectProblem(await call("GET", `/files/${otherSecret}`), 404, "file_link_invalid");
    expectProblem(await call("GET", "/files/not-a-token"), 404, "file_link_invalid");
  });

  it("tenant isolation: another workspace (or another agent) cannot send, remove or download your upload", async () => {
    const a = await newWorkspace("Shop A");
    const b = await newWorkspace("Shop B");
    const ticketB = await newTicket(b.token);
    const up = await upload(a.token, "secret.pdf", "%PDF secret", "application/pdf");
    expectProblem(await call("POST", `/tickets/${ticketB.id}/messages`, { token: b.token, body: { kind: "note", body: "x", attachments: [up.body.id] } }), 422, "unknown_upload");
    expectProblem(await call("DELETE", `/uploads/${up.body.id}`, { token: b.token }), 404, "not_found");
    const colleague = await newMember(a.token);
    const ticketA = await newTicket(a.token);
    expectProblem(await call("POST", `/tickets/${ticketA.id}/messages`, { token: colleague.token, body: { kind: "note", body: "x", attachments: [up.body.id] } }), 422, "unknown_upload");

    // A file link names its workspace: one naming B for A's attachment finds nothing.
    const sent = await call("POST", `/tickets/${ticketA.id}/messages`, { token: a.token, body: { kind: "note", body: "mine", attachments: [up.body.id] } });
    expect(sent.status).toBe(201);
    const [attachment] = (await call("GET", `/tickets/${ticketA.id}/attachments`, { token: a.token })).body.items;
    expectProblem(await call("GET", `/attachments/${attachment.id}/content`, { token: b.token }), 404);
    const tenantB = (await call("GET", "/workspace", { token: b.token })).body.id;
    expectProblem(await call("GET", `/files/${await signFileLink(SECRET, { tenantId: tenantB, attachmentId: attachment.id }, new Date())}`), 404, "file_link_invalid");
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toMultiLine, toSingleLine } from "../../workers/api/schemas/common";
import { call, expectProblem, newTicket, newWorkspace, typedClient } from "../helpers/api";

/** Control characters and the Unicode line/paragraph separators: what a single-line field must never hold. */
const NOT_SINGLE_LINE = /[\p{Cc}\u2028\u2029]/u;
const hostileText = fc.string({
  unit: fc.oneof(
    fc.constantFrom("\u0000", "\u0001", "\u001f", "\t", "\n", "\r", "\u000b", "\u000c", "\u007f", "\u0080", "\u0085", "\u009f", "\u2028", "\u2029", " ", "\u3000"),
    fc.constantFrom("a", "Z", "长", "😀", "e\u0301"),
    fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
  ),
  maxLength: 40,
});
const visible = (text: string) => text.replace(/[\p{Cc}\u2028\u2029\s]/gu, "");

describe("toSingleLine (property)", () => {
  it("leaves no control character or line separator, no blank at either end, and every visible character in order", () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const line = toSingleLine(text);
        expect(line).not.toMatch(NOT_SINGLE_LINE);
        expect(line).toBe(line.trim());
        expect(visible(line)).toBe(visible(text));
        expect(toSingleLine(line)).toBe(line);
      }),
    );
  });

  it("changes text without controls only by trimming it", () => {
    fc.assert(
      fc.property(hostileText.filter((t) => !NOT_SINGLE_LINE.test(t)), (text) => {
        expect(toSingleLine(text)).toBe(text.trim());
      }),
    );
  });

  it("turns each run of line breaks and tabs into one space and drops the other controls", () => {
    expect(toSingleLine("a\u0000b\r\nc")).toBe("ab c");
    expect(toSingleLine("  Refund\t\t\u2028please\u0085now\u007f ")).toBe("Refund please now");
    expect(toSingleLine("\u0000\u0001\r\n")).toBe("");
  });
});

describe("toMultiLine (property)", () => {
  it("keeps TAB, LF and CR and every visible character; loses every other control", () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const body = toMultiLine(text);
        expect(body).not.toMatch(/[^\P{Cc}\t\n\r]/u);
        const breaks = (t: string) => t.replace(/[^\t\n\r]/g, "");
        expect(breaks(body)).toBe(breaks(text));
        expect(visible(body)).toBe(visible(text));
        expect(toMultiLine(body)).toBe(body);
      }),
    );
  });
});

describe("text fields through the API", () => {
  it("a subject, name, organisation and tag lose control characters and line breaks; a message body keeps its lines and loses NUL", async () => {
    const { token } = await newWorkspace();
    const client = typedClient(token);
    const created = await client.tickets.$post({
      json: { subject: "a\u0000b\r\nc", description: "Line one\r\nLine\ttwo\u0000\u0007", requester: { email: "nul@example.com", name: "Li\u0000 Wei\n" }, tags: ["vip\u0000\r\nbuyer"] },
    });
    expect(created.status).toBe(201);
    if (created.status !== 201) return;
    const ticket = await created.json();
    expect(ticket.subject).toBe("ab c");
    expect(ticket.tags).toEqual(["vip_buyer"]); // the line break became a space, which tags store as "_"
    const [message] = (await call("GET", `/tickets/${ticket.id}/messages`, { token })).body.items;
    expect(message.bodyText).toBe("Line one\r\nLine\ttwo");
    const requester = (await call("GET", `/customers/${ticket.requesterId}`, { token })).body;
    expect(requester.name).toBe("Li Wei");

    const customer = await call("POST", "/customers", { token, body: { name: "陈\u2028静", emails: ["chen@example.com"], organization: "\u0085Jade\u0000 Garden\u2029", notes: "Line\u0000 one\nline two\n" } });
    expect(customer.status).toBe(201);
    expect(customer.body).toMatchObject({ name: "陈 静", organization: "Jade Garden", notes: "Line one\nline two\n" });
  });

  it("a single-line field of nothing but controls and blanks is empty: 422 naming it", async () => {
    const { token } = await newWorkspace();
    const problem = expectProblem(await call("POST", "/tickets", { token, body: { subject: "\u0000\r\n\u0001 ", description: "x", requester: { email: "a@example.com" } } }), 422, "validation_failed");
    expect(problem.errors!.map((e) => e.field)).toEqual(["body.subject"]);
    const ticket = await newTicket(token);
    const empty = expectProblem(await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "note", body: "\u0000\u0000" } }), 422, "validation_failed");
    expect(empty.errors!.map((e) => e.field)).toEqual(["body.body"]);
    // Length is counted after cleaning: 500 characters of subject plus control characters fit.
    const long = await call("POST", "/tickets", { token, body: { subject: "s".repeat(500) + "\u0000".repeat(20), description: "x", requester: { email: "a@example.com" } } });
    expect(long.status).toBe(201);
    expect(long.body.subject).toBe("s".repeat(500));
  });
});

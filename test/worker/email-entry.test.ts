import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../workers/main";
import { newWorkspace } from "../helpers/api";

function inbound(to: string) {
  const raw = `From: Li Wei <li.wei@example.com>\r\nTo: ${to}\r\nSubject: Hello\r\nMessage-ID: <abc@example.com>\r\n\r\nHi there\r\n`;
  const rejected: string[] = [];
  const message = {
    from: "li.wei@example.com",
    to,
    headers: new Headers({ Subject: "Hello" }),
    raw: new Response(raw).body!,
    rawSize: raw.length,
    setReject: (reason: string) => void rejected.push(reason),
    forward: async () => ({ messageId: "x" }),
    reply: async () => ({ messageId: "x" }),
  } as unknown as ForwardableEmailMessage;
  return { message, rejected };
}

describe("email() entry point", () => {
  it("rejects mail to an address no workspace owns, permanently", async () => {
    const { message, rejected } = inbound("nobody-here@kefu.localhost");
    await worker.email(message, env, createExecutionContext());
    expect(rejected).toEqual([expect.stringContaining("nobody-here@kefu.localhost")]);
    const foreign = inbound("support@elsewhere.example");
    await worker.email(foreign.message, env, createExecutionContext());
    expect(foreign.rejected).toHaveLength(1);
  });

  it("routes a workspace's built-in address (also with +tag) and, until ingestion lands, defers it so the sender retries", async () => {
    const { slug } = await newWorkspace();
    for (const to of [`${slug}@kefu.localhost`, `${slug}+1234@KEFU.localhost`]) {
      const { message, rejected } = inbound(to);
      await expect(worker.email(message, env, createExecutionContext())).rejects.toThrow(/try again later/);
      expect(rejected).toEqual([]);
    }
  });
});

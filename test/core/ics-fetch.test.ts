import { describe, expect, it } from "vitest";
import { AppError } from "../../workers/core/errors";
import { fetchIcs, ICS_MAX_BYTES } from "../../workers/core/sla/ics-fetch";

/** A fake network: each URL answers with the given response. */
const fakeFetch = (routes: Record<string, () => Response>) => {
  const seen: string[] = [];
  const fetcher = (async (input: RequestInfo | URL) => {
    const url = String(input);
    seen.push(url);
    const route = routes[url];
    if (!route) throw new TypeError("network down");
    return route();
  }) as typeof fetch;
  return { fetcher, seen };
};
const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe("ics_fetch_failed");
  return (error as AppError).message;
};

describe("fetchIcs", () => {
  it("follows a redirect to another public https URL and returns the text", async () => {
    const net = fakeFetch({
      "https://a.example/h.ics": () => new Response(null, { status: 302, headers: { Location: "https://b.example/real.ics" } }),
      "https://b.example/real.ics": () => new Response("BEGIN:VCALENDAR"),
    });
    expect(await fetchIcs("https://a.example/h.ics", net.fetcher)).toBe("BEGIN:VCALENDAR");
    expect(net.seen).toEqual(["https://a.example/h.ics", "https://b.example/real.ics"]);
  });
  it("refuses private hosts, also behind a redirect, and plain http", async () => {
    const net = fakeFetch({ "https://a.example/h.ics": () => new Response(null, { status: 301, headers: { Location: "http://127.0.0.1/x" } }) });
    expect(await refusal(fetchIcs("https://a.example/h.ics", net.fetcher))).toMatch(/this machine|https/);
    expect(await refusal(fetchIcs("https://192.168.1.1/h.ics", net.fetcher))).toMatch(/192\.168/);
    expect(await refusal(fetchIcs("http://a.example/h.ics", net.fetcher))).toMatch(/https/);
    expect(net.seen).toEqual(["https://a.example/h.ics"]);
  });
  it("refuses error answers, endless redirects, failures and files over 1 MiB", async () => {
    const big = "x".repeat(ICS_MAX_BYTES + 1);
    const net = fakeFetch({
      "https://a.example/404": () => new Response("no", { status: 404 }),
      "https://a.example/loop": () => new Response(null, { status: 302, headers: { Location: "/loop" } }),
      "https://a.example/big": () => new Response(big),
      "https://a.example/chunked": () => new Response(new Blob([big]).stream()),
    });
    expect(await refusal(fetchIcs("https://a.example/404", net.fetcher))).toMatch(/404/);
    expect(await refusal(fetchIcs("https://a.example/loop", net.fetcher))).toMatch(/redirects/);
    expect(await refusal(fetchIcs("https://a.example/down", net.fetcher))).toMatch(/network down/);
    expect(await refusal(fetchIcs("https://a.example/big", net.fetcher))).toMatch(/1 MiB/);
    expect(await refusal(fetchIcs("https://a.example/chunked", net.fetcher))).toMatch(/1 MiB/);
  });
});

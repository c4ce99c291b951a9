import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { webhookTargetProblem, webhookUrlProblem } from "../../workers/core/webhooks/webhook-url";

// The ranges Kefu must never post to, written out here independently of the library the code uses.
const BLOCKED_V4: [string, number][] = [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
  // Also special-purpose, and refused (anycast relays, AS112, AMT)
  ["192.88.99.0", 24],
  ["192.175.48.0", 24],
  ["192.31.196.0", 24],
  ["192.52.193.0", 24],
];
const LOOPBACK_V4: [string, number] = ["127.0.0.0", 8];

const toInt = (dotted: string) => dotted.split(".").reduce((n, part) => n * 256 + Number(part), 0);
const inRange = (n: number, [base, bits]: [string, number]) => Math.floor(n / 2 ** (32 - bits)) === Math.floor(toInt(base) / 2 ** (32 - bits));
const dotted = (n: number) => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");

/** A 32-bit address inside `range`. */
const addressIn = ([base, bits]: [string, number]) => fc.integer({ min: 0, max: 2 ** (32 - bits) - 1 }).map((offset) => toInt(base) + offset);

/** Every way the WHATWG URL parser reads an IPv4 host: dotted, one number, hex, octal, two or three parts. */
const spelled = (n: number) =>
  fc.constantFrom(
    dotted(n),
    String(n),
    `0x${n.toString(16)}`,
    `0${n.toString(8)}`,
    dotted(n)
      .split(".")
      .map((p) => `0${Number(p).toString(8)}`)
      .join("."),
    dotted(n)
      .split(".")
      .map((p) => `0x${Number(p).toString(16)}`)
      .join("."),
    `${Math.floor(n / 2 ** 24)}.${n % 2 ** 24}`,
    `0x${Math.floor(n / 2 ** 24).toString(16)}.${n % 2 ** 24}`,
    `${Math.floor(n / 2 ** 24)}.${Math.floor(n / 2 ** 16) % 256}.${n % 2 ** 16}`,
    `${dotted(n)}.`,
  );

const hextet = fc.integer({ min: 0, max: 0xffff }).map((h) => h.toString(16));
const ipv6In = (first: number, bits: number) =>
  fc.tuple(fc.integer({ min: 0, max: 2 ** (16 - bits) - 1 }), fc.array(hextet, { minLength: 7, maxLength: 7 })).map(([low, rest]) => `[${(first + low).toString(16)}:${rest.join(":")}]`);

const url = (host: string) => fc.constantFrom(`https://${host}/hook`, `http://${host}:8080/hook`, `https://${host}:443/a?b=c`);

describe("webhook targets", () => {
  it("refuses every blocked IPv4 range in every numeric spelling, flag or no flag", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BLOCKED_V4).chain(addressIn).chain(spelled).chain(url),
        fc.boolean(),
        (target, allowLocal) => {
          expect(webhookTargetProblem(target, { allowLocal }), target).not.toBeNull();
        },
      ),
      { numRuns: 500 },
    );
  });

  it("refuses this machine (127.0.0.0/8, any spelling) unless WEBHOOKS_ALLOW_LOCAL is on", () => {
    fc.assert(
      fc.property(addressIn(LOOPBACK_V4).chain(spelled).chain(url), (target) => {
        expect(webhookTargetProblem(target), target).toMatch(/this machine/);
        expect(webhookTargetProblem(target, { allowLocal: true }), target).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it("refuses IPv6 loopback, link-local, unique-local, multicast and IPv4 inside IPv6", () => {
    const mapped = fc
      .constantFrom(...BLOCKED_V4, LOOPBACK_V4)
      .chain(addressIn)
      .chain((n) => fc.constantFrom(`[::ffff:${dotted(n)}]`, `[::ffff:${Math.floor(n / 65536).toString(16)}:${(n % 65536).toString(16)}]`, `[::${dotted(n)}]`, `[0:0:0:0:0:ffff:${dotted(n)}]`));
    const blocked = fc.oneof(ipv6In(0xfe80, 10), ipv6In(0xfc00, 7), ipv6In(0xff00, 8), fc.constantFrom("[::1]", "[::]", "[0:0:0:0:0:0:0:1]"), mapped);
    fc.assert(
      fc.property(blocked.chain(url), (target) => {
        expect(webhookTargetProblem(target), target).not.toBeNull();
      }),
      { numRuns: 400 },
    );
  });

  it("refuses names that resolve only inside a network", () => {
    const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
    const internal = fc.oneof(
      fc.tuple(label, fc.constantFrom("internal", "local", "localhost", "home.arpa", "lan")).map(([l, tld]) => `${l}.${tld}`),
      label, // single label: metadata, intranet …
      fc.constantFrom("localhost", "LOCALHOST", "localhost.", "metadata", "metadata.google.internal", "instance-data", "kubernetes.default.svc.cluster.local"),
    );
    fc.assert(
      fc.property(internal.chain(url), (target) => {
        const problem = webhookTargetProblem(target);
        expect(problem, target).not.toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it("accepts public https addresses and names, and refuses them over plain http", () => {
    const blocked = [...BLOCKED_V4, LOOPBACK_V4];
    const publicV4 = fc.integer({ min: 0, max: 2 ** 32 - 1 }).filter((n) => !blocked.some((r) => inRange(n, r)));
    const publicName = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/), fc.constantFrom("com", "cn", "example", "io", "co.uk")).map(([l, tld]) => `${l}.${tld}`);
    fc.assert(
      fc.property(fc.oneof(publicV4.map(dotted), publicName, fc.constantFrom("[2606:4700:4700::1111]", "[2001:4860:4860::8888]")), (host) => {
        expect(webhookTargetProblem(`https://${host}/hook`), host).toBeNull();
        expect(webhookTargetProblem(`http://${host}/hook`), host).toMatch(/https/);
      }),
      { numRuns: 300 },
    );
  });

  it("the examples named in the issue", () => {
    for (const host of ["169.254.169.254", "metadata.google.internal", "metadata", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "0x7f.1", "2130706433", "0177.0.0.1", "127.1", "[fe80::1]", "[fd00::1]", "100.64.0.1", "0.0.0.0"])
      expect(webhookTargetProblem(`https://${host}/latest/meta-data/`), host).not.toBeNull();
    expect(webhookTargetProblem("http://localhost:3000/hook", { allowLocal: true })).toBeNull();
    expect(webhookTargetProblem("http://127.0.0.1/hook", { allowLocal: true })).toBeNull();
    expect(webhookTargetProblem("http://169.254.169.254/", { allowLocal: true })).toMatch(/link-local/);
  });
});

describe("webhook URL syntax", () => {
  it("refuses other schemes, credentials, spaces and long URLs", () => {
    for (const bad of [
      "ftp://example.com/x",
      "javascript:alert(1)",
      "file:///etc/passwd",
      "https://user:pass@example.com/x",
      "https://token@example.com/x",
      "example.com/x",
      "https://exa mple.com/",
      "https://example.com/\nx",
      `https://example.com/${"x".repeat(2000)}`,
    ]) {
      expect(webhookUrlProblem(bad), bad).not.toBeNull();
      expect(webhookTargetProblem(bad, { allowLocal: true }), bad).not.toBeNull();
    }
    expect(webhookTargetProblem("http://hooks.example.com/x", { allowLocal: true })).toMatch(/https/);
    expect(webhookTargetProblem("http://localhost.evil.example/x", { allowLocal: true })).toMatch(/https/);
    expect(webhookUrlProblem("https://hooks.slack.com/services/T000/B000/XXXX")).toBeNull();
  });
});

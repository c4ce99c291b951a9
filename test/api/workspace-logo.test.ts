import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, expectProblem, newMember, newWorkspace } from "../helpers/api";

// A workspace's uploaded logo (issue 13): admins upload and remove it; it is served publicly and
// cached at a content-addressed address that names no workspace.

const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
const bytesOf = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
const base64Of = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const WEBP = base64Of(new Uint8Array([...new TextEncoder().encode("RIFF"), 26, 0, 0, 0, ...new TextEncoder().encode("WEBPVP8L"), 13, 0, 0, 0, 0x2f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
const SVG = btoa('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

const upload = (token: string, body: unknown) => call("PUT", "/workspace/logo", { token, body });
const fetchLogo = (path: string) => exports.default.fetch(new Request(`https://kefu.test${path}`));

describe("workspace logo upload", () => {
  it("an admin uploads a PNG: it is served publicly, cacheable, with its type; replacing and removing it delete the old image", { timeout: 60_000 }, async () => {
    const { token } = await newWorkspace("Logo Tea");
    const uploaded = await upload(token, { contentType: "image/png", data: PNG });
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200);
    const path = uploaded.body.logoImageUrl as string;
    expect(path).toMatch(/^\/survey\/logo\/[0-9a-f]{40}$/);
    expect(uploaded.headers.get("ETag")).toBeTruthy();
    expect((await call("GET", "/workspace", { token })).body.logoImageUrl).toBe(path);

    const served = await fetchLogo(path);
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("image/png");
    expect(served.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(served.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytesOf(PNG));

    // The same image in another workspace has another address: ids are per workspace.
    const other = await newWorkspace("Other Tea");
    const theirs = (await upload(other.token, { contentType: "image/png", data: PNG })).body.logoImageUrl;
    expect(theirs).not.toBe(path);

    const replaced = await upload(token, { contentType: "image/webp", data: WEBP });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect((await fetchLogo(replaced.body.logoImageUrl)).headers.get("Content-Type")).toBe("image/webp");
    expect((await fetchLogo(path)).status).toBe(404);

    const removed = await call("DELETE", "/workspace/logo", { token });
    expect(removed.status).toBe(200);
    expect(removed.body.logoImageUrl).toBeNull();
    expect((await fetchLogo(replaced.body.logoImageUrl)).status).toBe(404);
    // The other workspace's logo is untouched.
    expect((await fetchLogo(theirs)).status).toBe(200);
  });

  it("refuses SVG, a type the bytes are not, oversize images and malformed input with 4xx problems", { timeout: 60_000 }, async () => {
    const { token } = await newWorkspace();
    expectProblem(await upload(token, { contentType: "image/svg+xml", data: SVG }), 415, "logo_type_not_allowed");
    expectProblem(await upload(token, { contentType: "image/png", data: SVG }), 415, "logo_type_not_allowed");
    expectProblem(await upload(token, { contentType: "image/jpeg", data: PNG }), 415, "logo_type_not_allowed");
    expectProblem(await upload(token, { contentType: "image/gif", data: btoa("GIF89a") }), 415, "logo_type_not_allowed");
    expectProblem(await upload(token, { contentType: "image/png", data: "" }), 415, "logo_type_not_allowed");
    const big = new Uint8Array(512 * 1024 + 1);
    big.set(bytesOf(PNG));
    let binary = "";
    for (let i = 0; i < big.length; i += 8192) binary += String.fromCharCode(...big.subarray(i, i + 8192));
    expectProblem(await upload(token, { contentType: "image/png", data: btoa(binary) }), 413, "logo_too_large");
    for (const body of [{ contentType: "image/png" }, { data: PNG }, { contentType: "image/png", data: "not base64!" }, { contentType: "image/png", data: PNG, extra: 1 }, { contentType: 5, data: PNG }])
      expectProblem(await upload(token, body), 422, "validation_failed");
    expect((await call("GET", "/workspace", { token })).body.logoImageUrl).toBeNull();
  });

  it("only admins change it; a wrong or malformed address is 404", { timeout: 60_000 }, async () => {
    const { token } = await newWorkspace();
    const agent = await newMember(token);
    expectProblem(await upload(agent.token, { contentType: "image/png", data: PNG }), 403);
    expectProblem(await call("DELETE", "/workspace/logo", { token: agent.token }), 403);
    const admin = await newMember(token, "admin");
    expect((await upload(admin.token, { contentType: "image/png", data: PNG })).status).toBe(200);
    for (const path of ["/survey/logo/0000000000000000000000000000000000000000", "/survey/logo/..%2F..%2Fraw", "/survey/logo/ABC"]) {
      const res = await fetchLogo(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
    }
  });
});

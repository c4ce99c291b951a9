// A TCP port the OS reports free right now, for the `wrangler dev` servers the e2e and browser
// tests start: two test runs on one machine (CI beside a developer's run) never collide.
import { createServer } from "node:net";

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

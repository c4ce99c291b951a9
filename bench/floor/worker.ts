// The floor for the email benchmark: an email() handler that does the least any correct
// ingester must do — read the raw bytes once and store them in R2 — and nothing else.
export default {
  async email(message, env) {
    const raw = await new Response(message.raw).arrayBuffer();
    await env.BLOBS.put(`floor/${crypto.randomUUID()}.eml`, raw);
  },
  async fetch() {
    return new Response("floor");
  },
} satisfies ExportedHandler<{ BLOBS: R2Bucket }>;

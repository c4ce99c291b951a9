// The floors for the benchmarks: what a trivial Worker costs on the same machine, in the same run.
// email(): the least any correct ingester must do — read the raw bytes once and store them in R2.
// fetch(): the least an API request can do — one D1 statement on a small table:
//   GET  /read?id=N  reads one row by primary key (the floor for ticket get, list and search);
//                    `&trips=K` reads K rows one after another, K round trips (the local price of one);
//   POST /write      inserts one row (the floor for ticket create and reply).
type FloorEnv = { BLOBS: R2Bucket; DB: D1Database };

export default {
  async email(message, env) {
    const raw = await new Response(message.raw).arrayBuffer();
    await env.BLOBS.put(`floor/${crypto.randomUUID()}.eml`, raw);
  },
  async fetch(request, env) {
    const url = new URL(request.url);
    if (request.method === "GET" && url.pathname === "/read") {
      const id = Number(url.searchParams.get("id") ?? 1);
      let row = null;
      for (let trip = 0; trip < Number(url.searchParams.get("trips") ?? 1); trip++)
        row = await env.DB.prepare("SELECT id, body, created_at FROM floor_items WHERE id = ?").bind(id + trip).first();
      return Response.json({ item: row });
    }
    if (request.method === "POST" && url.pathname === "/write") {
      const body = await request.text();
      const row = await env.DB.prepare("INSERT INTO floor_items (body, created_at) VALUES (?, ?) RETURNING id").bind(body, Date.now()).first();
      return Response.json({ item: row }, { status: 201 });
    }
    return new Response("floor");
  },
} satisfies ExportedHandler<FloorEnv>;

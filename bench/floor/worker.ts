// The floors for the benchmarks: what a trivial Worker costs on the same machine, in the same run.
// email(): the least any correct ingester must do — read the raw bytes once and store them in R2.
// fetch(): the least an API request can do — one D1 statement on a small table:
//   GET  /read?id=N  reads one row by primary key (the floor for ticket get, list and search);
//                    `&trips=K` reads K rows one after another, K round trips (the local price of one);
//   POST /write      inserts one row (the floor for ticket create and reply).
// The same-I/O floors: no logic, only the I/O an operation of Kefu's does (round trips and
// statements as test/api/round-trips.test.ts counts them, mail sent, R2 puts):
//   POST /io?trips=K&statements=S&mails=M  K batches one after another holding S statements between
//                    them (reads by key and inserts, alternately); M mails sent before the last one
//                    (as a write records its mail's outcome after sending it);
//   email() with an `X-Floor-Io: trips=K;statements=S;mails=M;puts=P` header: the same after the raw
//                    mail's R2 put, with P - 1 more puts of its size (an attachment's).
type FloorEnv = { BLOBS: R2Bucket; DB: D1Database; EMAIL: SendEmail };

interface IoShape {
  trips: number;
  statements: number;
  mails: number;
}

const shapeOf = (get: (name: string) => string | null | undefined): IoShape => ({ trips: Number(get("trips") ?? 1), statements: Number(get("statements") ?? 1), mails: Number(get("mails") ?? 0) });

async function io(env: FloorEnv, shape: IoShape) {
  let left = shape.statements;
  for (let trip = 0; trip < shape.trips; trip++) {
    if (trip === shape.trips - 1)
      for (let m = 0; m < shape.mails; m++) await env.EMAIL.send({ from: "floor@bench.example", to: "customer@bench00.example", subject: "Floor mail", text: "A floor mail of a few words." });
    const count = Math.ceil(left / (shape.trips - trip));
    left -= count;
    const statements = Array.from({ length: Math.max(1, count) }, (_, i) =>
      i % 2 ? env.DB.prepare("INSERT INTO floor_items (body, created_at) VALUES (?, ?)").bind("a row of about this length", Date.now()) : env.DB.prepare("SELECT id, body, created_at FROM floor_items WHERE id = ?").bind(1 + ((trip * 31 + i) % 1000)),
    );
    await env.DB.batch(statements);
  }
}

export default {
  async email(message, env) {
    const raw = await new Response(message.raw).arrayBuffer();
    await env.BLOBS.put(`floor/${crypto.randomUUID()}.eml`, raw);
    const header = message.headers.get("X-Floor-Io");
    if (!header) return;
    const fields = new Map(header.split(";").map((pair) => pair.trim().split("=") as [string, string]));
    for (let put = 1; put < Number(fields.get("puts") ?? 1); put++) await env.BLOBS.put(`floor/${crypto.randomUUID()}.bin`, raw);
    await io(env, shapeOf((name) => fields.get(name)));
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
    if (request.method === "POST" && url.pathname === "/io") {
      await io(env, shapeOf((name) => url.searchParams.get(name)));
      return Response.json({ ok: true }, { status: 201 });
    }
    return new Response("floor");
  },
} satisfies ExportedHandler<FloorEnv>;

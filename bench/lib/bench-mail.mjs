// The mails the API benchmarks send: a 2 KB plain-text mail and a ~100 KB mail with a PDF
// attachment. Shared by bench/run-api-bench.mjs and bench/run-js-profile.mjs.

/** Mail number `n` of `kind` ("text-2KB" or "pdf-100KB") to `to`; `stamp` keeps Message-IDs unique per run. */
export function mailOf(kind, n, to, stamp) {
  const head = [`From: Bench Customer <customer${String(n % 50).padStart(6, "0")}@bench00.example>`, `To: ${to}`, `Subject: Bench ${kind} ${n}`, `Message-ID: <api-bench-${kind}-${n}-${stamp}@example.com>`, "MIME-Version: 1.0"];
  if (kind === "text-2KB") return [...head, "Content-Type: text/plain; charset=utf-8", "", "Hello, my order has not arrived yet. Could you check? ".repeat(34), ""].join("\r\n");
  // ~100 KB: a short text part and a ~72 KB PDF attachment (base64).
  const file = Buffer.alloc(72 * 1024, n % 251).toString("base64").replace(/.{76}/g, "$&\r\n");
  return [...head, 'Content-Type: multipart/mixed; boundary="mix"', "", "--mix", "Content-Type: text/plain; charset=utf-8", "", "The invoice is attached. ".repeat(20), "--mix", "Content-Type: application/pdf", 'Content-Disposition: attachment; filename="invoice.pdf"', "Content-Transfer-Encoding: base64", "", file, "--mix--", ""].join("\r\n");
}

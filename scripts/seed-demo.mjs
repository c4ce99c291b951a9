// Seeds the demo workspace "Acme Tea Co." through the public HTTP API, so it exercises the
// same paths a real client does (and needs nothing but a running Worker).
//
//   node scripts/seed-demo.mjs [baseUrl]      (default http://localhost:8787)
//
// Idempotent: when the demo admin can already sign in, nothing is created.
// `npm run dev` calls seedDemo() once `wrangler dev` answers.

// ─── The demo data ───────────────────────────────────────────────────────────────────────────

export const DEMO = {
  tenantName: "Acme Tea Co.",
  slug: "acme-tea",
  // Every demo person signs in with this password (local development only).
  password: "steep-and-serve",
};

/** The owner signs up; the agents are invited and accept. `group` is a default group's name. */
const PEOPLE = {
  mei: { name: "Mei Lin", email: "admin@acme-tea.example", role: "owner" },
  tom: { name: "Tom Baker", email: "tom@acme-tea.example", role: "agent", group: "Tier 1" },
  wei: { name: "Zhang Wei", email: "zhang.wei@acme-tea.example", role: "agent", group: "Tier 2" },
};

const CUSTOMERS = {
  alice: { name: "Alice Martin", emails: ["alice.martin@example.com"] },
  bob: {
    name: "Bob Okafor",
    emails: ["bob@okafor-cafe.example.com", "robert.okafor@example.net"],
    organization: "Okafor Café",
    notes: "Wholesale account: about 5 kg of sencha and genmaicha a month. Invoices go to the café address.",
  },
  grace: {
    name: "Grace Liu",
    emails: ["grace@jade-garden.example.com"],
    organization: "The Jade Garden Restaurant",
    tier: "vip",
    notes: "VIP since 2024: supplies the restaurant's tea menu. Call her before changing or delaying an order.",
  },
  wangfang: { name: "王芳", emails: ["wang.fang@example.com"], notes: "Prefers to be answered in Chinese." },
  liqiang: { name: "李强", emails: ["li.qiang@example.com"], organization: "上海茶友会", notes: "Organises group orders for his tea club." },
  priya: { name: "Priya Sharma", emails: ["priya.sharma@example.com"] },
  hannah: { name: "Hannah Schmidt", emails: ["hannah.schmidt@example.org"], organization: "Blätterwerk Büro GmbH", notes: "Monthly office subscription, 30 people." },
  diego: { name: "Diego Fernández", emails: ["diego.fernandez@example.org"] },
};

const STANDARD_REPLIES = {
  orderNumber: {
    title: "Ask for the order number",
    body:
      "Hi {{customer.first_name}},\n\nThis is {{agent.name}} from {{workspace.name}}, thanks for getting in touch! So I can look into this straight away, could you send me your order number? " +
      "It starts with \"A-\" and is in your order confirmation email.\n\nAs soon as I have it I'll update you on {{ticket.number}}.",
  },
  refund: {
    title: "Refund issued",
    body:
      "Hi {{customer.first_name}},\n\nI've issued a full refund for the order in {{ticket.number}}. Depending on your bank it shows up within 5–7 business days.\n\n" +
      "Sorry again for the trouble, and thank you for your patience.",
  },
  shipped: {
    title: "Order shipped",
    body: "Hi {{customer.first_name}},\n\nGood news: your order has left our warehouse today. You'll get the tracking link in a separate email from the courier.\n\nEnjoy your tea!",
  },
  delayZh: {
    title: "发货延迟致歉 (shipping delay, Chinese)",
    body:
      "{{customer.first_name}}，您好！我是 {{workspace.name}} 的客服 {{agent.name}}。\n\n非常抱歉，您的订单因仓库盘点延迟发货。我们会在两个工作日内为您发出，并附赠一包试饮装作为补偿。\n\n" +
      "如有任何问题，请直接回复此邮件（工单 {{ticket.number}}）。",
  },
};

/**
 * Each ticket is created by `by` (default: the owner), then its `steps` run in order:
 *   { reply: text | standard: key, as: person, status? }   a public reply (emailed to the customer)
 *   { note: text, as: person }                               an internal note
 *   { set: { …fields }, as: person }                         a change (PATCH), e.g. closing
 * The comment after each ticket is the status it ends in.
 */
const TICKETS = [
  {
    requester: "alice", channel: "web", priority: "normal", type: "question", group: "Tier 1", tags: ["green-tea", "product-question"],
    subject: "Is the Dragon Well from this year's harvest?",
    description: "Hello! Before I order 250 g of Dragon Well (Longjing): is it from the 2026 spring harvest? And how long does it keep once opened?",
  }, // new
  {
    requester: "wangfang", channel: "web", priority: "low", type: "question", tags: ["invoice", "chinese"],
    subject: "请问可以开具发票吗？",
    description: "你好，我上周买了两盒大红袍，想问一下可以开具电子发票吗？需要提供什么信息？谢谢！",
  }, // new
  {
    requester: "bob", channel: "api", priority: "high", type: "incident", group: "Tier 1", assignee: "tom", tags: ["damaged", "shipping", "wholesale"],
    subject: "Wholesale order A-2291 arrived with two crushed tins",
    description: "Hi team, our weekly delivery came this morning and two of the 1 kg sencha tins are crushed, the tea is spilling out. Photos attached to the courier claim. We need replacements before Friday.",
    steps: [
      { note: "Photos show the outer box was dropped. Opened a claim with ParcelGo (ref PG-55810).", as: "tom" },
      { reply: "Hi Bob,\n\nSorry about that! Two replacement tins of sencha go out today by express, so they'll be with you on Thursday. No need to send the damaged ones back.", as: "tom" },
    ],
  }, // open
  {
    requester: "grace", channel: "api", priority: "urgent", type: "complaint", group: "Tier 2", assignee: "wei", tags: ["vip", "wrong-item"],
    subject: "Wrong tea delivered: we need jasmine pearls for Saturday's banquet",
    description: "We ordered 3 kg of jasmine pearls for a 200-guest banquet this Saturday and received 3 kg of jasmine green (loose leaf) instead. This is the second mix-up this year. Please fix this today.",
    steps: [
      { note: "VIP. Mei approved a same-day courier at our cost and a 15% credit on the next order.", as: "wei" },
      { reply: "Dear Grace,\n\nI'm very sorry, this is our mistake. 3 kg of jasmine pearls leave by same-day courier this afternoon, and we've added a 15% credit to your next order. The courier will take the loose-leaf jasmine back.", as: "wei" },
    ],
  }, // open
  {
    requester: "priya", channel: "web", priority: "normal", type: "question", group: "Tier 1", assignee: "tom", tags: ["shipping", "where-is-my-order"],
    subject: "Where is my order?",
    description: "I ordered a gift box for my mother's birthday ten days ago and it still hasn't arrived. Can you check?",
    steps: [{ standard: "orderNumber", as: "tom", status: "pending" }],
  }, // pending
  {
    requester: "liqiang", channel: "web", priority: "high", type: "complaint", group: "Tier 2", assignee: "wei", tags: ["shipping", "delay", "chinese"],
    subject: "订单三天了还没有发货",
    description: "你们好，我三天前下的订单（A-2317，十盒铁观音）到现在还显示“待发货”。茶友会周末要用，请尽快处理。",
    steps: [
      { note: "Warehouse stocktake held back all orders from Monday. Shipping tomorrow morning.", as: "wei" },
      { standard: "delayZh", as: "wei" },
    ],
  }, // open
  {
    requester: "hannah", channel: "api", priority: "high", type: "problem", group: "Tier 2", assignee: "wei", tags: ["out-of-stock", "subscription"],
    subject: "Office subscription: Earl Grey missing for three weeks",
    description: "Hi, our monthly office box has come without the Earl Grey three times now. Half the office drinks nothing else. Is there a problem with the subscription?",
    steps: [
      { note: "Supplier confirms the bergamot batch is delayed; next delivery expected around 10 December. Holding until then.", as: "wei" },
      { reply: "Hi Hannah,\n\nYou're right, and sorry for not telling you sooner: our Earl Grey supplier is out of stock until around 10 December. We've credited the missing tins to your account and will add a double portion to the December box.", as: "wei", status: "on_hold" },
    ],
  }, // on_hold
  {
    requester: "diego", channel: "api", priority: "normal", type: "task", group: "Tier 1", assignee: "tom", tags: ["account", "address-change"],
    subject: "Please update my delivery address",
    description: "Hi, I've moved. Please send my future orders to Calle de la Rosa 12, 3º B, 28012 Madrid. Thanks!",
    steps: [{ reply: "Hi Diego,\n\nDone: your delivery address is updated, and your open order will go to the new address too.", as: "tom", status: "solved" }],
  }, // solved
  {
    requester: "wangfang", channel: "web", priority: "low", type: "question", group: "Tier 2", assignee: "wei", tags: ["brewing-tips", "chinese"],
    subject: "乌龙茶应该怎么冲泡？",
    description: "第一次买你们的冻顶乌龙，请问水温和时间应该怎么掌握？",
    steps: [{ reply: "王芳，您好！\n\n冻顶乌龙建议用 95°C 左右的热水，第一泡 50 秒，之后每泡延长 10–15 秒，可以冲泡五到六次。祝您品茶愉快！", as: "wei", status: "solved" }],
  }, // solved
  {
    requester: "alice", channel: "web", priority: "high", type: "complaint", group: "Tier 1", assignee: "tom", tags: ["billing", "double-charge", "refund"],
    subject: "I was charged twice for my order",
    description: "My card statement shows two charges of €42.50 for order A-2254. Please refund one of them.",
    steps: [
      { note: "Payment provider shows a retried capture. Refunded the duplicate charge (refund id re_8841).", as: "tom" },
      { standard: "refund", as: "tom", status: "solved" },
      { set: { status: "closed" }, as: "tom" },
    ],
  }, // closed
  {
    requester: "bob", channel: "api", priority: "normal", type: "incident", group: "Tier 1", assignee: "tom", tags: ["billing", "invoice"],
    subject: "Invoice PDF missing from order confirmation",
    description: "The confirmation for order A-2270 came without the invoice PDF. Our accountant needs it for the monthly close.",
    steps: [
      { reply: "Hi Bob,\n\nHere you go: I've re-sent the invoice for A-2270 to the café address. The missing attachment was a glitch on our side that we've now fixed.", as: "tom", status: "solved" },
      { set: { status: "closed" } },
    ],
  }, // closed
  {
    requester: "liqiang", channel: "api", priority: "normal", type: "task", group: "Tier 2", assignee: "wei", tags: ["quote", "group-order", "chinese"],
    subject: "茶友会团购 50 盒铁观音报价",
    description: "我们茶友会想团购 50 盒安溪铁观音（250 克装），请问有没有团购价？大概多久可以到上海？",
    steps: [
      { note: "Mei OK'd up to 12% off for orders of 50+ boxes.", as: "wei" },
      { reply: "李强，您好！\n\n50 盒以上可以享受 88 折团购价。请问需要一次发货还是分批发货？确认后我们会发正式报价单给您。", as: "wei", status: "pending" },
    ],
  }, // pending
];

// ─── The seeding ─────────────────────────────────────────────────────────────────────────────

const owner = PEOPLE.mei;

/** Creates the demo workspace unless its admin can already sign in. Returns the login and a session token. */
export async function seedDemo(baseUrl = "http://localhost:8787", { log = console.log } = {}) {
  const call = client(baseUrl);
  const login = { workspace: DEMO.slug, email: owner.email, password: DEMO.password };

  const existing = await call("POST", "/auth/login", { body: login, allow: [401] });
  if (existing.token) {
    const { items } = await call("GET", `/tickets?limit=100`, { token: existing.token });
    const complete = items.length >= TICKETS.length;
    if (!complete) log(`⚠ The demo workspace has only ${items.length} of ${TICKETS.length} tickets: an earlier seed was interrupted. To start over, stop the server and delete .wrangler/state.`);
    return { seeded: false, complete, login, token: existing.token, people: PEOPLE, password: DEMO.password };
  }

  log(`Seeding the demo workspace "${DEMO.tenantName}" (${DEMO.slug}) through ${baseUrl}/api/v1 …`);
  const signup = await call("POST", "/signup", {
    body: { tenantName: DEMO.tenantName, slug: DEMO.slug, name: owner.name, email: owner.email, password: DEMO.password },
    allow: [409],
  });
  if (signup.code === "slug_taken")
    throw new Error(`The workspace "${DEMO.slug}" exists but ${owner.email} cannot sign in with the demo password. To start over, stop the server and delete .wrangler/state.`);
  const tokens = { mei: signup.token };
  const userIds = { mei: signup.user.id };
  const adminToken = signup.token;

  const { items: groups } = await call("GET", "/groups", { token: adminToken });
  const groupIds = Object.fromEntries(groups.map((g) => [g.name, g.id]));
  for (const [key, person] of Object.entries(PEOPLE)) {
    if (key === "mei") continue;
    const { acceptUrl } = await call("POST", "/invitations", { token: adminToken, body: { email: person.email, role: person.role } });
    const accepted = await call("POST", "/auth/accept-invitation", { body: { token: new URL(acceptUrl).searchParams.get("token"), name: person.name, password: DEMO.password } });
    tokens[key] = accepted.token;
    userIds[key] = accepted.user.id;
    await call("POST", `/groups/${groupIds[person.group]}/members`, { token: adminToken, body: { userId: accepted.user.id } });
  }
  log(`  ${Object.keys(PEOPLE).length} people, groups Tier 1 and Tier 2 staffed`);

  const customerIds = {};
  for (const [key, customer] of Object.entries(CUSTOMERS)) customerIds[key] = (await call("POST", "/customers", { token: adminToken, body: customer })).id;
  const replyIds = {};
  for (const [key, reply] of Object.entries(STANDARD_REPLIES)) replyIds[key] = (await call("POST", "/standard-replies", { token: adminToken, body: reply })).id;
  log(`  ${Object.keys(CUSTOMERS).length} customers, ${Object.keys(STANDARD_REPLIES).length} standard replies`);

  for (const { requester, group, assignee, by = "mei", steps = [], ...ticket } of TICKETS) {
    const created = await call("POST", "/tickets", {
      token: tokens[by],
      body: { ...ticket, requester: { id: customerIds[requester] }, groupId: group ? groupIds[group] : null, assigneeId: assignee ? userIds[assignee] : null },
    });
    for (const { as = "mei", reply, standard, note, status, set } of steps) {
      const token = tokens[as];
      if (set) await call("PATCH", `/tickets/${created.id}`, { token, body: set });
      else if (note) await call("POST", `/tickets/${created.id}/messages`, { token, body: { kind: "note", body: note } });
      else await call("POST", `/tickets/${created.id}/messages`, { token, body: { kind: "reply", ...(standard ? { standardReplyId: replyIds[standard] } : { body: reply }), ...(status ? { status } : {}) } });
    }
  }
  log(`  ${TICKETS.length} tickets with replies and internal notes`);
  return { seeded: true, complete: true, login, token: adminToken, people: PEOPLE, password: DEMO.password };
}

/** A tiny JSON client for /api/v1 that turns problem documents into readable errors. */
function client(baseUrl) {
  const root = `${baseUrl.replace(/\/+$/, "")}/api/v1`;
  return async (method, path, { token, body, allow = [] } = {}) => {
    const response = await fetch(root + path, {
      method,
      headers: { accept: "application/json", ...(body ? { "content-type": "application/json" } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    let data;
    try {
      data = text ? JSON.parse(text) : {};
    } catch {
      data = { detail: text.slice(0, 300) };
    }
    if (response.ok || allow.includes(response.status)) return data;
    const fields = (data.errors ?? []).map((e) => `\n    ${e.field}: ${e.message}`).join("");
    throw new Error(`${method} /api/v1${path} failed: ${response.status} ${data.code ?? ""} ${data.detail ?? ""}${fields}`);
  };
}

/** The lines `npm run dev` prints in its box (also used standalone). */
export function loginLines({ login, people }) {
  const agents = Object.values(people).filter((p) => p.role !== "owner").map((p) => p.email);
  return [
    `Demo workspace  ${DEMO.tenantName}`,
    `  workspace     ${login.workspace}`,
    `  email         ${login.email}`,
    `  password      ${login.password}`,
    `  agents        ${agents.join(", ")} (same password)`,
  ];
}

// Standalone: node scripts/seed-demo.mjs [baseUrl]
if (import.meta.url === (await import("node:url")).pathToFileURL(process.argv[1] ?? "").href) {
  const baseUrl = process.argv[2] ?? "http://localhost:8787";
  try {
    const result = await seedDemo(baseUrl);
    if (!result.seeded) console.log("The demo workspace already exists; nothing seeded.");
    console.log(loginLines(result).join("\n"));
    if (!result.complete) process.exitCode = 1;
  } catch (error) {
    console.error(error.cause?.code === "ECONNREFUSED" ? `Nothing answers at ${baseUrl}; start the Worker first (npm run dev).` : `Seeding failed: ${error.message}`);
    process.exitCode = 1;
  }
}

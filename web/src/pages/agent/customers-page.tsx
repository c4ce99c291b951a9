import { useLocation } from "preact-iso";
import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { PagedList, usePagedList } from "../../ui/paged-list";
import { label } from "./enum-labels";
import "./agent.css";

const text = messages({
  en: {
    title: "Customers",
    search: "Search customers",
    placeholder: "Name, organisation or e-mail address",
    go: "Search",
    empty: "No customers found.",
    name: "Name",
    emails: "E-mail addresses",
    organization: "Organisation",
    tier: "Tier",
  },
  "zh-CN": {
    title: "客户",
    search: "搜索客户",
    placeholder: "姓名、机构或邮箱地址",
    go: "搜索",
    empty: "没有找到客户。",
    name: "姓名",
    emails: "邮箱地址",
    organization: "机构",
    tier: "级别",
  },
});

/** Customers, newest first, searchable by name, organisation or address. */
export function CustomersPage() {
  const t = text();
  const { query, route } = useLocation();
  const q = query.q ?? "";
  const [draft, setDraft] = useState(q);
  const list = usePagedList((cursor) => data(api.customers.$get({ query: { limit: "25", ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) } })), [q]);
  return (
    <section class="agent-page">
      <h1>{t.title}</h1>
      <form
        class="panel row"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          route(draft.trim() ? `/customers?q=${encodeURIComponent(draft.trim())}` : "/customers");
        }}
      >
        <label for="customer-search" class="visually-hidden">
          {t.search}
        </label>
        <input id="customer-search" type="search" class="grow" value={draft} placeholder={t.placeholder} maxLength={200} onInput={(e) => setDraft(e.currentTarget.value)} />
        <button type="submit" class="primary">
          {t.go}
        </button>
      </form>
      <PagedList list={list} emptyText={t.empty}>
        {(items) => (
          <div class="table-wrap">
            <table class="customer-table">
              <thead>
                <tr>
                  <th scope="col">{t.name}</th>
                  <th scope="col">{t.emails}</th>
                  <th scope="col">{t.organization}</th>
                  <th scope="col">{t.tier}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => (
                  <tr key={c.id}>
                    <td data-label={t.name}>
                      <a href={`/customers/${c.id}`}>{c.name}</a>
                    </td>
                    <td data-label={t.emails}>{c.emails.join(", ")}</td>
                    <td data-label={t.organization}>{c.organization ?? <span class="muted">—</span>}</td>
                    <td data-label={t.tier}>
                      <span class={c.tier === "vip" ? "badge warn" : "badge"}>{label("tier", c.tier)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PagedList>
    </section>
  );
}

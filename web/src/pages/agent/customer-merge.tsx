import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { ConfirmButton } from "../../ui/confirm-button";
import { Flash, useFlash } from "../../ui/flash";
import type { Customer } from "./agent-api";
import { forgetCustomer } from "./directory";

const text = messages({
  en: {
    title: "Merge another customer into this one",
    intro: "When the same person wrote from two addresses, merge their duplicate here.",
    find: "Find the duplicate",
    placeholder: "Name or e-mail address",
    search: "Search",
    noMatch: "No other customer matches.",
    merge: "Merge",
    mergeInto: (source: string, target: string) => `Merge ${source} into ${target}`,
    question: (source: string, target: string) =>
      `${source}'s e-mail addresses and tickets move to ${target} (each ticket records the change); VIP tier, notes and a survey opt-out are kept; ${source} is then deleted. This cannot be undone.`,
    merged: (source: string) => `${source} was merged into this customer.`,
  },
  "zh-CN": {
    title: "将其他客户合并到此客户",
    intro: "同一个人用两个地址来信时，可将重复的客户合并到这里。",
    find: "查找重复的客户",
    placeholder: "姓名或邮箱地址",
    search: "搜索",
    noMatch: "没有匹配的其他客户。",
    merge: "合并",
    mergeInto: (source: string, target: string) => `将 ${source} 合并到 ${target}`,
    question: (source: string, target: string) =>
      `${source} 的邮箱地址和工单将转移到 ${target}（每个工单都会记录此变更）；VIP 级别、备注和退订调查设置会保留；随后 ${source} 将被删除。此操作无法撤销。`,
    merged: (source: string) => `已将 ${source} 合并到此客户。`,
  },
});

/** Finds a duplicate customer and merges it into this one, after saying exactly what happens. */
export function CustomerMerge(props: { customer: Customer; onMerged: (customer: Customer) => void }) {
  const t = text();
  const [q, setQ] = useState("");
  const [results, setResults] = useState<Customer[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const flash = useFlash(8000);
  const search = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const page = await data(api.customers.$get({ query: { q: q.trim(), limit: "10" } }));
      setResults(page.items.filter((c) => c.id !== props.customer.id));
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  };
  const merge = async (source: Customer) => {
    const merged = await data(api.customers[":id"].merge.$post({ param: { id: props.customer.id }, json: { sourceCustomerId: source.id } }));
    forgetCustomer(source.id);
    forgetCustomer(merged.id);
    setResults(null);
    setQ("");
    flash.show(t.merged(source.name));
    props.onMerged(merged);
  };
  return (
    <section class="panel merge" aria-labelledby="merge-title">
      <h2 id="merge-title">{t.title}</h2>
      <p class="muted">{t.intro}</p>
      <form class="row" role="search" onSubmit={search}>
        <label for="merge-search" class="visually-hidden">
          {t.find}
        </label>
        <input id="merge-search" type="search" class="grow" value={q} placeholder={t.placeholder} required maxLength={200} onInput={(e) => setQ(e.currentTarget.value)} />
        <button type="submit" disabled={!q.trim()}>
          {t.search}
        </button>
      </form>
      {error && (
        <p class="notice error" role="alert">
          {error}
        </p>
      )}
      <Flash message={flash.message} />
      {results && results.length === 0 && <p class="empty">{t.noMatch}</p>}
      {results && results.length > 0 && (
        <ul class="merge-candidates">
          {results.map((c) => (
            <li key={c.id}>
              <div>
                <strong>{c.name}</strong> <span class="muted">{c.emails.join(", ")}</span>
              </div>
              <ConfirmButton label={t.merge} question={t.question(c.name, props.customer.name)} onConfirm={() => merge(c)} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

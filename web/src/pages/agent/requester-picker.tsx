import { useEffect, useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { TextField } from "../../ui/form";
import type { Customer } from "./agent-api";

const text = messages({
  en: {
    search: "Requester",
    searchHint: "Search customers by name or email",
    searching: "Searching…",
    none: "No customer matches.",
    create: "New customer",
    useSearch: "Search existing customers",
    name: "Name",
    email: "Email",
    change: "Change",
    chosen: "Requester",
  },
  "zh-CN": {
    search: "请求人",
    searchHint: "按姓名或邮箱搜索客户",
    searching: "正在搜索…",
    none: "没有匹配的客户。",
    create: "新建客户",
    useSearch: "搜索已有客户",
    name: "姓名",
    email: "邮箱",
    change: "更换",
    chosen: "请求人",
  },
});

/** Who a new ticket is for, as POST /tickets takes it: an existing customer, or an address (found or created). */
export type RequesterChoice = { id: string; label: string } | { email: string; name: string } | null;

export const requesterBody = (choice: RequesterChoice) => (!choice ? null : "id" in choice ? { id: choice.id } : { email: choice.email.trim(), ...(choice.name.trim() ? { name: choice.name.trim() } : {}) });

const SEARCH_DELAY_MS = 250;

/** Searches customers as the agent types (name, organisation or any address), or takes a new one inline. */
export function RequesterPicker(props: { value: RequesterChoice; onChange: (choice: RequesterChoice) => void; error?: string | undefined }) {
  const t = text();
  const [creating, setCreating] = useState(false);
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<Customer[] | null>(null);
  useEffect(() => {
    const q = query.trim();
    if (creating || !q) return setFound(null);
    let live = true;
    const timer = setTimeout(() => {
      data(api.customers.$get({ query: { q, limit: "8" } })).then(
        (page) => live && setFound(page.items),
        () => live && setFound([]),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, creating]);

  const chosen = props.value;
  if (chosen && "id" in chosen)
    return (
      <div class="field requester-chosen">
        <span class="label">{t.chosen}</span>
        <p class="row">
          <strong data-requester={chosen.id}>{chosen.label}</strong>{" "}
          <button type="button" class="link" onClick={() => props.onChange(null)}>
            {t.change}
          </button>
        </p>
      </div>
    );
  if (creating) {
    const draft = chosen ?? { email: "", name: "" };
    return (
      <fieldset class="requester-new">
        <legend>{t.create}</legend>
        <TextField label={t.name} value={draft.name} onInput={(name) => props.onChange({ ...draft, name })} />
        <TextField label={t.email} type="email" required value={draft.email} onInput={(email) => props.onChange({ ...draft, email })} error={props.error} />
        <button
          type="button"
          class="link"
          onClick={() => {
            setCreating(false);
            props.onChange(null);
          }}
        >
          {t.useSearch}
        </button>
      </fieldset>
    );
  }
  return (
    <div class="requester-search">
      <TextField label={t.search} type="search" hint={t.searchHint} value={query} onInput={setQuery} error={props.error} autoComplete="off" />
      {query.trim() && found === null && <p class="muted">{t.searching}</p>}
      {found && found.length === 0 && <p class="muted">{t.none}</p>}
      {found && found.length > 0 && (
        <ul class="requester-results" role="listbox" aria-label={t.search}>
          {found.map((c) => (
            <li key={c.id}>
              <button type="button" role="option" aria-selected={false} onClick={() => props.onChange({ id: c.id, label: c.emails[0] ? `${c.name} <${c.emails[0]}>` : c.name })}>
                {c.name} <span class="muted">{c.emails[0] ?? ""}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        class="link"
        onClick={() => {
          setCreating(true);
          props.onChange({ email: query.includes("@") ? query.trim() : "", name: query.includes("@") ? "" : query.trim() });
        }}
      >
        {t.create}
      </button>
    </div>
  );
}

import { useEffect, useState } from "preact/hooks";
import { messages } from "../../i18n";
import { SelectField } from "../../ui/choice-fields";
import { useDirectory } from "./directory";
import { label, PRIORITIES, STATUSES, TYPES } from "./enum-labels";
import type { Filters } from "./ticket-views";

const text = messages({
  en: {
    filters: "Filters",
    status: "Status",
    priority: "Priority",
    type: "Type",
    group: "Group",
    assignee: "Assignee",
    tag: "Tag",
    search: "Search",
    searchPlaceholder: "Words, #number, customer name or email",
    any: "Any",
    none: "Nobody / none",
    apply: "Search",
    clear: "Clear filters",
    toggle: (n: number) => (n ? `Filters (${n})` : "Filters"),
  },
  "zh-CN": {
    filters: "筛选",
    status: "状态",
    priority: "优先级",
    type: "类型",
    group: "组",
    assignee: "负责人",
    tag: "标签",
    search: "搜索",
    searchPlaceholder: "关键词、#编号、客户姓名或邮箱",
    any: "全部",
    none: "无",
    apply: "搜索",
    clear: "清除筛选",
    toggle: (n: number) => (n ? `筛选 (${n})` : "筛选"),
  },
});

/** Filters and search over a view: selects apply at once, text fields on submit. On phones the filters fold behind a toggle (agent.css). */
export function TicketFilters(props: { filters: Filters; onChange: (filters: Filters) => void }) {
  const t = text();
  const directory = useDirectory();
  const { filters } = props;
  const [q, setQ] = useState(filters.q);
  const [tag, setTag] = useState(filters.tag);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    setQ(filters.q);
    setTag(filters.tag);
  }, [filters.q, filters.tag]);
  const set = (key: keyof Filters) => (value: string) => props.onChange({ ...filters, [key]: value });
  const any = ["", t.any] as const;
  const none = ["none", t.none] as const;
  const enumOptions = (prefix: "status" | "priority" | "type", values: readonly string[]) => [any, ...values.map((v) => [v, label(prefix, v)] as const)];
  const active = Object.values(filters).some(Boolean);
  const folded = (Object.keys(filters) as (keyof Filters)[]).filter((key) => key !== "q" && filters[key]).length;
  return (
    <form
      class={`ticket-filters panel${open ? " filters-open" : ""}`}
      role="search"
      aria-label={t.filters}
      onSubmit={(e) => {
        e.preventDefault();
        props.onChange({ ...filters, q: q.trim(), tag: tag.trim() });
      }}
    >
      <div class="field search-field">
        <label for="ticket-search">{t.search}</label>
        <div class="row">
          <input id="ticket-search" type="search" value={q} placeholder={t.searchPlaceholder} maxLength={200} onInput={(e) => setQ(e.currentTarget.value)} />
          <button type="submit" class="primary">
            {t.apply}
          </button>
          <button type="button" class="filters-toggle" aria-expanded={open} aria-controls="ticket-filter-grid" onClick={() => setOpen(!open)}>
            {t.toggle(folded)}
          </button>
        </div>
      </div>
      <div class="filter-grid" id="ticket-filter-grid">
        <SelectField label={t.status} value={filters.status} options={enumOptions("status", STATUSES)} onChange={set("status")} />
        <SelectField label={t.priority} value={filters.priority} options={enumOptions("priority", PRIORITIES)} onChange={set("priority")} />
        <SelectField label={t.type} value={filters.type} options={enumOptions("type", TYPES)} onChange={set("type")} />
        <SelectField
          label={t.assignee}
          value={filters.assigneeId}
          options={[any, none, ...(directory?.users ?? []).map((u) => [u.id, u.name] as const)]}
          onChange={set("assigneeId")}
        />
        <SelectField
          label={t.group}
          value={filters.groupId}
          options={[any, none, ...(directory?.groups ?? []).map((g) => [g.id, g.name] as const)]}
          onChange={set("groupId")}
        />
        <div class="field">
          <label for="ticket-tag">{t.tag}</label>
          <input id="ticket-tag" value={tag} maxLength={50} onInput={(e) => setTag(e.currentTarget.value)} onChange={(e) => props.onChange({ ...filters, q: q.trim(), tag: e.currentTarget.value.trim() })} />
        </div>
      </div>
      {active && (
        <button type="button" class="clear-filters" onClick={() => props.onChange({ status: "", priority: "", type: "", groupId: "", assigneeId: "", tag: "", q: "" })}>
          {t.clear}
        </button>
      )}
    </form>
  );
}

import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { formatDateTime, locale, messages } from "../../i18n";
import { Loaded, useResource } from "../../ui/state";
import { SettingsPage } from "./settings-layout";

/** The resource types the audit log records (the API path's first segment), worded. */
const RESOURCES = {
  en: {
    users: "Users",
    invitations: "Invitations",
    "api-tokens": "API tokens",
    groups: "Groups",
    "support-addresses": "Support addresses",
    "spam-settings": "Spam settings",
    "spam-blocklist": "Block list",
    "inbound-messages": "Quarantined mail",
    "business-calendars": "Business calendars",
    "sla-policies": "SLA policies",
    "sla-settings": "SLA settings",
    "survey-settings": "Survey settings",
    webhooks: "Webhooks",
    workspace: "Workspace",
    customers: "Customer data",
  },
  "zh-CN": {
    users: "用户",
    invitations: "邀请",
    "api-tokens": "API 令牌",
    groups: "分组",
    "support-addresses": "客服邮箱",
    "spam-settings": "垃圾邮件设置",
    "spam-blocklist": "黑名单",
    "inbound-messages": "隔离邮件",
    "business-calendars": "工作日历",
    "sla-policies": "SLA 策略",
    "sla-settings": "SLA 设置",
    "survey-settings": "满意度调查设置",
    webhooks: "Webhook",
    workspace: "工作区",
    customers: "客户数据",
  },
} as const;
type ResourceType = keyof (typeof RESOURCES)["en"];

const text = messages({
  en: {
    intro: "Every successful admin change in this workspace, and every export or erasure of a customer's data, newest first.",
    time: "Time",
    actor: "Who",
    action: "Action",
    target: "Target",
    viaToken: "API token",
    allResources: "All kinds",
    allActors: "Everyone",
    kind: "Kind",
    since: "Since",
    empty: "Nothing recorded yet.",
    more: "Show older",
    verb: (method: string, path: string): string =>
      path.endsWith("/export") ? "Exported" : path.endsWith("/erase") ? "Erased" : method === "POST" ? "Created" : method === "DELETE" ? "Deleted" : "Changed",
  },
  "zh-CN": {
    intro: "本工作区每一次成功的管理操作，以及每一次客户数据的导出或删除，按时间倒序。",
    time: "时间",
    actor: "操作人",
    action: "操作",
    target: "对象",
    viaToken: "API 令牌",
    allResources: "全部类型",
    allActors: "所有人",
    kind: "类型",
    since: "起始日期",
    empty: "暂无记录。",
    more: "查看更早的记录",
    verb: (method: string, path: string): string => (path.endsWith("/export") ? "导出" : path.endsWith("/erase") ? "删除数据" : method === "POST" ? "创建" : method === "DELETE" ? "删除" : "修改"),
  },
});

type AuditEvent = Awaited<ReturnType<typeof loadPage>>["items"][number];
interface Filters {
  resourceType: string;
  actorUserId: string;
  since: string;
}

const loadPage = (filters: Filters, cursor?: string) =>
  data(
    api["audit-events"].$get({
      query: {
        ...(filters.resourceType ? { resourceType: filters.resourceType } : {}),
        ...(filters.actorUserId ? { actorUserId: filters.actorUserId } : {}),
        // The day starts at the admin's local midnight.
        ...(filters.since ? { since: new Date(`${filters.since}T00:00:00`).toISOString() } : {}),
        ...(cursor ? { cursor } : {}),
      },
    }),
  );
const loadUsers = () => data(api.users.$get());

/** /settings/audit: the audit log with filters by kind, person and date, a page at a time. */
export function AuditPage() {
  const t = text();
  const [filters, setFilters] = useState<Filters>({ resourceType: "", actorUserId: "", since: "" });
  const users = useResource(loadUsers);
  const [older, setOlder] = useState<{ items: AuditEvent[]; nextCursor: string | null } | null>(null);
  const first = useResource(() => {
    setOlder(null);
    return loadPage(filters);
  }, [filters.resourceType, filters.actorUserId, filters.since]);
  const set = (key: keyof Filters) => (e: { currentTarget: { value: string } }) => setFilters((f) => ({ ...f, [key]: e.currentTarget.value }));
  const resources = RESOURCES[locale.value];
  const resourceName = (type: string) => (resources as Record<string, string>)[type] ?? type;

  return (
    <SettingsPage section="audit" intro={t.intro}>
      <div class="panel audit-filters row">
        <label class="inline-label">
          {t.kind}{" "}
          <select value={filters.resourceType} onChange={set("resourceType")}>
            <option value="">{t.allResources}</option>
            {(Object.keys(resources) as ResourceType[]).map((type) => (
              <option key={type} value={type}>
                {resources[type]}
              </option>
            ))}
          </select>
        </label>
        <label class="inline-label">
          {t.actor}{" "}
          <select value={filters.actorUserId} onChange={set("actorUserId")}>
            <option value="">{t.allActors}</option>
            {(users.data?.items ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label class="inline-label">
          {t.since} <input type="date" value={filters.since} onInput={set("since")} />
        </label>
      </div>
      <section class="panel">
        <Loaded resource={first} empty={(page) => page.items.length === 0} emptyText={t.empty}>
          {(page) => {
            const items = [...page.items, ...(older?.items ?? [])];
            const cursor = older ? older.nextCursor : page.nextCursor;
            return (
              <>
                <div class="table-wrap">
                  <table class="wide-table audit-table">
                    <thead>
                      <tr>
                        <th>{t.time}</th>
                        <th>{t.actor}</th>
                        <th>{t.action}</th>
                        <th>{t.target}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {items.map((e) => {
                        const [method = "", path = ""] = e.action.split(" ");
                        return (
                          <tr key={e.id}>
                            <td>{formatDateTime(e.createdAt)}</td>
                            <td>
                              {e.actor.name}
                              {e.actor.via === "token" && <span class="badge">{t.viaToken}</span>}
                            </td>
                            <td title={e.action}>
                              {t.verb(method, path)} · {resourceName(e.resourceType)}
                            </td>
                            <td>
                              <code>{e.resourceId ?? "—"}</code>
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
                {cursor && (
                  <button type="button" onClick={() => loadPage(filters, cursor).then((next) => setOlder({ items: [...(older?.items ?? []), ...next.items], nextCursor: next.nextCursor }))}>
                    {t.more}
                  </button>
                )}
              </>
            );
          }}
        </Loaded>
      </section>
    </SettingsPage>
  );
}

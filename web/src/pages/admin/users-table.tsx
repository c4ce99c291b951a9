import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { formatDate, messages } from "../../i18n";
import { session } from "../../session";
import { ConfirmButton } from "../../ui/confirm-button";
import { conflictOf } from "../../ui/versioned-save";
import { ifMatchOf } from "../../versioning";
import type { User } from "./admin-types";
import { labels } from "./admin-words";

const text = messages({
  en: {
    title: "People",
    name: "Name",
    email: "Email",
    role: "Role",
    since: "Since",
    status: "Status",
    active: "Active",
    inactive: "Deactivated",
    deactivate: "Deactivate",
    deactivateQuestion: "Deactivate? They are signed out at once.",
    reactivate: "Reactivate",
    you: "you",
    roleOf: (name: string) => `Role of ${name}`,
  },
  "zh-CN": {
    title: "成员",
    name: "姓名",
    email: "邮箱",
    role: "角色",
    since: "加入时间",
    status: "状态",
    active: "正常",
    inactive: "已停用",
    deactivate: "停用",
    deactivateQuestion: "确定停用？对方会立即被登出。",
    reactivate: "重新启用",
    you: "您",
    roleOf: (name: string) => `${name} 的角色`,
  },
});

/** Everyone in the workspace: change a role, deactivate or reactivate (never yourself or the owner). */
export function UsersTable(props: { users: User[]; onChanged: () => void }) {
  const t = text();
  const w = labels();
  const me = session.value?.user.id;
  const [error, setError] = useState<string | null>(null);
  // One click, sent with If-Match: a user someone changed meanwhile is shown again, with the reason.
  const patch = (user: User, json: { role?: "admin" | "agent"; active?: boolean }) =>
    data(api.users[":id"].$patch({ param: { id: user.id }, header: { "if-match": ifMatchOf(user) }, json })).then(props.onChanged, (e: Error) => {
      setError(e.message);
      if (conflictOf(e)) props.onChanged();
    });
  return (
    <section class="panel">
      <h2>{t.title}</h2>
      {error && (
        <p class="notice error" role="alert">
          {error}
        </p>
      )}
      <div class="table-wrap">
        <table class="wide-table">
          <thead>
            <tr>
              <th>{t.name}</th>
              <th>{t.email}</th>
              <th>{t.role}</th>
              <th>{t.status}</th>
              <th>{t.since}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {props.users.map((u) => {
              const fixed = u.role === "owner" || u.id === me;
              return (
                <tr key={u.id}>
                  <td>
                    {u.name} {u.id === me && <span class="muted">({t.you})</span>}
                  </td>
                  <td>{u.email}</td>
                  <td>
                    {fixed ? (
                      w.role[u.role]
                    ) : (
                      <select aria-label={t.roleOf(u.name)} value={u.role} onChange={(e) => void patch(u, { role: e.currentTarget.value as "admin" | "agent" })}>
                        <option value="admin">{w.role.admin}</option>
                        <option value="agent">{w.role.agent}</option>
                      </select>
                    )}
                  </td>
                  <td>
                    <span class={`badge ${u.active ? "ok" : "danger"}`}>{u.active ? t.active : t.inactive}</span>
                  </td>
                  <td>{formatDate(u.createdAt)}</td>
                  <td>
                    {!fixed &&
                      (u.active ? (
                        <ConfirmButton label={t.deactivate} question={t.deactivateQuestion} onConfirm={() => patch(u, { active: false })} />
                      ) : (
                        <button type="button" onClick={() => void patch(u, { active: true })}>
                          {t.reactivate}
                        </button>
                      ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

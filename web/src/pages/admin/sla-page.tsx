import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { ConfirmButton } from "../../ui/confirm-button";
import { Flash, useFlash } from "../../ui/flash";
import { Loaded, useResource } from "../../ui/state";
import { uiText } from "../../ui/text";
import { conflictOf } from "../../ui/versioned-save";
import { ifMatchOf } from "../../versioning";
import type { Policy } from "./admin-types";
import { labels } from "./admin-words";
import { AutoCloseForm } from "./auto-close-form";
import { SettingsPage } from "./settings-layout";
import { SlaPolicyForm } from "./sla-policy-form";
import { SlaPresets } from "./sla-presets";
import { shadowedBy } from "../../../../workers/core/sla/policy-order";

const text = messages({
  en: {
    intro: "Policies are checked from the top: the first active one whose conditions match a ticket sets its deadlines.",
    policies: "Policies, in order",
    add: "New policy",
    edit: "Edit",
    up: "Move up",
    down: "Move down",
    moveLabel: (action: string, name: string) => `${action}: ${name}`,
    active: "Active",
    inactive: "Inactive",
    activate: "Activate",
    deactivate: "Deactivate",
    matchesAll: "Every ticket",
    empty: "No policies yet: tickets have no deadlines. Add a preset below or create your own.",
    moved: "Order saved.",
    shadowed: (other: string) => `Never applies: “${other}” above it matches every ticket first.`,
  },
  "zh-CN": {
    intro: "从上往下检查策略：第一个条件匹配且已启用的策略决定工单的截止时间。",
    policies: "策略（按顺序）",
    add: "新建策略",
    edit: "编辑",
    up: "上移",
    down: "下移",
    moveLabel: (action: string, name: string) => `${action}：${name}`,
    active: "已启用",
    inactive: "已停用",
    activate: "启用",
    deactivate: "停用",
    matchesAll: "所有工单",
    empty: "还没有策略：工单没有截止时间。请在下方添加预设或自行创建。",
    moved: "顺序已保存。",
    shadowed: (other: string) => `永远不会生效：上方的“${other}”会先匹配所有工单。`,
  },
});

async function loadSla() {
  const [policies, calendars, groups, settings] = await Promise.all([
    data(api["sla-policies"].$get()),
    data(api["business-calendars"].$get()),
    data(api.groups.$get()),
    data(api["sla-settings"].$get()),
  ]);
  return { policies: policies.items, calendars: calendars.items, groups: groups.items, settings };
}

/** What a policy applies to, in a line. */
function conditionSummary(policy: Policy, groupName: (id: string) => string, all: string): string {
  const w = labels();
  const c = policy.conditions;
  const parts = [
    ...(c.priorities ?? []).map((p) => w.priority[p]),
    ...(c.types ?? []).map((v) => w.type[v]),
    ...(c.channels ?? []).map((v) => w.channel[v]),
    ...(c.customerTiers ?? []).map((v) => w.tier[v]),
    ...(c.groupIds ?? []).map(groupName),
    ...(c.tagsAny ?? []).map((tag) => `#${tag}`),
    ...(c.tagsAll ?? []).map((tag) => `#${tag}`),
  ];
  return parts.length ? parts.join(" · ") : all;
}

export function SlaPage() {
  const t = text();
  const ui = uiText();
  const resource = useResource(loadSla);
  const [editing, setEditing] = useState<Policy | "new" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const flash = useFlash();
  const run = async (action: () => Promise<unknown>, message?: string) => {
    setError(null);
    try {
      await action();
      if (message) flash.show(message);
      resource.reload();
    } catch (e) {
      setError((e as Error).message);
      if (conflictOf(e)) resource.reload(); // changed by someone else meanwhile: show it as it is
    }
  };
  const move = (policies: Policy[], index: number, by: -1 | 1) => {
    const ids = policies.map((p) => p.id);
    [ids[index], ids[index + by]] = [ids[index + by]!, ids[index]!];
    void run(() => data(api["sla-policies"].order.$put({ json: { ids } })), t.moved);
  };
  const saved = () => {
    setEditing(null);
    flash.show(ui.saved);
    resource.reload();
  };
  return (
    <SettingsPage section="sla" intro={t.intro}>
      <Loaded resource={resource}>
        {({ policies, calendars, groups, settings }) => {
          const groupName = (id: string) => groups.find((g) => g.id === id)?.name ?? id;
          const shadowed = shadowedBy(policies);
          const policyName = (id: string) => policies.find((p) => p.id === id)?.name ?? id;
          return (
            <>
              <section class="panel">
                <div class="card-head">
                  <h2>{t.policies}</h2>
                  <div class="row">
                    <Flash message={flash.message} />
                    <button type="button" class="primary" disabled={editing === "new"} onClick={() => setEditing("new")}>
                      + {t.add}
                    </button>
                  </div>
                </div>
                {error && (
                  <p class="notice error" role="alert">
                    {error}
                  </p>
                )}
                {editing === "new" && <SlaPolicyForm policy={null} policies={policies} calendars={calendars} groups={groups} onSaved={saved} onCancel={() => setEditing(null)} />}
                {policies.length === 0 && <p class="empty">{t.empty}</p>}
                <ol class="policy-list">
                  {policies.map((policy, index) => (
                    <li key={policy.id} class={policy.active ? "" : "inactive"}>
                      {editing !== "new" && editing?.id === policy.id ? (
                        <SlaPolicyForm key={policy.updatedAt} policy={policy} policies={policies} calendars={calendars} groups={groups} onSaved={saved} onCancel={() => setEditing(null)} onKeepTheirs={resource.reload} />
                      ) : (
                        <div class="policy-row">
                          <span class="policy-order">{index + 1}</span>
                          <div class="policy-main">
                            <strong>{policy.name}</strong> <span class={`badge ${policy.active ? "ok" : ""}`}>{policy.active ? t.active : t.inactive}</span>
                            <p class="muted">{conditionSummary(policy, groupName, t.matchesAll)}</p>
                            {shadowed.has(policy.id) && <p class="notice warn">{t.shadowed(policyName(shadowed.get(policy.id)!))}</p>}
                          </div>
                          <div class="row policy-actions">
                            <button type="button" disabled={index === 0} aria-label={t.moveLabel(t.up, policy.name)} title={t.up} onClick={() => move(policies, index, -1)}>
                              ↑
                            </button>
                            <button type="button" disabled={index === policies.length - 1} aria-label={t.moveLabel(t.down, policy.name)} title={t.down} onClick={() => move(policies, index, 1)}>
                              ↓
                            </button>
                            <button type="button" onClick={() => void run(() => data(api["sla-policies"][":id"].$patch({ param: { id: policy.id }, header: { "if-match": ifMatchOf(policy) }, json: { active: !policy.active } })))}>
                              {policy.active ? t.deactivate : t.activate}
                            </button>
                            <button type="button" onClick={() => setEditing(policy)}>
                              {t.edit}
                            </button>
                            <ConfirmButton label={ui.delete} onConfirm={() => data(api["sla-policies"][":id"].$delete({ param: { id: policy.id } })).then(resource.reload)} />
                          </div>
                        </div>
                      )}
                    </li>
                  ))}
                </ol>
              </section>
              <SlaPresets onAdded={resource.reload} />
              <AutoCloseForm settings={settings} onSaved={resource.reload} />
            </>
          );
        }}
      </Loaded>
    </SettingsPage>
  );
}

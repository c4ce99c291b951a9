import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { formatDateTime, messages } from "../../i18n";
import { ConfirmButton } from "../../ui/confirm-button";
import { Flash, useFlash } from "../../ui/flash";
import { Loaded, useResource } from "../../ui/state";
import { uiText } from "../../ui/text";
import { conflictOf } from "../../ui/versioned-save";
import { ifMatchOf } from "../../versioning";
import type { Trigger } from "./admin-types";
import { SettingsPage } from "./settings-layout";
import type { RuleChoices } from "./trigger-condition-row";
import { TriggerForm } from "./trigger-form";
import { ruleLabels } from "./trigger-words";
import "./triggers.css";

const text = messages({
  en: {
    intro: "Triggers run from the top whenever a ticket event they listen to happens: each one whose conditions hold acts on the ticket, once per event, and the ticket's history names it.",
    triggers: "Triggers, in order",
    add: "New trigger",
    edit: "Edit",
    up: "Move up",
    down: "Move down",
    moveLabel: (action: string, name: string) => `${action}: ${name}`,
    on: "On",
    toggle: (name: string) => `Active: ${name}`,
    fired: (count: number, when: string) => `Fired ${count} ${count === 1 ? "time" : "times"}, last ${when}`,
    never: "Never fired",
    empty: "No triggers yet. Create one to route, prioritise or answer tickets as they arrive.",
    moved: "Order saved.",
    limit: "At most 100 triggers per workspace.",
  },
  "zh-CN": {
    intro: "发生触发器所监听的工单事件时，按从上到下的顺序运行：条件满足的触发器会对工单执行动作（每个事件一次），并在工单历史中注明触发器名称。",
    triggers: "触发器（按顺序）",
    add: "新建触发器",
    edit: "编辑",
    up: "上移",
    down: "下移",
    moveLabel: (action: string, name: string) => `${action}：${name}`,
    on: "启用",
    toggle: (name: string) => `启用：${name}`,
    fired: (count: number, when: string) => `已触发 ${count} 次，最近一次 ${when}`,
    never: "从未触发",
    empty: "还没有触发器。创建一个，在工单到达时自动分派、设置优先级或回复。",
    moved: "顺序已保存。",
    limit: "每个工作区最多 100 个触发器。",
  },
});

const pairs = <T extends { id: string }>(items: readonly T[], name: (item: T) => string) => items.map((item) => [item.id, name(item)] as const);

async function loadTriggers() {
  const [triggers, groups, users, addresses, calendars, webhooks, macros] = await Promise.all([
    data(api.triggers.$get()),
    data(api.groups.$get()),
    data(api.users.$get()),
    data(api["support-addresses"].$get()),
    data(api["business-calendars"].$get()),
    data(api.webhooks.$get()),
    data(api.macros.$get()),
  ]);
  const choices: RuleChoices = {
    groups: pairs(groups.items, (g) => g.name),
    agents: pairs(
      users.items.filter((u) => u.active),
      (u) => u.name,
    ),
    addresses: pairs(addresses.items, (a) => a.address),
    calendars: pairs(calendars.items, (c) => c.name),
    webhooks: pairs(webhooks.items, (h) => h.name),
    // A trigger applies shared macros only (a personal one is its owner's).
    macros: pairs(
      macros.items.filter((m) => m.shared),
      (m) => m.title,
    ),
  };
  return { triggers: triggers.items, choices };
}

/** One line on when a trigger runs: its events. */
const eventsLine = (trigger: Trigger) => trigger.events.map((e) => ruleLabels().event[e]).join(" · ");

/** /settings/triggers: the ordered list (on/off, up/down, fired counts) and the editor with its preview. */
export function TriggersPage() {
  const t = text();
  const ui = uiText();
  const resource = useResource(loadTriggers);
  const [editing, setEditing] = useState<Trigger | "new" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const flash = useFlash();
  const run = async (action: () => Promise<unknown>, message?: string) => {
    setError(null);
    try {
      await action();
      if (message) flash.show(message);
    } catch (e) {
      setError((e as Error).message);
      if (!conflictOf(e)) return;
    }
    resource.reload();
  };
  const move = (triggers: Trigger[], index: number, by: -1 | 1) => {
    const ids = triggers.map((p) => p.id);
    [ids[index], ids[index + by]] = [ids[index + by]!, ids[index]!];
    void run(() => data(api.triggers.order.$put({ json: { ids } })), t.moved);
  };
  const saved = () => {
    setEditing(null);
    flash.show(ui.saved);
    resource.reload();
  };
  return (
    <SettingsPage section="triggers" intro={t.intro}>
      <Loaded resource={resource}>
        {({ triggers, choices }) => (
          <section class="panel">
            <div class="card-head">
              <h2>{t.triggers}</h2>
              <div class="row">
                <Flash message={flash.message} />
                <button type="button" class="primary" disabled={editing === "new" || triggers.length >= 100} title={triggers.length >= 100 ? t.limit : undefined} onClick={() => setEditing("new")}>
                  + {t.add}
                </button>
              </div>
            </div>
            {error && (
              <p class="notice error" role="alert">
                {error}
              </p>
            )}
            {editing === "new" && <TriggerForm trigger={null} choices={choices} onSaved={saved} onCancel={() => setEditing(null)} />}
            {triggers.length === 0 && editing !== "new" && <p class="empty">{t.empty}</p>}
            <ol class="policy-list trigger-list">
              {triggers.map((trigger, index) => (
                <li key={trigger.id} class={trigger.active ? "" : "inactive"} data-trigger={trigger.name}>
                  {editing !== "new" && editing?.id === trigger.id ? (
                    <TriggerForm key={trigger.updatedAt} trigger={trigger} choices={choices} onSaved={saved} onCancel={() => setEditing(null)} onKeepTheirs={resource.reload} />
                  ) : (
                    <div class="policy-row">
                      <span class="policy-order">{index + 1}</span>
                      <div class="policy-main">
                        <strong>{trigger.name}</strong>
                        {trigger.description && <p class="muted">{trigger.description}</p>}
                        <p class="muted">{eventsLine(trigger)}</p>
                        <p class="muted trigger-fired">{trigger.lastFiredAt ? t.fired(trigger.firedCount, formatDateTime(trigger.lastFiredAt)) : t.never}</p>
                      </div>
                      <div class="row policy-actions">
                        <label class="switch">
                          <input
                            type="checkbox"
                            role="switch"
                            aria-label={t.toggle(trigger.name)}
                            checked={trigger.active}
                            onChange={() => void run(() => data(api.triggers[":id"].$patch({ param: { id: trigger.id }, header: { "if-match": ifMatchOf(trigger) }, json: { active: !trigger.active } })))}
                          />{" "}
                          {t.on}
                        </label>
                        <button type="button" disabled={index === 0} aria-label={t.moveLabel(t.up, trigger.name)} title={t.up} onClick={() => move(triggers, index, -1)}>
                          ↑
                        </button>
                        <button type="button" disabled={index === triggers.length - 1} aria-label={t.moveLabel(t.down, trigger.name)} title={t.down} onClick={() => move(triggers, index, 1)}>
                          ↓
                        </button>
                        <button type="button" onClick={() => setEditing(trigger)}>
                          {t.edit}
                        </button>
                        <ConfirmButton label={ui.delete} onConfirm={() => data(api.triggers[":id"].$delete({ param: { id: trigger.id } })).then(resource.reload)} />
                      </div>
                    </div>
                  )}
                </li>
              ))}
            </ol>
          </section>
        )}
      </Loaded>
    </SettingsPage>
  );
}

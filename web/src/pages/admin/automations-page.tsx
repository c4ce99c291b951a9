import type { InferResponseType } from "hono/client";
import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { formatDateTime, locale, messages } from "../../i18n";
import { SelectField } from "../../ui/choice-fields";
import { ConfirmButton } from "../../ui/confirm-button";
import { Flash, useFlash } from "../../ui/flash";
import { Loaded, useResource } from "../../ui/state";
import { uiText } from "../../ui/text";
import { conflictOf } from "../../ui/versioned-save";
import { ifMatchOf } from "../../versioning";
import { AutomationForm, type Automation } from "./automation-form";
import { SettingsPage } from "./settings-layout";
import type { RuleChoices } from "./trigger-condition-row";
import "./triggers.css";

type Preset = InferResponseType<(typeof api)["automation-presets"]["$get"], 200>["items"][number];

const text = messages({
  en: {
    intro: "Automations run by the clock: every few minutes each active one looks for tickets whose time condition has passed and acts on them — once per ticket each time that moment changes. The ticket's history names it.",
    automations: "Automations, in order",
    add: "New automation",
    fromPreset: "Add from a preset",
    preset: "Preset",
    group: "Group to notify",
    addPreset: "Add",
    edit: "Edit",
    on: "On",
    toggle: (name: string) => `Active: ${name}`,
    fired: (count: number, when: string) => `Fired ${count} ${count === 1 ? "time" : "times"}, last ${when}`,
    never: "Never fired",
    empty: "No automations yet. Add one from a preset, then adjust it.",
    added: "Automation added.",
    up: "Move up",
    down: "Move down",
    moved: "Order saved.",
  },
  "zh-CN": {
    intro: "自动化规则按时间运行：每隔几分钟，每条启用的规则查找时间条件已满足的工单并执行动作——该时间点每变化一次，同一工单最多执行一次。工单历史中会注明规则名称。",
    automations: "自动化规则（按顺序）",
    add: "新建自动化规则",
    fromPreset: "从预设添加",
    preset: "预设",
    group: "要通知的组",
    addPreset: "添加",
    edit: "编辑",
    on: "启用",
    toggle: (name: string) => `启用：${name}`,
    fired: (count: number, when: string) => `已执行 ${count} 次，最近一次 ${when}`,
    never: "从未执行",
    empty: "还没有自动化规则。先从预设添加一条，再按需修改。",
    added: "已添加自动化规则。",
    up: "上移",
    down: "下移",
    moved: "顺序已保存。",
  },
});

const pairs = <T extends { id: string }>(items: readonly T[], name: (item: T) => string) => items.map((item) => [item.id, name(item)] as const);

async function loadAutomations() {
  const [automations, presets, groups, users, addresses, calendars, webhooks, macros] = await Promise.all([
    data(api.automations.$get()),
    data(api["automation-presets"].$get()),
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
    macros: pairs(
      macros.items.filter((m) => m.shared),
      (m) => m.title,
    ),
  };
  return { automations: automations.items, presets: presets.items, choices };
}

/** "Add from a preset": the list of presets, the group for the one that notifies a group, and Add. */
function PresetPicker(props: { presets: readonly Preset[]; groups: RuleChoices["groups"]; onAdded: () => void; onError: (message: string) => void }) {
  const t = text();
  const lang = locale.value;
  const [key, setKey] = useState(props.presets[0]?.key ?? "");
  const [groupId, setGroupId] = useState(props.groups[0]?.[0] ?? "");
  const [busy, setBusy] = useState(false);
  const preset = props.presets.find((p) => p.key === key);
  const add = async () => {
    setBusy(true);
    try {
      await data(api.automations["from-preset"].$post({ json: { preset: key, language: lang, ...(preset?.needsGroup && groupId ? { groupId } : {}) } }));
      props.onAdded();
    } catch (e) {
      props.onError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="row preset-picker" data-preset-picker>
      <SelectField label={t.preset} value={key} options={props.presets.map((p) => [p.key, p.name[lang]] as const)} onChange={setKey} hint={preset?.description[lang]} />
      {preset?.needsGroup && <SelectField label={t.group} value={groupId} options={props.groups} onChange={setGroupId} />}
      <button type="button" disabled={busy || !key} onClick={() => void add()}>
        {t.addPreset}
      </button>
    </div>
  );
}

/** /settings/automations: the ordered list (on/off, up/down, fired counts), "add from a preset" and the editor. */
export function AutomationsPage() {
  const t = text();
  const ui = uiText();
  const resource = useResource(loadAutomations);
  const [editing, setEditing] = useState<Automation | "new" | null>(null);
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
  const move = (list: Automation[], index: number, by: -1 | 1) => {
    const ids = list.map((p) => p.id);
    [ids[index], ids[index + by]] = [ids[index + by]!, ids[index]!];
    void run(() => data(api.automations.order.$put({ json: { ids } })), t.moved);
  };
  const saved = () => {
    setEditing(null);
    flash.show(ui.saved);
    resource.reload();
  };
  return (
    <SettingsPage section="automations" intro={t.intro}>
      <Loaded resource={resource}>
        {({ automations, presets, choices }) => (
          <section class="panel">
            <div class="card-head">
              <h2>{t.automations}</h2>
              <div class="row">
                <Flash message={flash.message} />
                <button type="button" class="primary" disabled={editing === "new" || automations.length >= 100} onClick={() => setEditing("new")}>
                  + {t.add}
                </button>
              </div>
            </div>
            <fieldset class="rule-list">
              <legend>{t.fromPreset}</legend>
              <PresetPicker presets={presets} groups={choices.groups} onAdded={() => (flash.show(t.added), resource.reload())} onError={setError} />
            </fieldset>
            {error && (
              <p class="notice error" role="alert">
                {error}
              </p>
            )}
            {editing === "new" && <AutomationForm automation={null} choices={choices} onSaved={saved} onCancel={() => setEditing(null)} />}
            {automations.length === 0 && <p class="empty">{t.empty}</p>}
            <ol class="policy-list trigger-list">
              {automations.map((automation, index) => (
                <li key={automation.id} class={automation.active ? "" : "inactive"} data-automation={automation.name}>
                  {editing !== "new" && editing?.id === automation.id ? (
                    <AutomationForm key={automation.updatedAt} automation={automation} choices={choices} onSaved={saved} onCancel={() => setEditing(null)} onKeepTheirs={resource.reload} />
                  ) : (
                    <div class="policy-row">
                      <span class="policy-order">{index + 1}</span>
                      <div class="policy-main">
                        <strong>{automation.name}</strong>
                        {automation.description && <p class="muted">{automation.description}</p>}
                        <p class="muted trigger-fired">{automation.lastFiredAt ? t.fired(automation.firedCount, formatDateTime(automation.lastFiredAt)) : t.never}</p>
                      </div>
                      <div class="row policy-actions">
                        <label class="switch">
                          <input
                            type="checkbox"
                            role="switch"
                            aria-label={t.toggle(automation.name)}
                            checked={automation.active}
                            onChange={() =>
                              void run(() => data(api.automations[":id"].$patch({ param: { id: automation.id }, header: { "if-match": ifMatchOf(automation) }, json: { active: !automation.active } })))
                            }
                          />{" "}
                          {t.on}
                        </label>
                        <button type="button" disabled={index === 0} aria-label={`${t.up}: ${automation.name}`} title={t.up} onClick={() => move(automations, index, -1)}>
                          ↑
                        </button>
                        <button type="button" disabled={index === automations.length - 1} aria-label={`${t.down}: ${automation.name}`} title={t.down} onClick={() => move(automations, index, 1)}>
                          ↓
                        </button>
                        <button type="button" onClick={() => setEditing(automation)}>
                          {t.edit}
                        </button>
                        <ConfirmButton label={ui.delete} onConfirm={() => data(api.automations[":id"].$delete({ param: { id: automation.id } })).then(resource.reload)} />
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

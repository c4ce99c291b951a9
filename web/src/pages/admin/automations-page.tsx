import type { InferResponseType } from "hono/client";
import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { locale, messages } from "../../i18n";
import { SelectField } from "../../ui/choice-fields";
import { Loaded, useResource } from "../../ui/state";
import { ifMatchOf } from "../../versioning";
import type { Condition } from "../../../../workers/core/rules/rule-schema";
import { AutomationForm, type Automation } from "./automation-form";
import { loadRuleChoices } from "./rule-choices";
import { RuleList } from "./rule-list";
import { SettingsPage } from "./settings-layout";
import type { RuleChoices } from "./trigger-condition-row";
import { conditionsText } from "./trigger-summary";
import "./triggers.css";

type Preset = InferResponseType<(typeof api)["automation-presets"]["$get"], 200>["items"][number];

const text = messages({
  en: {
    intro: "Automations run by the clock: every few minutes each active one looks for tickets whose time condition has passed and acts on them — once per ticket each time that moment changes. The ticket's history names it.",
    title: "Automations, in order",
    add: "New automation",
    fromPreset: "Add from a preset",
    preset: "Preset",
    group: "Group to notify",
    everyGroup: "Each ticket's own group (its lead)",
    addPreset: "Add",
    fired: (count: number, when: string) => `Fired ${count} ${count === 1 ? "time" : "times"}, last ${when}`,
    never: "Never fired",
    empty: "No automations yet. Add one from a preset, then adjust it.",
    limit: "At most 100 automations per workspace.",
    added: "Automation added.",
  },
  "zh-CN": {
    intro: "自动化规则按时间运行：每隔几分钟，每条启用的规则查找时间条件已满足的工单并执行动作——该时间点每变化一次，同一工单最多执行一次。工单历史中会注明规则名称。",
    title: "自动化规则（按顺序）",
    add: "新建自动化规则",
    fromPreset: "从预设添加",
    preset: "预设",
    group: "要通知的组",
    everyGroup: "各工单所在的组（通知组长）",
    addPreset: "添加",
    fired: (count: number, when: string) => `已执行 ${count} 次，最近一次 ${when}`,
    never: "从未执行",
    empty: "还没有自动化规则。先从预设添加一条，再按需修改。",
    limit: "每个工作区最多 100 条自动化规则。",
    added: "已添加自动化规则。",
  },
});

async function loadAutomations() {
  const [automations, presets, choices] = await Promise.all([data(api.automations.$get()), data(api["automation-presets"].$get()), loadRuleChoices()]);
  return { automations: automations.items, presets: presets.items, choices };
}

/** "Add from a preset": the list of presets, the group for the one that notifies a group, and Add. */
function PresetPicker(props: { presets: readonly Preset[]; groups: RuleChoices["groups"]; onAdded: (message: string) => void; onError: (message: string) => void }) {
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
      props.onAdded(t.added);
    } catch (e) {
      props.onError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="row preset-picker" data-preset-picker>
      <SelectField label={t.preset} value={key} options={props.presets.map((p) => [p.key, p.name[lang]] as const)} onChange={setKey} hint={preset?.description[lang]} />
      {/* A preset telling a group's lead may watch every group: each ticket's lead is told. */}
      {preset?.needsGroup && (
        <SelectField
          label={t.group}
          value={groupId}
          options={preset.actions.some((a) => a.type === "notify" && a.to === "group_lead") ? [["", t.everyGroup] as const, ...props.groups] : props.groups}
          onChange={setGroupId}
        />
      )}
      <button type="button" disabled={busy || !key} onClick={() => void add()}>
        {t.addPreset}
      </button>
    </div>
  );
}

/** /settings/automations: "add from a preset", the shared rule list (on/off, order, fired counts) with each automation's conditions, and the automation form. */
export function AutomationsPage() {
  const t = text();
  const resource = useResource(loadAutomations);
  return (
    <SettingsPage section="automations" intro={t.intro}>
      <Loaded resource={resource}>
        {({ automations, presets, choices }) => (
          <RuleList<Automation>
            kind="automation"
            rules={automations}
            max={100}
            words={t}
            extra={(list) => (
              <fieldset class="rule-list">
                <legend>{t.fromPreset}</legend>
                <PresetPicker presets={presets} groups={choices.groups} onAdded={list.changed} onError={list.fail} />
              </fieldset>
            )}
            lines={(automation) => <p class="muted rule-summary">{conditionsText(automation.conditions as { all: Condition[]; any: Condition[] }, choices)}</p>}
            form={(automation, done) => <AutomationForm key={automation?.updatedAt} automation={automation} choices={choices} {...done} />}
            setActive={(automation, active) => data(api.automations[":id"].$patch({ param: { id: automation.id }, header: { "if-match": ifMatchOf(automation) }, json: { active } }))}
            order={(ids) => data(api.automations.order.$put({ json: { ids } }))}
            remove={(automation) => data(api.automations[":id"].$delete({ param: { id: automation.id } }))}
            reload={resource.reload}
          />
        )}
      </Loaded>
    </SettingsPage>
  );
}

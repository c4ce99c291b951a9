import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { formatDateTime } from "../../i18n";
import { isAdmin, session } from "../../session";
import { ConfirmButton } from "../../ui/confirm-button";
import { Flash, useFlash } from "../../ui/flash";
import { Loaded, useResource } from "../../ui/state";
import { uiText } from "../../ui/text";
import { SettingsPage } from "../admin/settings-layout";
import { labels } from "../admin/admin-words";
import type { RuleChoices } from "../admin/trigger-condition-row";
import { ruleLabels } from "../admin/trigger-words";
import { loadMacros, type Macro } from "./macro-api";
import { MacroForm } from "./macro-form";
import { macroText } from "./macro-words";
import "../admin/triggers.css";
import "./macros.css";

const pairs = <T extends { id: string }>(items: readonly T[], name: (item: T) => string) => items.map((item) => [item.id, name(item)] as const);

async function loadPage() {
  const [macros, groups, users] = await Promise.all([loadMacros(), data(api.groups.$get()), data(api.users.$get())]);
  const choices: RuleChoices = {
    groups: pairs(groups.items, (g) => g.name),
    agents: pairs(
      users.items.filter((u) => u.active),
      (u) => u.name,
    ),
    addresses: [],
    calendars: [],
    webhooks: [],
    macros: [],
  };
  return { macros: macros.items, choices };
}

/** /settings/macros: your macros and the shared ones with their usage, and the editor (agents change their own; admins the shared ones too). */
export function MacrosPage() {
  const t = macroText();
  const ui = uiText();
  const resource = useResource(loadPage);
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const flash = useFlash();
  const me = session.value?.user.id;
  const mayChange = (m: Macro) => (m.shared ? isAdmin() : m.ownerId === me);
  const saved = () => {
    setEditing(null);
    flash.show(ui.saved);
    resource.reload();
  };
  return (
    <SettingsPage section="macros" intro={t.intro}>
      <div class="row page-actions">
        <button type="button" class="primary" disabled={editing === "new"} onClick={() => setEditing("new")}>
          + {t.add}
        </button>
        <Flash message={flash.message} />
      </div>
      <Loaded resource={resource} empty={(r) => r.macros.length === 0 && editing !== "new"} emptyText={t.empty}>
        {({ macros, choices }) => (
          <div class="macro-list">
            {editing === "new" && <MacroForm macro={null} choices={choices} onSaved={saved} onCancel={() => setEditing(null)} />}
            {macros.map((macro) =>
              editing === macro.id ? (
                <MacroForm key={macro.updatedAt} macro={macro} choices={choices} onSaved={saved} onCancel={() => setEditing(null)} />
              ) : (
                <article key={macro.id} class="panel" data-macro={macro.title}>
                  <header class="card-head">
                    <h2>{macro.title}</h2>
                    {mayChange(macro) && (
                      <span class="row">
                        <button type="button" onClick={() => setEditing(macro.id)}>
                          {t.edit}
                        </button>
                        <ConfirmButton label={ui.delete} onConfirm={() => data(api.macros[":id"].$delete({ param: { id: macro.id } })).then(resource.reload)} />
                      </span>
                    )}
                  </header>
                  <p class="macro-meta muted">
                    <span class={macro.shared ? "badge-shared" : "badge-personal"}>{macro.shared ? t.sharedBadge : t.personal}</span>
                    <span>{macro.replyKind === "reply" ? t.replyBadge : t.noteBadge}</span>
                    <span class="macro-uses">{t.uses(macro.usageCount)}</span>
                    {macro.lastUsedAt && <span>{t.lastUsed(formatDateTime(macro.lastUsedAt))}</span>}
                  </p>
                  {macro.replyText && <pre class="macro-body">{macro.replyText}</pre>}
                  {macro.actions.length > 0 && <MacroActionsLine actions={macro.actions} choices={choices} />}
                </article>
              ),
            )}
          </div>
        )}
      </Loaded>
    </SettingsPage>
  );
}

/** A macro's actions in one line, in the user's language ("Priority: High · Add tags: refund"). */
function MacroActionsLine(props: { actions: Macro["actions"]; choices: RuleChoices }) {
  return <p class="macro-actions muted">{props.actions.map((a) => actionLine(a, props.choices)).join(" · ")}</p>;
}

function actionLine(action: Macro["actions"][number], choices: RuleChoices): string {
  const named = ruleLabels().action[action.type];
  const enums = labels();
  const nameOf = (list: RuleChoices["groups"], id: string | null) => (id === null ? "—" : (list.find(([value]) => value === id)?.[1] ?? id));
  switch (action.type) {
    case "set_priority":
      return `${named}: ${enums.priority[action.value]}`;
    case "set_type":
      return `${named}: ${enums.type[action.value]}`;
    case "set_status":
      return `${named}: ${enums.status[action.value]}`;
    case "set_group":
      return `${named}: ${nameOf(choices.groups, action.groupId)}`;
    case "set_assignee":
      return `${named}: ${nameOf(choices.agents, action.assigneeId)}`;
    case "add_tags":
    case "remove_tags":
      return `${named}: ${action.tags.join(", ")}`;
    default:
      return named;
  }
}

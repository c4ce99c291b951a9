import { formError } from "./field-errors";
import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { FormFooter, TextField, useSubmit } from "../../ui/form";
import { Loaded, useResource } from "../../ui/state";
import { AssignmentForm } from "./assignment-form";
import { GroupCard } from "./group-card";
import { InvitationsPanel } from "./invitations-panel";
import { SettingsPage } from "./settings-layout";
import { UsersTable } from "./users-table";

const text = messages({
  en: {
    intro: "Owners and admins change settings; agents work tickets. Groups route tickets to teams (e.g. Tier 1 and Tier 2).",
    groups: "Groups",
    newGroup: "New group",
    name: "Name",
    create: "Create group",
    noGroups: "No groups yet.",
  },
  "zh-CN": {
    intro: "所有者和管理员可以修改设置；客服处理工单。分组用于把工单分派给团队（例如一线和二线）。",
    groups: "分组",
    newGroup: "新建分组",
    name: "名称",
    create: "创建分组",
    noGroups: "还没有分组。",
  },
});

async function loadTeam() {
  const [users, invitations, groups, workspace] = await Promise.all([data(api.users.$get()), data(api.invitations.$get()), data(api.groups.$get()), data(api.workspace.$get())]);
  return { users: users.items, invitations: invitations.items, groups: groups.items, workspace };
}

export function TeamPage() {
  const t = text();
  const resource = useResource(loadTeam);
  const [name, setName] = useState("");
  const create = useSubmit(
    () => data(api.groups.$post({ json: { name } })),
    () => {
      setName("");
      resource.reload();
    },
  );
  return (
    <SettingsPage section="team" intro={t.intro}>
      <Loaded resource={resource}>
        {({ users, invitations, groups, workspace }) => (
          <>
            <UsersTable users={users} onChanged={resource.reload} />
            <InvitationsPanel invitations={invitations} onChanged={resource.reload} />
            <section class="panel">
              <h2>{t.groups}</h2>
              <form class="inline-form" onSubmit={create.submit} noValidate>
                <TextField label={t.newGroup} value={name} onInput={setName} error={create.fields.name} required />
                <FormFooter busy={create.busy} error={formError(create)} label={t.create} />
              </form>
              {groups.length === 0 && <p class="empty">{t.noGroups}</p>}
              <div class="group-grid">
                {groups.map((g) => (
                  <GroupCard key={`${g.id}:${g.updatedAt}`} group={g} users={users} onChanged={resource.reload} />
                ))}
              </div>
            </section>
            <AssignmentForm workspace={workspace} onSaved={resource.reload} />
          </>
        )}
      </Loaded>
    </SettingsPage>
  );
}

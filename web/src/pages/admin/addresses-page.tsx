import { formError } from "./field-errors";
import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { FormFooter, TextField, useSubmit } from "../../ui/form";
import { Flash, useFlash } from "../../ui/flash";
import { Loaded, useResource } from "../../ui/state";
import { AddressCard } from "./address-card";
import { SettingsPage } from "./settings-layout";
import { MailLanguageForm } from "./mail-language-form";
import { NewSubjectForm } from "./new-subject-form";

const text = messages({
  en: {
    intro: "Customers write to these addresses. Your built-in address works at once; for your own address, forward its mail to Kefu.",
    add: "Add an address you own",
    address: "Address",
    addressHint: "e.g. support@your-company.com",
    displayName: "Name shown to customers",
    displayNameHint: "e.g. Acme Tea Support",
    addButton: "Add address",
    added: (address: string) => `Added ${address}. Now set up forwarding as shown below.`,
  },
  "zh-CN": {
    intro: "客户会写信到这些地址。内置地址可立即使用；若使用您自己的地址，请将其邮件转发到 Kefu。",
    add: "添加您自己的邮箱地址",
    address: "邮箱地址",
    addressHint: "例如 support@your-company.com",
    displayName: "向客户显示的名称",
    displayNameHint: "例如 Acme 茶叶客服",
    addButton: "添加地址",
    added: (address: string) => `已添加 ${address}。请按下方说明设置转发。`,
  },
});

async function loadAddresses() {
  const [addresses, groups, workspace] = await Promise.all([data(api["support-addresses"].$get()), data(api.groups.$get()), data(api.workspace.$get())]);
  return { addresses: addresses.items, groups: groups.items, workspace };
}

export function AddressesPage() {
  const t = text();
  const resource = useResource(loadAddresses);
  const flash = useFlash(8000);
  const [address, setAddress] = useState("");
  const [displayName, setDisplayName] = useState("");
  const form = useSubmit(
    () => data(api["support-addresses"].$post({ json: { address, displayName } })),
    (created) => {
      flash.show(t.added(created.address));
      setAddress("");
      setDisplayName("");
      resource.reload();
    },
  );
  return (
    <SettingsPage section="addresses" intro={t.intro}>
      <Loaded resource={resource}>
        {({ addresses, groups, workspace }) => (
          <>
            {addresses.map((a) => (
              <AddressCard key={a.id} address={a} groups={groups} onChanged={resource.reload} />
            ))}
            <NewSubjectForm workspace={workspace} onSaved={resource.reload} />
            <MailLanguageForm workspace={workspace} onSaved={resource.reload} />
          </>
        )}
      </Loaded>
      <form class="panel" onSubmit={form.submit} noValidate>
        <h2>{t.add}</h2>
        <TextField label={t.address} hint={t.addressHint} type="email" value={address} onInput={setAddress} error={form.fields.address} required />
        <TextField label={t.displayName} hint={t.displayNameHint} value={displayName} onInput={setDisplayName} error={form.fields.displayName} required />
        <FormFooter busy={form.busy} error={formError(form)} label={t.addButton}>
          <Flash message={flash.message} />
        </FormFooter>
      </form>
    </SettingsPage>
  );
}

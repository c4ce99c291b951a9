import { useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { SelectField } from "../../ui/choice-fields";
import { Field, FormFooter, TextField, useSubmit } from "../../ui/form";
import { useVersionedSave, VersionConflictView } from "../../ui/versioned-save";
import type { Customer, CustomerPatch } from "./agent-api";
import { forgetCustomer } from "./directory";
import { label, TIERS } from "./enum-labels";

const text = messages({
  en: { title: "Edit customer", organization: "Organisation", tier: "Tier", notes: "Notes", cancel: "Cancel" },
  "zh-CN": { title: "编辑客户", organization: "机构", tier: "级别", notes: "备注", cancel: "取消" },
});

/** The fields this form shows (what a conflict compares). */
const FIELDS = ["organization", "tier", "notes"] as const;

/** In place on the ticket page: a customer's tier, organisation and notes, saved with PATCH and If-Match (the version read). */
export function CustomerQuickEdit(props: { customer: Customer; onSaved: (customer: Customer) => void; onCancel: () => void }) {
  const t = text();
  const { customer } = props;
  const [organization, setOrganization] = useState(customer.organization ?? "");
  const [tier, setTier] = useState(customer.tier);
  const [notes, setNotes] = useState(customer.notes);
  const versioned = useVersionedSave<Customer, CustomerPatch>(customer, FIELDS, (patch, ifMatch) =>
    data(api.customers[":id"].$patch({ param: { id: customer.id }, header: { "if-match": ifMatch }, json: patch })),
  );
  const saved = (result: Customer) => {
    forgetCustomer(result.id);
    props.onSaved(result);
  };
  const form = useSubmit(() => versioned.save({ organization: organization.trim() || null, tier, notes }), saved);
  return (
    <form class="customer-quick-edit" onSubmit={form.submit} aria-label={t.title} noValidate>
      <TextField label={t.organization} value={organization} onInput={setOrganization} error={form.fields.organization} maxLength={200} />
      <SelectField label={t.tier} value={tier} options={TIERS.map((v) => [v, label("tier", v)] as const)} onChange={setTier} error={form.fields.tier} />
      <Field label={t.notes} error={form.fields.notes}>
        {(id, describedBy) => <textarea id={id} value={notes} rows={4} maxLength={10_000} aria-describedby={describedBy} onInput={(e) => setNotes(e.currentTarget.value)} />}
      </Field>
      <VersionConflictView
        save={versioned}
        labels={{ organization: t.organization, tier: t.tier, notes: t.notes }}
        show={(field, value) => (field === "tier" ? label("tier", value as Customer["tier"]) : undefined)}
        onSaved={saved}
        onKeepTheirs={saved}
      />
      <FormFooter busy={form.busy} error={Object.keys(form.fields).length || versioned.conflict ? null : form.error}>
        <button type="button" onClick={props.onCancel}>
          {t.cancel}
        </button>
      </FormFooter>
    </form>
  );
}

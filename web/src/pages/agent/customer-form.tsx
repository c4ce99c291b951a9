import { useEffect, useState } from "preact/hooks";
import { api, data } from "../../api";
import { messages } from "../../i18n";
import { Flash, useFlash } from "../../ui/flash";
import { Field, FormFooter, TextField, useSubmit } from "../../ui/form";
import { useVersionedSave, VersionConflictView } from "../../ui/versioned-save";
import { CheckboxField, SelectField } from "../../ui/choice-fields";
import type { Customer, CustomerPatch } from "./agent-api";
import { forgetCustomer } from "./directory";
import { label, TIERS } from "./enum-labels";

const text = messages({
  en: {
    title: "Details",
    name: "Name",
    emails: "E-mail addresses",
    emailsHint: "The first is the primary address; replies go to the address the customer wrote from.",
    email: (n: number) => `E-mail address ${n}`,
    primary: "primary",
    remove: (address: string) => `Remove ${address || "this address"}`,
    removeShort: "Remove",
    add: "Add an address",
    organization: "Organisation",
    tier: "Tier",
    tierHint: "VIP customers can get their own SLA policy.",
    notes: "Notes",
    optOut: "No satisfaction surveys",
    optOutHint: "Set by the customer from a survey's link, or here.",
    language: "Mail language",
    languageAuto: "As they write (else the workspace default)",
    languageHint: "Acknowledgements, reply footers and surveys to this customer are in this language.",
    saved: "Saved.",
  },
  "zh-CN": {
    title: "详细信息",
    name: "姓名",
    emails: "邮箱地址",
    emailsHint: "第一个为主地址；回复会发到客户来信所用的地址。",
    email: (n: number) => `邮箱地址 ${n}`,
    primary: "主地址",
    remove: (address: string) => `删除 ${address || "此地址"}`,
    removeShort: "删除",
    add: "添加地址",
    organization: "机构",
    tier: "级别",
    tierHint: "VIP 客户可以适用单独的 SLA 策略。",
    notes: "备注",
    optOut: "不发送满意度调查",
    optOutHint: "客户可通过调查邮件中的链接设置，也可在此设置。",
    language: "邮件语言",
    languageAuto: "按客户来信的语言（否则用工作区默认语言）",
    languageHint: "发给此客户的确认回复、回复页脚和满意度调查使用此语言。",
    saved: "已保存。",
  },
});

/** The customer's fields this form shows (what a conflict compares). */
const FIELDS = ["name", "emails", "organization", "tier", "notes", "surveyOptOut", "language"] as const;

/** The mail languages an agent can choose for a customer ("" = not chosen: the language rule decides). */
const LANGUAGE_NAMES = { en: "English", "zh-CN": "简体中文" } as const;

/** The error of the emails list or of one of its addresses ("emails.1"). */
const emailError = (fields: Record<string, string>, index?: number) => (index === undefined ? fields.emails : fields[`emails.${index}`]);

/** A customer's details, edited and saved with PATCH. */
export function CustomerForm(props: { customer: Customer; onSaved: (customer: Customer) => void }) {
  const t = text();
  const { customer } = props;
  const [name, setName] = useState(customer.name);
  const [emails, setEmails] = useState(customer.emails);
  const [organization, setOrganization] = useState(customer.organization ?? "");
  const [tier, setTier] = useState(customer.tier);
  const [notes, setNotes] = useState(customer.notes);
  const [optOut, setOptOut] = useState(customer.surveyOptOut);
  const [language, setLanguage] = useState<"" | "en" | "zh-CN">(customer.language ?? "");
  useEffect(() => {
    // the customer changed (saved, or another merged in): show it as it now is
    setName(customer.name);
    setEmails(customer.emails);
    setOrganization(customer.organization ?? "");
    setTier(customer.tier);
    setNotes(customer.notes);
    setOptOut(customer.surveyOptOut);
    setLanguage(customer.language ?? "");
  }, [customer.updatedAt, customer.emails.join(",")]);
  const flash = useFlash();
  const versioned = useVersionedSave<Customer, CustomerPatch>(customer, FIELDS, (patch, ifMatch) =>
    data(api.customers[":id"].$patch({ param: { id: customer.id }, header: { "if-match": ifMatch }, json: patch })),
  );
  const saved = (result: Customer) => {
    forgetCustomer(result.id);
    flash.show(t.saved);
    props.onSaved(result);
  };
  const form = useSubmit(
    () =>
      versioned.save({
        name: name.trim(),
        emails: emails.map((e) => e.trim()).filter(Boolean),
        organization: organization.trim() || null,
        tier,
        notes,
        surveyOptOut: optOut,
        language: language || null,
      }),
    saved,
  );
  const setEmail = (index: number, value: string) => setEmails(emails.map((e, i) => (i === index ? value : e)));
  return (
    <form class="panel customer-form" onSubmit={form.submit} aria-label={t.title} noValidate>
      <h2>{t.title}</h2>
      <TextField label={t.name} value={name} onInput={setName} error={form.fields.name} maxLength={200} required />
      <fieldset class={`emails${emailError(form.fields) ? " invalid" : ""}`}>
        <legend>{t.emails}</legend>
        <small class="hint muted">{t.emailsHint}</small>
        {emails.map((email, index) => (
          <Field key={index} label={t.email(index + 1) + (index === 0 ? ` (${t.primary})` : "")} error={emailError(form.fields, index)}>
            {(id, describedBy) => (
              <div class="row">
                <input id={id} class="grow" type="email" value={email} maxLength={254} aria-describedby={describedBy} aria-invalid={emailError(form.fields, index) ? true : undefined} onInput={(e) => setEmail(index, e.currentTarget.value)} />
                {emails.length > 1 && (
                  <button type="button" aria-label={t.remove(email)} onClick={() => setEmails(emails.filter((_, i) => i !== index))}>
                    {t.removeShort}
                  </button>
                )}
              </div>
            )}
          </Field>
        ))}
        {emailError(form.fields) && (
          <small class="field-error" role="alert">
            {emailError(form.fields)}
          </small>
        )}
        {emails.length < 20 && (
          <button type="button" onClick={() => setEmails([...emails, ""])}>
            {t.add}
          </button>
        )}
      </fieldset>
      <TextField label={t.organization} value={organization} onInput={setOrganization} error={form.fields.organization} maxLength={200} />
      <SelectField label={t.tier} hint={t.tierHint} value={tier} options={TIERS.map((v) => [v, label("tier", v)] as const)} onChange={setTier} error={form.fields.tier} />
      <Field label={t.notes} error={form.fields.notes}>
        {(id, describedBy) => <textarea id={id} value={notes} rows={4} maxLength={10_000} aria-describedby={describedBy} onInput={(e) => setNotes(e.currentTarget.value)} />}
      </Field>
      <CheckboxField label={t.optOut} hint={t.optOutHint} checked={optOut} onChange={setOptOut} error={form.fields.surveyOptOut} />
      <SelectField<"" | "en" | "zh-CN">
        label={t.language}
        hint={t.languageHint}
        value={language}
        options={[["", t.languageAuto], ["en", LANGUAGE_NAMES.en], ["zh-CN", LANGUAGE_NAMES["zh-CN"]]]}
        onChange={setLanguage}
        error={form.fields.language}
      />
      <VersionConflictView
        save={versioned}
        labels={{ name: t.name, emails: t.emails, organization: t.organization, tier: t.tier, notes: t.notes, surveyOptOut: t.optOut, language: t.language }}
        show={(field, value) =>
          field === "tier" ? label("tier", value as Customer["tier"]) : field === "language" ? (value ? LANGUAGE_NAMES[value as keyof typeof LANGUAGE_NAMES] : t.languageAuto) : undefined
        }
        onSaved={saved}
        onKeepTheirs={() => props.onSaved(customer)}
      />
      <FormFooter busy={form.busy} error={Object.keys(form.fields).length || versioned.conflict ? null : form.error}>
        <Flash message={flash.message} />
      </FormFooter>
    </form>
  );
}

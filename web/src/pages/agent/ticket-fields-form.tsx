import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../../api";
import { messages } from "../../i18n";
import { Flash, useFlash } from "../../ui/flash";
import { FormFooter, TextField, useSubmit } from "../../ui/form";
import { SelectField } from "../../ui/choice-fields";
import type { Ticket, TicketPatch } from "./agent-api";
import { useDirectory } from "./directory";
import { label, PRIORITIES, STATUSES, TYPES } from "./enum-labels";
import { TicketConflict } from "./ticket-conflict";
import { collidingFields, draftOf, patchOf, rebaseDraft, type Draft } from "./ticket-draft";
import { saveTicket } from "./ticket-save";

const text = messages({
  en: {
    title: "Properties",
    status: "Status",
    priority: "Priority",
    type: "Type",
    assignee: "Assignee",
    group: "Group",
    tags: "Tags",
    tagsHint: "Separated by commas",
    nobody: "Unassigned",
    noGroup: "No group",
    saved: "Saved.",
    unchanged: "Nothing changed.",
    assignMe: "Assign to me",
    assigned: "Assigned to you.",
    undo: "Undo",
    undone: "Assignment undone.",
  },
  "zh-CN": {
    title: "属性",
    status: "状态",
    priority: "优先级",
    type: "类型",
    assignee: "负责人",
    group: "组",
    tags: "标签",
    tagsHint: "用逗号分隔",
    nobody: "未分配",
    noGroup: "无",
    saved: "已保存。",
    unchanged: "没有改动。",
    assignMe: "分配给我",
    assigned: "已分配给您。",
    undo: "撤销",
    undone: "已撤销分配。",
  },
});

const UNDO_MS = 10_000;

/** What the agent has changed and not saved: the patch, and the ticket it is based on (its If-Match). */
export interface UnsavedEdits {
  base: Ticket;
  patch: TicketPatch;
}

/**
 * Status, priority, type, assignee, group and tags, saved together with PATCH and If-Match. When
 * the ticket changes under the agent (a live update, a reload), their unsaved edits stay; if
 * someone else changed a field they are editing, the conflict view shows both and lets them
 * re-apply — a stale edit never silently overwrites. "Assign to me" saves at once, with undo.
 * Unsaved edits are reported to the page (`onDraft`), so a reply can save them too.
 */
export function TicketFieldsForm(props: { ticket: Ticket; myId: string; onSaved: (ticket: Ticket) => void; onDraft?: (edits: UnsavedEdits) => void }) {
  const t = text();
  const directory = useDirectory();
  // The ticket the agent's edits are based on: it moves with the ticket unless the edits collide.
  const [base, setBase] = useState(props.ticket);
  const [draft, setDraft] = useState(() => draftOf(props.ticket));
  const [conflict, setConflict] = useState<{ current: Ticket; mine: TicketPatch } | null>(null);
  const [undo, setUndo] = useState<{ previous: string | null; saved: Ticket } | null>(null);
  useEffect(() => {
    if (props.ticket === base) return;
    if (collidingFields(base, props.ticket, draft).length) {
      setConflict({ current: props.ticket, mine: patchOf(base, draft) });
      return;
    }
    setDraft(rebaseDraft(base, props.ticket, draft));
    setBase(props.ticket);
  }, [props.ticket]);
  useEffect(() => props.onDraft?.({ base, patch: patchOf(base, draft) }), [base, draft]);
  useEffect(() => {
    if (!undo) return;
    const timer = setTimeout(() => setUndo(null), UNDO_MS);
    return () => clearTimeout(timer);
  }, [undo]);
  const flash = useFlash();
  const saved = (ticket: Ticket, message: string) => {
    setDraft((mine) => rebaseDraft(base, ticket, mine)); // other unsaved edits stay
    setBase(ticket);
    setConflict(null);
    flash.show(message);
    props.onSaved(ticket);
  };
  const conflicted = (error: unknown, mine: TicketPatch) => {
    if (!(error instanceof ApiError && error.code === "ticket_changed" && error.current)) throw error;
    setConflict({ current: error.current as Ticket, mine });
    return null;
  };
  const form = useSubmit(
    async () => {
      const patch = patchOf(base, draft);
      if (!Object.keys(patch).length) return "unchanged" as const;
      return saveTicket(base, patch).catch((error: unknown) => conflicted(error, patch));
    },
    (result) => {
      if (result === "unchanged") flash.show(t.unchanged);
      else if (result) saved(result, t.saved);
    },
  );
  const assignToMe = useSubmit(
    () => saveTicket(base, { assigneeId: props.myId }).catch((error: unknown) => conflicted(error, { assigneeId: props.myId })),
    (result) => {
      if (!result) return;
      setUndo({ previous: base.assigneeId, saved: result });
      saved(result, t.assigned);
    },
  );
  const undoAssign = useSubmit(
    () => saveTicket(undo!.saved, { assigneeId: undo!.previous }).catch((error: unknown) => conflicted(error, { assigneeId: undo!.previous })),
    (result) => {
      setUndo(null);
      if (result) saved(result, t.undone);
    },
  );
  const set =
    <K extends keyof Draft>(key: K) =>
    (value: Draft[K]) =>
      setDraft({ ...draft, [key]: value });
  return (
    <form class="panel side-form" onSubmit={form.submit} aria-label={t.title} noValidate>
      <h2>{t.title}</h2>
      {conflict && (
        <TicketConflict
          read={base}
          current={conflict.current}
          mine={conflict.mine}
          onReapplied={(ticket) => saved(ticket, t.saved)}
          onConflict={(current) => setConflict({ current, mine: conflict.mine })}
          onDiscarded={() => {
            setBase(conflict.current);
            setDraft(draftOf(conflict.current));
            setConflict(null);
          }}
        />
      )}
      <SelectField label={t.status} value={draft.status} options={STATUSES.map((s) => [s, label("status", s)] as const)} onChange={set("status")} error={form.fields.status} />
      <SelectField label={t.priority} value={draft.priority} options={PRIORITIES.map((p) => [p, label("priority", p)] as const)} onChange={set("priority")} error={form.fields.priority} />
      <SelectField label={t.type} value={draft.type} options={TYPES.map((v) => [v, label("type", v)] as const)} onChange={set("type")} error={form.fields.type} />
      <SelectField
        label={t.assignee}
        value={draft.assigneeId}
        options={[["", t.nobody] as const, ...(directory?.users ?? []).filter((u) => u.active || u.id === draft.assigneeId).map((u) => [u.id, u.name] as const)]}
        onChange={set("assigneeId")}
        error={form.fields.assigneeId}
      />
      {(base.assigneeId !== props.myId || undo) && (
        <p class="assign-me row">
          {base.assigneeId !== props.myId && (
            <button type="button" disabled={assignToMe.busy} onClick={() => void assignToMe.submit()}>
              {t.assignMe}
            </button>
          )}
          {undo && (
            <button type="button" class="link" disabled={undoAssign.busy} onClick={() => void undoAssign.submit()}>
              {t.undo}
            </button>
          )}
          {(assignToMe.error || undoAssign.error) && (
            <span class="field-error" role="alert">
              {assignToMe.error ?? undoAssign.error}
            </span>
          )}
        </p>
      )}
      <SelectField
        label={t.group}
        value={draft.groupId}
        options={[["", t.noGroup] as const, ...(directory?.groups ?? []).map((g) => [g.id, g.name] as const)]}
        onChange={set("groupId")}
        error={form.fields.groupId}
      />
      <TextField label={t.tags} hint={t.tagsHint} value={draft.tags} onInput={set("tags")} error={form.fields.tags ?? Object.entries(form.fields).find(([k]) => k.startsWith("tags."))?.[1]} />
      <FormFooter busy={form.busy} error={Object.keys(form.fields).length ? null : form.error}>
        <Flash message={flash.message} />
      </FormFooter>
    </form>
  );
}

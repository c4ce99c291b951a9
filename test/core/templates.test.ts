import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { firstName, PLACEHOLDERS, renderTemplate, unknownPlaceholders, type PlaceholderValues } from "../../workers/core/tickets/templates";

const VALUES: PlaceholderValues = {
  "customer.name": "Wang Fang",
  "customer.first_name": "Wang",
  "customer.email": "fang@example.com",
  "ticket.number": "#1234",
  "ticket.subject": "Refund",
  "agent.name": "Li Lei",
  "workspace.name": "Acme Support",
  "sla.first_reply_due": "Mon, 12 Oct 2026, 09:30 (Asia/Shanghai)",
};

// Segments of a template: plain text (no braces), a known placeholder, or an unknown one.
type Segment = { text: string } | { known: (typeof PLACEHOLDERS)[number]; pad: [string, string] } | { unknown: string };
const padArb = fc.tuple(fc.constantFrom("", " ", "  ", "\t"), fc.constantFrom("", " ", "\n"));
const segmentArb: fc.Arbitrary<Segment> = fc.oneof(
  fc.string({ maxLength: 12 }).filter((s) => !s.includes("{") && !s.includes("}")).map((text) => ({ text })),
  fc.record({ known: fc.constantFrom(...PLACEHOLDERS), pad: padArb }),
  fc.constantFrom("order.id", "customer.phone", "ticket.url", "agent.email").map((unknown) => ({ unknown })),
);
const source = (s: Segment) => ("text" in s ? s.text : "known" in s ? `{{${s.pad[0]}${s.known}${s.pad[1]}}}` : `{{${s.unknown}}}`);

/** Values that look like template syntax or `String.replace` patterns, to catch re-expansion. */
const trickyValueArb = fc.oneof(
  fc.string(),
  fc.constantFrom("{{customer.name}}", "{{ ticket.number }}", "$&", "$1", "$$", "$`", "$'", "{{", "}}", "{{order.id}}", ""),
);
const valuesArb: fc.Arbitrary<PlaceholderValues> = fc.record(
  Object.fromEntries(PLACEHOLDERS.map((p) => [p, trickyValueArb])) as Record<(typeof PLACEHOLDERS)[number], fc.Arbitrary<string>>,
);

describe("renderTemplate", () => {
  it("fills every known placeholder, with or without inner spaces", () => {
    expect(renderTemplate("Hi {{customer.first_name}}, about {{ ticket.number }} ({{ticket.subject}}).\n-- {{agent.name}}, {{workspace.name}} <{{customer.email}}> {{customer.name}}", VALUES)).toBe(
      "Hi Wang, about #1234 (Refund).\n-- Li Lei, Acme Support <fang@example.com> Wang Fang",
    );
  });

  it("fills a placeholder used several times at every place", () => {
    expect(renderTemplate("{{agent.name}}/{{agent.name}}/{{agent.name}}", VALUES)).toBe("Li Lei/Li Lei/Li Lei");
  });

  it("leaves unknown placeholders as they are", () => {
    expect(renderTemplate("Order {{order.id}} for {{customer.name}}", VALUES)).toBe("Order {{order.id}} for Wang Fang");
  });

  it("leaves names of built-in object properties alone (they are not placeholders)", () => {
    const template = "{{constructor}} {{toString}} {{__proto__}} {{hasOwnProperty}} {{constructor.name}} {{valueOf}}";
    expect(renderTemplate(template, VALUES)).toBe(template);
  });

  it("inserts values literally: no re-expansion, no `$&`-style replacement patterns", () => {
    const values = { ...VALUES, "customer.name": "{{agent.name}} $& $1", "ticket.subject": "{{ticket.subject}}" };
    expect(renderTemplate("{{customer.name}} / {{ticket.subject}}", values)).toBe("{{agent.name}} $& $1 / {{ticket.subject}}");
  });

  it("equals the segment-by-segment rendering for any template and values (property)", () => {
    fc.assert(
      fc.property(fc.array(segmentArb, { maxLength: 12 }), valuesArb, (segments, values) => {
        const expected = segments.map((s) => ("text" in s ? s.text : "known" in s ? values[s.known] : `{{${s.unknown}}}`)).join("");
        expect(renderTemplate(segments.map(source).join(""), values)).toBe(expected);
      }),
    );
  });

  it("leaves a template without placeholders unchanged (property)", () => {
    fc.assert(
      fc.property(fc.string().filter((s) => !s.includes("{{")), (text) => {
        expect(renderTemplate(text, VALUES)).toBe(text);
      }),
    );
  });
});

describe("unknownPlaceholders", () => {
  it("is empty for a template that uses only known placeholders", () => {
    expect(unknownPlaceholders("Hi {{customer.first_name}}, {{ ticket.number }}, {{workspace.name}}")).toEqual([]);
    expect(unknownPlaceholders("no placeholders at all")).toEqual([]);
  });

  it("lists each unknown placeholder once, in order of first use", () => {
    expect(unknownPlaceholders("{{order.id}} {{customer.name}} {{ticket.url}} {{order.id}} {{ order.id }}")).toEqual(["order.id", "ticket.url"]);
  });

  it("lists exactly the unknown placeholders of any template (property)", () => {
    fc.assert(
      fc.property(fc.array(segmentArb, { maxLength: 12 }), (segments) => {
        const unknown = [...new Set(segments.flatMap((s) => ("unknown" in s ? [s.unknown] : [])))];
        expect(unknownPlaceholders(segments.map(source).join(""))).toEqual(unknown);
      }),
    );
  });

  // Standard replies are checked with unknownPlaceholders when saved. Anything written as a
  // placeholder that renderTemplate will not fill must be reported, or the customer receives
  // the raw braces (e.g. "Hi {{name}},").
  it("reports placeholder-looking tokens that renderTemplate would leave unfilled", () => {
    for (const template of ["Hi {{name}},", "Hi {{Customer.Name}},", "Ticket {{ticket.number2}}", "Hi {{customer-name}},"]) {
      const rendered = renderTemplate(template, VALUES);
      expect(rendered, template).toContain("{{"); // left unfilled
      expect(unknownPlaceholders(template), template).not.toEqual([]);
    }
  });
});

describe("firstName", () => {
  it("is the first word of a name; a CJK name without spaces stays whole", () => {
    expect(firstName("Wang Fang")).toBe("Wang");
    expect(firstName("  Ana  Maria López ")).toBe("Ana");
    expect(firstName("王芳")).toBe("王芳");
    expect(firstName("")).toBe("");
  });
});

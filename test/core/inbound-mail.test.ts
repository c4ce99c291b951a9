import fc from "fast-check";
import PostalMime, { type Address } from "postal-mime";
import { describe, expect, it } from "vitest";
import { addressesOf, copiedPeople, inboundMailOf, type Mailbox } from "../../workers/core/mail/inbound-mail";

const parse = (headers: string) => PostalMime.parse(`${headers}\r\nSubject: Hello\r\n\r\nbody\r\n`);
const envelope = { from: "bounces@mailer.example", to: "acme+42@kefu.example" };

describe("inboundMailOf", () => {
  it("takes the sender from From (lower-case), else from the envelope, keeping a From that is only a name", async () => {
    expect(inboundMailOf(await parse("From: Li Wei <Li.Wei@Example.COM>"), envelope, { plusAddressing: false }).sender).toEqual({ address: "li.wei@example.com", name: "Li Wei" });
    expect(inboundMailOf(await parse("From: Kundenservice"), envelope, { plusAddressing: false }).sender).toEqual({ address: "bounces@mailer.example", name: "Kundenservice" });
    expect(inboundMailOf(await parse("From: MAILER-DAEMON"), { from: "", to: envelope.to }, { plusAddressing: false }).sender).toBeUndefined();
  });

  it("collects the thread clues: referenced ids, the subject's and the plus address's ticket number (when the address allows it), Thread-Index, the forwarding secret", async () => {
    const parsed = await PostalMime.parse(
      "From: li@example.com\r\nSubject: Re: [#1234] Kettle\r\nIn-Reply-To: <a@x>\r\nReferences: <r@x> <a@x>\r\nX-Kefu-Verification: secret1\r\n\r\nhi\r\n",
    );
    const mail = inboundMailOf(parsed, envelope, { plusAddressing: true });
    expect(mail.clues).toMatchObject({ messageIds: ["a@x", "r@x"], subjectNumber: 1234, plusNumber: 42, sender: "li@example.com", threadKey: null });
    expect(mail.summary).toEqual({ fromAddress: "li@example.com", subject: "Re: [#1234] Kettle" });
    expect(mail.verification).toBe("secret1");
    expect(inboundMailOf(parsed, envelope, { plusAddressing: false }).clues.plusNumber).toBeNull();
  });
});

describe("addressesOf", () => {
  it("expands groups and drops entries without an address", () => {
    const list: Address[] = [
      { name: "Team", group: [{ name: " Bo ", address: "BO@x.example" }, { name: "nobody", address: "" }] },
      { name: "Cy", address: "cy@x.example" },
      { name: "undisclosed", address: "undisclosed-recipients" },
    ];
    expect(addressesOf(list)).toEqual([
      { address: "bo@x.example", name: "Bo" },
      { address: "cy@x.example", name: "Cy" },
    ]);
  });
});

describe("copiedPeople", () => {
  const mailboxArb = fc.record({ address: fc.constantFrom("a@x.example", "b@x.example", "acme@kefu.example", "acme+7@kefu.example", "li@example.com", "c@y.example"), name: fc.string({ maxLength: 5 }) });
  const excludeArb = fc.subarray(["li@example.com", "acme@kefu.example", "b@x.example"]);

  it("records everyone copied once, never the sender or the workspace's own addresses (+tags too), at most 25", () => {
    fc.assert(
      fc.property(fc.array(mailboxArb, { maxLength: 40 }), excludeArb, (recipients: Mailbox[], exclude) => {
        const people = copiedPeople(recipients, exclude);
        const emails = people.map((p) => p.email);
        expect(new Set(emails).size).toBe(emails.length);
        expect(people.length).toBeLessThanOrEqual(25);
        for (const email of emails) expect(exclude).not.toContain(email.replace(/\+[^@]*@/, "@"));
        const wanted = new Set(recipients.map((r) => r.address).filter((a) => !exclude.includes(a.replace(/\+[^@]*@/, "@"))));
        expect(new Set(emails)).toEqual(wanted);
      }),
    );
  });

  it("stops at 25 people", () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ address: `p${i}@x.example`, name: `P${i}` }));
    expect(copiedPeople(many, [])).toHaveLength(25);
    expect(copiedPeople(many, [])[0]).toEqual({ email: "p0@x.example", name: "P0" });
  });
});

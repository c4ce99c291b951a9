import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BLOCKED_EXTENSIONS, cleanFilename, MAIL_ATTACH_TOTAL_BYTES, MAX_UPLOAD_BYTES, planMailFiles, refusedUpload } from "../../workers/core/attachments/upload-rules";

const name = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !s.includes("."));
const size = fc.integer({ min: 0, max: 50 * 1024 * 1024 });

describe("upload rules", () => {
  it("refuses a file over the limit, whatever its name and type", () => {
    fc.assert(fc.property(name, fc.integer({ min: MAX_UPLOAD_BYTES + 1, max: 10 * MAX_UPLOAD_BYTES }), (n, s) => refusedUpload({ filename: `${n}.pdf`, contentType: "application/pdf", size: s }) === "file_too_large"));
  });

  it("refuses every blocked extension in any case, with trailing dots or spaces, and accepts ordinary documents", () => {
    const blocked = fc.constantFrom(...BLOCKED_EXTENSIONS);
    const caseOf = (ext: string, upper: boolean[]) => [...ext].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join("");
    fc.assert(
      fc.property(name, blocked, fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }), fc.constantFrom("", ".", " ", ". "), fc.integer({ min: 1, max: MAX_UPLOAD_BYTES }), (n, ext, upper, tail, s) =>
        refusedUpload({ filename: `${n}.${caseOf(ext, upper)}${tail}`, contentType: "application/octet-stream", size: s }) === "file_type_not_allowed",
      ),
    );
    for (const ok of ["invoice.pdf", "photo.JPG", "报价单.xlsx", "notes.txt", "archive.zip", "README"]) expect(refusedUpload({ filename: ok, contentType: "application/octet-stream", size: 10 }), ok).toBeNull();
    expect(refusedUpload({ filename: "x.txt", contentType: "Application/X-MSDownload; name=x", size: 10 })).toBe("file_type_not_allowed");
    expect(refusedUpload({ filename: "x.txt", contentType: "text/plain", size: 0 })).toBe("file_empty");
  });

  it("a cleaned file name is never empty, has no path or control characters, and keeps at most 200 characters", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (raw) => {
        const clean = cleanFilename(raw);
        expect(clean.length).toBeGreaterThan(0);
        expect(clean.length).toBeLessThanOrEqual(200);
        expect(clean).not.toMatch(/[\\/\x00-\x1f\x7f]/);
      }),
    );
    expect(cleanFilename("C:\\Users\\li\\报价单.pdf")).toBe("报价单.pdf");
    expect(cleanFilename(`${"a".repeat(300)}.pdf`)).toMatch(/^a{196}\.pdf$/);
  });

  it("attaches files in order while they fit the mail limit and links the rest", () => {
    fc.assert(
      fc.property(fc.array(size, { maxLength: 10 }), (sizes) => {
        const plan = planMailFiles(sizes);
        const attached = sizes.filter((_, i) => plan[i] === "attach");
        expect(attached.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(MAIL_ATTACH_TOTAL_BYTES);
        // A linked file would not have fitted beside those attached before it.
        plan.forEach((p, i) => {
          if (p === "link") expect(sizes.slice(0, i).filter((_, j) => plan[j] === "attach").reduce((a, b) => a + b, 0) + sizes[i]!).toBeGreaterThan(MAIL_ATTACH_TOTAL_BYTES);
        });
      }),
    );
    expect(planMailFiles([4 * 1024 * 1024, 100])).toEqual(["link", "attach"]);
  });
});

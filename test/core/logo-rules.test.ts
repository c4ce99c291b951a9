import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkLogo, LOGO_MAX_BYTES, LOGO_TYPES, sniffLogoType } from "../../workers/core/tenancy/logo-rules";

const SIGNATURES = {
  "image/png": [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  "image/jpeg": [0xff, 0xd8, 0xff],
  "image/webp": [0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50],
} as const;

const image = fc.constantFrom(...LOGO_TYPES).chain((type) => fc.uint8Array({ maxLength: 64 }).map((rest) => ({ type, bytes: new Uint8Array([...SIGNATURES[type], ...rest]) })));

describe("logo rules", () => {
  it("an image is accepted exactly as the type its bytes are, declared in any case (property)", () => {
    fc.assert(
      fc.property(image, fc.constantFrom(...LOGO_TYPES), fc.boolean(), ({ type, bytes }, declared, upper) => {
        const result = checkLogo(upper ? declared.toUpperCase() : declared, bytes);
        expect(result).toEqual(declared === type ? { type } : { refused: "logo_type_not_allowed" });
      }),
    );
  });

  it("bytes without a PNG, JPEG or WebP signature are refused whatever the declared type, SVG included (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.constantFrom("image/png", "image/svg+xml", "image/gif", "text/html", ""), (bytes, declared) => {
        if (sniffLogoType(bytes)) return;
        expect(checkLogo(declared, bytes)).toEqual({ refused: "logo_type_not_allowed" });
      }),
    );
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect(checkLogo("image/svg+xml", svg)).toEqual({ refused: "logo_type_not_allowed" });
  });

  it("over the limit is refused as too large; at the limit is fine", () => {
    const at = new Uint8Array(LOGO_MAX_BYTES);
    at.set(SIGNATURES["image/png"]);
    expect(checkLogo("image/png", at)).toEqual({ type: "image/png" });
    const over = new Uint8Array(LOGO_MAX_BYTES + 1);
    over.set(SIGNATURES["image/png"]);
    expect(checkLogo("image/png", over)).toEqual({ refused: "logo_too_large" });
    expect(checkLogo("image/jpg", new Uint8Array([0xff, 0xd8, 0xff, 0]))).toEqual({ type: "image/jpeg" });
  });
});

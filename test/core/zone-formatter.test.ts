import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { zoneFormatter } from "../../workers/core/sla/zone-formatter";

const OPTIONS = { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const;
const ZONES = ["UTC", "Asia/Shanghai", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu"];

describe("zoneFormatter", () => {
  it("formats every instant in every zone as a formatter built for that call would (property)", () => {
    const format = zoneFormatter("en-GB", OPTIONS);
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }), (zone, at) => {
        expect(format(zone).format(at)).toBe(new Intl.DateTimeFormat("en-GB", { ...OPTIONS, timeZone: zone }).format(at));
      }),
    );
  });

  it("builds one formatter per zone, and refuses a zone the runtime does not know every time", () => {
    const format = zoneFormatter("en-GB", OPTIONS);
    expect(format("Asia/Shanghai")).toBe(format("Asia/Shanghai"));
    expect(format("Asia/Shanghai")).not.toBe(format("UTC"));
    expect(() => format("Mars/Olympus_Mons")).toThrow(RangeError);
    expect(() => format("Mars/Olympus_Mons")).toThrow(RangeError);
  });
});

import { z } from "@hono/zod-openapi";
import { MAX_HOLIDAY_RANGE_DAYS } from "../../core/sla/business-calendar";

/** A holiday of a business calendar: one date, or a range of dates with both ends included. */
export const HolidaySchema = z.union([z.iso.date(), z.object({ start: z.iso.date(), end: z.iso.date() }).strict().openapi("HolidayRange")]);

export const Holidays = z.array(HolidaySchema).max(500).openapi({
  description: `Dates closed all day: each a date, or a range { start, end } (both ends included, at most ${MAX_HOLIDAY_RANGE_DAYS} days)`,
  example: ["2026-12-25", { start: "2026-10-01", end: "2026-10-07" }],
});

export const Workdays = z
  .array(z.object({ date: z.iso.date(), hoursOf: z.number().int().min(0).max(6) }).strict())
  .max(100)
  .openapi({ description: "Make-up working days (调休): a date that works with the hours of weekday `hoursOf`", example: [{ date: "2026-10-10", hoursOf: 1 }] });

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { taskDueState } from "../../web/src/pages/agent/task-due";

// A task's due badge in the ticket list and on its page: red ("overdue") exactly when its due
// instant has passed and the task is still to be done.

const statuses = ["new", "open", "pending", "on_hold", "solved", "closed"] as const;
const instant = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) });

describe("taskDueState", () => {
  it("no due date, no badge", () => {
    fc.assert(fc.property(fc.constantFrom(...statuses), instant, (status, now) => {
        expect(taskDueState(null, status, now)).toBeNull();
      }),
    );;
  });

  it("overdue iff the due instant is at or before now and the task is not solved or closed", () => {
    fc.assert(
      fc.property(instant, instant, fc.constantFrom(...statuses), (due, now, status) => {
        const state = taskDueState(new Date(due).toISOString(), status, now);
        expect(state).toBe(due <= now && status !== "solved" && status !== "closed" ? "overdue" : "due");
      }),
    );
  });

  it("a done task is never overdue, however late", () => {
    expect(taskDueState("2020-01-01T00:00:00.000Z", "solved", Date.UTC(2030, 0, 1))).toBe("due");
    expect(taskDueState("2020-01-01T00:00:00.000Z", "open", Date.UTC(2030, 0, 1))).toBe("overdue");
  });
});

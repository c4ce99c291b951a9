/**
 * Official public-holiday schedules shipped with Kefu, as data: holidays as date ranges (both
 * ends included) and make-up working days (调休). Mainland China's schedule is set each year by a
 * notice of the General Office of the State Council (国务院办公厅关于…年部分节假日安排的通知),
 * usually published in November or December of the year before; a year whose notice is not out
 * yet is listed with `published: false` and no dates (never guessed from the lunar calendar).
 * Where each year comes from: docs/sla.md ("Public holidays").
 */

export interface ScheduleHoliday {
  name: { en: string; zh: string };
  start: string;
  end: string;
}

export interface HolidaySchedule {
  /** e.g. "CN-2026" */
  id: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
  year: number;
  /** false: the official notice is not out yet; holidays and workdays are empty. */
  published: boolean;
  source: { title: string; url: string; issuedOn: string } | null;
  holidays: ScheduleHoliday[];
  /** Make-up working days: dates that are worked though they fall on a weekend. */
  workdays: { date: string; name: { en: string; zh: string } }[];
}

const NEW_YEAR = { en: "New Year's Day", zh: "元旦" };
const SPRING = { en: "Spring Festival", zh: "春节" };
const QINGMING = { en: "Qingming Festival", zh: "清明节" };
const LABOUR = { en: "Labour Day", zh: "劳动节" };
const DRAGON_BOAT = { en: "Dragon Boat Festival", zh: "端午节" };
const MID_AUTUMN = { en: "Mid-Autumn Festival", zh: "中秋节" };
const NATIONAL = { en: "National Day", zh: "国庆节" };

export const HOLIDAY_SCHEDULES: readonly HolidaySchedule[] = [
  {
    id: "CN-2026",
    country: "CN",
    year: 2026,
    published: true,
    source: {
      title: "国务院办公厅关于2026年部分节假日安排的通知",
      url: "https://www.gov.cn/zhengce/content/202511/content_7047090.htm",
      issuedOn: "2025-11-04",
    },
    holidays: [
      { name: NEW_YEAR, start: "2026-01-01", end: "2026-01-03" },
      { name: SPRING, start: "2026-02-15", end: "2026-02-23" },
      { name: QINGMING, start: "2026-04-04", end: "2026-04-06" },
      { name: LABOUR, start: "2026-05-01", end: "2026-05-05" },
      { name: DRAGON_BOAT, start: "2026-06-19", end: "2026-06-21" },
      { name: MID_AUTUMN, start: "2026-09-25", end: "2026-09-27" },
      { name: NATIONAL, start: "2026-10-01", end: "2026-10-07" },
    ],
    workdays: [
      { date: "2026-01-04", name: NEW_YEAR },
      { date: "2026-02-14", name: SPRING },
      { date: "2026-02-28", name: SPRING },
      { date: "2026-05-09", name: LABOUR },
      { date: "2026-09-20", name: NATIONAL },
      { date: "2026-10-10", name: NATIONAL },
    ],
  },
  { id: "CN-2027", country: "CN", year: 2027, published: false, source: null, holidays: [], workdays: [] },
];

/** The weekday whose hours a make-up working day gets when imported: Monday's (an ordinary working day). */
export const MAKE_UP_DAY_HOURS_OF = 1;

export function holidaySchedule(id: string): HolidaySchedule | undefined {
  return HOLIDAY_SCHEDULES.find((s) => s.id === id);
}

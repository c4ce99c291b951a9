/**
 * Formatters of dates in a time zone, built once per zone and isolate. Building an
 * `Intl.DateTimeFormat` costs far more than formatting with one (the SLA alerts of one cron tick
 * spent 44 ms building them); the zones are the calendars' IANA names, a finite set. An unknown
 * zone throws RangeError, as the constructor does, and is not kept.
 */
export function zoneFormatter(locale: string, options: Omit<Intl.DateTimeFormatOptions, "timeZone">): (timeZone: string) => Intl.DateTimeFormat {
  const byZone = new Map<string, Intl.DateTimeFormat>();
  return (timeZone) => {
    let format = byZone.get(timeZone);
    if (!format) byZone.set(timeZone, (format = new Intl.DateTimeFormat(locale, { ...options, timeZone })));
    return format;
  };
}

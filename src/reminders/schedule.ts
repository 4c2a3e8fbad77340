/** The time of day, local to the device, at which a follow-up reminder goes off: the evening, not the night. */
const REMINDER_TIME = '18:00:00.000';

export interface ReminderTimes {
  /** When the request was made, as the Reminders API wants it (ISO 8601, no offset). */
  requestTime: string;
  /** The local date and hour `days` from now in `timeZone`, e.g. "2026-11-29T18:00:00.000". */
  scheduledTime: string;
}

/** Today's date where the listener is, as YYYY-MM-DD; UTC's when the time zone is unknown or not a zone. */
function localDate(now: Date, timeZone: string | undefined): string {
  if (timeZone) {
    try {
      return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
    } catch {
      // not a time zone Intl knows
    }
  }
  return now.toISOString().slice(0, 10);
}

/** A reminder `days` days from now at REMINDER_TIME, on the listener's calendar. */
export function reminderTimes(now: Date, timeZone: string | undefined, days: number): ReminderTimes {
  const [year, month, day] = localDate(now, timeZone).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
  return {
    requestTime: now.toISOString().slice(0, 23),
    scheduledTime: `${date}T${REMINDER_TIME}`,
  };
}

/** Text helpers for the emulator's HTML pages (the card inbox, the chats page). */

/** An instant as a person in the UK reads it ("23 Nov 2026, 08:52:10"); the input itself when it is not a date. */
export function londonTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}

/** Text made safe to put in HTML, attributes included. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The service's Clock: the system time, with "today" as the Europe/London date. */
import { ukDateOf } from '../domain/clock.ts';
import type { Clock } from '../domain/clock.ts';

export const systemClock: Clock = {
  today: () => ukDateOf(new Date()),
  now: () => new Date().toISOString(),
};

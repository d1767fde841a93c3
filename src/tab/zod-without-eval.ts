/**
 * Zod builds a faster parser for each object schema with `new Function`, after first probing
 * whether it may. The tab's Content Security Policy forbids that (src/server/security-headers.ts),
 * so the probe could only fail, and the browser reports even a caught failure as a policy
 * violation. Compiled parsers made no measurable difference to the tab, which validates a few
 * hundred records per open (cold opens, 8 each: 901 ms compiled, 914 ms without).
 *
 * Zod reads this setting as each schema is built, so main.ts imports this module before anything
 * that defines one.
 */
import { config } from 'zod';

config({ jitless: true });

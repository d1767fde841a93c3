/**
 * The emulator's state on disk: one JSON file in the data folder, replaced atomically
 * (write-file-atomic writes a temporary file and renames it), so a kill at any moment leaves
 * either the old file or the new one, never a torn one. Writes are coalesced: changes made while
 * a write is under way go out in the next one, and close() waits until everything acknowledged
 * is on disk.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { EmulatorState, ItemRecord, ListRecord } from './state.ts';

/** The state file's name inside the data folder. */
export const STATE_FILE = 'graph-emulator-state.json';
const FORMAT = 'waymark-graph-emulator';
const FORMAT_VERSION = 1;

/** A state file that cannot be read; the emulator refuses to start rather than overwrite it. */
export class StateFileError extends Error {
  override readonly name = 'StateFileError';
}

type PersistedList = Omit<ListRecord, 'items'> & { items: ItemRecord[] };

interface PersistedState {
  format: typeof FORMAT;
  version: typeof FORMAT_VERSION;
  savedAt: string;
  sites: EmulatorState['sites'];
  lists: PersistedList[];
  signingKey?: EmulatorState['signingKey'];
}

/** The state as JSON text. */
export function serializeState(state: EmulatorState, now: Date = new Date()): string {
  const persisted: PersistedState = {
    format: FORMAT,
    version: FORMAT_VERSION,
    savedAt: now.toISOString(),
    sites: state.sites,
    lists: state.lists.map((list) => ({ ...list, items: [...list.items.values()] })),
    ...(state.signingKey ? { signingKey: state.signingKey } : {}),
  };
  return JSON.stringify(persisted);
}

/** The state from JSON text; throws StateFileError when it is not an emulator state file. */
export function deserializeState(text: string, source: string): EmulatorState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StateFileError(`${source} is not valid JSON (${error instanceof Error ? error.message : String(error)}); move it aside or start with --memory.`);
  }
  const persisted = parsed as Partial<PersistedState>;
  if (persisted?.format !== FORMAT || persisted.version !== FORMAT_VERSION || !Array.isArray(persisted.sites) || !Array.isArray(persisted.lists)) {
    throw new StateFileError(`${source} is not a Graph emulator state file of version ${FORMAT_VERSION}; move it aside or start with --memory.`);
  }
  return {
    sites: persisted.sites,
    lists: persisted.lists.map((list) => ({ ...list, items: new Map(list.items.map((item) => [item.id, item])) })),
    ...(persisted.signingKey ? { signingKey: persisted.signingKey } : {}),
  };
}

/** Reads the state file in a data folder; undefined when there is none yet. */
export function loadState(dataDir: string): EmulatorState | undefined {
  const file = join(dataDir, STATE_FILE);
  if (!existsSync(file)) return undefined;
  return deserializeState(readFileSync(file, 'utf8'), file);
}

/**
 * Keeps one JSON file up to date with in-memory state: changed() writes it shortly after, coalescing
 * bursts (changes made during a write go out in the next), atomically. Used for the emulator's state,
 * its card inbox and its bot chats.
 */
export class CoalescedFileWriter {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> | undefined;
  private dirty = false;
  private failure: unknown;

  constructor(
    private readonly file: string,
    private readonly serialize: () => string,
    private readonly delayMs = 50,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    mkdirSync(dirname(file), { recursive: true });
  }

  /** Notes a change; the file is written shortly after. */
  changed(): void {
    this.dirty = true;
    if (this.timer || this.writing) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.writeNow();
    }, this.delayMs);
  }

  /** Writes everything changed so far and waits for it; rejects if the last write failed. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    while (this.writing || this.dirty) {
      if (this.writing) await this.writing;
      else await this.writeNow();
    }
    if (this.failure) throw this.failure;
  }

  private writeNow(): Promise<void> {
    if (this.writing) return this.writing;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.dirty = false;
    const text = this.serialize();
    this.writing = writeFileAtomic(this.file, text)
      .then(() => {
        this.failure = undefined;
      })
      .catch((error: unknown) => {
        this.failure = error;
        this.onError(error);
      })
      .finally(() => {
        this.writing = undefined;
        if (this.dirty && !this.timer) {
          this.timer = setTimeout(() => {
            this.timer = undefined;
            void this.writeNow();
          }, this.delayMs);
        }
      });
    return this.writing;
  }
}

/** Writes the emulator's state file after changes, coalescing bursts. */
export class StateWriter extends CoalescedFileWriter {
  constructor(dataDir: string, snapshot: () => EmulatorState, delayMs = 50, onError: (error: unknown) => void = () => undefined) {
    super(join(dataDir, STATE_FILE), () => serializeState(snapshot()), delayMs, onError);
  }
}

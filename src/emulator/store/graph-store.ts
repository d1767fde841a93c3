/**
 * The in-memory store behind the emulator: sites, lists, columns and items, with a change
 * sequence per list for delta. Handlers check a whole request first (columns.ts,
 * field-values.ts) and then call one mutation here, so a refused request changes nothing. Every
 * mutation tells the listener (persistence) once.
 */
import { randomUUID } from 'node:crypto';
import { builtInColumns } from './columns.ts';
import type { FieldChanges } from './field-values.ts';
import { formatInstant } from './field-values.ts';
import type { Actor, ColumnRecord, EmulatorState, ItemRecord, ListRecord, SiteRecord } from './state.ts';

export interface GraphStoreOptions {
  /** Called after every change, to persist. */
  onChange?: () => void;
  /** The clock; injected in tests. */
  now?: () => number;
}

/** What a new list is made of, already checked. */
export interface NewList {
  displayName: string;
  description: string;
  columns: ColumnRecord[];
}

/** The store: the one owner of the emulator's state. */
export class GraphStore {
  readonly state: EmulatorState;
  private readonly onChange: () => void;
  private readonly now: () => number;

  constructor(state: EmulatorState, options: GraphStoreOptions = {}) {
    this.state = state;
    this.onChange = options.onChange ?? (() => undefined);
    this.now = options.now ?? Date.now;
  }

  /** Makes sure the site exists (the emulator serves one configured site; others may persist from earlier runs). */
  ensureSite(id: string): SiteRecord {
    const existing = this.state.sites.find((site) => site.id.toLowerCase() === id.toLowerCase());
    if (existing) return existing;
    const hostname = id.split(',')[0] ?? 'localhost';
    const stamp = this.timestamp();
    const site: SiteRecord = {
      id,
      name: 'waymark',
      displayName: 'Waymark (emulated site)',
      description: 'A SharePoint site emulated by the local Graph emulator.',
      hostname,
      createdDateTime: stamp,
      lastModifiedDateTime: stamp,
    };
    this.state.sites.unshift(site);
    this.onChange();
    return site;
  }

  /** A site by id ('root' is the first site); undefined when unknown. */
  site(id: string): SiteRecord | undefined {
    if (id.toLowerCase() === 'root') return this.state.sites[0];
    const lower = id.toLowerCase();
    return this.state.sites.find((site) => site.id.toLowerCase() === lower || site.hostname.toLowerCase() === lower);
  }

  lists(siteId: string): ListRecord[] {
    return this.state.lists.filter((list) => list.siteId === siteId);
  }

  /** A list by id, display name or URL name (case-insensitive, as SharePoint matches titles). */
  findList(siteId: string, key: string): ListRecord | undefined {
    const lower = key.toLowerCase();
    const lists = this.lists(siteId);
    return (
      lists.find((list) => list.id.toLowerCase() === lower) ??
      lists.find((list) => list.displayName.toLowerCase() === lower) ??
      lists.find((list) => list.name.toLowerCase() === lower)
    );
  }

  createList(siteId: string, input: NewList, actor: Actor): ListRecord {
    const stamp = this.timestamp();
    const list: ListRecord = {
      id: randomUUID(),
      siteId,
      name: urlName(input.displayName, this.lists(siteId)),
      displayName: input.displayName,
      description: input.description,
      template: 'genericList',
      createdDateTime: stamp,
      lastModifiedDateTime: stamp,
      createdBy: actor,
      columns: [...builtInColumns(), ...input.columns],
      items: new Map(),
      nextItemId: 1,
      changeSeq: 0,
      tombstones: [],
    };
    this.state.lists.push(list);
    this.onChange();
    return list;
  }

  /** Built-in columns of a new list are created here; `columns` must be checked already. */
  addColumn(list: ListRecord, column: ColumnRecord): void {
    list.columns.push(column);
    list.lastModifiedDateTime = this.timestamp();
    this.onChange();
  }

  replaceColumn(list: ListRecord, column: ColumnRecord): void {
    const index = list.columns.findIndex((candidate) => candidate.id === column.id);
    if (index === -1) return;
    list.columns[index] = column;
    list.lastModifiedDateTime = this.timestamp();
    this.onChange();
  }

  deleteList(list: ListRecord): void {
    this.state.lists = this.state.lists.filter((candidate) => candidate !== list);
    this.onChange();
  }

  createItem(list: ListRecord, changes: FieldChanges, actor: Actor): ItemRecord {
    const stamp = this.timestamp();
    const values: ItemRecord['values'] = {};
    for (const [name, value] of Object.entries(changes)) if (value !== null) values[name] = value;
    const item: ItemRecord = {
      id: list.nextItemId,
      uid: randomUUID(),
      version: 1,
      createdDateTime: stamp,
      lastModifiedDateTime: stamp,
      createdBy: actor,
      lastModifiedBy: actor,
      values,
      changeSeq: ++list.changeSeq,
    };
    list.nextItemId += 1;
    list.items.set(item.id, item);
    list.lastModifiedDateTime = stamp;
    this.onChange();
    return item;
  }

  updateItem(list: ListRecord, item: ItemRecord, changes: FieldChanges, actor: Actor): ItemRecord {
    for (const [name, value] of Object.entries(changes)) {
      if (value === null) delete item.values[name];
      else item.values[name] = value;
    }
    item.version += 1;
    item.lastModifiedDateTime = this.timestamp();
    item.lastModifiedBy = actor;
    item.changeSeq = ++list.changeSeq;
    list.lastModifiedDateTime = item.lastModifiedDateTime;
    this.onChange();
    return item;
  }

  deleteItem(list: ListRecord, item: ItemRecord): void {
    list.items.delete(item.id);
    list.tombstones.push({ id: item.id, seq: ++list.changeSeq });
    list.lastModifiedDateTime = this.timestamp();
    this.onChange();
  }

  private timestamp(): string {
    return formatInstant(this.now());
  }
}

// SharePoint derives a list's URL name from its first title: spaces and punctuation dropped.
function urlName(displayName: string, lists: readonly ListRecord[]): string {
  const base = displayName.replace(/[^A-Za-z0-9_-]/g, '') || 'List';
  let name = base;
  for (let suffix = 1; lists.some((list) => list.name.toLowerCase() === name.toLowerCase()); suffix++) name = `${base}${suffix}`;
  return name;
}

/** An empty state. */
export function emptyState(): EmulatorState {
  return { sites: [], lists: [] };
}

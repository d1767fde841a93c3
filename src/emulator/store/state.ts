/**
 * The emulator's data as it is held in memory and written to disk: sites, their lists, columns,
 * items, the per-list change sequence that delta reads, and the token signing key. Plain data
 * only (no classes), so the persisted JSON and the live state are the same shape apart from the
 * item map.
 */

/** Who made a change, as Graph's identitySet reports it. */
export interface Actor {
  kind: 'user' | 'application';
  id: string;
  displayName: string;
  email?: string;
}

export type ColumnType = 'text' | 'number' | 'dateTime' | 'choice' | 'boolean';

/** A column of a list (Graph's columnDefinition, the parts the emulator supports). */
export interface ColumnRecord {
  id: string;
  name: string;
  displayName: string;
  description: string;
  /** The group SharePoint files it under: 'Custom Columns' for ours, 'Base Columns' for built-ins. */
  columnGroup: string;
  type: ColumnType;
  indexed: boolean;
  required: boolean;
  hidden: boolean;
  readOnly: boolean;
  enforceUniqueValues: boolean;
  /** SharePoint's own columns (Title, ID, Created, Modified) that every generic list has. */
  builtIn: boolean;
  text?: { allowMultipleLines: boolean; maxLength: number };
  number?: { decimalPlaces: string; minimum?: number; maximum?: number };
  dateTime?: { format: 'dateOnly' | 'dateTime'; displayAs: string };
  choice?: { choices: string[]; allowTextEntry: boolean; displayAs: string };
  boolean?: Record<string, never>;
}

/** A stored field value; null is never stored (a cleared column is absent, as in SharePoint). */
export type StoredValue = string | number | boolean;

export interface ItemRecord {
  /** SharePoint's integer item id, per list, never reused. */
  id: number;
  /** The GUID in the eTag ("{uid},{version}"). */
  uid: string;
  version: number;
  createdDateTime: string;
  lastModifiedDateTime: string;
  createdBy: Actor;
  lastModifiedBy: Actor;
  /** User column values by column name (Title included). */
  values: Record<string, StoredValue>;
  /** The list's change sequence number at this item's last change; delta reads it. */
  changeSeq: number;
}

/** An item deleted at a change sequence number, kept so delta can report the deletion. */
export interface Tombstone {
  id: number;
  seq: number;
}

export interface ListRecord {
  id: string;
  siteId: string;
  /** The URL name (displayName without spaces at creation). */
  name: string;
  displayName: string;
  description: string;
  template: 'genericList';
  createdDateTime: string;
  lastModifiedDateTime: string;
  createdBy: Actor;
  columns: ColumnRecord[];
  /** Items by id, in id order (ids only grow, so insertion order is id order). */
  items: Map<number, ItemRecord>;
  nextItemId: number;
  /** Raised by every change to an item; the newest change's number. */
  changeSeq: number;
  tombstones: Tombstone[];
}

export interface SiteRecord {
  id: string;
  name: string;
  displayName: string;
  description: string;
  hostname: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
}

/** The token signing key, as JWKs. */
export interface SigningKeyRecord {
  kid: string;
  privateJwk: Record<string, unknown>;
  publicJwk: Record<string, unknown>;
}

/** Everything the emulator holds. */
export interface EmulatorState {
  sites: SiteRecord[];
  lists: ListRecord[];
  signingKey?: SigningKeyRecord;
}

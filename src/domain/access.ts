/**
 * Who may update which milestone. The performance team updates any milestone; a director or
 * manager only milestones whose directorates include theirs (a joint project's milestones count
 * for each of its directorates); the senior leadership team, Cabinet Members, scrutiny and
 * everyone else read only. Roles come from configuration (Entra groups); this file only decides.
 */
import { DEFAULT_DIRECTORATES } from './directorates.ts';
import type { Milestone } from './records.ts';

export const ROLES = ['performance', 'slt', 'director', 'manager', 'reader'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that are held for one directorate. */
export const DIRECTORATE_ROLES: readonly Role[] = ['director', 'manager'];

/** One role a person holds, with its directorate for director and manager. */
export interface Grant {
  role: Role;
  directorate?: string;
}

/** What a person holds: their roles and the directorates their director or manager roles cover. */
export interface Access {
  roles: Role[];
  directorates: string[];
}

/** Why an update is refused. */
export type RefusalReason = 'read-only' | 'other-directorate';

/** May this person update this milestone, and if not, why, in a sentence that says what they may do instead. */
export type UpdateDecision = { allowed: true } | { allowed: false; reason: RefusalReason; message: string };

/** Names of directorates by code, for the sentences people read. */
export type DirectorateNames = Readonly<Record<string, string>>;

const DEFAULT_NAMES: DirectorateNames = Object.fromEntries(DEFAULT_DIRECTORATES.map((directorate) => [directorate.code, directorate.name]));

/** The access a set of grants gives; a person with no grant is a reader. Roles and directorates are listed once each, in a stable order. */
export function accessOf(grants: readonly Grant[]): Access {
  const held = new Set(grants.map((grant) => grant.role));
  const roles = ROLES.filter((role) => held.has(role));
  const directorates = [
    ...new Set(grants.filter((grant) => DIRECTORATE_ROLES.includes(grant.role) && grant.directorate).map((grant) => grant.directorate as string)),
  ].sort();
  return { roles: roles.length > 0 ? roles : ['reader'], directorates };
}

/** True when the person may update every milestone. */
export function canUpdateAny(access: Access): boolean {
  return access.roles.includes('performance');
}

/** True when the person may update some milestone (the performance team, or a director or manager of a directorate). */
export function canUpdateSome(access: Access): boolean {
  return canUpdateAny(access) || access.directorates.length > 0;
}

/** Whether the person may update a milestone of these directorates. */
export function decideUpdate(access: Access, milestone: Pick<Milestone, 'directorates'>, names: DirectorateNames = DEFAULT_NAMES): UpdateDecision {
  if (canUpdateAny(access)) return { allowed: true };
  if (milestone.directorates.some((code) => access.directorates.includes(code))) return { allowed: true };
  if (!canUpdateSome(access)) {
    return {
      allowed: false,
      reason: 'read-only',
      message: `You can read the plan but not update milestones. ${READ_ONLY_ADVICE}`,
    };
  }
  const owners = milestone.directorates.length > 0 ? listNames(milestone.directorates, names) : 'no directorate';
  return {
    allowed: false,
    reason: 'other-directorate',
    message: `This milestone belongs to ${owners}. You can update ${rightsSentence(access, names)} Ask its directorate or the performance team to update it.`,
  };
}

/** A sentence saying what the person may update, e.g. "Milestones of Children and Families projects (including joint projects)." */
export function describeUpdateRights(access: Access, names: DirectorateNames = DEFAULT_NAMES): string {
  if (!canUpdateSome(access)) return `Nothing: you can read the plan. ${READ_ONLY_ADVICE}`;
  return capitalise(rightsSentence(access, names));
}

const READ_ONLY_ADVICE = 'To change a milestone, ask its directorate’s programme manager or the performance team.';

function rightsSentence(access: Access, names: DirectorateNames): string {
  if (canUpdateAny(access)) return 'any milestone of the plan (performance team).';
  return `milestones of ${listNames(access.directorates, names)} projects (including joint projects).`;
}

function listNames(codes: readonly string[], names: DirectorateNames): string {
  const words = codes.map((code) => names[code] ?? code);
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

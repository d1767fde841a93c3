/**
 * Which group gives which Waymark role (env/access-groups.<env>.json): Entra group object ids in
 * production, the emulator's demo groups locally. Read and checked once at start; a file that is
 * not valid stops the service with a message naming the file and the entry.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DIRECTORATE_ROLES, ROLES, accessOf } from '../../domain/access.ts';
import type { Access, Grant } from '../../domain/access.ts';
import { AuthError } from './auth-error.ts';

const groupSchema = z
  .strictObject({
    id: z.guid({ error: 'must be the group’s object id (a GUID)' }),
    displayName: z.string().max(255).optional(),
    role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }),
    directorate: z.string().trim().min(1).max(32).optional(),
  })
  .refine((group) => !DIRECTORATE_ROLES.includes(group.role) || group.directorate !== undefined, {
    message: 'needs a directorate (its code, e.g. CF) for a director or manager role',
    path: ['directorate'],
  })
  .refine((group) => DIRECTORATE_ROLES.includes(group.role) || group.directorate === undefined, {
    message: 'is only for director and manager roles',
    path: ['directorate'],
  });

const accessGroupsFileSchema = z.object({
  $comment: z.string().optional(),
  groups: z.array(groupSchema).refine((groups) => new Set(groups.map((group) => group.id.toLowerCase())).size === groups.length, 'lists a group id more than once'),
});

/** The role each configured group gives. */
export class AccessGroups {
  private readonly byId: Map<string, Grant>;

  constructor(groups: readonly (Grant & { id: string })[]) {
    this.byId = new Map(groups.map(({ id, role, directorate }) => [id.toLowerCase(), { role, ...(directorate ? { directorate } : {}) }]));
  }

  /** The access of a person in these groups; groups not in the file give nothing (a reader). */
  accessFor(groupIds: readonly string[]): Access {
    return accessOf(groupIds.flatMap((id) => this.byId.get(id.toLowerCase()) ?? []));
  }
}

/** Parses the file's JSON content; `source` names it in errors. */
export function parseAccessGroups(json: unknown, source: string): AccessGroups {
  const parsed = accessGroupsFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'} ${issue.message}`).join('; ');
    throw new AuthError('bad-configuration', `The access groups file ${source} is not valid: ${problems}`);
  }
  return new AccessGroups(parsed.data.groups);
}

/** Reads and checks the access groups file (ACCESS_GROUPS_FILE). */
export function loadAccessGroups(path: string): AccessGroups {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AuthError('bad-configuration', `The access groups file ${path} cannot be read (set ACCESS_GROUPS_FILE).`, error instanceof Error ? error.message : String(error));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AuthError('bad-configuration', `The access groups file ${path} is not JSON.`, error instanceof Error ? error.message : String(error));
  }
  return parseAccessGroups(json, path);
}

/**
 * What the bot asks Microsoft Graph about people, with the app's own identity: who pressed a
 * button (their UPN, name and the groups they are in, transitively, which the access groups file
 * turns into roles) and who a reminder's UPN is; and installing Waymark for a person who has never
 * opened it (`POST /users/{id}/teamwork/installedApps`). Application permissions needed:
 * User.Read.All, GroupMember.Read.All, TeamsAppInstallation.ReadWriteSelfForUser.All (and
 * AppCatalog.Read.All to find the app's catalog id).
 */
import type { GraphConnection } from '../graph/client.ts';
import { WaymarkGraphError } from '../graph/graph-error.ts';

/** A person as the directory knows them. */
export interface DirectoryPerson {
  /** Entra object id. */
  id: string;
  upn: string;
  name?: string;
}

/** A person with the ids of every group they are in (directly or through other groups). */
export interface DirectoryMember extends DirectoryPerson {
  groupIds: string[];
}

/** What the bot needs from the directory; tests can give their own. */
export interface Directory {
  /** The person with this object id and their groups; WaymarkGraphError 'not-found' when there is none. */
  member(objectId: string): Promise<DirectoryMember>;
  /** The person with this UPN (or object id); WaymarkGraphError 'not-found' when there is none. */
  person(upnOrId: string): Promise<DirectoryPerson>;
  /** Installs the Teams app for the person; 'already' when it was installed. Throws WaymarkGraphError when the tenant refuses. */
  installApp(objectId: string): Promise<'installed' | 'already'>;
}

export interface GraphDirectoryOptions {
  connection: GraphConnection;
  /** The Teams app's manifest id (TEAMS_APP_ID); its catalog id is looked up by externalId. */
  teamsAppId?: string;
  /** How long a person's groups are remembered, so a burst of button presses costs one lookup; default 5 minutes. */
  cacheMs?: number;
  now?: () => number;
}

interface GraphUser {
  id: string;
  userPrincipalName?: string;
  displayName?: string;
}

interface GraphPage<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

const USER_SELECT = '$select=id,userPrincipalName,displayName';

/** The directory over Microsoft Graph. */
export class GraphDirectory implements Directory {
  private readonly members = new Map<string, { at: number; member: DirectoryMember }>();
  private catalogId: Promise<string> | undefined;

  constructor(private readonly options: GraphDirectoryOptions) {}

  async member(objectId: string): Promise<DirectoryMember> {
    const now = (this.options.now ?? Date.now)();
    const key = objectId.toLowerCase();
    const cached = this.members.get(key);
    if (cached && now - cached.at < (this.options.cacheMs ?? 5 * 60_000)) return cached.member;
    const path = `/users/${encodeURIComponent(objectId)}`;
    const [user, groupIds] = await Promise.all([this.options.connection.get<GraphUser>(`${path}?${USER_SELECT}`), this.groupIdsOf(path)]);
    const member: DirectoryMember = { ...personOf(user), groupIds };
    this.members.set(key, { at: now, member });
    return member;
  }

  async person(upnOrId: string): Promise<DirectoryPerson> {
    return personOf(await this.options.connection.get<GraphUser>(`/users/${encodeURIComponent(upnOrId)}?${USER_SELECT}`));
  }

  async installApp(objectId: string): Promise<'installed' | 'already'> {
    const catalogId = await this.teamsCatalogId();
    try {
      await this.options.connection.post(`/users/${encodeURIComponent(objectId)}/teamwork/installedApps`, {
        'teamsApp@odata.bind': `${this.options.connection.graphBaseUrl}/appCatalogs/teamsApps/${encodeURIComponent(catalogId)}`,
      });
      return 'installed';
    } catch (error) {
      // Graph answers 409 Conflict when the app is already installed for the person.
      if (error instanceof WaymarkGraphError && error.reason === 'conflict') return 'already';
      throw error;
    }
  }

  private async groupIdsOf(userPath: string): Promise<string[]> {
    const ids: string[] = [];
    let next: string | undefined = `${userPath}/transitiveMemberOf?$select=id&$top=999`;
    while (next) {
      const page: GraphPage<{ id: string; '@odata.type'?: string }> = await this.options.connection.get(next);
      for (const entry of page.value) if (!entry['@odata.type'] || entry['@odata.type'] === '#microsoft.graph.group') ids.push(entry.id);
      next = page['@odata.nextLink'] ? this.options.connection.relative(page['@odata.nextLink']) : undefined;
    }
    return ids;
  }

  private teamsCatalogId(): Promise<string> {
    const externalId = this.options.teamsAppId;
    if (!externalId) return Promise.reject(new WaymarkGraphError('invalid-request', 'TEAMS_APP_ID is not set, so Waymark cannot be installed for people who have not opened it.'));
    this.catalogId ??= this.options.connection
      .get<GraphPage<{ id: string }>>(`/appCatalogs/teamsApps?$filter=${encodeURIComponent(`externalId eq '${externalId.replace(/'/g, "''")}'`)}&$select=id`)
      .then((page) => {
        const id = page.value[0]?.id;
        if (!id) throw new WaymarkGraphError('not-found', `The Teams app ${externalId} is not in the organisation's app catalog; upload it (teamsapp.yml publish) first.`);
        return id;
      });
    // A failed lookup is not remembered: the next delivery asks again.
    this.catalogId.catch(() => {
      this.catalogId = undefined;
    });
    return this.catalogId;
  }
}

function personOf(user: GraphUser): DirectoryPerson {
  return { id: user.id, upn: user.userPrincipalName ?? user.id, ...(user.displayName ? { name: user.displayName } : {}) };
}

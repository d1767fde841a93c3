import { describe, expect, it } from 'vitest';
import { loadAccessGroups, parseAccessGroups } from './access-groups.ts';

const A = '6a7e0000-0000-4000-9000-000000000001';
const B = '6a7e0000-0000-4000-9000-000000000010';

describe('the access groups file', () => {
  it('the shipped local file is valid and maps the demo groups', () => {
    const groups = loadAccessGroups('env/access-groups.local.json');
    expect(groups.accessFor([A])).toEqual({ roles: ['performance'], directorates: [] });
    expect(groups.accessFor([B.toUpperCase()])).toEqual({ roles: ['director'], directorates: ['CF'] });
    expect(groups.accessFor(['00000000-0000-4000-8000-000000000000'])).toEqual({ roles: ['reader'], directorates: [] });
  });

  it.each<[string, unknown, RegExp]>([
    ['no groups list', {}, /groups/],
    ['a group id that is not a GUID', { groups: [{ id: 'admins', role: 'performance' }] }, /groups\.0\.id must be the group’s object id/],
    ['an unknown role', { groups: [{ id: A, role: 'admin' }] }, /groups\.0\.role must be one of performance, slt, director, manager, reader/],
    ['a manager without a directorate', { groups: [{ id: B, role: 'manager' }] }, /groups\.0\.directorate needs a directorate/],
    ['a directorate on a read-only role', { groups: [{ id: A, role: 'slt', directorate: 'CF' }] }, /groups\.0\.directorate is only for director and manager roles/],
    ['the same group twice', { groups: [{ id: A, role: 'slt' }, { id: A.toUpperCase(), role: 'performance' }] }, /groups lists a group id more than once/],
    ['an unknown property (a typo)', { groups: [{ id: A, role: 'slt', directrate: 'CF' }] }, /directrate/],
  ])('refuses %s, naming where', (_name, json, message) => {
    expect(() => parseAccessGroups(json, 'env/access-groups.test.json')).toThrow(message);
    expect(() => parseAccessGroups(json, 'env/access-groups.test.json')).toThrow(/env\/access-groups\.test\.json is not valid/);
  });

  it.each([['a file that is not there', '/nonexistent/access-groups.json', /cannot be read \(set ACCESS_GROUPS_FILE\)/], ['a file that is not JSON', 'README.md', /is not JSON/]])(
    'refuses %s',
    (_name, path, message) => {
      expect(() => loadAccessGroups(path)).toThrow(message);
    },
  );
});

// The tab's setting first, as main.ts has it: the schemas below are built after it.
import './zod-without-eval.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Directorate } from '../domain/records.ts';
import { fromFields, newItemFields } from '../graph/field-mapping.ts';

const directorate: Directorate = { name: 'Children and Families', code: 'CF', aliases: ['Children & Families'], directorUpn: 'director.cf@waymark.example' };

afterEach(() => vi.restoreAllMocks());

describe("the tab's validation under its Content Security Policy (no eval)", () => {
  it('reads and checks records without ever building a function from a string', () => {
    const evaluated = vi.spyOn(globalThis, 'Function');
    const fields = newItemFields('Directorates', directorate);
    expect(fromFields('Directorates', fields)).toEqual(directorate);
    expect(() => fromFields('Directorates', { ...fields, Code: 'A CODE FAR LONGER THAN ANY DIRECTORATE HAS' })).toThrow(/Code/);
    expect(evaluated).not.toHaveBeenCalled();
  });
});

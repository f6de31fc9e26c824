import { describe, expect, it } from 'vitest';
import { isImitationKey, tagFacts, type TagInput } from '../../src/facts/tags.ts';
import type { Tag } from '../../src/model/index.ts';

const tags = (m: Record<string, string>): Tag[] => Object.entries(m).map(([Key, Value]) => ({ Key, Value }));

function facts(own: Record<string, string> | undefined, extra: Partial<TagInput> = {}) {
  return tagFacts({ tags: own ? tags(own) : undefined, requiredKeys: ['Owner', 'CostCenter'], patterns: {}, parents: [], isProtonResource: true, ...extra });
}

describe('tag facts', () => {
  it('splits AWS managed from customer tags and counts only customer ones', () => {
    const f = facts({ 'aws:proton:environment': 'arn:aws:proton:us-east-1:111122223333:environment/prod', Owner: 'team-a', CostCenter: 'cc1' });
    expect(f.managed).toEqual({ 'aws:proton:environment': 'arn:aws:proton:us-east-1:111122223333:environment/prod' });
    expect(f.customer).toEqual({ CostCenter: 'cc1', Owner: 'team-a' });
    expect(f.customerCount).toBe(2);
    expect(f.missingRequired).toEqual([]);
  });

  it('lists required keys that are absent, case-sensitively and sorted', () => {
    expect(facts({ owner: 'x' }).missingRequired).toEqual(['CostCenter', 'Owner']);
  });

  it('checks configured value patterns as whole-value matches', () => {
    const f = facts({ Owner: 'team-a', CostCenter: 'CC-12x' }, { patterns: { CostCenter: 'CC-\\d+', Owner: '[a-z-]+' } });
    expect(f.badValues).toEqual([{ key: 'CostCenter', value: 'CC-12x', pattern: 'CC-\\d+' }]);
  });

  it('reads a tag named like an Object.prototype member as any other key', () => {
    const f = facts({ toString: 'a', constructor: 'b', Owner: 'x' }, { patterns: { Owner: 'x' } });
    expect(f.customer).toEqual({ Owner: 'x', constructor: 'b', toString: 'a' });
    expect(f.badValues).toEqual([]);
    expect(f.customerCount).toBe(3);
  });

  it('reports a required or inherited key named like an Object.prototype member, and keeps a __proto__ tag', () => {
    // JSON.parse makes __proto__ an own key, as a tag list from AWS does.
    const f = facts(JSON.parse('{"Owner": "x", "__proto__": "p"}') as Record<string, string>, { requiredKeys: ['constructor', 'Owner'], parents: [{ arn: 'arn:parent', tags: tags({ toString: 'a', hasOwnProperty: 'b' }) }] });
    expect(f.missingRequired).toEqual(['constructor']);
    expect(f.missingFromParent.map((m) => m.key)).toEqual(['hasOwnProperty', 'toString']);
    expect(Object.keys(f.customer)).toEqual(['Owner', '__proto__']);
    expect(f.customerCount).toBe(2);
  });

  it('finds customer tags a child lacks from each parent, ignoring AWS managed ones', () => {
    const f = facts(
      { Owner: 'a', CostCenter: 'b' },
      {
        parents: [
          { arn: 'arn:svc', tags: tags({ Owner: 'a', App: 'shop', 'aws:proton:template': 'x' }) },
          { arn: 'arn:env', tags: tags({ Tier: 'prod', App: 'shop' }) },
          { arn: 'arn:unknown', tags: undefined },
        ],
      },
    );
    expect(f.missingFromParent).toEqual([
      { key: 'App', parentArn: 'arn:env' },
      { key: 'App', parentArn: 'arn:svc' },
      { key: 'Tier', parentArn: 'arn:env' },
    ]);
  });

  it('does not ask a child to copy a parent tag that imitates a Proton key', () => {
    const parents = [{ arn: 'arn:svc', tags: tags({ Owner: 'a', 'proton:service': 'arn:aws:proton:us-east-1:111122223333:service/media' }) }];
    expect(facts({ Owner: 'a', CostCenter: 'c' }, { parents }).missingFromParent).toEqual([]);
    // The child's own copy is still an imitation of its own.
    expect(facts({ Owner: 'a', 'proton:service': 'x' }, { parents }).imitations).toEqual(['proton:service']);
  });

  it('flags customer keys imitating Proton on Proton resources only', () => {
    expect(facts({ 'proton:service': 'x', Owner: 'a', CostCenter: 'c' }).imitations).toEqual(['proton:service']);
    expect(facts({ 'proton:service': 'x' }, { isProtonResource: false }).imitations).toEqual([]);
    expect(isImitationKey('aws-proton:environment')).toBe(true);
    expect(isImitationKey('Proton:Env')).toBe(true);
    expect(isImitationKey('protonmail')).toBe(false);
  });

  it('claims nothing when tags were not collected', () => {
    const f = facts(undefined);
    expect(f).toMatchObject({ collected: false, missingRequired: [], customerCount: 0, missingFromParent: [] });
  });
});

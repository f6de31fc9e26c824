import { describe, expect, it } from 'vitest';
import { endpointOverrides } from '../../src/collect/clients.ts';

describe('endpointOverrides', () => {
  it('--endpoint-url applies to every service', () => {
    const out = endpointOverrides('http://127.0.0.1:4566', { AWS_ENDPOINT_URL_PROTON: 'http://other' });
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['proton', 'tagging', 'iam', 'sts', 'servicequotas', 'organizations']));
    expect(new Set(Object.values(out))).toEqual(new Set(['http://127.0.0.1:4566']));
  });

  it('service variables win over AWS_ENDPOINT_URL, as in the SDK', () => {
    const out = endpointOverrides(undefined, {
      AWS_ENDPOINT_URL: 'http://all',
      AWS_ENDPOINT_URL_PROTON: 'http://proton',
      AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API: 'http://tags',
    });
    expect(out).toMatchObject({
      proton: 'http://proton',
      tagging: 'http://tags',
      iam: 'http://all',
      sts: 'http://all',
      servicequotas: 'http://all',
      organizations: 'http://all',
    });
    const others = Object.entries(out).filter(([k]) => k !== 'proton' && k !== 'tagging');
    expect(others.every(([, v]) => v === 'http://all')).toBe(true);
  });

  it('records nothing without overrides, or when configured endpoints are ignored', () => {
    expect(endpointOverrides(undefined, {})).toEqual({});
    expect(endpointOverrides(undefined, { AWS_ENDPOINT_URL: 'http://x', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' })).toEqual({});
  });
});

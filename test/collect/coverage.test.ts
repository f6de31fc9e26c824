import { describe, expect, it } from 'vitest';
import { Coverage } from '../../src/collect/coverage.ts';
import type { Failure } from '../../src/collect/failure.ts';

const denied: Failure = { status: 'denied', code: 'AccessDeniedException', message: 'no', network: false };
const throttled: Failure = { status: 'error', code: 'ThrottlingException', message: 'slow down', network: false };

describe('Coverage', () => {
  it('counts calls and keeps the worst status, errors grouped by code and sorted', () => {
    const c = new Coverage();
    c.ok('us-east-1', 'proton', 'GetEnvironment');
    c.failed('us-east-1', 'proton', 'GetEnvironment', denied, 'arn:b');
    c.failed('us-east-1', 'proton', 'GetEnvironment', throttled, 'arn:a');
    c.failed('us-east-1', 'proton', 'GetEnvironment', throttled, 'arn:c');
    expect(c.entries('111111111111')).toEqual([
      {
        accountId: '111111111111',
        region: 'us-east-1',
        service: 'proton',
        operation: 'GetEnvironment',
        status: 'error',
        calls: 4,
        failures: 3,
        errors: [
          { code: 'AccessDeniedException', message: 'no', count: 1 },
          { code: 'ThrottlingException', message: 'slow down', count: 2 },
        ],
        failedResources: ['arn:a', 'arn:b', 'arn:c'],
      },
    ]);
  });

  it('a denied operation stays denied when later calls answer', () => {
    const c = new Coverage();
    c.failed('global', 'iam', 'ListPolicies', denied);
    c.ok('global', 'iam', 'ListPolicies');
    expect(c.entries('1')[0]).toMatchObject({ status: 'denied', calls: 2, failures: 1 });
    expect(c.isOk('global', 'iam', 'ListPolicies')).toBe(false);
  });

  it('unavailable operations record no call; entries are sorted by region, service, operation', () => {
    const c = new Coverage();
    c.unavailable('us-west-2', 'proton', 'ListServices', 'EndpointUnavailable', 'not called');
    c.ok('us-east-1', 'tagging', 'GetResources');
    c.ok('global', 'sts', 'GetCallerIdentity');
    c.ok('us-east-1', 'proton', 'ListServices');
    const entries = c.entries('1');
    expect(entries.map((e) => `${e.region}/${e.service}/${e.operation}`)).toEqual([
      'global/sts/GetCallerIdentity',
      'us-east-1/proton/ListServices',
      'us-east-1/tagging/GetResources',
      'us-west-2/proton/ListServices',
    ]);
    expect(entries[3]).toMatchObject({ status: 'unavailable', calls: 0, failures: 0, errors: [{ code: 'EndpointUnavailable', count: 1 }] });
    expect(c.gaps()).toEqual([{ region: 'us-west-2', service: 'proton', operation: 'ListServices', status: 'unavailable' }]);
  });

  it('a problem in an answer marks the operation as error without counting another call', () => {
    const c = new Coverage();
    c.ok('global', 'iam', 'GetAccountAuthorizationDetails');
    c.problem('global', 'iam', 'GetAccountAuthorizationDetails', 'MalformedPolicyDocument', 'inline policy p', 'arn:role');
    expect(c.entries('1')[0]).toMatchObject({ status: 'error', calls: 1, failures: 0, failedResources: ['arn:role'] });
  });
});

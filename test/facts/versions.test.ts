import { describe, expect, it } from 'vitest';
import { compareVersions, recommendedMajor, recommendedMinor, templatePublication, versionLag, type VersionInput, type VersionRecord } from '../../src/facts/versions.ts';

const v = (major: string, minor: string, status = 'PUBLISHED', extra: Partial<VersionRecord> = {}): VersionRecord => ({ templateName: 'web', majorVersion: major, minorVersion: minor, status, ...extra });

function lag(current: [string, string], versions: VersionRecord[], extra: Partial<VersionInput> = {}) {
  return versionLag({
    kind: 'environment',
    deployed: { templateName: 'web', templateMajorVersion: current[0], templateMinorVersion: current[1] },
    templates: [{ name: 'web', recommendedVersion: extra.templates ? undefined : '2' }],
    versions,
    templatesCollected: true,
    ...extra,
  });
}

describe('version lag', () => {
  const published = [v('1', '0', 'PUBLISHED', { recommendedMinorVersion: '2' }), v('1', '1'), v('1', '2'), v('2', '0', 'PUBLISHED', { recommendedMinorVersion: '1' }), v('2', '1')];

  it('is up to date on the recommended major and minor', () => {
    const l = lag(['2', '1'], published);
    expect(l).toMatchObject({ known: true, behindMinor: false, behindMajor: false, versionStatus: 'PUBLISHED', recommended: { major: '2', minor: '1' }, recommendedMinorOfCurrentMajor: '1' });
  });

  it('is behind the minor of its own major, and behind the major', () => {
    const l = lag(['1', '0'], published);
    expect(l.behindMinor).toBe(true);
    expect(l.behindMajor).toBe(true);
    expect(l.recommendedMinorOfCurrentMajor).toBe('2');
    expect(l.recommended).toEqual({ major: '2', minor: '1' });
  });

  it('on the newest minor of an old major is behind the major only', () => {
    const l = lag(['1', '2'], published);
    expect([l.behindMinor, l.behindMajor]).toEqual([false, true]);
  });

  it('reports the status of the version in use, and MISSING when it no longer exists', () => {
    expect(lag(['2', '1'], [...published.slice(0, 4), v('2', '1', 'DRAFT')]).versionStatus).toBe('DRAFT');
    expect(lag(['1', '7'], published).versionStatus).toBe('MISSING');
    const gone = lag(['1', '0'], [], { templates: [] });
    expect(gone).toMatchObject({ known: true, versionStatus: 'MISSING', behindMinor: false, behindMajor: false });
  });

  it('is unknown when templates were not collected', () => {
    const l = lag(['1', '0'], published, { templatesCollected: false });
    expect(l).toMatchObject({ known: false, versionStatus: 'UNKNOWN', behindMinor: false, behindMajor: false });
  });

  it('compares numerically, so 10 is newer than 9', () => {
    const versions = [v('1', '9'), v('1', '10')];
    expect(recommendedMinor(versions, '1')).toBe('10');
    expect(lag(['1', '9'], versions, { templates: [{ name: 'web' }] }).behindMinor).toBe(true);
    expect(compareVersions('1.10', '1.9')).toBe(1);
    expect(compareVersions('2.0', '10.0')).toBe(-1);
  });

  it('falls back to the newest PUBLISHED version when AWS did not say what is recommended', () => {
    const versions = [v('1', '0'), v('1', '1'), v('1', '2', 'DRAFT'), v('3', '0', 'REGISTRATION_FAILED')];
    expect(recommendedMinor(versions, '1')).toBe('1');
    expect(recommendedMajor(undefined, versions)).toBe('1');
    // A recommendation naming a major with nothing PUBLISHED (here only REGISTRATION_FAILED) cannot be
    // deployed, so the newest published major stands in for it.
    expect(recommendedMajor({ name: 'web', recommendedVersion: '3' }, versions)).toBe('1');
    expect(recommendedMajor({ name: 'web', recommendedVersion: '1' }, versions)).toBe('1');
  });

  it('ignores a recommended minor or major that is not PUBLISHED', () => {
    // queue-worker style: 1.2 is a DRAFT yet named as the recommended minor of major 1.
    const versions = [v('1', '0', 'PUBLISHED', { recommendedMinorVersion: '2' }), v('1', '1', 'PUBLISHED', { recommendedMinorVersion: '2' }), v('1', '2', 'DRAFT', { recommendedMinorVersion: '2' })];
    expect(recommendedMinor(versions, '1')).toBe('1');
    const onNewestPublished = lag(['1', '1'], versions, { templates: [{ name: 'web', recommendedVersion: '1' }] });
    expect(onNewestPublished).toMatchObject({ behindMinor: false, behindMajor: false, recommended: { major: '1', minor: '1' } });
    expect(lag(['1', '0'], versions, { templates: [{ name: 'web', recommendedVersion: '1' }] }).behindMinor).toBe(true);
    // The template recommends major 2, whose only version is a DRAFT: major 1 is not behind.
    const draftMajor = [...versions, v('2', '0', 'DRAFT')];
    expect(lag(['1', '1'], draftMajor).behindMajor).toBe(false);
    // Once 2.0 is published, major 1 is behind it.
    expect(lag(['1', '1'], [...versions, v('2', '0')]).behindMajor).toBe(true);
  });

  it('accepts a declared recommendation written with leading zeros or as major.minor', () => {
    const versions = [v('10', '0', 'PUBLISHED', { recommendedMinorVersion: '1' }), v('10', '1', 'PUBLISHED', { recommendedMinorVersion: '1' }), v('9', '0')];
    expect(recommendedMajor({ name: 'web', recommendedVersion: '10' }, versions)).toBe('10');
    expect(recommendedMajor({ name: 'web', recommendedVersion: '10.1' }, versions)).toBe('10');
    expect(lag(['9', '0'], versions, { templates: [{ name: 'web', recommendedVersion: '10' }] }).behindMajor).toBe(true);
  });

  it('checks an instance environment against the version compatible templates', () => {
    const svc = [v('1', '0', 'PUBLISHED', { compatibleEnvironmentTemplates: [{ templateName: 'vpc', majorVersion: '2' }] })];
    const input = (env: VersionInput['environment']): VersionInput => ({
      kind: 'service',
      deployed: { templateName: 'web', templateMajorVersion: '1', templateMinorVersion: '0' },
      templates: [{ name: 'web' }],
      versions: svc,
      templatesCollected: true,
      environment: env,
    });
    expect(versionLag(input({ templateName: 'vpc', templateMajorVersion: '2', templateMinorVersion: '3' })).compatibleWithEnvironment).toBe(true);
    expect(versionLag(input({ templateName: 'vpc', templateMajorVersion: '1', templateMinorVersion: '0' })).compatibleWithEnvironment).toBe(false);
    expect(versionLag(input({ templateName: 'other', templateMajorVersion: '2', templateMinorVersion: '0' })).compatibleWithEnvironment).toBe(false);
    expect(versionLag(input(null)).compatibleWithEnvironment).toBeNull();
    // A pipeline has no environment: compatibility does not apply.
    const { environment: _omit, ...pipeline } = input(null);
    expect(versionLag(pipeline).compatibleWithEnvironment).toBeNull();
  });
});

describe('template publication', () => {
  const t = (recommendedVersion?: string) => ({ name: 'web', ...(recommendedVersion !== undefined ? { recommendedVersion } : {}) });

  it('is ok when the recommended major has a published version', () => {
    expect(templatePublication(t('2'), [v('1', '0'), v('2', '0'), v('2', '1', 'DRAFT')])).toMatchObject({ verdict: 'ok', declared: '2', effective: '2' });
  });

  it('has nothing published when every version is a DRAFT or failed, or there are none', () => {
    expect(templatePublication(t(), [v('1', '0', 'DRAFT'), v('2', '0', 'REGISTRATION_FAILED')])).toMatchObject({ verdict: 'none-published', versions: ['1.0 DRAFT', '2.0 REGISTRATION_FAILED'] });
    expect(templatePublication(t('1'), [])).toMatchObject({ verdict: 'none-published' });
  });

  it('flags a recommendation pointing at a major with nothing published', () => {
    expect(templatePublication(t('2'), [v('1', '0'), v('2', '0', 'DRAFT')])).toMatchObject({ verdict: 'recommended-unpublished', declared: '2', effective: '1' });
  });

  it('accepts published versions when the template records no recommendation', () => {
    expect(templatePublication(t(), [v('9', '0'), v('10', '0')])).toMatchObject({ verdict: 'ok', declared: '', effective: '10' });
  });

  it('ignores other templates of the same name prefix', () => {
    expect(templatePublication({ name: 'web' }, [{ ...v('1', '0'), templateName: 'web-2' }]).verdict).toBe('none-published');
  });
});

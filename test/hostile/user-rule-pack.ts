/** What the user-rule isolation tests write into their rule packs: a rule's metadata and a minimal cases file. */

export const CASES = '- name: c\n  estate: {}\n  expect: [{ resource: x, status: pass }]\n';

/** A TypeScript rule's `meta` object literal, as source text. */
export const meta = (id: string, resource = 'environment', family = 'tags') => `{
    id: '${id}', title: 'Environments behave', severity: 'low', resource: '${resource}', family: '${family}',
    rationale: 'Test rule.', remediation: { text: 'None.' },
    references: [{ title: 'AWS Proton', url: 'https://docs.aws.amazon.com/proton/latest/userguide/Welcome.html' }],
    messages: { bad: 'bad' },
  }`;

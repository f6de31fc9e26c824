/** A region's Proton record lists, and its Proton data with every list empty (the start of an import and of test fixtures). */
import type { ProtonData } from '../model/index.ts';

export type ProtonListKey = Exclude<keyof ProtonData, 'accountSettings' | 'resourcesSummary'>;

/** The keys of ProtonData that hold record lists, in the order of the snapshot format. */
export const PROTON_LISTS: readonly ProtonListKey[] = [
  'environmentTemplates',
  'environmentTemplateVersions',
  'serviceTemplates',
  'serviceTemplateVersions',
  'environments',
  'services',
  'serviceInstances',
  'components',
  'environmentAccountConnections',
  'repositories',
];

export function emptyProtonData(): ProtonData {
  return {
    environmentTemplates: [],
    environmentTemplateVersions: [],
    serviceTemplates: [],
    serviceTemplateVersions: [],
    environments: [],
    services: [],
    serviceInstances: [],
    components: [],
    environmentAccountConnections: [],
    repositories: [],
  };
}

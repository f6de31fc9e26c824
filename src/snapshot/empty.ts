/** A region's Proton data with every list empty: the start of an import and of test fixtures. */
import type { ProtonData } from '../model/index.ts';

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

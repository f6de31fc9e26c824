/** The tool's version, written into snapshots, results and evidence manifests. */
export const TOOL_VERSION = '0.1.0';
export const TOOL_NAME = 'proton-audit';

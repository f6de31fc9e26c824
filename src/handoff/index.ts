/**
 * Hand-offs to the tools security teams already run: pure formatters over outcome records and the
 * rule catalog, producing lines for the caller to write.
 */
export { csvCell, csvRow, csvLines, toCsv, CSV_COLUMNS, type CsvOptions, type CsvRuleInfo } from './csv.ts';
export { ocsfDetectionFinding, ocsfEvents, ocsfJsonLines, OCSF_VERSION, type OcsfContext, type OcsfDetectionFinding, type OcsfRuleInfo } from './ocsf.ts';

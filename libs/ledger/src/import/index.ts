export { IMPORT_FORMATS, type ImportFormat, type InvalidRow, type ParsedImport, parseImportFile } from './import-file';
export {
  type ImportContext,
  ImportHistoryCommand,
  ImportHistoryHandler,
  type ImportHistoryInput,
  type ImportProgress,
  ImportRejectedError,
  type ImportReport,
  invalidRows,
} from './import-history';
export { type ImportRowCode, ORDER_COLUMNS } from './row-validation';

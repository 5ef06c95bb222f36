export { IMPORT_FORMATS, parseImportFile, type ImportFormat, type InvalidRow, type ParsedImport } from './import-file';
export { ImportHistoryCommand, ImportHistoryHandler, ImportRejectedError, invalidRows, type ImportContext, type ImportHistoryInput, type ImportProgress, type ImportReport } from './import-history';
export { ORDER_COLUMNS, type ImportRowCode } from './row-validation';

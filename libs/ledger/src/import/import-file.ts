import { hash } from 'node:crypto';

import { LEDGER_EVENT_TYPES } from '@ledger/domain';
import { v5 as uuidv5 } from 'uuid';

import { EXPORT_CSV_COLUMNS, EXPORT_CSV_COLUMNS_WITHOUT_HASHES } from '../events/export-events';
import { type CsvRecord, csvRecords } from './csv-records';
import { eventLineField, isEventType, readEventLine } from './event-lines';
import {
  COMMAND_TYPES,
  type CommandType,
  type FieldIssue,
  type ImportCommand,
  type ImportOrder,
  type ImportRowCode,
  isCommandType,
  ORDER_COLUMNS,
  type OrderColumn,
  validateCommand,
  validateOrder,
} from './row-validation';

export const IMPORT_FORMATS = ['ndjson', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** A row the import refuses: where, the failure code, why, and the field when it is about one. */
export interface InvalidRow {
  /** 1-based line of the file (a CSV record spanning lines: the line it starts on). */
  readonly line: number;
  readonly code: ImportRowCode;
  readonly message: string;
  /** The row's own name of the field (`total.amount`, a CSV column, `data.repId` of an exported event). */
  readonly field?: string;
}

/** The events a row may write: on its target stream ('main'), and for a win the lead's conversion ('lead') and, for a CSV order, its contact. */
export type RowStep = 'main' | 'lead' | 'contact';

export type RowRequest = ImportCommand | ImportOrder;

/** A row whose shape is valid, ready to be decided by the ledger's rules. */
export interface ImportRow {
  readonly line: number;
  readonly request: RowRequest;
  /** The id of the event the row writes at a step: derived from the row's content, or the id an exported event carries. */
  readonly eventId: (step: RowStep) => string;
  /** For an exported event: the event as the line shows it, which the ledger's decision must reproduce. */
  readonly recorded?: { readonly type: string; readonly occurredAt: string; readonly data: Record<string, unknown> };
  /** Names a field of the command (as the domain names it) as the row names it. */
  readonly field: (field: string) => string;
}

export interface ParsedImport {
  readonly format: ImportFormat;
  /** Rows read: non-blank lines of NDJSON, records of CSV after the header. */
  readonly rows: number;
  readonly valid: ImportRow[];
  readonly invalid: InvalidRow[];
}

/** Fixed namespace of imported events' ids: the same row of the same file always gets the same ids. */
export const IMPORT_EVENT_ID_NAMESPACE = '3c6f0e52-9b7d-4a1e-8f25-7d4b9e0a6c13';

/** Where in a row's digest each step's id is cut from. */
const DIGEST_OFFSETS: Readonly<Record<RowStep, number>> = { main: 0, lead: 16, contact: 32 };
const DIGEST_PREFIX = 'sales-ledger import v1\n';

/**
 * Event ids named by the row's canonical content and how many identical rows
 * came before it in the file, so importing the same file again (or a longer
 * file that starts with it) names the same events and appends nothing twice.
 * One SHA-512 per row gives the ids of all its steps: UUIDs of version 8
 * (RFC 9562, name-based by a hash of our choosing), cheaper than a SHA-1
 * (version 5) per event when a file holds millions of rows.
 */
class DerivedIds {
  private readonly seen = new Map<string, number>();

  of(content: string): (step: RowStep) => string {
    let digest = hash('sha512', `${DIGEST_PREFIX}${content}`, 'buffer');
    const key = digest.toString('base64', 0, 24);
    const occurrence = this.seen.get(key) ?? 0;
    this.seen.set(key, occurrence + 1);
    if (occurrence > 0) digest = hash('sha512', `${DIGEST_PREFIX}${content}#${occurrence}`, 'buffer');
    return (step) => uuidOfDigest(digest, DIGEST_OFFSETS[step]);
  }
}

/** 16 bytes of a digest as a version 8, RFC 9562 variant UUID. */
export function uuidOfDigest(digest: Uint8Array, offset: number): string {
  const bytes = Buffer.from(digest.subarray(offset, offset + 16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const asIs = (field: string): string => field;

/** The domain's names of an order's fields, as the orders CSV names its columns. */
const ORDER_FIELDS: Readonly<Record<string, OrderColumn>> = {
  clientId: 'client',
  leadId: 'client',
  company: 'client',
  repId: 'rep',
  takenBy: 'rep',
  orderId: 'orderId',
  'firstOrder.orderId': 'orderId',
  'firstOrder.total': 'amount',
  'firstOrder.total.amount': 'amount',
  'firstOrder.total.currency': 'currency',
  total: 'amount',
  'total.amount': 'amount',
  'total.currency': 'currency',
  occurredAt: 'occurredAt',
};
const orderField = (field: string): string => ORDER_FIELDS[field] ?? field;

/**
 * Reads an import file and checks each row's shape; the ledger's rules come
 * after (ImportPlanner). Every bad row is reported, none hides another.
 */
export function parseImportFile(content: string, format: ImportFormat): ParsedImport {
  const reading = readImportFile(content, format);
  for (let step = reading.next(); ; step = reading.next()) if (step.done) return step.value;
}

/** Rows read between two pauses of readImportFile. */
export const ROWS_PER_PAUSE = 2_000;

/**
 * parseImportFile a part at a time: it pauses (yields) every ROWS_PER_PAUSE
 * rows, so a caller can let other work in while a long file is read.
 */
export function readImportFile(content: string, format: ImportFormat): Generator<void, ParsedImport> {
  return format === 'ndjson' ? parseNdjson(content) : parseCsv(content);
}

/** Collects rows; pairs each exported LeadConverted with the ClientWon after it, which records both. */
class RowCollector {
  readonly valid: ImportRow[] = [];
  readonly invalid: InvalidRow[] = [];
  rows = 0;
  private readonly ids = new DerivedIds();
  private readonly givenIds = new Map<string, number>();
  private readonly conversions = new Map<string, { line: number; eventId?: string }>();

  refuse(line: number, issues: readonly FieldIssue[], field: (name: string) => string = asIs): void {
    for (const issue of issues)
      this.invalid.push({
        line,
        code: issue.code,
        message: issue.message,
        ...(issue.field === undefined ? {} : { field: field(issue.field) }),
      });
  }

  command(line: number, type: CommandType, fields: Record<string, unknown>): void {
    const { command, issues } = validateCommand(type, fields);
    if (!command) return this.refuse(line, issues);
    this.valid.push({ line, request: command, eventId: this.ids.of(JSON.stringify(command)), field: asIs });
  }

  order(line: number, cells: Readonly<Record<OrderColumn, string>>): void {
    const { order, issues } = validateOrder(cells);
    if (!order) return this.refuse(line, issues);
    this.valid.push({ line, request: order, eventId: this.ids.of(JSON.stringify(order)), field: orderField });
  }

  event(line: number, value: Record<string, unknown>): void {
    const data = value.data as Record<string, unknown> | undefined;
    // A ClientWon takes its LeadConverted's id for the conversion it makes, even when the win itself is refused.
    const paired =
      value.type === 'ClientWon' && data !== null && typeof data === 'object' ? this.takeConversion(data.leadId, data.clientId) : undefined;
    const { event, issues } = readEventLine(value);
    if (!event) return this.refuse(line, issues);
    if (event.eventId !== undefined) {
      const earlier = this.givenIds.get(event.eventId);
      if (earlier !== undefined)
        return this.refuse(line, [
          { code: 'VALIDATION_FAILED', field: 'eventId', message: `eventId ${event.eventId} is on line ${earlier} already` },
        ]);
      this.givenIds.set(event.eventId, line);
    }
    if (event.kind === 'conversion') {
      this.conversions.set(`${event.leadId}|${event.clientId}`, { line, eventId: event.eventId });
      return;
    }
    const derived = event.eventId === undefined ? this.ids.of(JSON.stringify(event.command)) : undefined;
    const given = event.eventId;
    const eventId = (step: 'main' | 'lead' | 'contact'): string => {
      if (step === 'lead' && paired?.eventId !== undefined) return paired.eventId;
      if (given === undefined) return derived!(step);
      return step === 'main' ? given : uuidv5(`${given}|${step}`, IMPORT_EVENT_ID_NAMESPACE);
    };
    this.valid.push({ line, request: event.command, eventId, recorded: event.recorded, field: eventLineField });
  }

  private takeConversion(leadId: unknown, clientId: unknown): { line: number; eventId?: string } | undefined {
    const key = `${String(leadId)}|${String(clientId)}`;
    const conversion = this.conversions.get(key);
    this.conversions.delete(key);
    return conversion;
  }

  done(format: ImportFormat): ParsedImport {
    for (const [key, { line }] of this.conversions) {
      const [leadId, clientId] = key.split('|');
      this.invalid.push({
        line,
        code: 'VALIDATION_FAILED',
        message: `LeadConverted of lead ${leadId} into client ${clientId} has no ClientWon after it in the file; the win records both, so import its ClientWon too`,
      });
    }
    this.invalid.sort((a, b) => a.line - b.line);
    return { format, rows: this.rows, valid: this.valid, invalid: this.invalid };
  }
}

const UNKNOWN_TYPE = `type must be a command (${COMMAND_TYPES.join(', ')}) or an exported event type (${LEDGER_EVENT_TYPES.join(', ')})`;

function* parseNdjson(content: string): Generator<void, ParsedImport> {
  const rows = new RowCollector();
  const lines = content.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const text = lines[index]!;
    const line = index + 1;
    if (text.trim() === '') continue;
    if (++rows.rows % ROWS_PER_PAUSE === 0) yield;
    let value: unknown;
    try {
      value = JSON.parse(index === 0 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (error) {
      rows.refuse(line, [{ code: 'MALFORMED_JSON', message: `the line is not JSON: ${(error as Error).message}` }]);
      continue;
    }
    handleObject(rows, line, value);
  }
  return rows.done('ndjson');
}

function handleObject(rows: RowCollector, line: number, value: unknown): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return rows.refuse(line, [{ code: 'VALIDATION_FAILED', message: 'each line must be a JSON object with a type' }]);
  }
  const { type, ...fields } = value as Record<string, unknown>;
  if (isCommandType(type)) return rows.command(line, type, fields);
  if (isEventType(type)) return rows.event(line, value as Record<string, unknown>);
  rows.refuse(line, [{ code: 'VALIDATION_FAILED', field: 'type', message: `${UNKNOWN_TYPE}; got ${JSON.stringify(type)}` }]);
}

const sameColumns = (header: readonly string[], columns: readonly string[]) =>
  header.length === columns.length && columns.every((column) => header.includes(column));

/** The event export's header, as it is now or as exports wrote it before they carried rules and hashes. */
const isEventExport = (header: readonly string[]) =>
  sameColumns(header, EXPORT_CSV_COLUMNS) || sameColumns(header, EXPORT_CSV_COLUMNS_WITHOUT_HASHES);

function* parseCsv(content: string): Generator<void, ParsedImport> {
  const rows = new RowCollector();
  const records = csvRecords(content);
  const header = records.next().value as CsvRecord | undefined;
  if (header === undefined) return rows.done('csv');
  if ('error' in header) {
    rows.refuse(header.line, [{ code: 'MALFORMED_ROW', message: `the header cannot be read: ${header.error}` }]);
    return rows.done('csv');
  }
  const columns = header.cells;
  const kind = sameColumns(columns, ORDER_COLUMNS) ? 'orders' : isEventExport(columns) ? 'events' : undefined;
  if (kind === undefined) {
    const missing = ORDER_COLUMNS.filter((column) => !columns.includes(column));
    const unknown = columns.filter((column) => !(ORDER_COLUMNS as readonly string[]).includes(column));
    rows.refuse(header.line, [
      {
        code: 'MALFORMED_ROW',
        message:
          `the header must name the columns ${ORDER_COLUMNS.join(', ')} (orders), or be the event export's header` +
          `${missing.length ? `; missing: ${missing.join(', ')}` : ''}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`,
      },
    ]);
    return rows.done('csv');
  }
  for (const record of records) {
    if (++rows.rows % ROWS_PER_PAUSE === 0) yield;
    if ('error' in record) {
      rows.refuse(record.line, [{ code: 'MALFORMED_ROW', message: record.error }]);
      continue;
    }
    if (record.cells.length !== columns.length) {
      rows.refuse(record.line, [
        { code: 'MALFORMED_ROW', message: `the line has ${record.cells.length} cells, the header ${columns.length}` },
      ]);
      continue;
    }
    const cells: Record<string, string> = {};
    columns.forEach((column, index) => (cells[column] = record.cells[index]!));
    if (kind === 'orders') rows.order(record.line, cells as Record<OrderColumn, string>);
    else exportedRow(rows, record.line, cells);
  }
  return rows.done('csv');
}

/** A row of the event export's CSV: data (and actor) are JSON in their cells. */
function exportedRow(rows: RowCollector, line: number, cells: Record<string, string>): void {
  let data: unknown;
  try {
    data = JSON.parse(cells.data!);
  } catch (error) {
    return rows.refuse(line, [{ code: 'MALFORMED_JSON', field: 'data', message: `data is not JSON: ${(error as Error).message}` }]);
  }
  const number = (cell: string | undefined) => (cell !== undefined && /^\d+$/.test(cell) ? Number(cell) : cell);
  handleObject(rows, line, {
    eventId: cells.eventId,
    type: cells.type,
    schemaVersion: number(cells.schemaVersion),
    streamId: cells.streamId,
    occurredAt: cells.occurredAt,
    data,
  });
}

import { EVIDENCE_FORMAT, type EvidenceBundle } from './evidence-bundle';

/**
 * The structural check of a bundle read from a file, before any hashing: each
 * problem names the field, so an auditor sees a malformed file as such rather
 * than as a proof that fails.
 */

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isWhole = (value: unknown, least: number): boolean => Number.isSafeInteger(value) && (value as number) >= least;
const isBase64List = (value: unknown): boolean =>
  Array.isArray(value) && value.every((item) => typeof item === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(item));

const EVENT_FIELDS: ReadonlyArray<[string, (value: unknown) => boolean, string]> = [
  ['position', (value) => isWhole(value, 1), 'a whole number ≥ 1'],
  ['eventId', (value) => typeof value === 'string', 'a string'],
  ['streamId', (value) => typeof value === 'string', 'a string'],
  ['revision', (value) => isWhole(value, 0), 'a whole number ≥ 0'],
  ['type', (value) => typeof value === 'string', 'a string'],
  ['schemaVersion', (value) => typeof value === 'number', 'a number'],
  ['occurredAt', (value) => typeof value === 'string', 'a string'],
  ['recordedAt', (value) => typeof value === 'string', 'a string'],
  ['data', (value) => value !== undefined, 'present'],
  ['metadata', isObject, 'an object'],
  ['hash', (value) => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value), '64 lowercase hex digits'],
];

function scopeProblems(scope: unknown): string[] {
  if (!isObject(scope)) return ['scope is not an object'];
  if (scope.kind === 'positions') {
    return isWhole(scope.from, 1) && isWhole(scope.to, 0) ? [] : ['scope.from and scope.to are not positions'];
  }
  if (scope.kind === 'streams') {
    return Array.isArray(scope.streamIds) && scope.streamIds.every((id) => typeof id === 'string')
      ? []
      : ['scope.streamIds is not a list of strings'];
  }
  return [`scope.kind is neither "positions" nor "streams"`];
}

function entryProblems(entry: unknown, at: number): string[] {
  if (!isObject(entry) || !isObject(entry.event)) return [`events[${at}] has no event`];
  const event = entry.event;
  const problems = EVENT_FIELDS.filter(([field, valid]) => !valid(event[field])).map(
    ([field, , expected]) => `events[${at}].event.${field} is not ${expected}`,
  );
  if (!isBase64List(entry.inclusionProof)) problems.push(`events[${at}].inclusionProof is not a list of base64 hashes`);
  return problems;
}

/** What is structurally wrong with a value read as a bundle; none means it has the bundle's shape. */
export function bundleShapeProblems(value: unknown): string[] {
  if (!isObject(value)) return ['the bundle is not a JSON object'];
  if (value.format !== EVIDENCE_FORMAT) return [`the bundle's format is ${JSON.stringify(value.format)}, not "${EVIDENCE_FORMAT}"`];
  const problems = scopeProblems(value.scope);
  if (typeof value.checkpoint !== 'string') problems.push('checkpoint is not a signed note');
  if (!Array.isArray(value.events)) problems.push('events is not a list');
  else problems.push(...value.events.flatMap(entryProblems));
  if (value.earlier !== undefined) {
    const { earlier } = value;
    if (!isObject(earlier) || typeof earlier.checkpoint !== 'string' || !isBase64List(earlier.consistencyProof)) {
      problems.push('earlier is not a signed checkpoint with a list of base64 hashes as its consistency proof');
    }
  }
  return problems;
}

export const isEvidenceBundleShaped = (value: unknown): value is EvidenceBundle => bundleShapeProblems(value).length === 0;

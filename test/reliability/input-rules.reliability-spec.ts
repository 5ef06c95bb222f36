import 'reflect-metadata';

import { CONTACT_CHANNELS, DEPARTMENTS, ID_MAX_LENGTH, MAX_RATE_BASIS_POINTS, ROLES } from '@ledger/domain';
import { INTEGER_RULES, TEXT_RULES, type TextRule } from '@ledger/ledger';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate } from 'class-validator';

import { LEDGER_COMMANDS } from '../../apps/api/src/requests/command-catalogue';
import { COMMAND_TYPES, type CommandType, validateCommand } from '../../libs/ledger/src/import/row-validation';

/**
 * One rule per field: a command's request class (REST body, GraphQL input)
 * and an import row of the same command refuse and accept the same values,
 * because both read the rule from one declaration (the domain's, or
 * @ledger/ledger's input rules), not from copies kept in step by hand.
 */

/** Each importable command's request class, as the API's command catalogue declares it (a command missing there fails here). */
const requestClassOf = (type: CommandType): new () => object => {
  const command = LEDGER_COMMANDS.find(({ operation }) => operation === type);
  if (command === undefined) throw new Error(`the API offers no command ${type}`);
  return command.body as new () => object;
};
const REQUEST_CLASSES = Object.fromEntries(COMMAND_TYPES.map((type) => [type, requestClassOf(type)])) as Record<
  CommandType,
  new () => object
>;

const TEXT_FIELDS: Partial<Record<CommandType, Record<string, TextRule>>> = {
  addEmployee: { name: TEXT_RULES.employeeName },
  removeEmployee: { reason: TEXT_RULES.reason },
  contactLead: { company: TEXT_RULES.company, outcome: TEXT_RULES.contactOutcome, note: TEXT_RULES.contactNote },
  loseLead: { reason: TEXT_RULES.reason },
  handOffClient: { reason: TEXT_RULES.reason },
  escalateKeyAccount: { reason: TEXT_RULES.reason },
  loseClient: { reason: TEXT_RULES.reason, competitor: TEXT_RULES.competitor },
};

/** The values each kind of field is probed with: either side of each bound the rule sets. */
const textProbes = ({ maxLength }: TextRule): unknown[] => ['x', 'x'.repeat(maxLength), 'x'.repeat(maxLength + 1), '', 42];
const ID_PROBES: unknown[] = ['acme', 'a'.repeat(ID_MAX_LENGTH), 'a'.repeat(ID_MAX_LENGTH + 1), '-acme', 'ac me', 'acme/1', '', 7];
const enumProbes = (values: readonly string[]): unknown[] => [...values, 'nobody', values[0]!.toUpperCase(), 3];
const rangeProbes = ({ minimum, maximum }: { minimum: number; maximum: number }): unknown[] => [
  minimum,
  maximum,
  minimum - 1,
  maximum + 1,
  1.5,
  '500',
];

const refusedByRequest = async (type: CommandType, field: string, value: unknown): Promise<boolean> => {
  const errors = await validate(plainToInstance(REQUEST_CLASSES[type], { [field]: value }), { forbidUnknownValues: false });
  return errors.some((error) => error.property === field);
};
const refusedByImportRow = (type: CommandType, field: string, value: unknown): boolean =>
  validateCommand(type, { [field]: value }).issues.some((issue) => issue.field === field);

const probesOf = (type: CommandType, field: string): unknown[] => {
  const text = TEXT_FIELDS[type]?.[field];
  if (text) return textProbes(text);
  if (field === 'department') return enumProbes(DEPARTMENTS);
  if (field === 'role') return enumProbes(ROLES);
  if (field === 'channel') return enumProbes(CONTACT_CHANNELS);
  if (field === 'rateBasisPoints') return rangeProbes(INTEGER_RULES.rateBasisPoints);
  return ID_PROBES;
};

/** The request class's own fields (path parameters are REST's path and GraphQL's arguments; business time and money are checked below). */
const bodyFields = (type: CommandType): string[] =>
  [
    ...new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(REQUEST_CLASSES[type], '', true, false)
        .map((metadata) => metadata.propertyName),
    ),
  ].filter((field) => !['occurredAt', 'effectiveFrom', 'firstOrder', 'total'].includes(field));

describe('each command field has one rule, for requests and import rows alike', () => {
  it('knows every field of the request class in the import row too (besides path parameters)', () => {
    for (const type of Object.keys(REQUEST_CLASSES) as CommandType[]) {
      const row = Object.fromEntries(bodyFields(type).map((field) => [field, 'x']));
      const unknown = validateCommand(type, row)
        .issues.filter((issue) => issue.message.endsWith('should not exist'))
        .map((issue) => issue.field);
      expect({ type, unknown }).toEqual({ type, unknown: [] });
    }
  });

  it.each(Object.keys(REQUEST_CLASSES) as CommandType[])('%s: every probe is refused by both or by neither', async (type) => {
    const disagreements: string[] = [];
    for (const field of bodyFields(type)) {
      for (const value of probesOf(type, field)) {
        const [request, row] = [await refusedByRequest(type, field, value), refusedByImportRow(type, field, value)];
        if (request !== row)
          disagreements.push(
            `${field}=${JSON.stringify(value)}: request ${request ? 'refuses' : 'accepts'}, import row ${row ? 'refuses' : 'accepts'}`,
          );
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('takes the rate and the amount bounds from the domain', () => {
    expect(INTEGER_RULES.rateBasisPoints.maximum).toBe(MAX_RATE_BASIS_POINTS);
  });
});

import {
  type ASTNode,
  coerceInputValue,
  type DocumentNode,
  getNullableType,
  GraphQLError,
  type GraphQLInputType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  type OperationDefinitionNode,
  typeFromAST,
  TypeInfo,
  type ValueNode,
  visit,
  visitWithTypeInfo,
} from 'graphql';

import { type FieldFault, notOneOfFault, requiredFault, unknownFieldFault, wrongTypeFault } from '../contract/field-codes';
import { type FieldError, fieldError } from '../contract/problem-details';

/**
 * GraphQL's own refusals of a value (a literal argument of the wrong type, a
 * variable that does not coerce) as the same per-field errors the request
 * rules give (`extensions.errors`: field, path, code, params), where graphql-js
 * says the place only in its message. `field` is the place as sent
 * (`input.total.amount`); `path` is relative to the mutation's input
 * (`total.amount`), as REST names the body's fields.
 */

/** The extension the per-field errors travel in, as over REST the problem's `errors`. */
export const FIELD_ERRORS_EXTENSION = 'errors';

/** The argument a mutation's form fields come in: a path within it is the form's path. */
const INPUT_ARGUMENT = 'input';

type Place = readonly (string | number)[];

export function inputFieldError(place: Place, message: string, fault: FieldFault): FieldError {
  const field = joinPlace(place);
  const path = place[0] === INPUT_ARGUMENT && place.length > 1 ? joinPlace(place.slice(1)) : field;
  return fieldError(field, message, fault, path);
}

/** A request rule's errors named under their argument (`input.total.amount`) get the path relative to the input too. */
export const relativeToInput = (errors: readonly FieldError[]): FieldError[] =>
  errors.map((error) =>
    error.field.startsWith(`${INPUT_ARGUMENT}.`) ? { ...error, path: error.field.slice(INPUT_ARGUMENT.length + 1) } : error,
  );

const joinPlace = (place: Place): string => place.map(String).join('.');

const SCALAR_KINDS: Readonly<Record<string, string>> = {
  Int: 'integer',
  SafeInt: 'integer',
  Float: 'number',
  String: 'string',
  ID: 'string',
  Boolean: 'boolean',
};

/** What a value refused for `type` is told: a missing value, a value outside an enum, or the wrong kind of value. */
function faultFor(type: GraphQLInputType, value: unknown): FieldFault {
  if (isNonNullType(type) && (value === null || value === undefined)) return requiredFault();
  const nullable = getNullableType(type);
  if (isListType(nullable)) return wrongTypeFault('list');
  if (isInputObjectType(nullable)) return wrongTypeFault('object');
  if (isEnumType(nullable)) return notOneOfFault(nullable.getValues().map((value) => value.name));
  return wrongTypeFault(SCALAR_KINDS[nullable.name] ?? nullable.name);
}

/** graphql-js's words for a field an input object has not, or a required one left out: the only faults named by the object. */
const UNKNOWN_FIELD = /^Field "(\w+)" is not defined by type "\w+"/;
const MISSING_FIELD = /^Field "(?:\w+\.)?(\w+)" of required type "[^"]+" was not provided/;

/** A fault graphql-js reports at an input object rather than at its field: the field's place and fault. */
function objectFault(place: Place, message: string, type: GraphQLInputType | undefined): [Place, FieldFault] | undefined {
  const unknown = UNKNOWN_FIELD.exec(message);
  if (unknown) return [[...place, unknown[1]!], unknownFieldFault()];
  const missing = MISSING_FIELD.exec(message);
  if (missing) return [[...place, missing[1]!], requiredFault()];
  return type === undefined ? undefined : [place, faultFor(type, undefined)];
}

/** The type of the value at `path` inside a value of `type`. */
function typeAt(type: GraphQLInputType, path: readonly (string | number)[]): GraphQLInputType | undefined {
  let current: GraphQLInputType | undefined = type;
  for (const step of path) {
    const nullable: GraphQLInputType | undefined = current === undefined ? undefined : getNullableType(current);
    if (nullable !== undefined && isListType(nullable) && typeof step === 'number') current = nullable.ofType as GraphQLInputType;
    else if (nullable !== undefined && isInputObjectType(nullable) && typeof step === 'string') current = nullable.getFields()[step]?.type;
    else current = undefined;
  }
  return current;
}

/**
 * The per-field errors of the operation's variables, coerced as graphql-js
 * will coerce them, but with each fault's place kept: the variable's place in
 * the arguments (`input`, `input.total`) and the path inside its value.
 */
export function variableErrors(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined,
): { message: string; errors: FieldError[] } | undefined {
  const places = variablePlaces(operation);
  const errors: FieldError[] = [];
  let firstMessage: string | undefined;
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (type === undefined) continue;
    const place: Place = places.get(name) ?? [name];
    const given = variables !== undefined && Object.prototype.hasOwnProperty.call(variables, name);
    if (!given) {
      if (isNonNullType(type) && definition.defaultValue === undefined) {
        const message = `Variable "$${name}" of required type "${String(type)}" was not provided.`;
        firstMessage ??= message;
        errors.push(inputFieldError(place, message, requiredFault()));
      }
      continue;
    }
    coerceInputValue(variables[name], type, (path, invalid, error) => {
      const message = `Variable "$${name}" got invalid value at "${joinPlace([name, ...path])}"; ${error.message}`;
      firstMessage ??= message;
      const leafType = typeAt(type, path);
      const named = leafType === undefined ? undefined : getNullableType(leafType);
      const [where, fault] =
        named !== undefined && isInputObjectType(named) && typeof invalid === 'object' && invalid !== null
          ? (objectFault([...place, ...path], error.message, leafType) ?? [[...place, ...path], faultFor(leafType!, invalid)])
          : [[...place, ...path], leafType === undefined ? wrongTypeFault('value') : faultFor(leafType, invalid)];
      errors.push(inputFieldError(where, error.message, fault));
    });
  }
  return errors.length === 0 ? undefined : { message: firstMessage!, errors };
}

/** Where each variable is used: the argument, and the fields within it, of its first use. */
function variablePlaces(operation: OperationDefinitionNode): Map<string, Place> {
  const places = new Map<string, Place>();
  visit(operation, {
    Argument(argument) {
      const walk = (value: ValueNode, place: Place): void => {
        if (value.kind === Kind.VARIABLE) {
          if (!places.has(value.name.value)) places.set(value.name.value, place);
        } else if (value.kind === Kind.OBJECT) value.fields.forEach((field) => walk(field.value, [...place, field.name.value]));
        else if (value.kind === Kind.LIST) value.values.forEach((item, index) => walk(item, [...place, index]));
      };
      walk(argument.value, [argument.name.value]);
    },
  });
  return places;
}

/**
 * The per-field errors of graphql-js's validation errors about literal
 * argument values (ValuesOfCorrectTypeRule): each error's node is found in the
 * document, with the input type expected there.
 */
export function literalErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  errors: readonly GraphQLError[],
): Map<GraphQLError, FieldError[]> {
  const wanted = new Map<ASTNode, GraphQLError>();
  for (const error of errors) if (error.nodes?.length === 1) wanted.set(error.nodes[0]!, error);
  const found = new Map<GraphQLError, FieldError[]>();
  if (wanted.size === 0) return found;
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(argument) {
        const argumentType = typeInfo.getArgument()?.type;
        if (argumentType === undefined) return;
        const walk = (node: ValueNode | ASTNode, type: GraphQLInputType | undefined, place: Place): void => {
          const error = wanted.get(node);
          if (error) {
            const objectLevel = node.kind === Kind.OBJECT ? objectFault(place, error.message, type) : undefined;
            const [where, fault] =
              objectLevel ?? (type === undefined ? [place, wrongTypeFault('value')] : [place, faultFor(type, literalValue(node))]);
            found.set(error, [inputFieldError(where, error.message, fault)]);
          }
          const nullable = type === undefined ? undefined : getNullableType(type);
          if (node.kind === Kind.OBJECT)
            node.fields.forEach((field) => {
              const fieldType =
                nullable !== undefined && isInputObjectType(nullable) ? nullable.getFields()[field.name.value]?.type : undefined;
              if (wanted.has(field)) {
                found.set(wanted.get(field)!, [
                  inputFieldError([...place, field.name.value], wanted.get(field)!.message, unknownFieldFault()),
                ]);
              }
              walk(field.value, fieldType, [...place, field.name.value]);
            });
          else if (node.kind === Kind.LIST)
            node.values.forEach((item, index) =>
              walk(item, nullable !== undefined && isListType(nullable) ? (nullable.ofType as GraphQLInputType) : undefined, [
                ...place,
                index,
              ]),
            );
        };
        walk(argument.value, argumentType, [argument.name.value]);
      },
    }),
  );
  return found;
}

/** A literal's value as far as its fault needs it: null, or something. */
const literalValue = (node: ASTNode): unknown => (node.kind === Kind.NULL ? null : node);

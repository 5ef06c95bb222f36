/** Ids become part of stream names, so they keep to a safe alphabet. */
export const ID_MAX_LENGTH = 128;
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;
export const ID_RULE = `must be 1-${ID_MAX_LENGTH} characters: letters, digits and . _ : @ - (starting with a letter or digit)`;
export const isId = (value: unknown): value is string => typeof value === 'string' && ID_PATTERN.test(value);

export const DEPARTMENTS = ['sales', 'client', 'key_accounts'] as const;
export type Department = (typeof DEPARTMENTS)[number];

export const ROLES = ['rep', 'head', 'assistant_head', 'manager'] as const;
export type Role = (typeof ROLES)[number];

export const CONTACT_CHANNELS = ['call', 'email', 'meeting', 'other'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

import { type ContactChannel } from '@ledger/domain';

import type { LeadFate } from './simulation-model';

// ---------------------------------------------------------------------------------------------
// The company: names, reasons, amounts

export const FIRST_NAMES = [
  'Anna',
  'Ben',
  'Clara',
  'David',
  'Elena',
  'Felix',
  'Greta',
  'Hugo',
  'Ines',
  'Jonas',
  'Katja',
  'Lukas',
  'Mia',
  'Noah',
  'Olga',
  'Paul',
  'Rosa',
  'Simon',
  'Tara',
  'Umar',
  'Vera',
  'Willem',
  'Yara',
  'Zoe',
  'Marco',
  'Sofia',
  'Lars',
  'Aisha',
];
export const LAST_NAMES = [
  'Berg',
  'Costa',
  'Dumont',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Hansen',
  'Ivanova',
  'Jansen',
  'Keller',
  'Lindqvist',
  'Moreau',
  'Novak',
  'Okafor',
  'Petrov',
  'Quinn',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Urban',
  'Vogel',
  'Weber',
  'Young',
  'Zielinski',
];
export const COMPANY_PREFIXES = [
  'Nordic',
  'Baltic',
  'Alpine',
  'Atlas',
  'Blue Harbour',
  'Summit',
  'Rhein',
  'Iberia',
  'Danube',
  'Vector',
  'Orion',
  'Granite',
  'Crown',
  'Delta',
  'Evergreen',
  'Falcon',
  'Helix',
  'Kestrel',
  'Lumen',
  'Meridian',
  'Nova',
  'Pioneer',
  'Quantum',
  'Silverline',
  'Terra',
  'Union',
  'Vertex',
  'Westfield',
  'Zenith',
  'Oakridge',
  'Polaris',
  'Redwood',
];
export const COMPANY_TRADES = [
  'Steel',
  'Foods',
  'Logistics',
  'Textiles',
  'Packaging',
  'Chemicals',
  'Plastics',
  'Timber',
  'Electrics',
  'Tools',
  'Pharma',
  'Motors',
  'Glass',
  'Paper',
  'Hydraulics',
  'Furniture',
  'Optics',
  'Ceramics',
  'Marine',
  'Agro',
  'Bakeries',
  'Print',
];
export const COMPANY_FORMS: Readonly<Record<string, readonly string[]>> = {
  EUR: ['GmbH', 'AG', 'S.A.', 'B.V.', 'S.r.l.', 'Oy', 'AB', 'SAS', 'KG'],
  GBP: ['Ltd', 'plc', 'LLP'],
};
export const COMPETITORS = ['Brightline Supply', 'Kontor24', 'Medallion Trade', 'NorthStar Distribution', 'Ferrum Direct', 'OmniSource'];

/** Why leads are lost, as sales teams record it. */
export const LEAD_LOSS_REASONS: ReadonlyArray<readonly [string, number]> = [
  ['price', 28],
  ['no budget', 20],
  ['chose competitor', 22],
  ['no response', 18],
  ['bad timing', 7],
  ['not a fit', 5],
];
export const CLIENT_LOSS_REASONS: ReadonlyArray<readonly [{ reason: string; competitor: boolean }, number]> = [
  [{ reason: 'moved to a competitor', competitor: true }, 55],
  [{ reason: 'price', competitor: true }, 15],
  [{ reason: 'went out of business', competitor: false }, 12],
  [{ reason: 'no longer needs the product', competitor: false }, 10],
  [{ reason: 'quality complaints', competitor: false }, 8],
];
export const LEAVING_REASONS = ['resigned', 'moved to a competitor', 'relocated', 'career change'];

export const NOTES: Readonly<Record<string, readonly string[]>> = {
  'no answer': ['rang twice', 'switchboard only'],
  'left voicemail': ['asked for a call back'],
  interested: ['sent the catalogue', 'wants samples', 'forwarded to purchasing'],
  'asked for a quote': ['volumes for next quarter', 'compare with current supplier'],
  'quote sent': ['standard terms', '5 % volume discount offered'],
  negotiating: ['payment terms', 'delivery schedule', 'price per unit'],
  'verbal yes': ['order expected this week', 'waiting for PO'],
  'call back later': ['budget review next month', 'decision maker on leave'],
  'not convinced': ['happy with current supplier', 'too expensive'],
};

export const LEAD_FATES: ReadonlyArray<readonly [LeadFate, number]> = [
  ['win', 33],
  ['lose', 55],
  ['stall', 12],
];
export const FIRST_CHANNELS: ReadonlyArray<readonly [ContactChannel, number]> = [
  ['call', 60],
  ['email', 35],
  ['other', 5],
];
export const FOLLOW_UP_CHANNELS: ReadonlyArray<readonly [ContactChannel, number]> = [
  ['call', 45],
  ['email', 35],
  ['meeting', 15],
  ['other', 5],
];
/** Leads about to be won meet in person. */
export const CLOSING_CHANNELS: ReadonlyArray<readonly [ContactChannel, number]> = [
  ['meeting', 55],
  ['call', 30],
  ['email', 15],
];
export const STALLED_OUTCOMES = ['no answer', 'call back later', 'interested'];
export const UNANSWERED_OUTCOMES = ['no answer', 'left voicemail'];
export const WIN_LADDER = ['interested', 'asked for a quote', 'quote sent', 'negotiating', 'verbal yes'];
export const LOSS_LADDER = ['interested', 'asked for a quote', 'quote sent', 'not convinced'];
export const onLadder = (ladder: readonly string[], step: number): string =>
  ladder[Math.min(ladder.length - 1, Math.round(step * (ladder.length - 1)))]!;

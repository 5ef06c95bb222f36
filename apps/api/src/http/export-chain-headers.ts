import type { ExportChain } from '@ledger/ledger';
import type { Response } from 'express';

/** The headers an export names its place in the hash chain with (what each means: ExportChain). */
export const EXPORT_CHAIN_HEADERS = {
  startHash: 'X-Ledger-Chain-Start-Hash',
  headPosition: 'X-Ledger-Chain-Head-Position',
  headHash: 'X-Ledger-Chain-Head-Hash',
} as const satisfies Record<keyof ExportChain, string>;

/** Names the chain an export stands in, when it stands in one (an unfiltered export of a store that keeps a chain). */
export function setExportChainHeaders(response: Response, chain: ExportChain | undefined): void {
  if (chain === undefined) return;
  response.setHeader(EXPORT_CHAIN_HEADERS.startHash, chain.startHash);
  response.setHeader(EXPORT_CHAIN_HEADERS.headPosition, String(chain.headPosition));
  response.setHeader(EXPORT_CHAIN_HEADERS.headHash, chain.headHash);
}

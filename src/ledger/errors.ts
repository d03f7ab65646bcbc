import { ExporterError } from '../errors.js';
/** An answer the ledger refuses as a whole, because counting any part of it could break exactness. */
export class LedgerRejectedError extends ExporterError {
  override readonly name = 'LedgerRejectedError';
}

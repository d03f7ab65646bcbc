/** An answer the ledger refuses as a whole, because counting any part of it could break exactness. */
export class LedgerRejectedError extends Error {
  override readonly name = 'LedgerRejectedError';
}

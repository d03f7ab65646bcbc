/**
 * The base of every typed error the exporter throws, so a caller can tell the exporter's own,
 * expected failures (`instanceof ExporterError`) from bugs and from errors raised by libraries.
 * Subclasses set `override readonly name = '...'`; logs and tests rely on those names.
 */
export class ExporterError extends Error {
  override readonly name: string = 'ExporterError';
}

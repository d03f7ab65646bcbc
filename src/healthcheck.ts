// Container HEALTHCHECK: asks the exporter's own /-/healthy on the configured listen address.

const address = process.env.OPENAI_EXPORTER_WEB_LISTEN_ADDRESS ?? ':9863';
const port = address.slice(address.lastIndexOf(':') + 1);
const host =
  address.startsWith(':') || address.startsWith('0.0.0.0')
    ? '127.0.0.1'
    : address.slice(0, address.lastIndexOf(':'));

try {
  const response = await fetch(`http://${host}:${port}/-/healthy`, { signal: AbortSignal.timeout(4000) });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}

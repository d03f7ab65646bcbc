// --demo: the exporter's narrow view of its built-in upstream. The simulator lives outside `src/`
// (it reads the product's catalog; the product never imports it), so this one dynamic import of a
// computed path is the only way in: no static edge, no import cycle, and a product that ships
// without the simulator fails only when --demo is asked for.

export interface DemoUpstream {
  readonly baseUrl: string;
  readonly adminKey: string;
  close(): Promise<void>;
}

interface DemoUpstreamModule {
  startDemoUpstream(): Promise<DemoUpstream>;
}

// Same relative path from src/exporter/ (tsx, vitest) and dist/src/exporter/ (the build).
const DEMO_UPSTREAM_MODULE = new URL('../../simulator/demo-upstream.js', import.meta.url).href;

export async function startDemoUpstream(): Promise<DemoUpstream> {
  const module = (await import(DEMO_UPSTREAM_MODULE)) as DemoUpstreamModule;
  return module.startDemoUpstream();
}

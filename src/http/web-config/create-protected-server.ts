import { createServer as createHttpServer, type Server as HttpServer, type RequestListener } from 'node:http';
import {
  createServer as createHttpsServer,
  type Server as HttpsServer,
  type ServerOptions,
} from 'node:https';
import { enforceClientCertificatePolicy } from './client-certificate-policy.js';
import { type ProtectionOptions, protectHandler } from './protected-handler.js';
import { secureContextOptions } from './tls-options.js';
import type { WebConfig, WebTlsConfig } from './web-config.js';

function httpsOptions(tls: WebTlsConfig): ServerOptions {
  return {
    ...secureContextOptions(tls),
    honorCipherOrder: tls.honorCipherOrder,
    requestCert: tls.clientAuth !== 'NoClientCert',
    // Only this mode lets OpenSSL refuse the handshake itself; the others are enforced after it.
    rejectUnauthorized: tls.clientAuth === 'RequireAndVerifyClientCert',
  };
}

/**
 * The server for `listen()`: HTTPS when the web config has `tls_server_config`, plain HTTP otherwise,
 * with basic auth, rate limiting and headers applied to every request. No config: unprotected HTTP.
 */
export function createProtectedServer(
  handler: RequestListener,
  config: WebConfig | undefined,
  options: ProtectionOptions = {},
): HttpServer | HttpsServer {
  if (config === undefined) return createHttpServer(handler);
  const protectedHandler = protectHandler(handler, config, options);
  if (config.tls === undefined) return createHttpServer(protectedHandler);
  const server = createHttpsServer(httpsOptions(config.tls), protectedHandler);
  enforceClientCertificatePolicy(server, config.tls);
  return server;
}

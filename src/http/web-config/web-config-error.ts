import { ConfigError } from '../../config/config-error.js';

/**
 * A problem in the `--web.config.file` the operator has to fix. `path` is where in the YAML it is
 * (`tls_server_config.cert_file`, `basic_auth_users.alice`), or `''` when the file as a whole is at
 * fault. Messages name files and keys, never their contents: the file holds password hashes and may
 * hold a private key inline.
 */
export class WebConfigError extends ConfigError {
  override readonly name = 'WebConfigError';
  override readonly file: string;

  constructor(file: string, path: string, problem: string) {
    super(path, problem, file);
    this.file = file;
  }

  /** Where in the YAML; the same as `option`. */
  get path(): string {
    return this.option;
  }
}

/**
 * A problem in the `--web.config.file` the operator has to fix. `path` is where in the YAML it is
 * (`tls_server_config.cert_file`, `basic_auth_users.alice`), or `''` when the file as a whole is at
 * fault. Messages name files and keys, never their contents: the file holds password hashes and may
 * hold a private key inline.
 */
export class WebConfigError extends Error {
  override readonly name = 'WebConfigError';

  constructor(
    readonly file: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(path === '' ? `${file}: ${problem}` : `${file}: ${path}: ${problem}`);
  }
}

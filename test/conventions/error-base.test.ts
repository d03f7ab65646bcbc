import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { InvalidDurationError } from '../../src/config/duration.js';
import { ExporterError } from '../../src/errors.js';
import { ListenError } from '../../src/http/server.js';
import { WebConfigError } from '../../src/http/web-config/web-config-error.js';
import { LedgerRejectedError } from '../../src/ledger/errors.js';
import {
  UpstreamHttpError,
  UpstreamRateLimitedError,
  UpstreamTimeoutError,
} from '../../src/openai/errors.js';
import { UnsupportedWidthError } from '../../src/openai/query-params.js';
import { PageShapeError } from '../../src/openai/result-reader.js';
import { ListPricesError } from '../../src/pricing/list-prices.js';
import { StateRecoveryError } from '../../src/state/state-file.js';
import { StorageLockedError, StoragePathError } from '../../src/state/storage-directory.js';

describe('the project error base', () => {
  it('every typed error is an ExporterError and keeps its own name', () => {
    const errors: [Error, string][] = [
      [new ConfigError('--poll.window', 'bad'), 'ConfigError'],
      [new WebConfigError('web.yml', 'tls_server_config', 'bad'), 'WebConfigError'],
      [new InvalidDurationError('bad'), 'InvalidDurationError'],
      [new ListenError('bad'), 'ListenError'],
      [new LedgerRejectedError('bad'), 'LedgerRejectedError'],
      [new UpstreamHttpError('costs', 401, 'no'), 'UpstreamHttpError'],
      [new UpstreamRateLimitedError('costs', 'slow down', undefined, 60_000), 'UpstreamRateLimitedError'],
      [new UpstreamTimeoutError('costs', 1000), 'UpstreamTimeoutError'],
      [new PageShapeError('bad'), 'PageShapeError'],
      [
        new UnsupportedWidthError({ category: 'costs', width: '1h', startTime: 0, groupBy: [] }),
        'UnsupportedWidthError',
      ],
      [new ListPricesError('bad'), 'ListPricesError'],
      [new StateRecoveryError('corrupt', 'bad'), 'StateRecoveryError'],
      [new StoragePathError('bad'), 'StoragePathError'],
      [new StorageLockedError('bad'), 'StorageLockedError'],
    ];
    for (const [error, name] of errors) {
      expect(error).toBeInstanceOf(ExporterError);
      expect(error.name).toBe(name);
    }
  });

  it('a web config error is a config error with the same message shape', () => {
    const whole = new WebConfigError('web.yml', '', 'is not valid YAML');
    const at = new WebConfigError('web.yml', 'basic_auth_users.alice', 'expected a string');
    expect(whole).toBeInstanceOf(ConfigError);
    expect(whole.message).toBe('web.yml: is not valid YAML');
    expect(at.message).toBe('web.yml: basic_auth_users.alice: expected a string');
    expect(at.path).toBe('basic_auth_users.alice');
    expect(at.file).toBe('web.yml');
  });
});

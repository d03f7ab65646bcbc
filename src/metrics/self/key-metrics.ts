// An organization's admin key: rotated keys refused for answering for another organization, and
// changed key files that held no usable key.

import type { SelfFamilies } from './families.js';

type KeyFamilies = Pick<SelfFamilies, 'organizationMismatches' | 'adminKeyRejections'>;

export class KeyMetrics {
  constructor(private readonly families: KeyFamilies) {}

  mismatch(organization: string): void {
    this.families.organizationMismatches.inc({ organization });
  }

  rejected(organization: string): void {
    this.families.adminKeyRejections.inc({ organization });
  }

  /** Zero from the start, so an alert on increase() sees the first refusal. */
  declare(organization: string): void {
    this.families.organizationMismatches.inc({ organization }, 0);
    this.families.adminKeyRejections.inc({ organization }, 0);
  }
}

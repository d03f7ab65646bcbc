// The organization's own limits as the limits client hands them over: validated, amounts still
// in the integer cents the API gives (exact), free of HTTP and Prometheus.

/** A hard monthly spend limit (`organization.spend_limit` / `project.spend_limit`). */
export interface SpendLimit {
  /** `threshold_amount`, in US cents. */
  readonly thresholdCents: number;
  /** `enforcement.status` as given: `enforcing`, `inactive`, or a state added later. */
  readonly enforcementStatus: string;
}

/** A spend alert; its notification channel (email recipients: personal data) is not kept. */
export interface SpendAlert {
  readonly id: string;
  /** `threshold_amount`, in US cents. */
  readonly thresholdCents: number;
}

/** One `project.rate_limit`; an optional field is absent where the API leaves it out. */
export interface RateLimit {
  readonly id: string;
  /** The model name the limit applies to, e.g. `gpt-4o` (usage reports dated snapshots). */
  readonly model: string;
  readonly maxRequestsPerMinute: number;
  readonly maxTokensPerMinute: number;
  readonly maxImagesPerMinute?: number;
  readonly maxAudioMegabytesPerMinute?: number;
  readonly maxRequestsPerDay?: number;
  readonly batchInputTokensPerDay?: number;
}

export interface ProjectLimits {
  readonly projectId: string;
  /** Undefined when the project has no hard limit. */
  readonly spendLimit: SpendLimit | undefined;
  /** Sorted by id, each id once. */
  readonly spendAlerts: readonly SpendAlert[];
  /** Sorted by model, each model once. */
  readonly rateLimits: readonly RateLimit[];
}

/** One complete limits poll. */
export interface LimitsSnapshot {
  /** The organization's hard limit; undefined when none is set. */
  readonly spendLimit: SpendLimit | undefined;
  readonly spendAlerts: readonly SpendAlert[];
  /** Sorted by project id. */
  readonly projects: readonly ProjectLimits[];
}

import {
  type ConfigProblem,
  fieldPath,
  isSubConfigName,
  namedTables,
  type SourcedValue,
} from './layer.js';
import type { OAuthProviderConfig } from './oauth-providers.js';
import type {
  EmailConfig,
  OAuthConfig,
  RegstackConfig,
  SmsConfig,
  SubConfigName,
  WebhooksConfig,
} from './schema.js';
import type { Secret } from './secret.js';
import type { WebhookEndpointConfig } from './webhook-endpoints.js';

/** A secret may be given as a plain string. */
type OverrideValue<T> = T extends Secret ? string | Secret : T;

/** Programmatic values for one sub-config; unset fields take their defaults. */
export type SubConfigOverrides<T> = {
  readonly [K in keyof T]?: OverrideValue<T[K]> | undefined;
};

type TopLevelOverrides = {
  readonly [K in Exclude<keyof RegstackConfig, SubConfigName>]?:
    | OverrideValue<RegstackConfig[K]>
    | undefined;
};

/**
 * Programmatic settings, highest priority, with the spec's snake_case names. A sub-config
 * object replaces the whole sub-config: it is laid over the defaults only (spec §2.5 rule 1).
 */
export interface ConfigOverrides extends TopLevelOverrides {
  readonly email?: SubConfigOverrides<EmailConfig> | undefined;
  readonly sms?: SubConfigOverrides<SmsConfig> | undefined;
  readonly oauth?:
    | (SubConfigOverrides<Omit<OAuthConfig, 'providers'>> & {
        readonly providers?:
          | Readonly<Record<string, SubConfigOverrides<OAuthProviderConfig>>>
          | undefined;
      })
    | undefined;
  readonly webhooks?:
    | (SubConfigOverrides<Omit<WebhooksConfig, 'endpoints'>> & {
        readonly endpoints?:
          | Readonly<Record<string, SubConfigOverrides<WebhookEndpointConfig>>>
          | undefined;
      })
    | undefined;
}

/** The overrides as a layer, and which sub-configs they replace outright. */
export interface OverrideLayer {
  readonly layer: ReadonlyMap<string, SourcedValue>;
  readonly replaced: readonly SubConfigName[];
  readonly problems: readonly ConfigProblem[];
}

const SOURCE = 'override';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Turns overrides into a layer; `undefined` values count as not given. */
export function overrideLayer(overrides: ConfigOverrides): OverrideLayer {
  const layer = new Map<string, SourcedValue>();
  const replaced: SubConfigName[] = [];
  const problems: ConfigProblem[] = [];
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (!isSubConfigName(key)) {
      const path = fieldPath([key]);
      if (path !== undefined) layer.set(path, { value, source: SOURCE });
      continue;
    }
    if (!isPlainObject(value)) {
      problems.push({ path: key, message: 'must be an object of settings', source: SOURCE });
      continue;
    }
    replaced.push(key);
    for (const [subKey, subValue] of Object.entries(value)) {
      if (namedTables(key, subKey) !== undefined && isPlainObject(subValue)) {
        for (const [name, table] of Object.entries(subValue)) {
          if (!isPlainObject(table)) continue;
          for (const [field, fieldValue] of Object.entries(table)) {
            const path = fieldPath([key, subKey, name, field]);
            if (path !== undefined && fieldValue !== undefined) {
              layer.set(path, { value: fieldValue, source: SOURCE });
            }
          }
        }
        continue;
      }
      const path = fieldPath([key, subKey]);
      if (path !== undefined && subValue !== undefined) {
        layer.set(path, { value: subValue, source: SOURCE });
      }
    }
  }
  return { layer, replaced, problems };
}

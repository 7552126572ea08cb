/**
 * Stands in for `@aws-sdk/middleware-endpoint-discovery` in the Lambda bundles (aliased in `bundleSettings`,
 * infra/constructs/guest-function.ts); tsx and the tests load the original.
 *
 * Why it is safe: only the DynamoDB client imports the package, for two things: the setting that says whether
 * endpoint discovery is on, and `resolveEndpointDiscoveryConfig`, which adds that setting and an endpoint cache (an
 * LRU from `mnemonist`) to the client's config. No DynamoDB command of this SDK version adds the discovery
 * middleware, the only reader of the cache and the setting, so neither is ever consulted. Same config here without
 * the cache: about 8 KB less per DynamoDB bundle. Were a command to start adding the middleware, it would import
 * `getEndpointDiscoveryPlugin`, which this module does not export, and the bundle would fail to build.
 */
type EndpointDiscoveryInput = { endpointDiscoveryEnabled?: boolean; endpointDiscoveryEnabledProvider: () => Promise<boolean | undefined> };

const environmentVariables = ['AWS_ENABLE_ENDPOINT_DISCOVERY', 'AWS_ENDPOINT_DISCOVERY_ENABLED'];
const isOn = (value: string | undefined) => !['false', '0'].includes(value ?? '');

/** The original's setting: the first of its variables that is set, else `endpoint_discovery_enabled` in the profile. */
export const NODE_ENDPOINT_DISCOVERY_CONFIG_OPTIONS = {
  environmentVariableSelector: (env: Record<string, string | undefined>): boolean | undefined => {
    const variable = environmentVariables.find((name) => name in env);
    if (variable === undefined) return undefined;
    if (env[variable] === '') throw new Error(`Environment variable ${variable} can't be empty of undefined, got ""`);
    return isOn(env[variable]);
  },
  configFileSelector: (profile: Record<string, string | undefined>): boolean | undefined =>
    'endpoint_discovery_enabled' in profile ? isOn(profile.endpoint_discovery_enabled) : undefined,
  default: undefined,
};

export const resolveEndpointDiscoveryConfig = <T extends EndpointDiscoveryInput>(
  input: T,
  { endpointDiscoveryCommandCtor }: { endpointDiscoveryCommandCtor: unknown },
) =>
  Object.assign(input, {
    endpointDiscoveryCommandCtor,
    endpointDiscoveryEnabled:
      input.endpointDiscoveryEnabled !== undefined ? () => Promise.resolve(input.endpointDiscoveryEnabled) : input.endpointDiscoveryEnabledProvider,
    isClientEndpointDiscoveryEnabled: input.endpointDiscoveryEnabled !== undefined,
  });

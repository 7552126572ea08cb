/**
 * The credential provider the Lambda bundles use in place of the SDK's default chain: the bundler aliases
 * `@aws-sdk/credential-provider-node` to this module (see `bundleSettings` in infra/constructs/guest-function.ts).
 * Run unbundled (tsx locally, the tests) this module is not used; the SDK's real chain runs.
 *
 * Why it is safe: Lambda puts the function role's credentials in the environment (AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), and the default chain's first link, `fromEnv`, is the one that answers
 * there (the stack sets no AWS_PROFILE, which would make the chain skip it). The other links (SSO, ini files,
 * credential processes, web identity, container and instance metadata) and the STS, SSO and sign-in clients they
 * load are never reached on Lambda; leaving them out takes about 130 KB off every bundle that uses the SDK
 * (`npm run bundle-sizes`: 405 KB to 273 KB for the recognition function).
 *
 * Every client's runtime config calls `defaultProvider(config)` once, when the client is created, and calls the
 * provider it returns before signing each request; the same shape here. `fromEnv` reads the variables on each call,
 * which costs a few property reads; Lambda's credentials do not change within an execution environment.
 */
import { fromEnv, type FromEnvInit } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init: FromEnvInit = {}): ReturnType<typeof fromEnv> => fromEnv(init);

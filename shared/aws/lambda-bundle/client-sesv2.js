/**
 * Stands in for `@aws-sdk/client-sesv2` in the Lambda bundles (aliased in `bundleSettings`,
 * infra/constructs/guest-function.ts); tsx, the local runtime and the tests load the original.
 *
 * Why: the functions send one SESv2 operation, SendEmail (shared/aws/ses-mailer.ts). The SDK keeps the schemas of all
 * of SESv2's operations in one module, and esbuild cannot drop the unused ones (each operation's schema has a
 * computed key, `{ [_h]: [...] }`, which esbuild keeps as a possible side effect, and with it every structure it
 * reaches): about 47 KB of each campaign bundle. This module is the SDK's own `SESv2Client`, `runtimeConfig`,
 * `runtimeConfig.shared` and `SendEmailCommand` (3.1169.0), unchanged but for reading the schemas from
 * ./sesv2-send-email-schemas.js, SendEmail's alone; everything else (auth, endpoints, errors, extensions) is the
 * installed package's, imported by path (the alias would otherwise send these imports back here). A client or
 * command this module does not export fails the bundle's build. test/functions/lambda-bundle.test.ts checks that the
 * schemas equal the SDK's and that this client sends the same request as the original.
 */
import {
  createDefaultUserAgentProvider,
  emitWarningIfUnsupportedVersion as awsCheckVersion,
  getDefaultSocketTimeout,
  getHostHeaderPlugin,
  getLoggerPlugin,
  getRecursionDetectionPlugin,
  getUserAgentPlugin,
  NODE_APP_ID_CONFIG_OPTIONS,
  resolveHostHeaderConfig,
  resolveUserAgentConfig,
} from '@aws-sdk/core/client';
import { AwsSdkSigV4ASigner, AwsSdkSigV4Signer, NODE_AUTH_SCHEME_PREFERENCE_OPTIONS, NODE_SIGV4A_CONFIG_OPTIONS } from '@aws-sdk/core/httpAuthSchemes';
import { AwsRestJsonProtocol } from '@aws-sdk/core/protocols';
import { defaultProvider as credentialDefaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4MultiRegion } from '@aws-sdk/signature-v4-multi-region';
import { DefaultIdentityProviderConfig, getHttpAuthSchemeEndpointRuleSetPlugin, getHttpSigningPlugin } from '@smithy/core';
import { Sha256 } from '@smithy/core/checksum';
import { Client as __Client, emitWarningIfUnsupportedVersion, loadConfigsForDefaultMode, NoOpLogger } from '@smithy/core/client';
import {
  loadConfig as loadNodeConfig,
  NODE_REGION_CONFIG_FILE_OPTIONS,
  NODE_REGION_CONFIG_OPTIONS,
  NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS,
  NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS,
  resolveDefaultsModeConfig,
  resolveRegionConfig,
} from '@smithy/core/config';
import { resolveEndpointConfig } from '@smithy/core/endpoints';
import { getContentLengthPlugin, parseUrl } from '@smithy/core/protocols';
import { DEFAULT_RETRY_MODE, getRetryPlugin, NODE_MAX_ATTEMPT_CONFIG_OPTIONS, NODE_RETRY_MODE_CONFIG_OPTIONS, resolveRetryConfig } from '@smithy/core/retry';
import { getSchemaSerdePlugin } from '@smithy/core/schema';
import { calculateBodyLength, fromBase64, fromUtf8, toBase64, toUtf8 } from '@smithy/core/serde';
import { NodeHttpHandler as RequestHandler, streamCollector } from '@smithy/node-http-handler';
import {
  defaultSESv2HttpAuthSchemeParametersProvider,
  defaultSESv2HttpAuthSchemeProvider,
  resolveHttpAuthSchemeConfig,
} from '../../../node_modules/@aws-sdk/client-sesv2/dist-es/auth/httpAuthSchemeProvider.js';
import { _ep1, _mw0, command } from '../../../node_modules/@aws-sdk/client-sesv2/dist-es/commandBuilder.js';
import { resolveClientEndpointParameters } from '../../../node_modules/@aws-sdk/client-sesv2/dist-es/endpoint/EndpointParameters.js';
import { defaultEndpointResolver } from '../../../node_modules/@aws-sdk/client-sesv2/dist-es/endpoint/endpointResolver.js';
import { resolveRuntimeExtensions } from '../../../node_modules/@aws-sdk/client-sesv2/dist-es/runtimeExtensions.js';
import packageInfo from '../../../node_modules/@aws-sdk/client-sesv2/package.json' with { type: 'json' };
import { errorTypeRegistries, SendEmail$ } from './sesv2-send-email-schemas.js';

// runtimeConfig.shared.js
const getSharedRuntimeConfig = (config) => {
  return {
    apiVersion: '2019-09-27',
    base64Decoder: config?.base64Decoder ?? fromBase64,
    base64Encoder: config?.base64Encoder ?? toBase64,
    disableHostPrefix: config?.disableHostPrefix ?? false,
    endpointProvider: config?.endpointProvider ?? defaultEndpointResolver,
    extensions: config?.extensions ?? [],
    httpAuthSchemeProvider: config?.httpAuthSchemeProvider ?? defaultSESv2HttpAuthSchemeProvider,
    httpAuthSchemes: config?.httpAuthSchemes ?? [
      {
        schemeId: 'aws.auth#sigv4',
        identityProvider: (ipc) => ipc.getIdentityProvider('aws.auth#sigv4'),
        signer: new AwsSdkSigV4Signer(),
      },
      {
        schemeId: 'aws.auth#sigv4a',
        identityProvider: (ipc) => ipc.getIdentityProvider('aws.auth#sigv4a'),
        signer: new AwsSdkSigV4ASigner(),
      },
    ],
    logger: config?.logger ?? new NoOpLogger(),
    protocol: config?.protocol ?? AwsRestJsonProtocol,
    protocolSettings: config?.protocolSettings ?? {
      defaultNamespace: 'com.amazonaws.sesv2',
      errorTypeRegistries: errorTypeRegistries(),
      version: '2019-09-27',
      serviceTarget: 'SimpleEmailService_v2',
    },
    serviceId: config?.serviceId ?? 'SESv2',
    sha256: config?.sha256 ?? Sha256,
    signerConstructor: config?.signerConstructor ?? SignatureV4MultiRegion,
    urlParser: config?.urlParser ?? parseUrl,
    utf8Decoder: config?.utf8Decoder ?? fromUtf8,
    utf8Encoder: config?.utf8Encoder ?? toUtf8,
  };
};

// runtimeConfig.js
const getRuntimeConfig = (config) => {
  emitWarningIfUnsupportedVersion(process.version);
  const defaultsMode = resolveDefaultsModeConfig(config);
  const defaultConfigProvider = () => defaultsMode().then(loadConfigsForDefaultMode);
  const clientSharedValues = getSharedRuntimeConfig(config);
  awsCheckVersion(process.version);
  const loaderConfig = {
    profile: config?.profile,
    logger: clientSharedValues.logger,
  };
  return {
    ...clientSharedValues,
    ...config,
    runtime: 'node',
    defaultsMode,
    authSchemePreference: config?.authSchemePreference ?? loadNodeConfig(NODE_AUTH_SCHEME_PREFERENCE_OPTIONS, loaderConfig),
    bodyLengthChecker: config?.bodyLengthChecker ?? calculateBodyLength,
    credentialDefaultProvider: config?.credentialDefaultProvider ?? credentialDefaultProvider,
    defaultSocketTimeout: getDefaultSocketTimeout(config?.requestHandler, 300_000),
    defaultUserAgentProvider:
      config?.defaultUserAgentProvider ?? createDefaultUserAgentProvider({ serviceId: clientSharedValues.serviceId, clientVersion: packageInfo.version }),
    maxAttempts: config?.maxAttempts ?? loadNodeConfig(NODE_MAX_ATTEMPT_CONFIG_OPTIONS, config),
    region: config?.region ?? loadNodeConfig(NODE_REGION_CONFIG_OPTIONS, { ...NODE_REGION_CONFIG_FILE_OPTIONS, ...loaderConfig }),
    requestHandler: RequestHandler.create(config?.requestHandler ?? defaultConfigProvider),
    retryMode:
      config?.retryMode ??
      loadNodeConfig(
        {
          ...NODE_RETRY_MODE_CONFIG_OPTIONS,
          default: async () => (await defaultConfigProvider()).retryMode || DEFAULT_RETRY_MODE,
        },
        config,
      ),
    sigv4aSigningRegionSet: config?.sigv4aSigningRegionSet ?? loadNodeConfig(NODE_SIGV4A_CONFIG_OPTIONS, loaderConfig),
    streamCollector: config?.streamCollector ?? streamCollector,
    useDualstackEndpoint: config?.useDualstackEndpoint ?? loadNodeConfig(NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
    useFipsEndpoint: config?.useFipsEndpoint ?? loadNodeConfig(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
    userAgentAppId: config?.userAgentAppId ?? loadNodeConfig(NODE_APP_ID_CONFIG_OPTIONS, loaderConfig),
  };
};

// SESv2Client.js (the classes are made in pure calls, so a bundle that imports them without using them drops them)
export const SESv2Client = /* @__PURE__ */ (() =>
  class SESv2Client extends __Client {
    config;
    constructor(...[configuration]) {
      const _config_0 = getRuntimeConfig(configuration || {});
      super(_config_0);
      this.initConfig = _config_0;
      const _config_1 = resolveClientEndpointParameters(_config_0);
      const _config_2 = resolveUserAgentConfig(_config_1);
      const _config_3 = resolveRetryConfig(_config_2);
      const _config_4 = resolveRegionConfig(_config_3);
      const _config_5 = resolveHostHeaderConfig(_config_4);
      const _config_6 = resolveEndpointConfig(_config_5);
      const _config_7 = resolveHttpAuthSchemeConfig(_config_6);
      const _config_8 = resolveRuntimeExtensions(_config_7, configuration?.extensions || []);
      this.config = _config_8;
      this.middlewareStack.use(getSchemaSerdePlugin(this.config));
      this.middlewareStack.use(getUserAgentPlugin(this.config));
      this.middlewareStack.use(getRetryPlugin(this.config));
      this.middlewareStack.use(getContentLengthPlugin(this.config));
      this.middlewareStack.use(getHostHeaderPlugin(this.config));
      this.middlewareStack.use(getLoggerPlugin(this.config));
      this.middlewareStack.use(getRecursionDetectionPlugin(this.config));
      this.middlewareStack.use(
        getHttpAuthSchemeEndpointRuleSetPlugin(this.config, {
          httpAuthSchemeParametersProvider: defaultSESv2HttpAuthSchemeParametersProvider,
          identityProviderConfigProvider: async (config) =>
            new DefaultIdentityProviderConfig({
              'aws.auth#sigv4': config.credentials,
              'aws.auth#sigv4a': config.credentials,
            }),
        }),
      );
      this.middlewareStack.use(getHttpSigningPlugin(this.config));
    }
    destroy() {
      super.destroy();
    }
  })();

// commands/SendEmailCommand.js
export const SendEmailCommand = /* @__PURE__ */ (() => class SendEmailCommand extends command(_ep1, _mw0, 'SendEmail', SendEmail$) {})();

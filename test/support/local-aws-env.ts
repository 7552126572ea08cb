/** Points every AWS SDK client in a test worker at the local stand-ins, with throwaway credentials. */
import { inject } from 'vitest';
import { localCredentials, localRegion } from '#local/dynamodb';

process.env.AWS_REGION = localRegion;
process.env.AWS_ACCESS_KEY_ID = localCredentials.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = localCredentials.secretAccessKey;
process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamoDbEndpoint');
// The SDK warns once per process about Node 20; Lambda runs Node 22.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

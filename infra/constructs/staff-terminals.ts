/**
 * The staff terminals on AWS: the web app's files in a private bucket, served by CloudFront together with the HTTP
 * API under `/v1/*`, so the app and the API share one origin and no CORS is needed anywhere. A `/config.json`
 * written at deploy time tells the app where and how to sign in.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
  type ResponseSecurityHeadersBehavior,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct, type IConstruct } from 'constructs';
import type { GuestApi } from '#infra/constructs/guest-api';
import { TerminalsSignIn } from '#infra/constructs/terminals-sign-in';

/** How the terminals sign in: the stack's user pool through managed login, or an external OpenID provider. */
export type TerminalsSignInSettings =
  | { readonly kind: 'cognito'; readonly userPool: IUserPool; readonly domainUrl: string; readonly allowLocalhost: boolean }
  | { readonly kind: 'oidc'; readonly issuer: string; readonly clientId: string };

export interface StaffTerminalsProps {
  readonly api: GuestApi;
  /** The built app (`web/dist`): an `index.html` and the files it loads. */
  readonly assetDirectory: string;
  readonly signIn: TerminalsSignInSettings;
  /** The live channel the restaurant terminals listen on (`wss://…`): told to the app, and allowed by its CSP. */
  readonly liveUrl?: string;
}

/** esbuild's `[name]-[hash]` file names: their content never changes under the same name. */
const hashedFileName = /-[A-Z0-9]{8}\.[a-z0-9]+$/;

/**
 * Viewer-request function of the app's behaviour: a path without a file extension is one of the app's own routes
 * (`/restaurant/breakfast`), answered with index.html so a reload or a bookmark opens the app there. It runs only
 * for the app's files, never for `/v1/*`, whose 404s stay the API's JSON.
 */
const appRoutesToIndex = `function handler(event) {
  var request = event.request;
  var lastSegment = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  if (lastSegment.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}`;

export class StaffTerminals extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly appRoutes: CloudFrontFunction;
  /** `https://<distribution>.cloudfront.net/`. */
  readonly url: string;
  /** Only when the terminals sign in to the stack's user pool. */
  readonly signIn?: TerminalsSignIn;

  constructor(scope: Construct, id: string, props: StaffTerminalsProps) {
    super(scope, id);
    const { api, signIn } = props;
    if (!existsSync(join(props.assetDirectory, 'index.html'))) {
      throw new Error(`build the staff terminals first: npm run build:web (no index.html in ${props.assetDirectory})`);
    }

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Only the build output, which every deploy uploads again: nothing to keep when the stack goes.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    acknowledge(
      this.bucket,
      'AwsSolutions-S1',
      "The bucket holds only the terminals' build output, read by CloudFront alone and written only by deployments, which CloudTrail records",
    );

    const identityProviderOrigin = signIn.kind === 'cognito' ? signIn.domainUrl : new URL(signIn.issuer).origin;
    const securityHeaders: ResponseSecurityHeadersBehavior = {
      strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
    };
    const appHeaders = new ResponseHeadersPolicy(this, 'AppHeaders', {
      comment: 'Staff terminals: HSTS, no sniffing, no framing, a CSP of self plus the identity provider',
      securityHeadersBehavior: {
        ...securityHeaders,
        contentSecurityPolicy: {
          // The app's own files and API, the identity provider's token endpoint, and the live channel are all the
          // app connects to. Sign-in itself is a navigation to the provider, which connect-src does not cover.
          contentSecurityPolicy: [
            "default-src 'self'",
            ['connect-src', "'self'", identityProviderOrigin, ...(props.liveUrl ? [props.liveUrl] : [])].join(' '),
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
          ].join('; '),
          override: true,
        },
      },
    });
    // The API's answers are JSON (and the unsubscribe page, with its own inline style): the same transport
    // headers, without the app's CSP.
    const apiHeaders = new ResponseHeadersPolicy(this, 'ApiHeaders', {
      comment: "Guest recognition API behind the terminals' distribution: HSTS, no sniffing, no framing",
      securityHeadersBehavior: securityHeaders,
    });

    this.appRoutes = new CloudFrontFunction(this, 'AppRoutes', {
      comment: "Answers the terminals' own routes (paths without an extension) with index.html",
      code: FunctionCode.fromInline(appRoutesToIndex),
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Staff terminals and their API, on one origin',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        // Origin access control (not the legacy identity): CloudFront signs its reads, the bucket stays private.
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: appHeaders,
        functionAssociations: [{ function: this.appRoutes, eventType: FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      additionalBehaviors: {
        '/v1/*': {
          origin: new HttpOrigin(api.domainName, {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [OriginSslPolicy.TLS_V1_2],
          }),
          // A redirect would turn a POST into a GET: plain HTTP is refused instead.
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          // Every answer depends on the caller's token: nothing is cached. With caching disabled, the all-viewer
          // policy forwards the Authorization header and the query string; the Host header stays the API's own,
          // which API Gateway needs to find the API.
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: apiHeaders,
        },
      },
    });
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR3',
      "No CloudFront access logs: they would record every /v1 path and query string, which carry guest ids, room numbers and email addresses. The API's own access logs record each request without them (route, status, latency)",
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'No geo restriction: group-wide administrators and staff on the road sign in from anywhere; every API route but health and unsubscribe needs a token',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR2',
      'No WAF web ACL: the API behind it is throttled per stage and requires a token on every data route; a web ACL costs per month and per request, and can be added when abuse shows up in the access logs',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR4',
      'The distribution uses the default cloudfront.net certificate, where CloudFront decides the TLS versions; a custom domain with its own certificate would allow TLSv1.2_2021 as the minimum',
    );
    this.url = `https://${this.distribution.distributionDomainName}/`;

    let config: Record<string, unknown>;
    if (signIn.kind === 'cognito') {
      this.signIn = new TerminalsSignIn(this, 'SignIn', { userPool: signIn.userPool, appUrl: this.url, allowLocalhost: signIn.allowLocalhost });
      api.acceptTokensFor(this.signIn.client.userPoolClientId);
      config = { signIn: { kind: 'cognito', domain: signIn.domainUrl, clientId: this.signIn.client.userPoolClientId, redirectUri: this.url } };
    } else {
      config = { signIn: { kind: 'oidc', issuer: signIn.issuer, clientId: signIn.clientId, redirectUri: this.url } };
    }
    if (props.liveUrl) config = { ...config, live: { url: props.liveUrl } };

    const hashed = listFiles(props.assetDirectory).filter((file) => hashedFileName.test(file));
    // Hashed files first, cached for a year: a name never changes content. Kept across deploys (no pruning), so a
    // terminal still showing the previous index.html can load the files it names.
    const immutable =
      hashed.length === 0
        ? undefined
        : new BucketDeployment(this, 'HashedFiles', {
            destinationBucket: this.bucket,
            sources: [Source.asset(props.assetDirectory)],
            exclude: ['*'],
            include: hashed,
            prune: false,
            cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.days(365)), CacheControl.immutable()],
            memoryLimit: 512,
          });
    // Then everything else (index.html, config.json, unhashed files), which browsers must check on every load so a
    // deploy reaches every terminal; CloudFront's copies are invalidated.
    const revalidated = new BucketDeployment(this, 'RevalidatedFiles', {
      destinationBucket: this.bucket,
      sources: [Source.asset(props.assetDirectory), Source.jsonData('config.json', config)],
      exclude: hashed,
      prune: false,
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
    if (immutable) revalidated.node.addDependency(immutable);
    acknowledgeDeploymentFunction(Stack.of(this), this.bucket);
  }
}

/** Paths relative to the directory, with forward slashes, as S3 keys and `aws s3 sync` filters name them. */
function listFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((path) => statSync(join(directory, path)).isFile())
    .map((path) => relative(directory, join(directory, path)).split(sep).join('/'));
}

function acknowledge(construct: IConstruct, id: string, reason: string): void {
  Validations.of(construct).acknowledge({ id, reason });
}

/**
 * CDK's deployment function (one per stack, shared by both deployments), with the findings it raises by design,
 * each acknowledged where the function lives.
 */
function acknowledgeDeploymentFunction(stack: Stack, bucket: Bucket): void {
  const provider = stack.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (!provider) throw new Error('No bucket deployment function in the stack');
  const bucketArn = `<${stack.getLogicalId(bucket.node.defaultChild as CfnElement)}.Arn>`;
  const assetsBucket = `arn:<AWS::Partition>:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-<AWS::AccountId>-<AWS::Region>`;
  const copies = "CDK's deployment function copies the build from the CDK assets bucket into the terminals' bucket";
  const cdkOwned = "CDK's own deployment function (Python, with the AWS CLI layer), whose runtime CDK chooses and updates with aws-cdk-lib";
  Validations.of(provider).acknowledge(
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: `${cdkOwned}; the managed policy only lets it write its own logs`,
    },
    { id: `AwsSolutions-IAM5[Resource::${bucketArn}/*]`, reason: `${copies}: every object of that one bucket, which holds nothing but the build` },
    {
      id: `AwsSolutions-IAM5[Resource::${assetsBucket}/*]`,
      reason: `${copies}: it reads the uploaded build from the bootstrap assets bucket, whose object keys are content hashes`,
    },
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'CloudFront invalidations after each deploy: cloudfront:CreateInvalidation and GetInvalidation granted by CDK on every distribution',
    },
    ...['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*'].map((action) => ({
      id: `AwsSolutions-IAM5[Action::${action}]`,
      reason: `${copies}: ${action} as CDK's read and write grants name it, on those two buckets only`,
    })),
    { id: 'AwsSolutions-L1', reason: cdkOwned },
    { id: 'Serverless-LambdaLatestVersion', reason: cdkOwned },
    {
      id: 'Serverless-LambdaDLQ',
      reason: 'Invoked synchronously by CloudFormation as a custom resource: a failure fails the deployment, there is no asynchronous event to park',
    },
    {
      id: 'Serverless-LambdaTracing',
      reason: 'Runs only during deployments, whose outcome CloudFormation reports; tracing would show nothing an operator acts on',
    },
  );
}

import { CfnOutput, DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { DomainName, HttpApi, SecurityPolicy } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  Function as CloudFrontFunction,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../constructs/booking-function.ts';
import { nagEnvironment } from '../nag.ts';
import { contentSecurityPolicy, inlineScriptHashes } from '../site/content-security-policy.ts';
import { EMBEDDABLE_PATH_PATTERN, SECURITY_HEADERS } from '../site/security-headers.ts';

export const SITE_DIST = path.join(ROOT, 'site', 'dist');
export const REWRITE_FUNCTION_FILE = path.join(ROOT, 'infra', 'site', 'rewrite.js');
export const VIEWER_ADDRESS_FUNCTION_FILE = path.join(ROOT, 'infra', 'site', 'viewer-address.js');

const BOOTSTRAP_QUALIFIER_CONTEXT = '@aws-cdk/core:bootstrapQualifier';

/** Thrown when site/dist is missing; the app's entry point prints only its message. */
export class SiteNotBuiltError extends Error {
  override name = 'SiteNotBuiltError';
}

export interface SiteStackProps extends StackProps {
  /** FirewallStack.webAcl's ARN (in us-east-1: a cross-region reference). */
  webAclArn: string;
  /**
   * A custom domain for CloudFront to reach the API at (`-c apiOriginDomain`, with an ACM certificate
   * for it in this stack's region: `-c apiOriginCertificateArn`). With it the execute-api endpoint is
   * disabled; the deployer points the name (CNAME) at the ApiOriginDnsTarget output.
   */
  apiOrigin?: { domainName: string; certificateArn: string };
  userPool: UserPool;
  userPoolClient: UserPoolClient;
  /** The built site; `npm run build` writes it. */
  siteDist?: string;
  /**
   * The https origins that may show the public booking pages (/book/*) in a frame, besides the site
   * itself (`-c bookingEmbedOrigins`, checked by the app); every other page may not be framed at all.
   */
  embedOrigins?: readonly string[];
}

/**
 * The browser's one origin, and the only way in: CloudFront (behind the WAF web ACL of
 * FirewallStack) serves the built Astro site from a private bucket (OAC) and forwards /api/* to
 * the HttpApi, so the site needs no CORS. /config.json is written here from the other stacks' outputs.
 *
 * The HttpApi itself (an empty API: no route, no stage) is made here, not in ApiStack: the
 * distribution needs the API's id for its origin, and the API's functions need the distribution's
 * domain (SITE_URL: OAuth redirect URIs, calendar push addresses, links). With the API in ApiStack
 * the two stacks would need each other; here the order is one way: SiteStack, then ApiStack adds
 * the routes, authorizer and stage to this API (and its functions read the distribution's domain).
 */
export class SiteStack extends Stack {
  readonly distribution: Distribution;
  readonly bucket: Bucket;
  /** The API shell ApiStack fills; the distribution's /api/* behavior forwards to it. */
  readonly api: HttpApi;
  /** Where CloudFront reaches the API when `apiOrigin` is given (ApiStack maps its stage to it). */
  readonly apiOriginDomain?: DomainName;

  constructor(scope: Construct, id: string, props: SiteStackProps) {
    // The web ACL's ARN comes from us-east-1 (FirewallStack).
    super(scope, id, { ...props, crossRegionReferences: true });
    const siteDist = props.siteDist ?? SITE_DIST;
    if (!existsSync(path.join(siteDist, 'index.html'))) {
      throw new SiteNotBuiltError(`The site is not built (${path.relative(ROOT, siteDist)}/index.html is missing): run \`npm run build\` first.`);
    }

    // Kept on teardown (audit evidence); the objects expire on their own.
    const logs = new Bucket(this, 'Logs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      // CloudFront standard logging writes through ACLs.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket of the site bucket and the distribution; logging it into itself would log its own log writes.',
    });

    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 's3-site/',
      // Emptied on teardown by the deployments below (retainOnDelete: false); nothing else writes here.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const rewrite = new CloudFrontFunction(this, 'DeepLinks', {
      comment: 'Directory-style pages and appointment detail pages to their index.html',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromFile({ filePath: REWRITE_FUNCTION_FILE }),
    });

    // The viewer's own address for the API's per-address limits (API Gateway sees the edge's).
    const viewerAddress = new CloudFrontFunction(this, 'ViewerAddress', {
      comment: "The viewer's address to the API as x-viewer-address (per-address limits)",
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromFile({ filePath: VIEWER_ADDRESS_FUNCTION_FILE }),
    });

    // From SECURITY_HEADERS, which the local gateway sends too (infra/site/security-headers.ts).
    const hashes = inlineScriptHashes(siteDist);
    const strictTransportSecurity = {
      accessControlMaxAge: Duration.seconds(SECURITY_HEADERS.hstsMaxAgeSeconds),
      includeSubdomains: SECURITY_HEADERS.hstsIncludeSubdomains,
      override: true,
    };
    const referrerPolicy = { referrerPolicy: SECURITY_HEADERS.referrerPolicy as HeadersReferrerPolicy, override: true };
    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'HSTS, CSP (self + Cognito), nosniff, frame DENY, referrer policy',
      securityHeadersBehavior: {
        strictTransportSecurity,
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy({ region: this.region, inlineScriptHashes: hashes }), override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption[SECURITY_HEADERS.frameOption], override: true },
        referrerPolicy,
      },
    });
    // The public booking pages may be framed by the site and the business's own sites. X-Frame-Options
    // cannot name an origin, so this policy sets none; CSP frame-ancestors lists who may frame them.
    const bookingPagesHeaders = new ResponseHeadersPolicy(this, 'BookingPagesHeaders', {
      comment: 'The security headers, with CSP frame-ancestors self + BOOKING_EMBED_ORIGINS instead of frame DENY',
      securityHeadersBehavior: {
        strictTransportSecurity,
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy({ region: this.region, inlineScriptHashes: hashes, frameAncestors: ["'self'", ...(props.embedOrigins ?? [])] }),
          override: true,
        },
        contentTypeOptions: { override: true },
        referrerPolicy,
      },
    });

    if (props.apiOrigin) {
      this.apiOriginDomain = new DomainName(this, 'ApiOriginDomain', {
        domainName: props.apiOrigin.domainName,
        certificate: Certificate.fromCertificateArn(this, 'ApiOriginCertificate', props.apiOrigin.certificateArn),
        securityPolicy: SecurityPolicy.TLS_1_2,
      });
      // The CNAME the deployer creates: <apiOriginDomain> → this target (docs/DEPLOY.md).
      new CfnOutput(this, 'ApiOriginDnsTarget', { value: this.apiOriginDomain.regionalDomainName });
    }
    this.api = new HttpApi(this, 'Api', {
      description: 'Booking API: served through the CloudFront distribution at /api/*',
      // ApiStack makes the $default stage, with throttling and access logs (HttpApi's own has neither).
      createDefaultStage: false,
      // A disabled default endpoint answers 403 to every caller, CloudFront included, so it can only be
      // disabled when CloudFront reaches the API at a custom domain (-c apiOriginDomain): then nobody
      // can call the API around the distribution and its WAF web ACL. Without one, the execute-api URL
      // stays CloudFront's origin and the app warns at synth (infra/app.ts).
      disableExecuteApiEndpoint: props.apiOrigin !== undefined,
    });

    const siteOrigin = S3BucketOrigin.withOriginAccessControl(this.bucket);
    const apiOrigin = new HttpOrigin(props.apiOrigin?.domainName ?? `${this.api.apiId}.execute-api.${this.region}.${this.urlSuffix}`, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
    });

    const pages = {
      origin: siteOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      functionAssociations: [{ function: rewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
    };
    this.distribution = new Distribution(this, 'Cdn', {
      comment: 'Booking site and /api',
      webAclId: props.webAclArn,
      defaultRootObject: 'index.html',
      defaultBehavior: { ...pages, responseHeadersPolicy: securityHeaders },
      additionalBehaviors: {
        // The same pages, under the headers that let the business's sites frame them.
        [EMBEDDABLE_PATH_PATTERN]: { ...pages, responseHeadersPolicy: bookingPagesHeaders },
        '/api/*': {
          origin: apiOrigin,
          // A redirect would turn a POST into a GET: API calls over plain HTTP are refused instead.
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // Every viewer header (Authorization included) but Host, which must be the API's own.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: securityHeaders,
          functionAssociations: [{ function: viewerAddress, eventType: FunctionEventType.VIEWER_REQUEST }],
        },
      },
      // Error responses are distribution-wide, so they also see /api/* answers: only 404 gets the
      // page (its status is kept; an API 404 loses its JSON body, the site only reads the status),
      // 403 and the rest pass through untouched, and no error is cached (TTL 0), so one user's
      // API error is never served to another.
      errorResponses: [
        { httpStatus: 404, responseHttpStatus: 404, responsePagePath: '/404.html', ttl: Duration.seconds(0) },
        ...[400, 403, 405, 414, 416, 500, 501, 502, 503, 504].map((httpStatus) => ({ httpStatus, ttl: Duration.seconds(0) })),
      ],
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
    });
    // Without ListBucket, S3 answers 403 for a missing key; with it, 404 (mapped to /404.html above).
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        principals: [new ServicePrincipal('cloudfront.amazonaws.com')],
        resources: [this.bucket.bucketArn],
        conditions: { StringEquals: { 'AWS:SourceArn': this.distribution.distributionArn } },
      }),
    );

    this.deploySite(siteDist, props);
    this.acknowledgeDeploymentFindings();
    this.acknowledgeDistributionFindings();

    new CfnOutput(this, 'SiteUrl', { value: `https://${this.distribution.distributionDomainName}` });
  }

  /** Hashed assets are immutable; pages and config.json are revalidated on every load. */
  private deploySite(siteDist: string, props: SiteStackProps): void {
    const assets = new BucketDeployment(this, 'DeployAssets', {
      sources: [Source.asset(path.join(siteDist, '_astro'))],
      destinationBucket: this.bucket,
      destinationKeyPrefix: '_astro/',
      // Old hashed files stay, so a page loaded before a deployment can still fetch its chunks.
      prune: false,
      retainOnDelete: false,
      cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
    });
    const pages = new BucketDeployment(this, 'DeployPages', {
      sources: [
        Source.asset(siteDist, { exclude: ['_astro'] }),
        Source.jsonData('config.json', {
          apiUrl: '/api',
          region: this.region,
          userPoolId: props.userPool.userPoolId,
          userPoolClientId: props.userPoolClient.userPoolClientId,
        }),
      ],
      destinationBucket: this.bucket,
      // Not pruned by this deployment: the assets deployment owns _astro/.
      exclude: ['_astro/*'],
      retainOnDelete: false,
      cacheControl: [CacheControl.fromString('public, max-age=0, must-revalidate')],
      distribution: this.distribution,
      distributionPaths: ['/*'],
    });
    // Pages reference the new chunks: upload those first.
    pages.node.addDependency(assets);
  }

  private acknowledgeDistributionFindings(): void {
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: "No geo restriction: the business's clients book from wherever they are (travel, expatriates) and no law restricts the audience by country.",
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'No custom domain yet: with the default *.cloudfront.net certificate CloudFront fixes the minimum viewer protocol at TLSv1 and it cannot be raised. Set TLSv1.2_2021 with the ACM certificate of a custom domain.',
      },
    );
  }

  /**
   * The BucketDeployment handler is aws-cdk-lib's own singleton function (runtime, managed policy
   * and S3 permissions chosen by CDK); it runs only while CloudFormation deploys this stack.
   */
  private acknowledgeDeploymentFindings(): void {
    const handler = this.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!handler) throw new Error('BucketDeployment handler not found: aws-cdk-lib changed its construct id');
    const { account, region } = nagEnvironment(this);
    const qualifier = (this.node.tryGetContext(BOOTSTRAP_QUALIFIER_CONTEXT) as string | undefined) ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
    const assetBucket = `cdk-${qualifier}-assets-${account}-${region}`;
    const siteBucket = this.getLogicalId(this.bucket.node.defaultChild as CfnBucket);
    const because = 'for the CDK BucketDeployment handler that copies site/dist into the site bucket during deployments';
    Validations.of(handler).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: `AWSLambdaBasicExecutionRole (CloudWatch Logs writes only), attached by aws-cdk-lib ${because}.`,
      },
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: `Action group granted by aws-cdk-lib ${because}, limited to the CDK asset bucket and this stack's site bucket.`,
      })),
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${assetBucket}/*]`,
        reason: `Read access to the objects of the CDK bootstrap asset bucket ${because}: the site's zip assets are there.`,
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${siteBucket}.Arn>/*]`,
        reason: `Write/delete access to the objects of this stack's site bucket only, ${because}.`,
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: `cloudfront:CreateInvalidation/GetInvalidation ${because} (invalidates /* after upload).`,
      },
      {
        id: 'AwsSolutions-L1',
        reason: `Runtime chosen and maintained by aws-cdk-lib ${because}; it follows aws-cdk-lib upgrades.`,
      },
    );
  }
}

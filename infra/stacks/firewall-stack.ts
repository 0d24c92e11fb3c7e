import { ArnFormat, CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnLoggingConfiguration, CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import {
  RATE_LIMITED_BODY,
  RATE_LIMITED_STATUS,
  WAF_RETRY_AFTER_SECONDS,
  type ClientRateLimit,
  type PathMatcher,
} from '../../shared/http/client-rate-limit.ts';

/** A web ACL for CloudFront can only be created in us-east-1, wherever the rest of the product runs. */
export const FIREWALL_REGION = 'us-east-1';

/** The key of the 429 body in the web ACL's CustomResponseBodies. */
export const RATE_LIMITED_BODY_KEY = 'rate-limited';

/** AWS's baseline managed rules (OWASP-style: bad inputs, XSS, LFI, SSRF to the metadata service, sizes). */
export const COMMON_RULE_SET = 'AWSManagedRulesCommonRuleSet';

export interface FirewallStackProps extends StackProps {
  /** Every request to the distribution, per client IP. */
  siteRateLimit: ClientRateLimit;
  /** Requests to the public routes, per client IP (stricter). */
  publicRateLimit: ClientRateLimit;
  /** The public routes' paths (shared/http/client-rate-limit.ts: publicPathMatchers). */
  publicPaths: readonly PathMatcher[];
}

/**
 * The AWS WAF web ACL in front of the site's CloudFront distribution (HTTP APIs cannot take a
 * WAF; the API is served only through the distribution, its execute-api endpoint is disabled).
 *
 * Its own stack because a CLOUDFRONT-scope web ACL must be created in us-east-1 while the other
 * stacks live in the product's region (eu-west-3 by default). The site stack reads its ARN with
 * CDK's cross-region references (`crossRegionReferences: true` on both stacks: CDK writes the ARN
 * to an SSM parameter in the site's region and reads it there), the documented pattern for a
 * us-east-1 resource used by a distribution (as for its ACM certificate).
 */
export class FirewallStack extends Stack {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: FirewallStackProps) {
    super(scope, id, { ...props, crossRegionReferences: true });
    if (this.region !== FIREWALL_REGION) {
      throw new Error(`The firewall stack must be in ${FIREWALL_REGION} (a CloudFront web ACL lives there), not ${this.region}`);
    }
    const tooManyRequests: CfnWebACL.RuleActionProperty = {
      block: {
        customResponse: {
          responseCode: RATE_LIMITED_STATUS,
          customResponseBodyKey: RATE_LIMITED_BODY_KEY,
          responseHeaders: [{ name: 'retry-after', value: String(WAF_RETRY_AFTER_SECONDS) }],
        },
      },
    };
    const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
      metricName,
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
    });
    const onPath = ({ match, path }: PathMatcher): CfnWebACL.StatementProperty => ({
      byteMatchStatement: {
        fieldToMatch: { uriPath: {} },
        positionalConstraint: match === 'exactly' ? 'EXACTLY' : 'STARTS_WITH',
        searchString: path,
        textTransformations: [{ priority: 0, type: 'NONE' }],
      },
    });
    if (props.publicPaths.length === 0) throw new Error('No public path to rate limit: the manifest has no public route?');
    const publicPaths = props.publicPaths.length === 1 ? onPath(props.publicPaths[0]!) : { orStatement: { statements: props.publicPaths.map(onPath) } };

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      description: 'Booking site and API: per-IP rate limits and AWS common rules',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('booking-web-acl'),
      customResponseBodies: {
        [RATE_LIMITED_BODY_KEY]: { contentType: 'APPLICATION_JSON', content: RATE_LIMITED_BODY },
      },
      // The rate rules come first so they count every request, even those the common rules block.
      rules: [
        {
          name: 'public-routes-per-ip',
          priority: 0,
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              limit: props.publicRateLimit.limit,
              evaluationWindowSec: props.publicRateLimit.windowSeconds,
              scopeDownStatement: publicPaths,
            },
          },
          action: tooManyRequests,
          visibilityConfig: visibility('public-routes-per-ip'),
        },
        {
          name: 'site-per-ip',
          priority: 1,
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              limit: props.siteRateLimit.limit,
              evaluationWindowSec: props.siteRateLimit.windowSeconds,
            },
          },
          action: tooManyRequests,
          visibilityConfig: visibility('site-per-ip'),
        },
        {
          name: COMMON_RULE_SET,
          priority: 2,
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: COMMON_RULE_SET,
              // SizeRestrictions_BODY blocks any body over 8 KB. Our API takes larger ones on purpose and
              // bounds them itself: JSON bodies up to MAX_BODY_BYTES (64 KB, shared/config.ts, answered 400
              // in our envelope) and Lago's signed invoice webhooks up to MAX_WEBHOOK_BYTES (1 MB,
              // shared/billing/lago-webhook.ts); blocking at 8 KB would drop paid-invoice webhooks and long
              // support tickets. Counted, so the metrics still show how often it would have matched.
              // SizeRestrictions_QUERYSTRING blocks query strings over 2 KB: Microsoft's sign-in returns to
              // our OAuth callback with `code`, `state` and `session_state` in the query, and Entra's
              // authorization codes are long opaque strings that can reach that size, so connecting an
              // Outlook calendar would fail at random. The callback checks its state and the code is only
              // good at Microsoft's token endpoint: counted as well (and logged, see below).
              ruleActionOverrides: [
                { name: 'SizeRestrictions_BODY', actionToUse: { count: {} } },
                { name: 'SizeRestrictions_QUERYSTRING', actionToUse: { count: {} } },
              ],
            },
          },
          overrideAction: { none: {} },
          visibilityConfig: visibility('common-rule-set'),
        },
      ],
    });

    // What the firewall refused or would have refused (a counted rule), to tell an attack from a
    // customer caught by a rule: WAF writes only to a log group whose name starts `aws-waf-logs-`,
    // in the web ACL's region. Requests it let through are dropped from the log (the API's access
    // log has them). The query string carries one-time secrets (OAuth codes, booking links) and
    // the Authorization header an ID token: both are redacted, never written.
    const logs = new LogGroup(this, 'FirewallLogs', {
      logGroupName: `aws-waf-logs-${this.stackName.toLowerCase()}`,
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new CfnLoggingConfiguration(this, 'FirewallLogging', {
      resourceArn: this.webAcl.attrArn,
      // The log group's ARN without the `:*` CDK's logGroupArn ends with: WAF refuses that form.
      logDestinationConfigs: [this.formatArn({ service: 'logs', resource: 'log-group', resourceName: logs.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      redactedFields: [{ queryString: {} }, { singleHeader: { Name: 'authorization' } }],
      // Untyped in CDK (passed to CloudFormation as written), hence CloudFormation's own casing.
      loggingFilter: {
        DefaultBehavior: 'DROP',
        Filters: [
          {
            Behavior: 'KEEP',
            Requirement: 'MEETS_ANY',
            Conditions: [{ ActionCondition: { Action: 'BLOCK' } }, { ActionCondition: { Action: 'COUNT' } }],
          },
        ],
      },
    });

    new CfnOutput(this, 'WebAclArn', { value: this.webAcl.attrArn });
  }
}

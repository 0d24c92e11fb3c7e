import { CfnOutput, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { ApiMapping, CfnStage, HttpApi, HttpMethod, HttpNoneAuthorizer, HttpRoute, HttpRouteKey, HttpStage, LogGroupLogDestination, type IDomainName, type IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { listRoutes } from '../../functions/routes.ts';
import { configureCalendar, type CalendarResources, type CalendarSettings } from '../calendar.ts';
import { BookingFunction } from '../constructs/booking-function.ts';
import { applyGrants, type GrantResources } from '../grants.ts';
import { grantSecrets } from '../secrets.ts';
import type { MailSettings } from './events-stack.ts';

export interface ApiStackProps extends StackProps, CalendarResources {
  /** SiteStack.api: the HttpApi behind the distribution's /api/*, made there (see SiteStack for why). */
  api: IHttpApi;
  /** SiteStack.apiOriginDomain: the custom domain CloudFront reaches the API at, when there is one. */
  apiOriginDomain?: IDomainName;
  table: ITable;
  /** Where appointment writes publish AppointmentChanged. */
  bus: IEventBus;
  userPool: UserPool;
  userPoolClient: UserPoolClient;
  /**
   * Calendar provider settings; `siteUrl` is `-c siteUrl=…` or else the distribution's domain (the
   * site stack comes first): the OAuth redirect URIs and the callback's redirect are under it.
   */
  calendar: CalendarSettings & { siteUrl: string };
  /**
   * `-c lagoWebhookPublicKey=…` (Lago's `GET /webhooks/json_public_key`, the PEM or its base64): the
   * key JWT-signed webhooks are checked with. Public, so plain environment, on the webhook only.
   */
  lagoWebhookPublicKey?: string;
  /** EventsStack.mail: the routes that send mail themselves (a public booking's confirmation e-mail). */
  mail: MailSettings;
}

/** The route that receives Lago's webhooks: the only one given Lago's public key. */
export const LAGO_WEBHOOK_ROUTE = 'POST /api/lago-webhook';

/** Steady rate (requests/s) and burst for the whole stage: far above a booking product's peak, far below the account's 10,000 rps. */
export const STAGE_THROTTLE = { rateLimit: 100, burstLimit: 200 } as const;
/** Public routes answer without a token, so anyone can call them: a much lower ceiling per route. */
export const PUBLIC_ROUTE_THROTTLE = { rateLimit: 10, burstLimit: 20 } as const;

/** One JSON object per request in the access log; field names are what the log queries use. */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  method: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
} as const;

/** 'GET /api/appointments/{id}' → 'GETApiAppointmentsId': the construct (and logical id) prefix of a route's resources. */
export function routeConstructName(routeKey: string): string {
  return routeKey
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/**
 * The HttpApi's content: one function and one route per entry of functions/routes.ts, nothing by
 * hand, the JWT authorizer and the $default stage. The API itself is SiteStack's.
 */
export class ApiStack extends Stack {
  readonly api: IHttpApi;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const jwt = new HttpJwtAuthorizer('Cognito', `https://cognito-idp.${this.region}.amazonaws.com/${props.userPool.userPoolId}`, {
      jwtAudience: [props.userPoolClient.userPoolClientId],
    });
    // Imported into this stack, so the routes, the authorizer and the stage made on it are this stack's
    // resources (an HttpApi object of the site stack would put the authorizer there).
    this.api = HttpApi.fromHttpApiAttributes(this, 'Api', { httpApiId: props.api.apiId });

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: STAGE_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    const grantResources: GrantResources = { bus: props.bus, userPool: props.userPool, tokenKey: props.tokenKey, syncQueue: props.syncQueue, mail: props.mail };
    const routeSettings: Record<string, CfnStage.RouteSettingsProperty> = {};
    for (const route of listRoutes()) {
      const name = routeConstructName(route.key);
      const fn = new BookingFunction(this, name, { entry: route.handler }).bindTable(props.table, route.table);
      // Only the AWS permissions the manifest names for this route.
      applyGrants(this, fn, route, grantResources);
      grantSecrets(fn, ...(route.secrets ?? []));
      configureCalendar(fn, route, props.calendar);
      // A route that sends mail: the sender, and the site its links lead to.
      if (route.grants?.includes('sendEmail')) {
        for (const [name, value] of Object.entries({ ...props.mail.environment, SITE_URL: props.calendar.siteUrl })) fn.addEnvironment(name, value);
      }
      if (route.key === LAGO_WEBHOOK_ROUTE && props.lagoWebhookPublicKey) fn.addEnvironment('LAGO_WEBHOOK_PUBLIC_KEY', props.lagoWebhookPublicKey);
      const httpRoute = new HttpRoute(this, `${name}Route`, {
        httpApi: this.api,
        routeKey: HttpRouteKey.with(route.path, route.method as HttpMethod),
        integration: new HttpLambdaIntegration(`${name}Integration`, fn),
        // Admin routes still check the group in code (shared/http/handler.ts).
        authorizer: route.access === 'public' ? new HttpNoneAuthorizer() : jwt,
      });
      if (route.access === 'public') {
        routeSettings[route.key] = {
          throttlingRateLimit: PUBLIC_ROUTE_THROTTLE.rateLimit,
          throttlingBurstLimit: PUBLIC_ROUTE_THROTTLE.burstLimit,
        };
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.key} is public by design in functions/routes.ts (access: public): it must answer without a Cognito token; it has its own stricter route throttling, and the WAF web ACL limits it per client IP (FirewallStack).`,
        });
      }
      // A stage's RouteSettings may only name routes that already exist.
      this.stage.node.addDependency(httpRoute);
    }
    (this.stage.node.defaultChild as CfnStage).routeSettings = routeSettings;
    // The custom domain CloudFront calls maps to this stage (made here: the mapping needs the stage).
    if (props.apiOriginDomain) new ApiMapping(this, 'OriginMapping', { api: this.api, domainName: props.apiOriginDomain, stage: this.stage });

    // The API is public only through the site's distribution (SiteStack), at /api.
    new CfnOutput(this, 'ApiUrl', { value: `${props.calendar.siteUrl}/api` });
  }
}

import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { ALARM_PERIOD, alarmOnAny } from '../constructs/alarms.ts';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClient,
  UserPoolEmail,
  UserPoolOperation,
} from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { listJobs, type ManifestJob } from '../../functions/jobs.ts';
import { PASSWORD_POLICY } from '../../shared/accounts/password-policy.ts';
import { ADMIN_GROUP } from '../../shared/domain/vocabulary.ts';
import { BookingFunction, DEFAULT_TIMEOUT_SECONDS } from '../constructs/booking-function.ts';
import { applyGrants } from '../grants.ts';
import { routeConstructName } from './api-stack.ts';

export interface AuthStackProps extends StackProps {
  /** DataStack.table: the PostConfirmation trigger writes the new user's profile there. */
  table: ITable;
  /** Where the account e-mails link to; without it (`-c siteUrl` not given) they carry the code only. */
  siteUrl?: string;
  /**
   * Send the account e-mails through SES from this verified address (`-c cognitoMailFrom=…`,
   * docs/DEPLOY.md). Unset: Cognito's own sender, which is limited to a few dozen e-mails a day.
   */
  mailFrom?: string;
}

/** The user pool operation each user pool trigger of the manifest is wired to. */
const USER_POOL_OPERATIONS = {
  CognitoPostConfirmation: UserPoolOperation.POST_CONFIRMATION,
  CognitoCustomMessage: UserPoolOperation.CUSTOM_MESSAGE,
} as const;

/** The jobs of functions/routes.ts that the user pool invokes: built here, next to the pool, not in the events stack. */
export const isUserPoolTrigger = (job: Pick<ManifestJob, 'trigger'>) => typeof job.trigger === 'string' && job.trigger in USER_POOL_OPERATIONS;

/** The only grant a user pool trigger may have beyond its table access (see the constructor). */
const TRIGGER_GRANTS = new Set(['readSignInGroups']);

/**
 * Cognito: email sign-in, the `admin` group, the site's app client (no secret), and the pool's
 * triggers (functions/jobs.ts): PostConfirmation creates a new user's profile, CustomMessage writes
 * the account e-mails in the user's language.
 */
export class AuthStack extends Stack {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string, props: AuthStackProps) {
    super(scope, id, props);
    this.userPool = new UserPool(this, 'Users', {
      signInAliases: { email: true },
      signInCaseSensitive: false,
      selfSignUpEnabled: true,
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        givenName: { required: false, mutable: true },
        familyName: { required: false, mutable: true },
        locale: { required: false, mutable: true },
      },
      passwordPolicy: PASSWORD_POLICY,
      // A new e-mail address takes effect only once its owner enters the code sent to it: until then
      // the previous one stays the sign-in and the contact address (and the token's `email` claim).
      keepOriginal: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      email: props.mailFrom ? UserPoolEmail.withSES({ fromEmail: props.mailFrom, fromName: 'Rendez-vous' }) : UserPoolEmail.withCognito(),
      // Custom attributes are for what the standard ones cannot say: the language is the standard `locale`.
      // Threat protection (compromised credentials, adaptive auth) needs the Plus plan.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is not required: clients of a service business book with email + password (threat protection on the Plus plan covers compromised credentials and risky sign-ins), and the site has no MFA challenge step yet. Revisit for admins when the site supports TOTP.',
    });
    new CfnUserPoolGroup(this, 'AdminGroup', {
      userPoolId: this.userPool.userPoolId,
      groupName: ADMIN_GROUP,
      description: 'Admins: manage every appointment, availability and product',
    });
    this.client = this.userPool.addClient('Site', {
      authFlows: { userPassword: true, userSrp: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      enableTokenRevocation: true,
      // The site signs in with the API (InitiateAuth), never the hosted UI: no OAuth flows, no callback URLs.
      disableOAuth: true,
    });
    for (const job of listJobs().filter(isUserPoolTrigger)) this.addTrigger(job, props);
    // For the operator (first admin, docs/DEPLOY.md); the site reads them from /config.json.
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.client.userPoolClientId });
  }

  /**
   * The function lives here rather than in the events stack: the pool names it as its trigger, so
   * a function in a stack that depends on this one would make a cycle. It reads the table from the
   * data stack (deployed before this one), with the access its manifest entry declares.
   */
  private addTrigger(job: ManifestJob, props: AuthStackProps): void {
    const unsupported = [...(job.grants ?? []).filter((grant) => !TRIGGER_GRANTS.has(grant)), ...(job.secrets ?? [])];
    if (unsupported.length > 0) throw new Error(`${job.name}: a user pool trigger cannot have ${unsupported.join(', ')} (infra/stacks/auth-stack.ts)`);
    const name = routeConstructName(job.name);
    const fn = new BookingFunction(this, name, {
      entry: job.handler,
      timeout: Duration.seconds(job.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS),
      environment: props.siteUrl ? { SITE_URL: props.siteUrl } : {},
    }).bindTable(props.table, job.table);
    // Also sets the permission for cognito-idp.amazonaws.com to invoke it, from this pool only.
    this.userPool.addTrigger(USER_POOL_OPERATIONS[job.trigger as keyof typeof USER_POOL_OPERATIONS], fn);
    applyGrants(this, fn, job, { userPool: this.userPool });
    if (job.trigger === 'CognitoPostConfirmation') {
      // The handler never fails a confirmation (a failure would only show the user an error: they
      // are confirmed already); it logs at ERROR instead. Both are worth a look.
      const failures = new MetricFilter(this, `${name}Failures`, {
        logGroup: fn.logGroup,
        filterPattern: FilterPattern.stringValue('$.level', '=', 'ERROR'),
        metricNamespace: 'Booking',
        metricName: `${name}Failures`,
        metricValue: '1',
      });
      alarmOnAny(
        this,
        `${name}FailuresLogged`,
        failures.metric({ statistic: 'Sum', period: ALARM_PERIOD }),
        `${job.name} could not create a profile (the first GET /api/me will): see its log group`,
      );
    }
    alarmOnAny(
      this,
      `${name}Errors`,
      fn.metricErrors({ period: ALARM_PERIOD }),
      job.trigger === 'CognitoPostConfirmation'
        ? `${job.name} failed or timed out: Cognito retried it or showed the user an error (they are confirmed all the same)`
        : `${job.name} failed or timed out: a sign-up, reset or invitation e-mail was not sent, and the person saw an error`,
    );
  }
}

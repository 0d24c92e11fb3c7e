import type { UserPool } from 'aws-cdk-lib/aws-cognito';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { Grant } from '../functions/manifest.ts';
import { TOKEN_PURPOSE } from '../shared/crypto/envelope.ts';

/** Exactly what `useCalendarTokens` allows on the token key: one data key per write, its unwrapping per read. */
export const TOKEN_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;

/**
 * The AWS resources behind the manifest's grants, as a stack has them. A stack passes what it has;
 * a function declaring a grant whose resource its stack lacks stops the synth (never a silent
 * function without its permission).
 */
export interface GrantResources {
  bus?: IEventBus;
  userPool?: UserPool;
  /** DataStack.tokenKey: wraps the data keys of OAuth tokens. */
  tokenKey?: IKey;
  /** SyncStack.queue: one message per connection to sync. */
  syncQueue?: IQueue;
  /** The SES identity and configuration set mail is sent through (ARNs). */
  mail?: { identityArn: string; configurationSetArn: string };
}

type Binder = (fn: LambdaFunction, resources: GrantResources, scope: Construct) => void;

function needs<K extends keyof GrantResources>(resources: GrantResources, key: K, grant: Grant, fn: LambdaFunction): NonNullable<GrantResources[K]> {
  const resource = resources[key];
  if (!resource) throw new Error(`${fn.node.path}: the manifest grants ${grant}, but this stack has no ${key} to grant it on (infra/grants.ts)`);
  return resource as NonNullable<GrantResources[K]>;
}

/**
 * THE translation of every manifest grant into IAM (and the environment the code reads), for
 * routes, jobs and the user pool's trigger alike. Keyed by the Grant union: a new kind of grant
 * does not compile until it is given its IAM here.
 */
export const GRANT_BINDERS: Record<Grant, Binder> = {
  publishEvents: (fn, resources) => {
    const bus = needs(resources, 'bus', 'publishEvents', fn);
    fn.addEnvironment('EVENT_BUS_NAME', bus.eventBusName);
    bus.grantPutEventsTo(fn);
  },
  deleteSignIn: (fn, resources) => {
    const pool = needs(resources, 'userPool', 'deleteSignIn', fn);
    fn.addEnvironment('COGNITO_USER_POOL_ID', pool.userPoolId);
    pool.grant(fn, 'cognito-idp:AdminDeleteUser');
  },
  inviteSignIns: (fn, resources) => {
    const pool = needs(resources, 'userPool', 'inviteSignIns', fn);
    fn.addEnvironment('COGNITO_USER_POOL_ID', pool.userPoolId);
    pool.grant(fn, 'cognito-idp:AdminCreateUser', 'cognito-idp:AdminAddUserToGroup');
  },
  changeSignInGroups: (fn, resources) => {
    const pool = needs(resources, 'userPool', 'changeSignInGroups', fn);
    fn.addEnvironment('COGNITO_USER_POOL_ID', pool.userPoolId);
    pool.grant(fn, 'cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminRemoveUserFromGroup');
  },
  changeSignInAccess: (fn, resources) => {
    const pool = needs(resources, 'userPool', 'changeSignInAccess', fn);
    fn.addEnvironment('COGNITO_USER_POOL_ID', pool.userPoolId);
    pool.grant(fn, 'cognito-idp:AdminEnableUser', 'cognito-idp:AdminDisableUser', 'cognito-idp:AdminUserGlobalSignOut');
  },
  sendEmail: (fn, resources) => {
    const mail = needs(resources, 'mail', 'sendEmail', fn);
    fn.addToRolePolicy(new PolicyStatement({ actions: ['ses:SendEmail', 'ses:SendRawEmail'], resources: [mail.identityArn, mail.configurationSetArn] }));
  },
  /**
   * TOKEN_KMS_KEY_ID and kms:GenerateDataKey + kms:Decrypt on the token key only, and only for
   * requests whose encryption context says purpose=calendar-token (shared/crypto/envelope.ts): the
   * role cannot use the key for anything else, nor any other key. The key's policy delegates to
   * IAM (CDK's default key policy), so the statement on the role is enough.
   */
  useCalendarTokens: (fn, resources) => {
    const key = needs(resources, 'tokenKey', 'useCalendarTokens', fn);
    fn.addEnvironment('TOKEN_KMS_KEY_ID', key.keyArn);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: [...TOKEN_KEY_ACTIONS],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:EncryptionContext:purpose': TOKEN_PURPOSE } },
      }),
    );
  },
  /**
   * SYNC_QUEUE_URL and sqs:SendMessage on the sync queue, nothing more (grantSendMessages would add
   * GetQueueAttributes and GetQueueUrl, which the senders do not need: they have the URL). The
   * queue is SQS-managed encrypted, so no KMS permission is involved.
   */
  enqueueCalendarSync: (fn, resources) => {
    const queue = needs(resources, 'syncQueue', 'enqueueCalendarSync', fn);
    fn.addEnvironment('SYNC_QUEUE_URL', queue.queueUrl);
    fn.addToRolePolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));
  },
  /**
   * A policy of its own, not the role's default one: the user pool's trigger waits for its default
   * policy, and the pool waits for the function, so a statement naming the pool there is a cycle.
   */
  readSignInGroups: (fn, resources, scope) => {
    const pool = needs(resources, 'userPool', 'readSignInGroups', fn);
    new Policy(scope, `${fn.node.id}ReadSignInGroups`, {
      roles: [fn.role!],
      statements: [new PolicyStatement({ actions: ['cognito-idp:AdminListGroupsForUser'], resources: [pool.userPoolArn] })],
    });
  },
};

/** Gives `fn` exactly the grants its manifest entry declares. */
export function applyGrants(scope: Construct, fn: LambdaFunction, entry: { grants?: readonly Grant[] }, resources: GrantResources): void {
  for (const grant of entry.grants ?? []) GRANT_BINDERS[grant](fn, resources, scope);
}

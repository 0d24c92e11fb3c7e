import { Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { ALARM_PERIOD, alarmOnAny } from '../constructs/alarms.ts';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { ConfigurationSet, EmailIdentity, Identity, SuppressionReasons, ConfigurationSetTlsPolicy } from 'aws-cdk-lib/aws-ses';
import { Queue, QueueEncryption, type IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { listJobs } from '../../functions/jobs.ts';
import { APPOINTMENT_CHANGED } from '../../shared/events/appointment-changed.ts';
import { configureCalendar, type CalendarResources, type CalendarSettings } from '../calendar.ts';
import { BookingFunction, DEFAULT_TIMEOUT_SECONDS } from '../constructs/booking-function.ts';
import { applyGrants, type GrantResources } from '../grants.ts';
import { grantSecrets } from '../secrets.ts';
import { routeConstructName } from './api-stack.ts';
import { isUserPoolTrigger } from './auth-stack.ts';

/**
 * How the calendar sync worker reads its queue: a few connections per invocation, each reported
 * on its own (partial batch failures), and a cap on concurrent invocations so a backlog does not
 * stampede Google and Microsoft (nor the table).
 */
export const SYNC_WORKER_BATCH_SIZE = 5;
export const SYNC_WORKER_MAX_CONCURRENCY = 10;

export interface EventsStackProps extends StackProps, CalendarResources {
  table: ITable;
  bus: IEventBus;
  /** SyncStack.deadLetterQueue: where the sync queue moves a message after its last failed attempt. */
  syncDeadLetters: IQueue;
  /** Client ids of the calendar providers (the redirect URIs are built from siteUrl). */
  calendar: Omit<CalendarSettings, 'siteUrl'>;
  /** The address emails come from: verify it (or its domain) in SES before leaving the sandbox. */
  mailFrom: string;
  /** Where links in emails point (the CloudFront URL or the custom domain). */
  siteUrl: string;
}

/**
 * The work no HTTP route triggers, one function per `jobs` entry of functions/routes.ts (but the
 * user pool's trigger, which AuthStack builds):
 * AppointmentChanged consumers behind an EventBridge rule, scheduled jobs behind EventBridge
 * Scheduler, the calendar sync worker behind the sync queue (SyncStack). Failed invocations land
 * in a dead-letter queue (the sync queue's own for the worker); errors and DLQ depth raise alarms.
 */
/** The SES identity and configuration set mail goes through, and the environment a sender needs. */
export interface MailSettings {
  identityArn: string;
  configurationSetArn: string;
  environment: { MAIL_FROM_ADDRESS: string; SES_CONFIGURATION_SET: string };
}

export class EventsStack extends Stack {
  /** How mail is sent (the SES identity and configuration set), for the API's routes that send mail themselves. */
  readonly mail: MailSettings;

  constructor(scope: Construct, id: string, props: EventsStackProps) {
    super(scope, id, props);
    const identity = new EmailIdentity(this, 'MailFrom', { identity: Identity.email(props.mailFrom) });
    const configurationSet = new ConfigurationSet(this, 'Mail', {
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });

    this.mail = {
      identityArn: this.formatArn({ service: 'ses', resource: 'identity', resourceName: identity.emailIdentityName }),
      configurationSetArn: this.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: configurationSet.configurationSetName }),
      environment: { MAIL_FROM_ADDRESS: props.mailFrom, SES_CONFIGURATION_SET: configurationSet.configurationSetName },
    };
    const grantResources: GrantResources = {
      bus: props.bus,
      tokenKey: props.tokenKey,
      syncQueue: props.syncQueue,
      mail: this.mail,
    };
    // The user pool's triggers are built beside the pool (AuthStack).
    for (const job of listJobs().filter((entry) => !isUserPoolTrigger(entry))) {
      const name = routeConstructName(job.name);
      const deadLetters = job.trigger === 'CalendarSyncQueue' ? props.syncDeadLetters : this.deadLetterQueue(name);
      const fn = new BookingFunction(this, name, {
        entry: job.handler,
        timeout: Duration.seconds(job.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS),
        environment: {
          SITE_URL: props.siteUrl,
          MAIL_FROM_ADDRESS: props.mailFrom,
          SES_CONFIGURATION_SET: configurationSet.configurationSetName,
        },
      }).bindTable(props.table, job.table);
      applyGrants(this, fn, job, grantResources);
      grantSecrets(fn, ...(job.secrets ?? []));
      configureCalendar(fn, job, { ...props.calendar, siteUrl: props.siteUrl });

      if (job.trigger === 'AppointmentChanged') {
        new Rule(this, `${name}Rule`, {
          eventBus: props.bus,
          eventPattern: {
            source: [APPOINTMENT_CHANGED.source],
            detailType: [APPOINTMENT_CHANGED.detailType],
            detail: { version: [APPOINTMENT_CHANGED.version] },
          },
          targets: [new LambdaFunction(fn, { deadLetterQueue: deadLetters, retryAttempts: 2, maxEventAge: Duration.hours(6) })],
        });
      } else if (job.trigger === 'CalendarSyncQueue') {
        // The queue's redrive policy moves a message to its DLQ after SYNC_MAX_RECEIVE_COUNT failures.
        fn.addEventSource(
          new SqsEventSource(props.syncQueue, {
            batchSize: SYNC_WORKER_BATCH_SIZE,
            maxConcurrency: SYNC_WORKER_MAX_CONCURRENCY,
            reportBatchItemFailures: true,
          }),
        );
      } else if (typeof job.trigger === 'object') {
        new Schedule(this, `${name}Schedule`, {
          schedule: ScheduleExpression.rate(Duration.minutes(job.trigger.scheduleMinutes)),
          target: new LambdaInvoke(fn, { deadLetterQueue: deadLetters, retryAttempts: 2, maxEventAge: Duration.hours(1) }),
          description: job.summary.slice(0, 500),
        });
        Validations.of(this).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(fn.node.defaultChild as CfnFunction)}.Arn>:*]`,
          reason: `The scheduler's role may invoke ${job.name} and its versions (aws-cdk-lib adds the ":*" qualifier), nothing else.`,
        });
      }

      alarmOnAny(this, `${name}Errors`, fn.metricErrors({ period: ALARM_PERIOD }), `${job.name} failed`);
      alarmOnAny(
        this,
        `${name}DeadLettersVisible`,
        deadLetters.metricApproximateNumberOfMessagesVisible({ period: ALARM_PERIOD }),
        `${job.name} gave up on ${job.trigger === 'CalendarSyncQueue' ? 'a message' : 'an event'}: see its dead-letter queue`,
      );
    }
  }

  /** A job's own dead-letter queue (EventBridge and Scheduler targets send failed events there). */
  private deadLetterQueue(name: string): Queue {
    const queue = new Queue(this, `${name}DeadLetters`, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue IS the dead-letter queue of the job; a DLQ of a DLQ would only move the same messages again.',
    });
    return queue;
  }
}

import { Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { ConfigurationSet, EmailIdentity, Identity, SuppressionReasons, ConfigurationSetTlsPolicy } from 'aws-cdk-lib/aws-ses';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { listJobs } from '../../functions/routes.ts';
import { APPOINTMENT_CHANGED } from '../../shared/events/appointment-changed.ts';
import { BookingFunction } from '../constructs/booking-function.ts';
import { routeConstructName } from './api-stack.ts';

export interface EventsStackProps extends StackProps {
  table: ITable;
  bus: IEventBus;
  /** The address emails come from: verify it (or its domain) in SES before leaving the sandbox. */
  mailFrom: string;
  /** Where links in emails point (the CloudFront URL or the custom domain). */
  siteUrl: string;
}

/**
 * The work no HTTP route triggers, one function per `jobs` entry of functions/routes.ts:
 * AppointmentChanged consumers behind an EventBridge rule, scheduled jobs behind EventBridge
 * Scheduler. Failed invocations land in a dead-letter queue; errors and DLQ depth raise alarms.
 */
export class EventsStack extends Stack {
  constructor(scope: Construct, id: string, props: EventsStackProps) {
    super(scope, id, props);
    const identity = new EmailIdentity(this, 'MailFrom', { identity: Identity.email(props.mailFrom) });
    const configurationSet = new ConfigurationSet(this, 'Mail', {
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });

    for (const job of listJobs()) {
      const name = routeConstructName(job.name);
      const deadLetters = new Queue(this, `${name}DeadLetters`, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      Validations.of(deadLetters).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: 'This queue IS the dead-letter queue of the job; a DLQ of a DLQ would only move the same messages again.',
      });
      const fn = new BookingFunction(this, name, {
        entry: job.handler,
        timeout: Duration.seconds(job.timeoutSeconds ?? 10),
        environment: {
          SITE_URL: props.siteUrl,
          MAIL_FROM_ADDRESS: props.mailFrom,
          SES_CONFIGURATION_SET: configurationSet.configurationSetName,
        },
      }).bindTable(props.table, job.table);
      if (job.grants?.includes('sendEmail')) {
        fn.addToRolePolicy(
          new PolicyStatement({
            actions: ['ses:SendEmail', 'ses:SendRawEmail'],
            resources: [
              this.formatArn({ service: 'ses', resource: 'identity', resourceName: identity.emailIdentityName }),
              this.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: configurationSet.configurationSetName }),
            ],
          }),
        );
      }

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
      } else {
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

      new Alarm(this, `${name}Errors`, {
        metric: fn.metricErrors({ period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: `${job.name} failed`,
      });
      new Alarm(this, `${name}DeadLettersVisible`, {
        metric: deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: `${job.name} gave up on an event: see its dead-letter queue`,
      });
    }
  }
}

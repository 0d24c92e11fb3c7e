import { Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { listJobs } from '../../functions/jobs.ts';
import { DEFAULT_TIMEOUT_SECONDS } from '../constructs/booking-function.ts';

/** AWS: a queue that feeds a Lambda function should hide a received message for ≥ 6 × the function's timeout. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;
/** A connection whose sync fails this many times in a row goes to the dead-letter queue (and raises its alarm). */
export const SYNC_MAX_RECEIVE_COUNT = 5;

/**
 * The calendar sync queue (docs/CALENDAR_SYNC.md): the dispatcher job and two API routes
 * (the OAuth callback, "sync now") send one message per connection; the job whose trigger is
 * 'CalendarSyncQueue' consumes it.
 *
 * Why a stack of its own: the API stack (producer) and the events stack (producer and consumer)
 * both need the queue, and the events stack already depends on the API stack (through the site
 * stack, for the site's URL), so the queue cannot live in either without a dependency cycle.
 * Here it depends on nothing and is created before both. It is not in the data stack because it
 * holds nothing worth keeping (every message is re-sent by the next dispatch): it stays out of
 * that stack's termination protection and retained resources, and `cdk destroy` removes it.
 * Consumers and producers get their permissions on their own roles (identity policies), so
 * nothing here refers back to them.
 */
export class SyncStack extends Stack {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const consumers = listJobs().filter((job) => job.trigger === 'CalendarSyncQueue');
    const consumerTimeout = Math.max(DEFAULT_TIMEOUT_SECONDS, ...consumers.map((job) => job.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS));

    this.deadLetterQueue = new Queue(this, 'SyncDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Longer than the source queue's retention: a message keeps its original enqueue time when moved.
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue IS the dead-letter queue of the calendar sync queue; a DLQ of a DLQ would only move the same messages again.',
    });
    this.queue = new Queue(this, 'SyncQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(VISIBILITY_TIMEOUT_FACTOR * consumerTimeout),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: SYNC_MAX_RECEIVE_COUNT },
    });
  }
}

import type { CustomMessageTriggerEvent } from 'aws-lambda';
import { accountMessageKind, renderAccountMessage } from '../../shared/accounts/account-messages.ts';
import { config } from '../../shared/config.ts';
import { LOCALES, type Locale } from '../../shared/domain/vocabulary.ts';
import { jobHandler } from '../../shared/jobs/job-handler.ts';
import { jobs } from '../jobs.ts';

/**
 * In AWS the auth stack sets SITE_URL only when the deploy names it (`-c siteUrl`: the CloudFront
 * domain comes from a later stack); the local default must not become a link in a real e-mail.
 */
const siteUrlIfKnown = () => (config().STAGE === 'aws' && !process.env.SITE_URL ? undefined : config().SITE_URL);

const isLocale = (value: unknown): value is Locale => LOCALES.includes(value as Locale);

/**
 * The user pool's CustomMessage trigger (wired in infra/stacks/auth-stack.ts; the local pool calls
 * the same handler, local/cognito-local.ts): the sign-up code, password reset, invitation and
 * new-address e-mails in the user's language (their `locale` attribute, French by default), with
 * a link to the page where the code goes. Cognito fills in the code and sends the message (through
 * SES in AWS): the code itself never reaches this function.
 */
export const handler = jobHandler(jobs['compose-account-email'], async (event: CustomMessageTriggerEvent) => {
  const kind = accountMessageKind(event.triggerSource);
  if (!kind) return event;
  const attributes = event.request.userAttributes;
  const message = renderAccountMessage({
    kind,
    locale: isLocale(attributes.locale) ? attributes.locale : 'fr',
    siteUrl: siteUrlIfKnown(),
    email: attributes.email ?? '',
    codeParameter: event.request.codeParameter,
    usernameParameter: event.request.usernameParameter ?? '{username}',
  });
  event.response.emailSubject = message.subject;
  event.response.emailMessage = message.html;
  return event;
});

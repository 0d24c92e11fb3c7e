/**
 * The local user pool: cognito-local's own server and services, started the way its `start` script
 * starts them (state under `.cognito/` in the working directory), with three differences that make
 * it behave as the Cognito user pool of infra/stacks/auth-stack.ts does:
 *
 * - The account e-mails (sign-up code, password reset, invitation, new address) are written by
 *   the pool's CustomMessage trigger, the same handler as in AWS (functions/jobs.ts
 *   `compose-account-email`), and land in OUTBOX_DIR as .eml files like every other e-mail, where
 *   cognito-local would only print them.
 * - What cognito-local leaves out and the product relies on, as Cognito documents it: the password
 *   policy, ResendConfirmationCode, AdminUserGlobalSignOut, no answer that tells whether an e-mail
 *   has an account (the app client's preventUserExistenceErrors), a disabled user cannot sign in,
 *   and the ID token carries the standard attributes (names, locale, zone).
 * - Run by local/cognito-local.ts as a child process with tsx (it imports TypeScript handlers).
 *
 * Environment: PORT, HOST (as cognito-local's), OUTBOX_DIR, SITE_URL, MAIL_FROM_ADDRESS.
 */
import type { Context } from 'aws-lambda';
import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { jobs } from '../functions/jobs.ts';
import { passwordShortfalls } from '../shared/accounts/password-policy.ts';
import { config } from '../shared/config.ts';
import { composeMessage } from '../shared/notify/compose.ts';
import { outboxTransport } from '../shared/notify/transport.ts';
import { lambdaContext } from './gateway.ts';

const cognitoRequire = createRequire(createRequire(import.meta.url).resolve('cognito-local/package.json'));
const lib = (module: string) => cognitoRequire(`./lib/${module}`);

const pino = cognitoRequire('pino');
const { loadConfig } = lib('server/config');
const { Router } = lib('server/Router');
const { createServer } = lib('server/server');
const { DateClock, LambdaService, MessagesService, TriggersService } = lib('services');
const { CognitoServiceFactoryImpl } = lib('services/cognitoService');
const { CryptoService } = lib('services/crypto');
const { StormDBDataStoreFactory } = lib('services/dataStore/stormDb');
const { MessageDeliveryService } = lib('services/messageDelivery/messageDelivery');
const { otp } = lib('services/otp');
const { JwtTokenGenerator } = lib('services/tokenGenerator');
const { UserPoolServiceFactoryImpl, attributeValue } = lib('services/userPoolService');
const { CognitoError, NotAuthorizedError } = lib('errors');

const ROOT = path.resolve(import.meta.dirname, '..');
const ROOT_URL = pathToFileURL(`${ROOT}/`);

interface PoolUser {
  Username: string;
  Attributes: Array<{ Name: string; Value: string }>;
  UserStatus: string;
  Enabled: boolean;
}

/**
 * What a trigger name resolves to locally: the manifest's handler for it, called in this process
 * as Lambda would call it (a JSON event in, the returned event out).
 */
const TRIGGER_JOBS: Record<string, keyof typeof jobs> = { CustomMessage: 'compose-account-email' };

/**
 * Cognito puts the user's standard attributes (names, locale, zoneinfo, phone…) in the ID token;
 * cognito-local only the e-mail and custom ones. Its PreTokenGeneration hook adds the rest, so the
 * profile made from the token's claims (shared/domain/profile.ts) is the one made in AWS.
 */
const STANDARD_CLAIMS = ['name', 'given_name', 'family_name', 'middle_name', 'nickname', 'locale', 'zoneinfo', 'phone_number', 'phone_number_verified', 'updated_at'];
const STANDARD_CLAIMS_HOOK = 'cognito-standard-claims';

function standardClaims(event: { request: { userAttributes: Record<string, string> }; response: Record<string, unknown> }) {
  const claims = Object.fromEntries(Object.entries(event.request.userAttributes).filter(([name]) => STANDARD_CLAIMS.includes(name)));
  return { ...event, response: { claimsOverrideDetails: { claimsToAddOrOverride: claims } } };
}

function localLambda() {
  return {
    invoke(params: { FunctionName: string; Payload: string }) {
      return {
        promise: async () => {
          if (params.FunctionName === STANDARD_CLAIMS_HOOK) return { StatusCode: 200, Payload: JSON.stringify(standardClaims(JSON.parse(params.Payload))) };
          const job = jobs[params.FunctionName as keyof typeof jobs];
          const module = await import(new URL(job.handler, ROOT_URL).href);
          const context: Context = lambdaContext(job.handler, randomUUID(), Date.now() + (job.timeoutSeconds ?? 10) * 1000);
          try {
            const result = await module.handler(JSON.parse(params.Payload), context);
            return { StatusCode: 200, Payload: JSON.stringify(result) };
          } catch (error) {
            return { StatusCode: 200, FunctionError: 'Unhandled', Payload: JSON.stringify({ errorMessage: (error as Error).message }) };
          }
        },
      };
    },
  };
}

/** Plain text from the trigger's HTML, for the text part of the .eml. */
const textOf = (html: string) =>
  html
    .replace(/<(head|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<\/(p|tr|h\d)>/gi, '\n')
    .replace(/<\/t[hd]>/gi, ' ')
    .replace(/<a [^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, '$2: $1')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name]!)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

/** Delivery to the outbox folder, as shared/notify does for every other e-mail of the product. */
function outboxSender() {
  const sendEmail = async (
    _ctx: unknown,
    _user: PoolUser,
    destination: string,
    message: { __code: string; emailSubject?: string; emailMessage?: string },
  ) => {
    const { MAIL_FROM_ADDRESS, MAIL_FROM_NAME, OUTBOX_DIR } = config();
    // Without a trigger answer Cognito sends its default message: the code alone.
    const html = message.emailMessage ?? `<p>Code : ${message.__code}</p>`;
    const raw = await composeMessage({
      from: { name: MAIL_FROM_NAME, address: MAIL_FROM_ADDRESS },
      to: { name: '', address: destination },
      subject: message.emailSubject ?? 'Code',
      html,
      text: `${textOf(html)}\n`,
      messageId: `<${randomUUID()}@cognito.local>`,
      date: new Date(),
    });
    await outboxTransport(path.resolve(OUTBOX_DIR)).send({ from: MAIL_FROM_ADDRESS, to: destination, raw });
  };
  return { sendEmail, sendSms: () => Promise.resolve() };
}

const cognitoError = (code: string, message: string) => new CognitoError(code, message);

/** A temporary password as Cognito makes them: random, meeting every rule of the policy. */
function temporaryPassword(): string {
  const pick = (alphabet: string, count: number) => Array.from(randomBytes(count), (byte) => alphabet[byte % alphabet.length]).join('');
  return `${pick('ABCDEFGHJKLMNPQRSTUVWXYZ', 3)}${pick('abcdefghijkmnpqrstuvwxyz', 4)}-${pick('23456789', 3)}!`;
}

/**
 * Cognito's documented behaviour where cognito-local differs, around its own targets. `services`
 * are cognito-local's, so a stand-in reads and writes the same users.
 */
function withCognitoBehaviour(services: any, router: (target: string) => (ctx: any, req: any) => Promise<unknown>) {
  const poolOf = (ctx: any, clientId: string) => services.cognito.getUserPoolForClientId(ctx, clientId);
  const userOf = async (ctx: any, req: any): Promise<PoolUser | null> => (await poolOf(ctx, req.ClientId)).getUserByUsername(ctx, req.Username);
  const checkPassword = (password: unknown) => {
    if (typeof password === 'string' && passwordShortfalls(password).length > 0) {
      throw cognitoError('InvalidPasswordException', 'Password does not conform to policy: Password not long enough or missing a required character.');
    }
  };
  /** preventUserExistenceErrors: an unknown user gets what a known one would, with nothing sent. */
  const pretendDelivery = (email: string) => ({
    CodeDeliveryDetails: { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: email.replace(/^(.).*@/, '$1***@') },
  });

  const resendConfirmationCode = async (ctx: any, req: any) => {
    const pool = await poolOf(ctx, req.ClientId);
    const user = await pool.getUserByUsername(ctx, req.Username);
    if (!user) return pretendDelivery(String(req.Username));
    if (user.UserStatus !== 'UNCONFIRMED') throw cognitoError('InvalidParameterException', 'User is already confirmed.');
    const email = attributeValue('email', user.Attributes);
    const deliveryDetails = { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: email };
    const code = otp();
    await services.messages.deliver(ctx, 'ResendCode', req.ClientId, pool.options.Id, user, code, req.ClientMetadata, deliveryDetails);
    await pool.saveUser(ctx, { ...user, ConfirmationCode: code, UserLastModifiedDate: services.clock.get() });
    return { CodeDeliveryDetails: deliveryDetails };
  };

  /** Revokes the user's refresh tokens (cognito-local has no such target). */
  const adminUserGlobalSignOut = async (ctx: any, req: any) => {
    const pool = await services.cognito.getUserPool(ctx, req.UserPoolId);
    const user = await pool.getUserByUsername(ctx, req.Username);
    if (!user) throw cognitoError('UserNotFoundException', 'User does not exist.');
    await pool.saveUser(ctx, { ...user, RefreshTokens: [], UserLastModifiedDate: services.clock.get() });
    return {};
  };

  return (target: string) => {
    if (target === 'ResendConfirmationCode') return resendConfirmationCode;
    if (target === 'AdminUserGlobalSignOut') return adminUserGlobalSignOut;
    const inner = router(target);
    return async (ctx: any, req: any) => {
      switch (target) {
        case 'SignUp':
        case 'ConfirmForgotPassword':
        case 'AdminSetUserPassword':
          checkPassword(req.Password);
          break;
        case 'ChangePassword':
          checkPassword(req.ProposedPassword);
          break;
        case 'RespondToAuthChallenge':
          checkPassword(req.ChallengeResponses?.NEW_PASSWORD);
          break;
        case 'AdminCreateUser':
          // Cognito makes up a temporary password that meets the policy; cognito-local's 6 characters do not.
          checkPassword(req.TemporaryPassword);
          req = { ...req, TemporaryPassword: req.TemporaryPassword ?? temporaryPassword() };
          break;
        case 'InitiateAuth':
          if (req.AuthFlow === 'USER_PASSWORD_AUTH') {
            const user = await userOf(ctx, { ClientId: req.ClientId, Username: req.AuthParameters?.USERNAME });
            if (!user) throw new NotAuthorizedError('Incorrect username or password.');
            if (user.Enabled === false) throw new NotAuthorizedError('User is disabled.');
          }
          break;
        case 'ForgotPassword': {
          const user = await userOf(ctx, req);
          if (!user) return pretendDelivery(String(req.Username));
          break;
        }
      }
      try {
        return await inner(ctx, req);
      } catch (error) {
        // cognito-local answers a wrong password with InvalidPasswordException; Cognito says NotAuthorized
        // (for ChangePassword the new one was checked above: this is the current one).
        if ((target === 'InitiateAuth' || target === 'ChangePassword') && (error as { code?: string }).code === 'InvalidPasswordException') {
          throw new NotAuthorizedError('Incorrect username or password.');
        }
        throw error;
      }
    };
  };
}

async function main() {
  const logger = pino({ level: process.env.DEBUG ? 'debug' : 'info' });
  const ctx = { logger };
  const configDirectory = '.cognito';
  const dataDirectory = `${configDirectory}/db`;
  const settings = await loadConfig(ctx, new StormDBDataStoreFactory(configDirectory));
  settings.TriggerFunctions = { ...settings.TriggerFunctions, ...TRIGGER_JOBS, PreTokenGeneration: STANDARD_CLAIMS_HOOK };
  const clock = new DateClock();
  const dataStoreFactory = new StormDBDataStoreFactory(dataDirectory);
  const cognitoServiceFactory = new CognitoServiceFactoryImpl(dataDirectory, dataStoreFactory, new UserPoolServiceFactoryImpl(clock, dataStoreFactory));
  const cognito = await cognitoServiceFactory.create(ctx, settings.UserPoolDefaults);
  const triggers = new TriggersService(clock, cognito, new LambdaService(settings.TriggerFunctions, localLambda()), new CryptoService(settings.KMSConfig));
  const services = {
    clock,
    cognito,
    config: settings,
    messages: new MessagesService(triggers, new MessageDeliveryService(outboxSender())),
    otp,
    tokenGenerator: new JwtTokenGenerator(clock, triggers, settings.TokenConfig),
    triggers,
  };
  const server = createServer(withCognitoBehaviour(services, Router(services)), logger, settings.ServerConfig, services);
  const started = await server.start();
  const address = started.address();
  logger.info(`Cognito Local running on http://${typeof address === 'string' ? address : `${address.address}:${address.port}`}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

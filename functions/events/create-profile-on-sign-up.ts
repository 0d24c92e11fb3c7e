import type { PostConfirmationTriggerEvent } from 'aws-lambda';
import { createProfileOnSignUp } from '../../shared/accounts/profile-on-sign-up.ts';
import { jobHandler } from '../../shared/jobs/job-handler.ts';
import { logger } from '../../shared/logger.ts';
import { jobs } from '../jobs.ts';

/**
 * The user pool's PostConfirmation trigger (functions/routes.ts `jobs`, wired in
 * infra/stacks/auth-stack.ts): when someone confirms their sign-up, their profile is created exactly
 * as their first `GET /api/me` would create it (ensureProfile over the claims their ID token will
 * carry: their attributes, which Cognito names as the token's claims, and their groups, so the role
 * follows the `admin` group). An existing profile is never overwritten: a second invocation (Cognito
 * retries a trigger that is slow to answer) changes nothing the user edited meanwhile.
 *
 * `GET /api/me` keeps creating the profile when it is missing: users made by AdminCreateUser never
 * go through this trigger, cognito-local (`npm start`, the tests) runs no trigger, and a failure here
 * must not fail the sign-up. So a failure is logged at ERROR (an alarm of the auth stack counts
 * those) and the confirmation goes on: Cognito has already confirmed the user, and an error would
 * only show them a failed sign-up.
 *
 * PostConfirmation_ConfirmForgotPassword (a password reset) changes no profile. Cognito wants its
 * event back, unchanged.
 */
export const handler = jobHandler(jobs['create-profile-on-sign-up'], async (event: PostConfirmationTriggerEvent) => {
  if (event.triggerSource !== 'PostConfirmation_ConfirmSignUp') return event;
  try {
    const profile = await createProfileOnSignUp({ userPoolId: event.userPoolId, userName: event.userName, attributes: event.request.userAttributes });
    logger.info('profile on sign-up', { userId: profile.id, role: profile.role });
  } catch (error) {
    logger.error('profile on sign-up failed; GET /api/me creates it at the first sign-in', { userName: event.userName, error: error as Error });
  }
  return event;
});

import * as z from 'zod/mini';
import {
  enabledBody,
  inviteBody,
  organizationQuery,
  organizationUserDetailView,
  organizationUserView,
  roleBody,
  userIdParams,
} from '../../shared/api/organization.ts';
import type { RouteDefinition } from '../manifest.ts';

/** The Organization page (/admin/users): accounts, invitations, roles, access. Part of THE route manifest (functions/routes.ts). */
export const routes = {
  'GET /api/admin/organization/users': {
    handler: 'functions/admin/organization/list-users.ts',
    access: 'admin',
    table: 'read',
    request: { query: organizationQuery },
    response: z.array(organizationUserView),
    summary: 'Every account (name, e-mail, role, status, created, last appointment) in e-mail order; search by name or e-mail (case and accents ignored), role and status filters; paged',
  },
  'POST /api/admin/organization/users': {
    handler: 'functions/admin/organization/invite-user.ts',
    access: 'admin',
    table: 'readWrite',
    request: { body: inviteBody },
    response: organizationUserView,
    grants: ['inviteSignIns'],
    summary: 'Invites a client or an admin by e-mail: Cognito sends the sign-in link and a temporary password; 409 when the address has an account',
  },
  'GET /api/admin/organization/users/{id}': {
    handler: 'functions/admin/organization/get-user.ts',
    access: 'admin',
    table: 'read',
    request: { params: userIdParams },
    response: organizationUserDetailView,
    summary: 'One account with the changes admins made to it (who, when) and its count of upcoming appointments',
  },
  'PUT /api/admin/organization/users/{id}/role': {
    handler: 'functions/admin/organization/change-role.ts',
    access: 'admin',
    table: 'readWrite',
    request: { params: userIdParams, body: roleBody },
    response: organizationUserView,
    grants: ['changeSignInGroups'],
    summary: 'Makes the account an admin or a client; 409 when the only admin would remove their own role',
  },
  'PUT /api/admin/organization/users/{id}/enabled': {
    handler: 'functions/admin/organization/set-enabled.ts',
    access: 'admin',
    table: 'readWrite',
    request: { params: userIdParams, body: enabledBody },
    response: organizationUserView,
    grants: ['changeSignInAccess'],
    summary: 'Disables the account (no sign-in, its tokens refused; its appointments stay, flagged) or enables it again; 409 for your own',
  },
} as const satisfies Record<string, RouteDefinition>;

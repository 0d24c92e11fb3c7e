/** The demo accounts every local run has (README lists them). */
export const DEMO_PASSWORD = 'Demo-Passw0rd!';

export const DEMO_ACCOUNTS = [
  { email: 'admin@example.com', firstName: 'Alice', lastName: 'Martin', admin: true },
  { email: 'client@example.com', firstName: 'Chloé', lastName: 'Bernard', admin: false },
  { email: 'jean.dupont@example.com', firstName: 'Jean', lastName: 'Dupont', admin: false },
] as const;

export type DemoEmail = (typeof DEMO_ACCOUNTS)[number]['email'];

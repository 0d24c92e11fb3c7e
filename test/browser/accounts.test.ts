import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot, seriousViolations, signedInPage, signInThroughPage, waitForIslands } from '../helpers/browser.ts';
import { outboxFor } from '../helpers/outbox.ts';
import { call, createTestUser, startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack({ site: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const outbox = () => inject('env').OUTBOX_DIR!;
const newAddress = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}@exemple.test`;

/** The messages sent to `email` so far, once there are at least `count`. */
async function mailsFor(email: string, count: number) {
  await expect.poll(async () => (await outboxFor(outbox(), email)).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(count);
  return outboxFor(outbox(), email);
}

/** The six-digit code in an account e-mail, as a person reads it. */
const codeIn = (text: string) => /\b(\d{6})\b/.exec(text)?.[1];

/** Signs a new client up through the pages and enters the e-mailed code: they land on their dashboard. */
async function signUpThroughPages(page: Page, person: { givenName: string; familyName: string; email: string; password: string }) {
  await page.goto(`${stack.url}/signup/`);
  await waitForIslands(page);
  await page.getByLabel('Prénom').fill(person.givenName);
  await page.getByLabel('Nom', { exact: true }).fill(person.familyName);
  await page.getByLabel('Adresse e-mail').fill(person.email);
  await page.getByRole('textbox', { name: 'Mot de passe' }).fill(person.password);
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  const [mail] = await mailsFor(person.email, 1);
  await page.getByLabel('Code de confirmation').fill(codeIn(mail!.text)!);
  await page.getByRole('button', { name: 'Confirmer et me connecter' }).click();
  await page.waitForURL(`${stack.url}/dashboard/`);
}

async function phonePage(): Promise<Page> {
  return browser.newPage({ viewport: { width: 390, height: 844 } });
}

describe('creating an account on the site', () => {
  it('signs a new client up: rules shown before submitting, code by e-mail (wrong code refused, resend), then signed in with a profile', async () => {
    const email = newAddress('marie');
    const page = await phonePage();
    await page.goto(`${stack.url}/signin/`);
    await waitForIslands(page);
    await page.getByRole('link', { name: 'Créer un compte' }).click();
    await page.waitForURL(`${stack.url}/signup/`);
    await waitForIslands(page);

    // The rules are on screen before anything is typed, and each is ticked as it is met.
    const rules = page.getByRole('list', { name: 'Règles à respecter' });
    expect(await rules.textContent()).toContain('au moins 10 caractères');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('Corrigez les champs signalés.');
    expect(await page.getByText('Indiquez votre prénom.').count()).toBe(1);
    expect(await page.getByText('Acceptez la politique de confidentialité pour créer votre compte.').count()).toBe(1);

    await page.getByLabel('Prénom').fill('Marie');
    await page.getByLabel('Nom', { exact: true }).fill('Curie');
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByRole('textbox', { name: 'Mot de passe' }).fill('radium');
    expect(await rules.getByRole('listitem').filter({ hasText: '(respecté)' }).count()).toBe(1);
    await page.getByRole('textbox', { name: 'Mot de passe' }).fill('Radium-1898!');
    expect(await rules.getByRole('listitem').filter({ hasText: '(respecté)' }).count()).toBe(5);
    await page.getByRole('textbox', { name: 'Téléphone (facultatif)' }).fill('06 12 34 56 78');
    await page.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.getByRole('heading', { name: 'Confirmez votre adresse' }).waitFor();
    expect(await page.getByRole('status').textContent()).toContain(email);
    await screenshot(page, 'sign-up-code-phone');

    const [first] = await mailsFor(email, 1);
    expect(first!.subject).toBe('Votre code de confirmation');
    // Its button opens the code step with the address filled in.
    expect(first!.text).toContain(`/signup/?email=${encodeURIComponent(email)}`);
    const firstCode = codeIn(first!.text)!;
    expect(firstCode).toMatch(/^\d{6}$/);

    await page.getByLabel('Code de confirmation').fill(firstCode === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Confirmer et me connecter' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Ce code est incorrect. Vérifiez-le ou demandez-en un nouveau.');

    await page.getByRole('button', { name: 'Renvoyer le code' }).click();
    const mails = await mailsFor(email, 2);
    const latestCode = codeIn(mails.at(-1)!.text)!;
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Seul le dernier code reçu est valable');

    await page.getByLabel('Code de confirmation').fill(latestCode);
    await page.getByRole('button', { name: 'Confirmer et me connecter' }).click();
    await page.waitForURL(`${stack.url}/dashboard/`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Bonjour, Marie !');
    await screenshot(page, 'sign-up-landed-phone');

    // The profile: a client with the names and phone given at sign-up.
    const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem('booking.session')!).idToken as string);
    const me = await call(`${stack.url}/api/me`, { token });
    expect(me.body.data).toMatchObject({ email, firstName: 'Marie', lastName: 'Curie', phone: '06 12 34 56 78', role: 'client', locale: 'fr' });
    await page.close();
  });

  it('answers an address that already has an account exactly as a new one, and sends nothing to it', async () => {
    // An account of this test's own: no other test e-mails it meanwhile.
    const { email } = await createTestUser({ prefix: 'existing' });
    const page = await phonePage();
    await page.goto(`${stack.url}/signup/`);
    await waitForIslands(page);
    await page.getByLabel('Prénom').fill('Chloé');
    await page.getByLabel('Nom', { exact: true }).fill('Bernard');
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByRole('textbox', { name: 'Mot de passe' }).fill('Another-Passw0rd!');
    await page.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.getByRole('heading', { name: 'Confirmez votre adresse' }).waitFor();
    expect(await page.getByRole('status').textContent()).toBe(
      `Si cette adresse peut recevoir nos messages, un code de confirmation vient d’être envoyé à ${email}.`,
    );
    expect(await outboxFor(outbox(), email)).toEqual([]);
    await page.close();
  });
});

describe('a forgotten password', () => {
  it('is reset from the sign-in page with the e-mailed code, and the person is signed in; an unknown address reads the same', async () => {
    // An account made through the site, so it has a password only its owner knows.
    const email = newAddress('oubli');
    const page = await phonePage();
    await signUpThroughPages(page, { givenName: 'Paul', familyName: 'Martin', email, password: 'First-Passw0rd!' });
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(`${stack.url}/signin/`);
    await waitForIslands(page);

    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await page.waitForURL(`${stack.url}/signin/forgot/`);
    await waitForIslands(page);
    const unknown = newAddress('personne');
    await page.getByLabel('Adresse e-mail').fill(unknown);
    await page.getByRole('button', { name: 'Recevoir un code' }).click();
    await page.getByRole('heading', { name: 'Nouveau mot de passe' }).waitFor();
    const unknownAnswer = await page.getByRole('status').textContent();
    expect(unknownAnswer).toBe(`Si un compte existe pour ${unknown}, un code de réinitialisation vient d’y être envoyé. Il est valable 1 heure.`);
    expect(await outboxFor(outbox(), unknown)).toEqual([]);

    await page.getByRole('button', { name: 'Changer d’adresse' }).click();
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByRole('button', { name: 'Recevoir un code' }).click();
    await page.getByRole('heading', { name: 'Nouveau mot de passe' }).waitFor();
    expect(await page.getByRole('status').textContent()).toBe(unknownAnswer!.replace(unknown, email));
    const mails = await mailsFor(email, 2);
    const reset = mails.at(-1)!;
    expect(reset.subject).toBe('Réinitialisation de votre mot de passe');
    await page.getByLabel('Code de réinitialisation').fill(codeIn(reset.text)!);
    await page.getByRole('textbox', { name: 'Nouveau mot de passe' }).fill('weak');
    await page.getByRole('button', { name: 'Enregistrer et me connecter' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('Le mot de passe ne respecte pas encore toutes les règles indiquées sous le champ.');
    await page.getByRole('textbox', { name: 'Nouveau mot de passe' }).fill('Second-Passw0rd!');
    await page.getByRole('button', { name: 'Enregistrer et me connecter' }).click();
    await page.waitForURL(`${stack.url}/dashboard/`);
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(`${stack.url}/signin/`);

    await signInThroughPage(page, stack.url, email, 'First-Passw0rd!');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('E-mail ou mot de passe incorrect.');
    await signInThroughPage(page, stack.url, email, 'Second-Passw0rd!');
    await page.waitForURL(`${stack.url}/dashboard/`);
    await page.close();
  });
});

describe('the profile page', () => {
  it('changes the password (the current one asked) and the e-mail, which takes effect only once its code is entered', async () => {
    const email = newAddress('profil');
    const page = await phonePage();
    await signUpThroughPages(page, { givenName: 'Léa', familyName: 'Roux', email, password: 'First-Passw0rd!' });
    await page.goto(`${stack.url}/dashboard/profile/`);

    const security = page.getByRole('region', { name: 'Connexion et sécurité' });
    await security.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await security.getByLabel('Mot de passe actuel').fill('Wrong-Passw0rd!');
    await security.getByRole('textbox', { name: 'Nouveau mot de passe' }).fill('Second-Passw0rd!');
    await security.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await expect.poll(() => security.getByRole('alert').textContent()).toBe('Le mot de passe actuel est incorrect.');
    await security.getByLabel('Mot de passe actuel').fill('First-Passw0rd!');
    await security.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await security.getByText('Mot de passe modifié.', { exact: false }).waitFor();

    const next = newAddress('nouvelle');
    await security.getByRole('button', { name: 'Changer d’adresse' }).click();
    await security.getByLabel('Nouvelle adresse e-mail').fill(next);
    await security.getByRole('button', { name: 'Recevoir un code' }).click();
    await security.getByLabel('Code de confirmation').waitFor();
    const [verification] = await mailsFor(next, 1);
    expect(verification!.subject).toBe('Confirmez votre nouvelle adresse e-mail');
    // Until the code is entered, the old address is still the sign-in and the profile's.
    const token = () => page.evaluate(() => JSON.parse(sessionStorage.getItem('booking.session')!).idToken as string);
    expect((await call(`${stack.url}/api/me`, { token: await token() })).body.data.email).toBe(email);
    const other = await phonePage();
    await signInThroughPage(other, stack.url, next, 'Second-Passw0rd!');
    await expect.poll(() => other.getByRole('alert').textContent()).toBe('E-mail ou mot de passe incorrect.');

    await security.getByLabel('Code de confirmation').fill(codeIn(verification!.text)!);
    await security.getByRole('button', { name: 'Confirmer la nouvelle adresse' }).click();
    await security.getByText(`Votre adresse est maintenant ${next}.`).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect((await call(`${stack.url}/api/me`, { token: await token() })).body.data.email).toBe(next);
    await signInThroughPage(other, stack.url, next, 'Second-Passw0rd!');
    await other.waitForURL(`${stack.url}/dashboard/`);
    await screenshot(page, 'profile-security-phone');
    await other.close();
    await page.close();
  });
});

describe('the Organization page', () => {
  it('an admin invites a client, who signs in with the temporary password and chooses theirs; the admin promotes, demotes and disables them', async () => {
    const email = newAddress('invite');
    const admin = await signedInPage(browser, stack.url, 'admin@example.com');
    await admin.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Organization' }).click();
    await admin.waitForURL(`${stack.url}/admin/users/`);
    await admin.getByRole('list', { name: 'Accounts' }).waitFor();
    // Keyboard only: the button, the fields, the submit.
    await admin.getByRole('button', { name: 'Invite someone' }).focus();
    await admin.keyboard.press('Enter');
    await admin.keyboard.type(email);
    await admin.keyboard.press('Tab');
    await admin.keyboard.type('Inès');
    await admin.keyboard.press('Tab');
    await admin.keyboard.type('Moreau');
    await admin.getByRole('button', { name: 'Send invitation' }).focus();
    await admin.keyboard.press('Enter');
    await admin.getByText(`Invitation sent to ${email}.`).waitFor();

    const [invitation] = await mailsFor(email, 1);
    expect(invitation!.subject).toBe('Votre invitation');
    expect(invitation!.text).toContain(`Identifiant ${email}`);
    const temporary = /Mot de passe temporaire (\S+)/.exec(invitation!.text)![1]!;

    const invitee = await phonePage();
    await signInThroughPage(invitee, stack.url, email, temporary);
    await invitee.getByRole('heading', { name: 'Choisissez votre mot de passe' }).waitFor();
    await screenshot(invitee, 'invited-new-password-phone');
    await invitee.getByRole('textbox', { name: 'Nouveau mot de passe' }).fill('Mine-Passw0rd!');
    await invitee.getByRole('button', { name: 'Enregistrer et continuer' }).click();
    await invitee.waitForURL(`${stack.url}/dashboard/`);
    await expect.poll(() => invitee.getByRole('heading', { level: 1 }).textContent()).toBe('Bonjour, Inès !');

    // The admin opens the account, makes them an admin (asked first), then a client again.
    await admin.getByRole('searchbox').fill('ines moreau');
    await admin.getByRole('button', { name: `Inès Moreau ${email}` }).click();
    const dialog = admin.getByRole('dialog', { name: 'Inès Moreau' });
    await dialog.getByRole('button', { name: 'Make admin' }).click();
    expect(await dialog.getByRole('group').textContent()).toContain('Make Inès Moreau an admin?');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await admin.getByText('Inès Moreau is now an admin.').waitFor();
    await dialog.getByRole('button', { name: 'Make client' }).click();
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await admin.getByText('Inès Moreau is now a client.').waitFor();

    await dialog.getByRole('button', { name: 'Disable' }).click();
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await admin.getByText('Inès Moreau can no longer sign in.').waitFor();
    expect(await dialog.getByRole('listitem').allTextContents()).toEqual([
      expect.stringMatching(/^Disabled by Alice Martin · /),
      expect.stringMatching(/^Made a client by Alice Martin · /),
      expect.stringMatching(/^Made an admin by Alice Martin · /),
      expect.stringMatching(/^Invited by Alice Martin · /),
    ]);
    expect(await seriousViolations(admin)).toEqual([]);
    await screenshot(admin, 'organization-user-disabled');

    // The invitee, still on their page, is signed out at their next request and cannot sign in.
    await invitee.goto(`${stack.url}/dashboard/appointments/`);
    await invitee.waitForURL(/\/signin\/\?(disabled=1|expired=1)/);
    await signInThroughPage(invitee, stack.url, email, 'Mine-Passw0rd!');
    await expect.poll(() => invitee.getByRole('alert').textContent()).toBe('Ce compte est désactivé. Contactez l’équipe pour le réactiver.');
    await invitee.close();
    await admin.close();
  });
});

import { describe, expect, it } from 'vitest';
import { BOOKING_OVER, CONFIRMATION_NOT_SENT, HOLD_LAPSED, LINK_NOT_VALID, NOT_PUBLIC, TOO_MANY_HOLDS } from '../../shared/public-booking/refusals.ts';
import { fieldProblems, humanRefusal } from '../../site/src/lib/api-errors.ts';

const invalid = (message: string, details?: Array<{ path: string; message: string }>) => ({ status: 400, message, details });

describe('API refusals as people read them', () => {
  it('on French pages: known refusals in French, field problems with the field’s French name, never the API’s English or a schema path', () => {
    expect(humanRefusal(invalid('Invalid request: body.startTime: must be in the future'), 'fr')).toBe('Le début doit être dans le futur.');
    expect(humanRefusal({ status: 409, message: 'Time slot is not available' }, 'fr')).toBe('Ce créneau n’est plus disponible : choisissez-en un autre.');
    expect(humanRefusal({ status: 403, message: 'Changes are possible up to 24 hours before the start: contact the team to change this appointment' }, 'fr')).toBe(
      'Les changements sont possibles jusqu’à 24 heures avant le début : contactez l’équipe pour modifier ce rendez-vous.',
    );
    // A 409 with a technical detail says the known sentence, not the detail.
    expect(humanRefusal({ status: 409, message: 'This time is no longer available', details: [{ path: 'body.startTime', message: 'not a bookable start for this product; GET /api/availability lists them' }] }, 'fr')).toBe(
      'Cet horaire n’est plus proposé : choisissez-en un autre.',
    );
    const two = invalid('Invalid request', [
      { path: 'body.endTime', message: 'must be after startTime' },
      { path: 'body.endTime', message: 'must be after startTime' },
      { path: 'body.phone', message: 'Invalid phone number' },
    ]);
    expect(humanRefusal(two, 'fr')).toBe('La fin doit être après le début. · Le téléphone n’est pas un numéro de téléphone valide.');
    expect(fieldProblems(two, 'fr')).toEqual({ endTime: 'La fin doit être après le début.', phone: 'Le téléphone n’est pas un numéro de téléphone valide.' });
    // The bounds on a client's requests (issue 19).
    const tooSoon = { path: 'body.startTime', message: 'must be at least 2 hours from now' };
    expect(humanRefusal(invalid(`Invalid request: body.startTime: ${tooSoon.message}`, [tooSoon]), 'fr')).toBe('Le début doit laisser au moins 2 heures de préavis.');
    const tooFar = { path: 'body.startTime', message: 'must be within 90 days from now' };
    expect(fieldProblems(invalid(`Invalid request: body.startTime: ${tooFar.message}`, [tooFar]), 'fr')).toEqual({ startTime: 'Le début doit être dans les 90 prochains jours.' });
    expect(humanRefusal({ status: 429, message: 'You already have 5 requests waiting for the team: wait for an answer, or cancel one, before asking for another' }, 'fr')).toBe(
      'Vous avez déjà 5 demandes en attente de réponse : attendez celle de l’équipe, ou annulez-en une, avant d’en faire une nouvelle.',
    );
    // Unknown refusals: a sentence for the status, in French.
    expect(humanRefusal({ status: 502, message: 'Payment provider unavailable' }, 'fr')).toBe('Le service de paiement ou d’agenda ne répond pas : réessayez plus tard.');
    expect(humanRefusal({ status: 429, message: 'Too Many Requests' }, 'fr')).toBe('Trop de demandes : patientez un peu avant de réessayer.');
    for (const text of [humanRefusal(invalid('Invalid request: body.zzz: Invalid input: expected number, received null'), 'fr'), humanRefusal({ status: 500, message: 'Internal' }, 'fr')]) {
      expect(text).not.toMatch(/body\.|Invalid|expected|received/);
    }
  });

  it('public booking (no account): its limits, its links and its form read in French', () => {
    expect(humanRefusal({ status: 429, message: TOO_MANY_HOLDS }, 'fr')).toBe('Trop de réservations attendent déjà une confirmation depuis cette adresse : confirmez-les depuis vos e-mails, ou réessayez dans une heure.');
    expect(humanRefusal({ status: 404, message: LINK_NOT_VALID }, 'fr')).toBe('Ce lien n’est pas valide : ouvrez le plus récent de vos e-mails.');
    expect(humanRefusal({ status: 410, message: HOLD_LAPSED }, 'fr')).toMatch(/^Cette réservation n’a pas été confirmée à temps/);
    expect(humanRefusal({ status: 410, message: BOOKING_OVER }, 'fr')).toBe('Ce rendez-vous est passé : son lien ne fonctionne plus.');
    expect(humanRefusal({ status: 502, message: CONFIRMATION_NOT_SENT }, 'fr')).toBe('L’e-mail de confirmation n’a pas pu être envoyé : réessayez dans un instant.');
    const form = invalid('Invalid request', [
      { path: 'body.name', message: 'must not be empty' },
      { path: 'body.email', message: 'Invalid email address' },
      { path: 'body.productId', message: NOT_PUBLIC },
    ]);
    expect(fieldProblems(form, 'fr')).toEqual({ name: 'Le nom est obligatoire.', email: 'L’adresse e-mail n’est pas une adresse e-mail valide.', productId: 'La prestation n’est plus proposée en ligne.' });
    // An English page keeps the API's own sentences, which are written to be read.
    expect(humanRefusal({ status: 404, message: LINK_NOT_VALID }, 'en')).toBe(LINK_NOT_VALID);
  });

  it('on English pages: the API’s sentence without the schema path, zod’s wording made plain, each problem once', () => {
    expect(humanRefusal(invalid('Invalid request: body.price: Invalid input: expected number, received null'), 'en')).toBe('Price: enter a number');
    expect(humanRefusal(invalid('Invalid request', [{ path: 'body.endTime', message: 'must be after startTime' }, { path: 'body.endTime', message: 'must be after startTime' }]), 'en')).toBe('End: must be after startTime');
    expect(humanRefusal({ status: 409, message: 'Time slot is not available' }, 'en')).toBe('Time slot is not available');
    expect(humanRefusal({ status: 503, message: 'Erreur HTTP 503' }, 'en')).toBe('The service is unavailable for a moment: try again shortly.');
    expect(fieldProblems(invalid('Invalid request', [{ path: 'body.proposedTimes.1.startTime', message: 'must be in the future' }]), 'en')).toEqual({ 'proposedTimes.1.startTime': 'must be in the future' });
  });
});

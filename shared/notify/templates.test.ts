import { describe, expect, it } from 'vitest';
import { renderMail, type TemplateInput } from './templates.ts';

const input = (overrides: Partial<TemplateInput> = {}): TemplateInput => ({
  kind: 'confirmed',
  locale: 'fr',
  recipient: { name: 'Jean Dupont', timezone: 'Europe/Paris', side: 'client' },
  counterpart: 'Alice Martin',
  appointment: {
    title: 'Bilan <b>annuel</b>\nsuite',
    description: 'Apporter les documents',
    location: 'Paris Office',
    meetingUrl: 'https://meet.example.com/x?a=1&b=2',
    startTime: '2026-10-23T08:00:00.000Z',
    endTime: '2026-10-23T09:00:00.000Z',
    timezone: 'Europe/Paris',
    clientNote: 'Je viendrai avec mon associé',
  },
  invite: 'REQUEST',
  actionUrl: 'https://booking.example.com/dashboard/appointments',
  settingsUrl: 'https://booking.example.com/dashboard/profile',
  ...overrides,
});

describe('email templates', () => {
  it('speak French by default, with the time in the recipient’s zone and the invite explained', () => {
    const mail = renderMail(input());
    expect(mail.subject).toBe('Rendez-vous confirmé : Bilan <b>annuel</b> suite (23 oct., 10:00)');
    expect(mail.text).toContain('Bonjour Jean Dupont,');
    expect(mail.text).toContain('Votre rendez-vous avec Alice Martin est confirmé.');
    expect(mail.text).toContain('Quand\u00a0: vendredi 23 octobre 2026, 10:00 – 11:00 (Europe/Paris)');
    expect(mail.text).toContain("L'invitation jointe (.ics) l'ajoute à votre agenda");
    expect(mail.text).toContain('Voir mes rendez-vous\u00a0: https://booking.example.com/dashboard/appointments');
  });

  it('speak English when the profile says so', () => {
    const mail = renderMail(input({ locale: 'en', kind: 'cancelled', invite: 'CANCEL', appointment: { ...input().appointment, cancellationReason: 'Ill' } }));
    expect(mail.subject).toBe('Appointment cancelled: Bilan <b>annuel</b> suite (23 Oct, 10:00)');
    expect(mail.text).toContain('Your appointment with Alice Martin is cancelled.');
    expect(mail.text).toContain('When: Friday, 23 October 2026, 10:00 – 11:00 (Europe/Paris)');
    expect(mail.text).toContain('Reason: Ill');
    expect(mail.text).toContain('The attached invitation (.ics) removes it from your calendar.');
  });

  it('show 10:00 on both sides of the end of summer time, and the previous time of a change', () => {
    const mail = renderMail(
      input({
        kind: 'changed',
        appointment: { ...input().appointment, startTime: '2026-10-27T09:00:00.000Z', endTime: '2026-10-27T10:00:00.000Z' },
        previous: { startTime: '2026-10-23T08:00:00.000Z', endTime: '2026-10-23T09:00:00.000Z' },
      }),
    );
    expect(mail.text).toContain('Quand\u00a0: mardi 27 octobre 2026, 10:00 – 11:00 (Europe/Paris)');
    expect(mail.text).toContain('Auparavant\u00a0: vendredi 23 octobre 2026, 10:00 – 11:00 (Europe/Paris)');
  });

  it("add the appointment's local time when the recipient lives elsewhere", () => {
    const mail = renderMail(input({ recipient: { name: 'Jean', timezone: 'America/Montreal', side: 'client' } }));
    expect(mail.text).toContain('Quand\u00a0: vendredi 23 octobre 2026, 04:00 – 05:00 (America/Montreal)');
    expect(mail.text).toContain('Heure locale du rendez-vous\u00a0: vendredi 23 octobre 2026, 10:00 – 11:00 (Europe/Paris)');
  });

  it("give the client's note to admins only, and escape everything in the HTML", () => {
    const forClient = renderMail(input());
    const forAdmin = renderMail(input({ kind: 'request', invite: undefined, recipient: { name: 'Alice', timezone: 'Europe/Paris', side: 'admin' }, counterpart: 'Jean Dupont' }));
    expect(forClient.text).not.toContain('associé');
    expect(forAdmin.text).toContain('Message du client\u00a0: Je viendrai avec mon associé');
    expect(forAdmin.text).toContain('Jean Dupont demande un rendez-vous.');
    expect(forAdmin.text).toContain('Traiter la demande');
    expect(forClient.html).toContain('Bilan &lt;b&gt;annuel&lt;/b&gt;');
    expect(forClient.html).not.toContain('<b>annuel');
    expect(forClient.html).toContain('href="https://meet.example.com/x?a=1&amp;b=2"');
    expect(forClient.html).toMatch(/^<!doctype html>\n<html lang="fr">/);
  });

  it('say how soon a reminder is, and who the request comes from when the name is unknown', () => {
    expect(renderMail(input({ kind: 'reminder', invite: undefined, inMinutes: 1440 })).text).toMatch(/commence dans 24\sheures/);
    expect(renderMail(input({ kind: 'reminder', invite: undefined, inMinutes: 60, locale: 'en' })).text).toMatch(/starts in 1\shour\./);
    expect(renderMail(input({ kind: 'request', invite: undefined, counterpart: undefined })).text).toContain("L'équipe vous propose un rendez-vous.");
    expect(renderMail(input({ kind: 'changed', invite: undefined, pending: true })).text).toContain("Alice Martin a changé l'horaire de la demande");
  });

  it('list every proposed time of a request offering several, in the recipient’s zone', () => {
    const proposedTimes = [
      { startTime: '2026-10-23T08:00:00.000Z', endTime: '2026-10-23T09:00:00.000Z' },
      { startTime: '2026-10-26T14:30:00.000Z', endTime: '2026-10-26T15:30:00.000Z' },
      { startTime: '2026-10-27T07:00:00.000Z', endTime: '2026-10-27T08:00:00.000Z' },
    ];
    const mail = renderMail(input({ kind: 'request', invite: undefined, appointment: { ...input().appointment, proposedTimes } }));
    expect(mail.text).toContain('Alice Martin vous propose plusieurs horaires pour un rendez-vous.');
    expect(mail.text).toContain(
      'Horaires proposés\u00a0: vendredi 23 octobre 2026, 10:00 – 11:00 (Europe/Paris)\n  lundi 26 octobre 2026, 15:30 – 16:30 (Europe/Paris)\n  mardi 27 octobre 2026, 08:00 – 09:00 (Europe/Paris)',
    );
    expect(mail.text).not.toContain('Quand');
    expect(mail.html).toContain('lundi 26 octobre 2026, 15:30 – 16:30');
    const forAdmin = renderMail(input({ kind: 'request', invite: undefined, locale: 'en', recipient: { name: 'Alice', timezone: 'America/New_York', side: 'admin' }, counterpart: 'Jean Dupont', appointment: { ...input().appointment, proposedTimes } }));
    expect(forAdmin.text).toContain('Several times were proposed to Jean Dupont.');
    expect(forAdmin.text).toContain('Proposed times: Friday, 23 October 2026, 04:00 – 05:00 (America/New_York)');
  });
});

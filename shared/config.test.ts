import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.ts';

describe('configuration', () => {
  it('needs nothing set for local use', () => {
    const config = parseConfig({});
    expect(config.TABLE_NAME).toBe('booking');
    expect(config.DEFAULT_TIMEZONE).toBe('Europe/Paris');
    expect(config).toMatchObject({ MIN_NOTICE_MINUTES: 120, BOOKING_HORIZON_DAYS: 90 });
    expect(config.LAGO_API_URL).toBe('https://api.getlago.com/api/v1');
    expect(config.GOOGLE_CALENDAR_API_URL).toBe('https://www.googleapis.com/calendar/v3');
    // Payments are off until a Lago API key is set.
    expect(config.LAGO_API_KEY).toBeUndefined();
    expect(config.LAGO_TIMEOUT_MS).toBe(4000);
  });

  it('names every malformed variable in one error', () => {
    const attempt = () => parseConfig({ DYNAMODB_ENDPOINT: 'not a url', DEFAULT_TIMEZONE: 'Mars/Olympus', MAX_BODY_BYTES: '-3' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/DYNAMODB_ENDPOINT/);
    expect(attempt).toThrow(/DEFAULT_TIMEZONE: must be an IANA time zone/);
    expect(attempt).toThrow(/MAX_BODY_BYTES/);
  });

  it('treats an empty value as unset rather than invalid', () => {
    expect(parseConfig({ DYNAMODB_ENDPOINT: '', TABLE_NAME: '' }).TABLE_NAME).toBe('booking');
  });

  it('coerces numbers given as strings', () => {
    expect(parseConfig({ MAX_BODY_BYTES: '1024', SYNC_INTERVAL_SECONDS: '60', MIN_NOTICE_MINUTES: '0', BOOKING_HORIZON_DAYS: '30' })).toMatchObject({
      MAX_BODY_BYTES: 1024,
      SYNC_INTERVAL_SECONDS: 60,
      MIN_NOTICE_MINUTES: 0,
      BOOKING_HORIZON_DAYS: 30,
    });
    expect(() => parseConfig({ BOOKING_HORIZON_DAYS: '0' })).toThrow(/BOOKING_HORIZON_DAYS/);
  });

  it('reads reminder offsets as distinct minutes, largest first, and names a malformed list', () => {
    expect(parseConfig({}).REMINDER_OFFSETS_MINUTES).toEqual([1440, 60]);
    expect(parseConfig({ REMINDER_OFFSETS_MINUTES: '60, 2880,60' }).REMINDER_OFFSETS_MINUTES).toEqual([2880, 60]);
    expect(() => parseConfig({ REMINDER_OFFSETS_MINUTES: '1 day' })).toThrow(/REMINDER_OFFSETS_MINUTES: must be positive whole minutes/);
    expect(() => parseConfig({ REMINDER_OFFSETS_MINUTES: '0' })).toThrow(/REMINDER_OFFSETS_MINUTES: must name at least one/);
    expect(() => parseConfig({ MAIL_FROM_ADDRESS: 'nobody' })).toThrow(/MAIL_FROM_ADDRESS/);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { VIEWER_ADDRESS_HEADER } from '../../shared/http/client-address.ts';

// The exact text CloudFront runs on /api/* (the site stack deploys this file as is).
const source = readFileSync(path.join(import.meta.dirname, 'viewer-address.js'), 'utf8');
const handler = vm.runInNewContext(`${source}\nhandler;`, {}) as (event: object) => { uri: string; headers: Record<string, { value: string }> };

describe('the viewer-address CloudFront Function', () => {
  it("passes the viewer's own address to the API, replacing one the caller made up", () => {
    const request = handler({
      version: '1.0',
      context: { eventType: 'viewer-request' },
      viewer: { ip: '203.0.113.7' },
      request: { method: 'POST', uri: '/api/public/bookings', headers: { [VIEWER_ADDRESS_HEADER]: { value: '198.51.100.1' }, authorization: { value: 'Bearer x' } } },
    });
    expect(request.headers[VIEWER_ADDRESS_HEADER]).toEqual({ value: '203.0.113.7' });
    expect(request.headers.authorization).toEqual({ value: 'Bearer x' });
    expect(request.uri).toBe('/api/public/bookings');
  });
});

import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * The header that carries the viewer's own address to the API. Behind CloudFront, API Gateway's
 * `sourceIp` is the edge's address, shared by every visitor of that edge: a per-person limit
 * keyed on it would lock out strangers together. CloudFront's viewer-request function on /api/*
 * (infra/site/viewer-address.js) sets this header from the connection, replacing whatever the
 * caller sent under that name, and the local gateway does the same.
 */
export const VIEWER_ADDRESS_HEADER = 'x-viewer-address';

/** The caller's address for per-address limits: the header above, or the connection's when absent. */
export function clientAddress(event: Pick<APIGatewayProxyEventV2, 'headers' | 'requestContext'>): string {
  return event.headers?.[VIEWER_ADDRESS_HEADER] || event.requestContext.http.sourceIp;
}

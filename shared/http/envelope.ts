import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** What a handler returns: the data of the envelope, or a raw response (CSV, redirects). */
export type Reply =
  | { status?: number; data: unknown; nextCursor?: string; message?: string }
  | { raw: APIGatewayProxyStructuredResultV2 };

const jsonHeaders = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function successResponse(reply: Reply): APIGatewayProxyStructuredResultV2 {
  if ('raw' in reply) return reply.raw;
  const { status = 200, data, nextCursor, message } = reply;
  const body: Record<string, unknown> = { success: true, data };
  if (nextCursor !== undefined) body.nextCursor = nextCursor;
  if (message !== undefined) body.message = message;
  return { statusCode: status, headers: { ...jsonHeaders }, body: JSON.stringify(body) };
}

export function errorResponse(
  statusCode: number,
  error: string,
  details?: readonly unknown[],
): APIGatewayProxyStructuredResultV2 {
  const body: Record<string, unknown> = { success: false, error };
  if (details && details.length > 0) body.details = details;
  return { statusCode, headers: { ...jsonHeaders }, body: JSON.stringify(body) };
}

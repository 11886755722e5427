import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorBody } from '../../shared/api';

/** An expected failure with a stable code and a sentence for people; `app.onError` turns it into JSON. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: ErrorBody['details'],
  ) {
    super(message);
  }
}

/** 404 for a thing that does not exist, naming it. */
export function notFound(what: string, id: string, hint = ''): ApiError {
  return new ApiError(404, 'not_found', `There is no ${what} "${id}".${hint ? ' ' + hint : ''}`);
}

const CODES: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  500: 'internal_error',
  503: 'unavailable',
};

/** The JSON body for any error; never a stack trace. Unexpected errors are logged and reported as 500. */
export function errorResponse(err: Error, c: Context, log: (e: Error) => void = (e) => console.error(e)): Response {
  if (err instanceof ApiError) {
    const body: ErrorBody = { error: err.code, message: err.message };
    if (err.details) body.details = err.details;
    return c.json(body, err.status);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    let message = err.message || 'The request could not be handled.';
    if (/malformed json/i.test(message)) message = 'The request body is not valid JSON. Send a JSON object with Content-Type: application/json.';
    const body: ErrorBody = { error: CODES[status] ?? 'http_error', message };
    return c.json(body, status as ContentfulStatusCode);
  }
  log(err);
  const body: ErrorBody = {
    error: 'internal_error',
    message: 'The server failed to handle this request. Try again; if it keeps failing, look at the server log.',
  };
  return c.json(body, 500);
}

// HTTP errors as JSON {error, details} with a 4xx status.
import type { ErrorRequestHandler } from 'express';
import { RequestError } from '../../domain/requestError.ts';

/** An error to send as `{ error, details }` with the given status. */
export class HttpError extends Error {
  constructor(public readonly status: number, message: string, public readonly details: unknown = null) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * Returns a rethrower for `.catch()` and catch blocks: an app-level error (any RequestError: IndicatorsError,
 * CompareError, VecuInputError, GeocodingError...; or only those of `kind`) becomes an HttpError with its
 * status, message and details; anything else is rethrown as is.
 */
export function httpErrorFrom(kind: abstract new (...args: never[]) => RequestError = RequestError): (e: unknown) => never {
  return (e) => {
    if (e instanceof kind) throw new HttpError(e.status, e.message, e.details);
    throw e;
  };
}

/** Express error handler: HttpError → its status, a RequestError that no route converted (IngestError...) → its status, bad JSON → 400, anything else → 500. */
export const errorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  if (err instanceof RequestError) return void res.status(err.status).json({ error: err.message, details: err.details });
  if (err instanceof HttpError) return void res.status(err.status).json({ error: err.message, details: err.details });
  if (err?.type === 'entity.parse.failed') return void res.status(400).json({ error: 'Corps de requête JSON illisible.', details: String(err.message) });
  if (err?.type === 'entity.too.large') return void res.status(413).json({ error: 'Corps de requête trop volumineux.', details: String(err.message) });
  if (err?.code === 'LIMIT_FILE_SIZE') return void res.status(413).json({ error: 'Fichier trop volumineux.', details: String(err.message) });
  console.error(err);
  res.status(500).json({ error: 'Erreur interne du serveur.', details: String(err?.message ?? err) });
};

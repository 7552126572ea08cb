/**
 * Typed errors. Use cases throw them; the edge (HTTP middleware, event handlers) turns them into responses or
 * retries. A 4xx message is written for the caller; anything else is logged and answered without details.
 */
export type FieldErrors = Record<string, string>;

export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  /** Each offending part of the request, named as the caller sent it (`guest.email`, `query.cursor`): 4xx only. */
  readonly fields: FieldErrors;
  constructor(message: string, options?: { cause?: unknown; fields?: FieldErrors }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.fields = options?.fields ?? {};
  }
}

export class InvalidInputError extends AppError {
  readonly status = 400;
  readonly code = 'invalid_input';
  constructor(message: string, fields: FieldErrors = {}, options?: { cause?: unknown }) {
    super(message, { ...options, fields });
  }
}

/** A body the route would read, sent as something other than JSON: refused before anyone parses it. */
export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  readonly code = 'unsupported_media_type';
  constructor(message: string, fields: FieldErrors) {
    super(message, { fields });
  }
}

/**
 * A paging cursor that no earlier page gave this caller for this guest (forged, altered, another guest's, another
 * property's). Every such cursor gets the same answer, so a forged one cannot probe what exists. The store cannot
 * tell which request parameter carried it; the use case names it.
 */
export class InvalidCursorError extends InvalidInputError {
  constructor() {
    super('The cursor is not one a previous page gave', { cursor: 'must be the cursor of a previous page' });
  }
}

export class UnauthorizedError extends AppError {
  readonly status = 401;
  readonly code = 'unauthorized';
}

export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly code = 'forbidden';
}

export class NotFoundError extends AppError {
  readonly status = 404;
  readonly code = 'not_found';
}

export class ConflictError extends AppError {
  readonly status = 409;
  readonly code = 'conflict';
}

// The one error kind a request can end in when the user, not the program, must act: a French
// message, details, and a status saying which kind of refusal it is, in HTTP's vocabulary because
// both adapters understand it (the API sends it, the CLI exits 2). Pure.

/** 400 bad value, 404 unknown or not loaded, 409 data missing for this request, 413 too large, 422 unprocessable input, 502 an outside service failed. */
export type RequestErrorStatus = 400 | 404 | 409 | 413 | 422 | 502;

/** A request that cannot be answered; subclasses name the use case (IndicatorsError, CompareError...). */
export class RequestError extends Error {
  constructor(message: string, public readonly status: RequestErrorStatus, public readonly details: unknown = null) {
    super(message);
    this.name = 'RequestError';
  }
}

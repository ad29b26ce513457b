/**
 * An error answered on the wire the way AWS restJson1 services do: status, `x-amzn-ErrorType` and `{"message"}`.
 * `outcome` groups it in stats and the inspector.
 * @internal
 */
export class ServiceError extends Error {
  readonly code: string
  readonly status: number
  readonly outcome: 'invalid' | 'auth' | 'throttled' | 'not-found' | 'error'

  constructor(code: string, status: number, message: string, outcome: ServiceError['outcome']) {
    super(message)
    this.name = 'ServiceError'
    this.code = code
    this.status = status
    this.outcome = outcome
  }
}

/** Constructors for every error the emulator answers, named by their AWS code. @internal */
export const errors = {
  invalidInput: (message: string) => new ServiceError('InvalidInputException', 400, message, 'invalid'),
  resourceNotFound: (message: string) =>
    new ServiceError('ResourceNotFoundException', 404, message, 'not-found'),
  resourceInUse: (message: string) => new ServiceError('ResourceInUseException', 409, message, 'invalid'),
  serialization: (message: string) => new ServiceError('SerializationException', 400, message, 'invalid'),
  unknownOperation: (method: string, path: string) =>
    new ServiceError('UnknownOperationException', 404, `No operation matches ${method} ${path}`, 'not-found'),
  unsupportedMediaType: (type: string) =>
    new ServiceError(
      'UnsupportedMediaTypeException',
      415,
      `Unsupported Content-Type '${type}': restJson1 requests must be application/json`,
      'invalid',
    ),
  tooLarge: (limit: number) =>
    new ServiceError(
      'RequestEntityTooLargeException',
      413,
      `Request body exceeds the emulator's limit of ${limit} bytes`,
      'invalid',
    ),
  throttling: (message = 'Rate exceeded') =>
    new ServiceError('ThrottlingException', 400, message, 'throttled'),
  internalFailure: () =>
    new ServiceError(
      'InternalFailure',
      500,
      'The request processing has failed because of an unknown error.',
      'error',
    ),
  serviceUnavailable: () =>
    new ServiceError(
      'ServiceUnavailable',
      503,
      'The service is temporarily unavailable. Try again later.',
      'error',
    ),
  auth: (code: string, message: string) => new ServiceError(code, 403, message, 'auth'),
  accessDenied: (message: string) => new ServiceError('AccessDeniedException', 403, message, 'auth'),
}

import type { ServerResponse } from 'node:http'
import type { ServiceError } from './service-error'

const EMPTY = Buffer.alloc(0)

/** 200 with an empty body, as the service answers every successful call. @internal */
export function sendSuccess(res: ServerResponse, requestId: string): void {
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': '0',
    'x-amzn-RequestId': requestId,
  })
  res.end(EMPTY)
}

/** 200 with a JSON output body (the runtime operations). @internal */
export function sendJsonSuccess(res: ServerResponse, requestId: string, value: unknown): void {
  const body = JSON.stringify(value)
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'x-amzn-RequestId': requestId,
  })
  res.end(body)
}

/** An AWS restJson1 error: modelled status, `x-amzn-ErrorType` and `{"message"}` (SDKs read either). @internal */
export function sendError(res: ServerResponse, requestId: string, error: ServiceError): void {
  const body = JSON.stringify({ message: error.message })
  res.writeHead(error.status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'x-amzn-RequestId': requestId,
    'x-amzn-ErrorType': error.code,
  })
  res.end(body)
}

/** JSON for the admin API. @internal */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
  })
  res.end(body)
}

// What README examples assume the reader's app already has: their auth middleware, their cart, their catalog.
// Declared here (not in the examples) so the examples stay short and still type-check.

declare function myAuth(): import('express').RequestHandler
declare function cartOf(req: import('express').Request): { id: string; price: number }[]
declare function loadCatalog(): Promise<{ id: string; price: number }[]>

/** The reader's error reporting (Sentry, a log line, …). */
declare function report(events: unknown[], reason: string): void

/** The reader's own auth, where an example calls it without importing it. */
declare function auth(request?: Request): Promise<{ userId?: string; user?: { id: string } } | null>

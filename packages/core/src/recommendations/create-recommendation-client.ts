import type {
  GetPersonalizedRankingRequest,
  GetRecommendationsRequest,
} from '@aws-sdk/client-personalize-runtime'
import { PersonalizeValidationError } from '../errors'
import { fallbackItems } from './fallback'
import { createRecommendationMetrics, type RuntimeOperation } from './metrics'
import { resolveRecommendationOptions } from './resolve-options'
import { type ServiceAnswer, sendRuntimeCall } from './runtime-call'
import { TtlCache } from './ttl-cache'
import type {
  FallbackReason,
  GetPersonalizedRankingInput,
  Recommendation,
  RecommendationClient,
  RecommendationClientOptions,
  RecommendationSource,
  RecommendationStats,
  RecommendedItem,
} from './types'
import { type Checked, checkGetPersonalizedRanking, checkGetRecommendations } from './validate-request'

const PREFIX = '[@personalize-kit/core]'
/** A failing resource logs at most once per this interval (a broken ARN would otherwise log on every page). */
const LOG_INTERVAL_MS = 60_000

type CallResult = { ok: true; answer: ServiceAnswer } | { ok: false; error: unknown }

/** One service call, shared by every identical request that arrives while it is in flight. */
interface InFlightCall {
  promise: Promise<CallResult>
  /** Only for clients whose handler does not time requests out itself. */
  controller: AbortController | undefined
  /** Set once a caller stopped waiting for it: a success after that is a late answer. */
  outwaited: boolean
}

const TIMED_OUT = Symbol('timed out')

/** Each caller gets its own copy: one page editing its list must not change another's. */
function copyItems(items: RecommendedItem[]): RecommendedItem[] {
  return items.map((item) => ({ ...item }))
}

function errorName(error: unknown): string {
  return (error as { name?: unknown })?.name === undefined
    ? String(error)
    : String((error as { name: unknown }).name)
}

/**
 * Creates a Personalize Runtime client for pages. `getRecommendations` and `getPersonalizedRanking` answer within
 * `timeoutMs` (default 150 ms) from the service, from a short TTL cache of earlier answers, or from the fallback
 * when the service is slow, failing or overloaded; identical concurrent requests share one service call. Every
 * answer says its `source`, and everything is counted in `stats()` and OpenTelemetry metrics. Input that breaks
 * a Personalize limit rejects with a `PersonalizeValidationError` naming the field and the limit.
 *
 * Anonymous visitors: pass the collector's `sessionId` (the `pk_sid` cookie) and no `userId`; it is sent as the
 * user id, the way Personalize documents recommendations for anonymous users, and matches the session their
 * events carry.
 *
 * @example
 * ```ts title="server.ts"
 * import { createRecommendationClient } from '@personalize-kit/core'
 *
 * const recommendations = createRecommendationClient({
 *   clientConfig: { region: 'us-east-1' },
 *   fallback: async ({ numResults }) => db.bestSellers(numResults),
 * })
 * const { items, recommendationId, source } = await recommendations.getRecommendations({
 *   recommenderArn: 'arn:aws:personalize:us-east-1:123456789012:recommender/recommended-for-you',
 *   userId: user?.id,
 *   sessionId, // used when there is no user yet
 *   numResults: 8,
 * })
 * ```
 */
export function createRecommendationClient(options: RecommendationClientOptions = {}): RecommendationClient {
  const config = resolveRecommendationOptions(options)
  const { client, logger } = config
  const cache = new TtlCache<ServiceAnswer>(config.cacheTtlMs, config.cacheMaxEntries)
  const inFlight = new Map<string, InFlightCall>()
  const loggedAt = new Map<string, number>()
  let destroyed = false

  const counters = {
    requests: 0,
    personalize: 0,
    cache: 0,
    fallback: 0,
    invalid: 0,
    coalesced: 0,
    calls: 0,
    callErrors: 0,
    lateAnswers: 0,
  }
  const fallbackByReason: Record<FallbackReason, number> = { timeout: 0, error: 0, overload: 0 }
  const metrics = createRecommendationMetrics(options.meterProvider, () => ({
    inFlight: inFlight.size,
    cacheSize: cache.size,
  }))

  function logCallError(
    operation: RuntimeOperation,
    request: { campaignArn?: string; recommenderArn?: string },
    error: unknown,
    abandoned: boolean,
  ): void {
    const arn = request.campaignArn ?? request.recommenderArn
    const name = errorName(error)
    const key = `${operation} ${arn} ${name}`
    const now = Date.now()
    const last = loggedAt.get(key)
    if (last !== undefined && now - last < LOG_INTERVAL_MS) return
    if (loggedAt.size > 1000) loggedAt.clear()
    loggedAt.set(key, now)
    // A call we abandoned after requestTimeoutMs is the slow service the budget already answered for; anything
    // else (an unknown ARN, a refused input, a network failure) needs a human. The SDK's own error names cannot
    // tell them apart: it calls a reset socket a TimeoutError too.
    const message = abandoned
      ? `${PREFIX} ${operation} abandoned after requestTimeoutMs (${config.requestTimeoutMs} ms); the fallback answered`
      : `${PREFIX} ${operation} failed (${name}: ${(error as Error)?.message ?? ''}); the fallback answers`
    logger[abandoned ? 'info' : 'warn'](
      { operation, arn, error },
      `${message} (logged at most once a minute per resource and error)`,
    )
  }

  function startCall(
    operation: RuntimeOperation,
    checked: Checked<GetRecommendationsRequest | GetPersonalizedRankingRequest>,
  ): InFlightCall {
    const controller = config.abortPerCall ? new AbortController() : undefined
    const timer = controller && setTimeout(() => controller.abort(), config.requestTimeoutMs)
    timer?.unref?.()
    const started = performance.now()
    counters.calls++
    const call: InFlightCall = { controller, outwaited: false, promise: undefined as never }
    call.promise = sendRuntimeCall(client, operation, checked.request, controller?.signal).then(
      (answer): CallResult => {
        clearTimeout(timer)
        inFlight.delete(checked.key)
        metrics.call(operation, performance.now() - started, 'success')
        if (!destroyed) cache.set(checked.key, answer)
        if (call.outwaited) counters.lateAnswers++
        return { ok: true, answer }
      },
      (error: unknown): CallResult => {
        clearTimeout(timer)
        inFlight.delete(checked.key)
        counters.callErrors++
        const elapsed = performance.now() - started
        metrics.call(operation, elapsed, 'error')
        // Ended by requestTimeoutMs: our controller fired, or the handler's timeout did (it ran the whole time).
        const abandoned = controller?.signal.aborted ?? elapsed >= config.requestTimeoutMs
        if (!destroyed) logCallError(operation, checked.request, error, abandoned)
        return { ok: false, error }
      },
    )
    inFlight.set(checked.key, call)
    return call
  }

  /** The call's result, or TIMED_OUT once `budgetMs` has passed. */
  function withinBudget(call: InFlightCall, budgetMs: number): Promise<CallResult | typeof TIMED_OUT> {
    let timer: ReturnType<typeof setTimeout> | undefined
    const budget = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(resolve, budgetMs, TIMED_OUT)
    })
    return Promise.race([call.promise, budget]).finally(() => clearTimeout(timer))
  }

  function answered(
    operation: RuntimeOperation,
    started: number,
    source: RecommendationSource,
    answer: ServiceAnswer,
  ): Recommendation {
    counters[source]++
    metrics.answered(operation, source, performance.now() - started)
    const recommendation: Recommendation = { items: copyItems(answer.items), source }
    if (answer.recommendationId !== undefined) recommendation.recommendationId = answer.recommendationId
    return recommendation
  }

  async function answer(
    operation: RuntimeOperation,
    checked: Checked<GetRecommendationsRequest | GetPersonalizedRankingRequest>,
    budgetMs: number,
    fallback: (reason: FallbackReason, error?: unknown) => Promise<RecommendedItem[]>,
  ): Promise<Recommendation> {
    const started = performance.now()
    const fallBack = async (reason: FallbackReason, error?: unknown): Promise<Recommendation> => {
      const items = await fallback(reason, error)
      fallbackByReason[reason]++
      metrics.fallback(operation, reason)
      return { ...answered(operation, started, 'fallback', { items }), fallbackReason: reason }
    }
    if (destroyed) return fallBack('error', new Error('the recommendation client was destroyed'))
    const cached = cache.get(checked.key)
    if (cached !== undefined) return answered(operation, started, 'cache', cached)
    let call = inFlight.get(checked.key)
    if (call !== undefined) {
      counters.coalesced++
      metrics.coalesced(operation)
    } else if (inFlight.size >= config.maxInFlight) return fallBack('overload')
    else call = startCall(operation, checked)
    const result = await withinBudget(call, budgetMs)
    if (result === TIMED_OUT) {
      call.outwaited = true
      return fallBack('timeout')
    }
    if (!result.ok) return fallBack('error', result.error)
    return answered(operation, started, 'personalize', result.answer)
  }

  function check<T>(operation: RuntimeOperation, run: () => T): T {
    counters.requests++
    try {
      return run()
    } catch (error) {
      if (error instanceof PersonalizeValidationError) {
        counters.invalid++
        metrics.invalid(operation)
      }
      throw error
    }
  }

  return {
    async getRecommendations(input) {
      const checked = check('GetRecommendations', () => checkGetRecommendations(input))
      const request = checked.request
      return answer(
        'GetRecommendations',
        checked,
        input.timeoutMs ?? config.timeoutMs,
        async (reason, error) => {
          const context = {
            operation: 'GetRecommendations' as const,
            reason,
            numResults: checked.numResults,
            ...(error !== undefined && { error }),
            ...(request.campaignArn !== undefined && { campaignArn: request.campaignArn }),
            ...(request.recommenderArn !== undefined && { recommenderArn: request.recommenderArn }),
            ...(request.userId !== undefined && { userId: request.userId }),
            ...(request.itemId !== undefined && { itemId: request.itemId }),
          }
          const { items, problem } = await fallbackItems(input.fallback ?? config.fallback, context)
          if (problem !== undefined)
            logger.warn(
              { error: problem },
              `${PREFIX} the recommendation fallback failed; answering no items`,
            )
          return items
        },
      )
    },
    async getPersonalizedRanking(input: GetPersonalizedRankingInput) {
      const checked = check('GetPersonalizedRanking', () => checkGetPersonalizedRanking(input))
      // Unranked, the list keeps the order the page gave: the natural fallback.
      const unranked = checked.request.inputList!.map((itemId) => ({ itemId }))
      return answer(
        'GetPersonalizedRanking',
        checked,
        input.timeoutMs ?? config.timeoutMs,
        async () => unranked,
      )
    },
    stats(): RecommendationStats {
      return {
        ...counters,
        fallbackByReason: { ...fallbackByReason },
        inFlight: inFlight.size,
        cacheSize: cache.size,
      }
    },
    clearCache() {
      cache.clear()
    },
    destroy() {
      if (destroyed) return
      destroyed = true
      cache.clear()
      for (const call of inFlight.values()) call.controller?.abort()
      if (config.ownsClient) config.client.destroy()
    },
  }
}

import { errors, type ServiceError } from '../service-error'
import { compileFilter, FilterValuesError, metadataValue } from './filters/apply-filter'
import type { Interaction, ModelIndex } from './model/interaction-index'
import { rankItems, type Scored } from './model/rank-items'
import type { RecommendationLog } from './recommendation-log'
import type { ResolvedResource, RuntimeRegistry } from './runtime-registry'
import type { IssuedRecommendation, RuntimeOperation } from './runtime-types'

/** What a runtime call needs from the emulator. @internal */
export interface RuntimeContext {
  registry: RuntimeRegistry
  index: ModelIndex
  log: RecommendationLog
  seed: number
}

/** A successful answer, or the AWS error to send. @internal */
export type RuntimeResult =
  | { ok: true; body: Record<string, unknown>; issued: IssuedRecommendation }
  | { ok: false; error: ServiceError }

const MAX_RESULTS = 500
const MAX_RESULTS_WITH_METADATA = 50
const MAX_INPUT_LIST = 500
const ACTION_DEFAULT_RESULTS = 5
const ACTION_MAX_RESULTS = 100

type Body = Record<string, unknown>
const str = (v: unknown) => (typeof v === 'string' ? v : undefined)
const round = (n: number) => Math.round(n * 1e4) / 1e4

class Refusal extends Error {
  constructor(readonly error: ServiceError) {
    super(error.message)
  }
}
const invalid = (message: string) => new Refusal(errors.invalidInput(message))
const notFound = (arn: string) => new Refusal(errors.resourceNotFound(`Resource ${arn} does not exist.`))

function resolveResource(
  ctx: RuntimeContext,
  arn: string,
  as: 'campaign' | 'recommender',
  op: RuntimeOperation,
): ResolvedResource {
  const r = ctx.registry.resource(arn)
  if (!r) throw notFound(arn)
  if (r.info.resourceType !== as) {
    throw invalid(`${arn} is a ${r.info.resourceType}; pass it as ${r.info.resourceType}Arn, not ${as}Arn`)
  }
  if (r.info.operation !== op) {
    throw invalid(
      `${arn} is a ${r.info.label} ${r.info.resourceType}: it answers ${r.info.operation}, not ${op}`,
    )
  }
  return r
}

function numResults(body: Body, max: number, fallback: number, why = ''): number {
  const n = body.numResults as number | undefined
  if (n === undefined || n === 0) return fallback
  if (n > max) throw invalid(`numResults must be at most ${max}${why}, got ${n}`)
  return n
}

function metadataColumns(body: Body): string[] | undefined {
  const m = body.metadataColumns as Record<string, string[]> | undefined
  if (!m) return undefined
  const keys = Object.keys(m)
  if (keys.length === 0) return undefined
  if (keys[0] !== 'ITEMS') {
    throw invalid(`metadataColumns supports the ITEMS dataset only, got '${keys[0]}'`)
  }
  return m.ITEMS
}

function filterPredicate(
  ctx: RuntimeContext,
  filterArn: string | undefined,
  filterValues: Record<string, string> | undefined,
  history: Interaction[],
  catalog: ReadonlyMap<string, Record<string, unknown>>,
  field = 'filterValues',
): ((id: string) => boolean) | undefined {
  if (!filterArn) return undefined
  const f = ctx.registry.filter(filterArn)
  if (!f) throw notFound(filterArn)
  try {
    return compileFilter(f.parsed, filterValues, { history, item: (id) => catalog.get(id) })
  } catch (e) {
    if (e instanceof FilterValuesError) throw invalid(e.message.replace(/^filterValues/, field))
    throw e
  }
}

function withMetadata(
  entry: Record<string, unknown>,
  columns: string[] | undefined,
  props: Record<string, unknown> | undefined,
) {
  if (!columns) return entry
  const metadata: Record<string, string> = {}
  for (const c of columns) {
    const v = metadataValue(props, c)
    if (v !== undefined) metadata[c] = v
  }
  entry.metadata = metadata
  return entry
}

function recommendations(ctx: RuntimeContext, body: Body) {
  const campaignArn = str(body.campaignArn)
  const recommenderArn = str(body.recommenderArn)
  if (campaignArn && recommenderArn) {
    throw invalid('Provide either campaignArn or recommenderArn, not both')
  }
  if (!campaignArn && !recommenderArn) throw invalid('Either campaignArn or recommenderArn is required')
  const arn = (campaignArn ?? recommenderArn) as string
  const resource = resolveResource(ctx, arn, campaignArn ? 'campaign' : 'recommender', 'GetRecommendations')
  const userId = str(body.userId)
  const itemId = str(body.itemId)
  if (resource.info.requires === 'userId' && !userId) {
    throw invalid(`userId is required for ${arn} (${resource.info.label})`)
  }
  if (resource.info.requires === 'itemId' && !itemId) {
    throw invalid(`itemId is required for ${arn} (${resource.info.label})`)
  }
  const columns = metadataColumns(body)
  const n = columns
    ? numResults(body, MAX_RESULTS_WITH_METADATA, 25, ' when metadataColumns are requested')
    : numResults(body, MAX_RESULTS, 25)
  const promotions = (body.promotions as Body[] | undefined) ?? []
  promotions.forEach((p, i) => {
    for (const k of ['name', 'percentPromotedItems', 'filterArn']) {
      if (p[k] === undefined) throw invalid(`promotions.${i + 1}.member.${k} is required`)
    }
  })

  const catalog = ctx.index.catalog(resource.itemsDatasetArn) ?? new Map<string, Record<string, unknown>>()
  const { ranked, history } = rankItems({
    kind: resource.kind,
    info: resource.info,
    group: ctx.index.group(resource.trackingId),
    catalog,
    userId,
    itemId,
    excludePurchased: resource.excludePurchased,
    seed: ctx.seed,
  })
  const keep = filterPredicate(
    ctx,
    str(body.filterArn),
    body.filterValues as Record<string, string> | undefined,
    history,
    catalog,
  )
  const main = keep ? ranked.filter((s) => keep(s.itemId)) : ranked

  let chosen: (Scored & { promotionName?: string })[] = main.slice(0, n)
  const promotion = promotions[0]
  if (promotion) {
    const pKeep = filterPredicate(
      ctx,
      promotion.filterArn as string,
      promotion.filterValues as Record<string, string> | undefined,
      history,
      catalog,
      'promotions.1.member.filterValues',
    )
    const slots = Math.max(1, Math.floor((n * (promotion.percentPromotedItems as number)) / 100))
    const promoted = ranked.filter((s) => (pKeep ? pKeep(s.itemId) : true)).slice(0, slots)
    const promotedIds = new Set(promoted.map((p) => p.itemId))
    const rest = main.filter((s) => !promotedIds.has(s.itemId))
    chosen = []
    // Spread promoted items evenly through the list, as Personalize interleaves them.
    const every = promoted.length > 0 ? n / promoted.length : n
    let pi = 0
    let ri = 0
    for (let pos = 0; pos < n && (pi < promoted.length || ri < rest.length); pos++) {
      const promotedHere = pi < promoted.length && (pos >= Math.floor(pi * every) || ri >= rest.length)
      if (promotedHere) {
        const p = promoted[pi++] as Scored
        chosen.push({ ...p, reason: 'Promoted item', promotionName: promotion.name as string })
      } else chosen.push(rest[ri++] as Scored)
    }
  }
  const itemList = chosen.map((s) => {
    const entry: Record<string, unknown> = { itemId: s.itemId, score: round(s.score) }
    if (s.promotionName) entry.promotionName = s.promotionName
    if (s.reason) entry.reason = [s.reason]
    return withMetadata(entry, columns, catalog.get(s.itemId))
  })
  const issued = ctx.log.issue({
    arn,
    operation: 'GetRecommendations',
    ...(userId ? { userId } : {}),
    ...(itemId ? { itemId } : {}),
    ...(str(body.filterArn) ? { filterArn: str(body.filterArn) } : {}),
    items: itemList.map((i) => i.itemId as string),
    issuedAt: Date.now(),
  })
  return { body: { itemList, recommendationId: issued.recommendationId }, issued }
}

function ranking(ctx: RuntimeContext, body: Body) {
  const arn = body.campaignArn as string
  const resource = resolveResource(ctx, arn, 'campaign', 'GetPersonalizedRanking')
  const inputList = body.inputList as string[]
  if (inputList.length === 0) throw invalid('inputList must contain at least 1 item')
  if (inputList.length > MAX_INPUT_LIST) {
    throw invalid(`inputList must contain at most ${MAX_INPUT_LIST} items, got ${inputList.length}`)
  }
  const userId = body.userId as string
  const columns = metadataColumns(body)
  const catalog = ctx.index.catalog(resource.itemsDatasetArn) ?? new Map<string, Record<string, unknown>>()
  const { ranked, history } = rankItems({
    kind: resource.kind,
    info: resource.info,
    group: ctx.index.group(resource.trackingId),
    catalog,
    userId,
    excludePurchased: false,
    seed: ctx.seed,
  })
  const position = new Map(ranked.map((s, i) => [s.itemId, i]))
  const scores = new Map(ranked.map((s) => [s.itemId, s]))
  const keep = filterPredicate(
    ctx,
    str(body.filterArn),
    body.filterValues as Record<string, string> | undefined,
    history,
    catalog,
  )
  const unique = [...new Set(inputList)].filter((id) => !keep || keep(id))
  // Known items by model order; items the model does not know keep their input order, at the end.
  const known = unique.filter((id) => position.has(id))
  known.sort((a, b) => (position.get(a) as number) - (position.get(b) as number))
  const unknown = unique.filter((id) => !position.has(id))
  const personalizedRanking = [...known, ...unknown].map((id) => {
    const s = scores.get(id)
    const entry: Record<string, unknown> = { itemId: id, score: round(s?.score ?? 0) }
    if (s?.reason) entry.reason = [s.reason]
    return withMetadata(entry, columns, catalog.get(id))
  })
  const issued = ctx.log.issue({
    arn,
    operation: 'GetPersonalizedRanking',
    userId,
    items: personalizedRanking.map((i) => i.itemId as string),
    issuedAt: Date.now(),
  })
  return { body: { personalizedRanking, recommendationId: issued.recommendationId }, issued }
}

function actions(ctx: RuntimeContext, body: Body) {
  const arn = str(body.campaignArn)
  if (!arn) throw invalid('campaignArn is required')
  const resource = resolveResource(ctx, arn, 'campaign', 'GetActionRecommendations')
  const userId = str(body.userId)
  if (!userId) throw invalid(`userId is required for ${arn} (${resource.info.label})`)
  if (body.filterArn !== undefined) {
    const f = ctx.registry.filter(body.filterArn as string)
    if (!f) throw notFound(body.filterArn as string)
    throw invalid(`filterArn: the emulator does not apply filters to action recommendations (${f.arn})`)
  }
  const n = numResults(body, ACTION_MAX_RESULTS, ACTION_DEFAULT_RESULTS)
  const catalog = ctx.index.catalog(resource.actionsDatasetArn) ?? new Map<string, Record<string, unknown>>()
  const pop = ctx.index.actionPopularity(resource.actionTrackingId) ?? new Map<string, number>()
  let max = 0
  for (const v of pop.values()) max = Math.max(max, v)
  const list = [...catalog.keys()]
    .map((id, i) => ({ id, score: max > 0 ? (pop.get(id) ?? 0) / max : 0, i }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, n)
  const actionList = list.map((a) => ({ actionId: a.id, score: round(a.score) }))
  const issued = ctx.log.issue({
    arn,
    operation: 'GetActionRecommendations',
    userId,
    items: actionList.map((a) => a.actionId),
    issuedAt: Date.now(),
  })
  return { body: { actionList, recommendationId: issued.recommendationId }, issued }
}

/**
 * Answers one validated runtime call: the rules the model does not carry, the resource and filter lookups, the
 * model, and a fresh remembered `recommendationId`.
 * @internal
 */
export function serveRuntime(ctx: RuntimeContext, op: RuntimeOperation, body: Body): RuntimeResult {
  try {
    const out =
      op === 'GetRecommendations'
        ? recommendations(ctx, body)
        : op === 'GetPersonalizedRanking'
          ? ranking(ctx, body)
          : actions(ctx, body)
    return { ok: true, ...out }
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, error: e.error }
    throw e
  }
}

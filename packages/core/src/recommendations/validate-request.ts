import type {
  GetPersonalizedRankingRequest,
  GetRecommendationsRequest,
} from '@aws-sdk/client-personalize-runtime'
import { PersonalizeValidationError, type ValidationIssue } from '../errors'
import { checkArn, checkId, checkString } from '../validation/checks'
import { DEFAULT_NUM_RESULTS, RUNTIME_LIMITS as L } from './limits'
import type { GetPersonalizedRankingInput, GetRecommendationsInput } from './types'

// Smithy patterns are not anchored, but the service refuses keys with other characters: anchor them here.
const ATTRIBUTE_NAME = /^[A-Za-z\d_]+$/
const PROMOTION_NAME = /^[a-zA-Z0-9][a-zA-Z0-9\-_]*$/

/** A request checked and normalised: `key` is the same for requests the service would answer alike. */
export interface Checked<T> {
  request: T
  key: string
  numResults: number
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Checks a string map against entry, key and value limits; returns it with sorted keys (a stable cache key). */
function checkMap(
  issues: ValidationIssue[],
  path: string,
  value: unknown,
  limits: { entries: number; key: number; value: number },
): Record<string, string> | undefined {
  if (value === undefined) return undefined
  if (!isRecord(value)) {
    issues.push({ path, message: `must be an object of string values (at most ${limits.entries} entries)` })
    return undefined
  }
  const keys = Object.keys(value).sort()
  if (keys.length > limits.entries) {
    issues.push({ path, message: `must hold at most ${limits.entries} entries, got ${keys.length}` })
    return undefined
  }
  const out: Record<string, string> = {}
  for (const key of keys) {
    if (key.length === 0 || key.length > limits.key || !ATTRIBUTE_NAME.test(key)) {
      issues.push({
        path: `${path}.${key}`,
        message: `key must be 1..${limits.key} characters of A-Z, a-z, 0-9 and _`,
      })
      continue
    }
    if (checkString(issues, `${path}.${key}`, value[key], true, limits.value)) out[key] = value[key]
  }
  return out
}

const CONTEXT = { entries: L.contextEntries, key: L.contextKey, value: L.contextValue }
const FILTER_VALUES = { entries: L.filterValuesEntries, key: L.filterValuesKey, value: L.filterValuesValue }

function checkMetadataColumns(
  issues: ValidationIssue[],
  value: unknown,
): Record<string, string[]> | undefined {
  const path = 'metadataColumns'
  if (value === undefined) return undefined
  if (!isRecord(value)) {
    issues.push({ path, message: 'must be an object such as { ITEMS: ["TITLE", "PRICE"] }' })
    return undefined
  }
  const types = Object.keys(value)
  if (types.length > L.metadataDatasets) {
    issues.push({
      path,
      message: `must name at most ${L.metadataDatasets} dataset type, got ${types.length}`,
    })
    return undefined
  }
  const out: Record<string, string[]> = {}
  for (const type of types) {
    const columns = value[type]
    const columnsPath = `${path}.${type}`
    if (type.length > L.metadataDatasetType) {
      issues.push({
        path: columnsPath,
        message: `dataset type must be at most ${L.metadataDatasetType} characters`,
      })
      continue
    }
    if (!Array.isArray(columns) || columns.length > L.metadataColumns) {
      issues.push({
        path: columnsPath,
        message: `must be an array of at most ${L.metadataColumns} column names, got ${Array.isArray(columns) ? columns.length : typeof columns}`,
      })
      continue
    }
    const before = issues.length
    for (let i = 0; i < columns.length; i++)
      checkString(issues, `${columnsPath}[${i}]`, columns[i], true, L.metadataColumn)
    if (issues.length === before) out[type] = [...columns]
  }
  return out
}

function checkCount(
  issues: ValidationIssue[],
  path: string,
  value: unknown,
  min: number,
  max: number,
  why = '',
): value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    issues.push({ path, message: `must be an integer ${min}..${max}${why}, got ${String(value)}` })
    return false
  }
  return true
}

function checkPromotions(issues: ValidationIssue[], value: unknown): GetRecommendationsRequest['promotions'] {
  const path = 'promotions'
  if (value === undefined) return undefined
  if (!Array.isArray(value) || value.length > L.promotions) {
    issues.push({
      path,
      message: `must be an array of at most ${L.promotions} promotion, got ${Array.isArray(value) ? value.length : typeof value}`,
    })
    return undefined
  }
  return value.map((promotion: unknown, i) => {
    const at = `${path}[${i}]`
    if (!isRecord(promotion)) {
      issues.push({ path: at, message: 'must be an object { name, percentPromotedItems, filterArn }' })
      return {}
    }
    // The model makes every member optional; each is checked when present.
    const { name, percentPromotedItems, filterArn } = promotion
    if (
      name !== undefined &&
      checkString(issues, `${at}.name`, name, true, L.promotionName) &&
      !PROMOTION_NAME.test(name)
    )
      issues.push({
        path: `${at}.name`,
        message: 'must start with a letter or digit and hold only letters, digits, - and _',
      })
    if (percentPromotedItems !== undefined)
      checkCount(
        issues,
        `${at}.percentPromotedItems`,
        percentPromotedItems,
        L.percentPromotedItemsMin,
        L.percentPromotedItemsMax,
      )
    if (filterArn !== undefined) checkArn(issues, `${at}.filterArn`, filterArn)
    const filterValues = checkMap(issues, `${at}.filterValues`, promotion.filterValues, FILTER_VALUES)
    return {
      ...(name !== undefined && { name: name as string }),
      ...(percentPromotedItems !== undefined && { percentPromotedItems: percentPromotedItems as number }),
      ...(filterArn !== undefined && { filterArn: filterArn as string }),
      ...(filterValues && { filterValues }),
    }
  })
}

/** `userId`, or for an anonymous visitor the session id, as Personalize documents for anonymous users. */
function checkUser(
  issues: ValidationIssue[],
  input: { userId?: unknown; sessionId?: unknown },
): string | undefined {
  if (input.userId !== undefined && input.userId !== null)
    return checkId(issues, 'userId', input.userId, true) ? input.userId : undefined
  if (input.sessionId !== undefined && input.sessionId !== null)
    return checkId(issues, 'sessionId', input.sessionId, true) ? input.sessionId : undefined
  return undefined
}

function fail(issues: ValidationIssue[], what: string): never {
  throw new PersonalizeValidationError(issues, what)
}

/**
 * Checks a GetRecommendations input against the runtime model's limits and builds the SDK request.
 * Throws a `PersonalizeValidationError` naming every field and limit broken.
 */
export function checkGetRecommendations(input: GetRecommendationsInput): Checked<GetRecommendationsRequest> {
  const issues: ValidationIssue[] = []
  if (!isRecord(input as unknown))
    fail([{ path: 'input', message: 'must be an object' }], 'GetRecommendations request')
  const { campaignArn, recommenderArn } = input
  if ((campaignArn === undefined) === (recommenderArn === undefined))
    issues.push({
      path: 'campaignArn',
      message: 'exactly one of campaignArn and recommenderArn is required',
    })
  else if (campaignArn !== undefined) checkArn(issues, 'campaignArn', campaignArn)
  else checkArn(issues, 'recommenderArn', recommenderArn)
  const userId = checkUser(issues, input)
  if (input.itemId !== undefined) checkId(issues, 'itemId', input.itemId, true)
  const metadataColumns = checkMetadataColumns(issues, input.metadataColumns)
  const withMetadata = metadataColumns !== undefined && Object.keys(metadataColumns).length > 0
  const max = withMetadata ? L.numResultsWithMetadata : L.numResults
  if (input.numResults !== undefined)
    checkCount(issues, 'numResults', input.numResults, 0, max, withMetadata ? ' with metadataColumns' : '')
  const context = checkMap(issues, 'context', input.context, CONTEXT)
  if (input.filterArn !== undefined) checkArn(issues, 'filterArn', input.filterArn)
  const filterValues = checkMap(issues, 'filterValues', input.filterValues, FILTER_VALUES)
  const promotions = checkPromotions(issues, input.promotions)
  if (input.timeoutMs !== undefined) checkCount(issues, 'timeoutMs', input.timeoutMs, 1, 600_000)
  if (issues.length > 0) fail(issues, 'GetRecommendations request')

  // Fixed key order, sorted maps: the JSON is the coalescing and cache key.
  const request: GetRecommendationsRequest = {
    ...(campaignArn !== undefined && { campaignArn }),
    ...(recommenderArn !== undefined && { recommenderArn }),
    ...(userId !== undefined && { userId }),
    ...(input.itemId !== undefined && { itemId: input.itemId }),
    ...(input.numResults !== undefined && { numResults: input.numResults }),
    ...(context && { context }),
    ...(input.filterArn !== undefined && { filterArn: input.filterArn }),
    ...(filterValues && { filterValues }),
    ...(promotions && { promotions }),
    ...(metadataColumns && { metadataColumns }),
  }
  return {
    request,
    key: `GetRecommendations ${JSON.stringify(request)}`,
    numResults: input.numResults ?? DEFAULT_NUM_RESULTS,
  }
}

/**
 * Checks a GetPersonalizedRanking input against the runtime model's limits and builds the SDK request.
 * Throws a `PersonalizeValidationError` naming every field and limit broken.
 */
export function checkGetPersonalizedRanking(
  input: GetPersonalizedRankingInput,
): Checked<GetPersonalizedRankingRequest> {
  const issues: ValidationIssue[] = []
  const what = 'GetPersonalizedRanking request'
  if (!isRecord(input as unknown)) fail([{ path: 'input', message: 'must be an object' }], what)
  checkArn(issues, 'campaignArn', input.campaignArn)
  const userId = checkUser(issues, input)
  if (userId === undefined && issues.length === 0 && input.userId == null && input.sessionId == null)
    issues.push({ path: 'userId', message: 'is required (or sessionId for an anonymous visitor)' })
  const metadataColumns = checkMetadataColumns(issues, input.metadataColumns)
  const withMetadata = metadataColumns !== undefined && Object.keys(metadataColumns).length > 0
  const max = withMetadata ? L.inputListWithMetadata : L.inputList
  const list: unknown = input.inputList
  if (!Array.isArray(list) || list.length === 0 || list.length > max)
    issues.push({
      path: 'inputList',
      message: `must be an array of 1..${max} item ids${withMetadata ? ' with metadataColumns' : ''}, got ${Array.isArray(list) ? list.length : typeof list}`,
    })
  else for (let i = 0; i < list.length; i++) checkId(issues, `inputList[${i}]`, list[i], true)
  const context = checkMap(issues, 'context', input.context, CONTEXT)
  if (input.filterArn !== undefined) checkArn(issues, 'filterArn', input.filterArn)
  const filterValues = checkMap(issues, 'filterValues', input.filterValues, FILTER_VALUES)
  if (input.timeoutMs !== undefined) checkCount(issues, 'timeoutMs', input.timeoutMs, 1, 600_000)
  if (issues.length > 0) fail(issues, what)

  const request: GetPersonalizedRankingRequest = {
    campaignArn: input.campaignArn,
    userId: userId as string,
    inputList: [...input.inputList],
    ...(context && { context }),
    ...(input.filterArn !== undefined && { filterArn: input.filterArn }),
    ...(filterValues && { filterValues }),
    ...(metadataColumns && { metadataColumns }),
  }
  return {
    request,
    key: `GetPersonalizedRanking ${JSON.stringify(request)}`,
    numResults: input.inputList.length,
  }
}

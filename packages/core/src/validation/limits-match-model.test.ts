import { describe, expect, it } from 'vitest'
// The emulator's constraints are generated from the service's Smithy model; core's limits are copied by hand.
import { SHAPES } from '../../../emulator/src/constraints.generated'
import { LIMITS, RESERVED_PROPERTY_KEYS } from './limits'

/** Every shape of the model with a `max`, and the limit of core that must equal it. */
const SHAPE_LIMITS: Record<string, keyof typeof LIMITS> = {
  StringType: 'string',
  ItemId: 'string',
  UserId: 'string',
  ActionId: 'string',
  RecommendationId: 'recommendationId',
  Arn: 'arn',
  EventAttributionSource: 'eventAttributionSource',
  Impression: 'impressions',
  ActionImpression: 'impressions',
  SynthesizedJsonEventPropertiesJSON: 'eventProperties',
  SynthesizedJsonActionInteractionProperties: 'actionInteractionProperties',
  SynthesizedJsonItemProperties: 'itemProperties',
  SynthesizedJsonActionProperties: 'actionProperties',
  SynthesizedJsonUserProperties: 'userProperties',
  EventList: 'batch',
  ItemList: 'batch',
  UserList: 'batch',
  ActionList: 'batch',
  ActionInteractionsList: 'batch',
}

describe("core's limits match the service model (the emulator's generated constraints)", () => {
  it('every bounded shape of the model maps to a limit of core', () => {
    const bounded = Object.entries(SHAPES)
      .filter(([, shape]) => typeof (shape as { max?: unknown }).max === 'number')
      .map(([name]) => name)
      .sort()
    expect(bounded).toEqual(Object.keys(SHAPE_LIMITS).sort())
  })

  for (const [shape, limit] of Object.entries(SHAPE_LIMITS)) {
    it(`${shape}.max = LIMITS.${limit}`, () => {
      expect((SHAPES[shape] as { max: number }).max).toBe(LIMITS[limit])
    })
  }

  it('the reserved property keys are the model’s, for events and action interactions alike', () => {
    const reserved = (structure: string) => {
      const members = (SHAPES[structure] as { members: Record<string, { reservedKeys?: string[] }> }).members
      return (members.properties?.reservedKeys ?? []).map((key) => key.toLowerCase()).sort()
    }
    expect(reserved('Event')).toEqual([...RESERVED_PROPERTY_KEYS].sort())
    expect(reserved('ActionInteraction')).toEqual([...RESERVED_PROPERTY_KEYS].sort())
  })
})

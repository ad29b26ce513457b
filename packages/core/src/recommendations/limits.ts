/**
 * Limits of Personalize Runtime requests, from its service model (`personalize-runtime.botocore.json`) and the
 * rules the service documents on top (numResults, inputList). Lengths count code points.
 */
export const RUNTIME_LIMITS = {
  /** `Arn`: at most 256 characters, `arn:([a-z\d-]+):personalize:.*:.*:.+`. */
  arn: 256,
  /** `UserID`, `ItemID`. */
  id: 256,
  /** `numResults`: the service's maximum, and its maximum when metadata columns are requested. */
  numResults: 500,
  numResultsWithMetadata: 50,
  /** `inputList` of GetPersonalizedRanking, and its maximum when metadata columns are requested. */
  inputList: 500,
  inputListWithMetadata: 50,
  /** `Context`: at most 150 pairs, keys `[A-Za-z\d_]+` of at most 150, values of at most 1000. */
  contextEntries: 150,
  contextKey: 150,
  contextValue: 1000,
  /** `FilterValues`: at most 25 pairs, keys `[A-Za-z0-9_]+` of at most 50, values of at most 1000. */
  filterValuesEntries: 25,
  filterValuesKey: 50,
  filterValuesValue: 1000,
  /** `PromotionList`: at most one promotion; `Name` 1..63; `PercentPromotedItems` 1..100. */
  promotions: 1,
  promotionName: 63,
  percentPromotedItemsMin: 1,
  percentPromotedItemsMax: 100,
  /** `MetadataColumns`: one dataset type (of at most 256 characters) to at most 99 columns of at most 150. */
  metadataDatasets: 1,
  metadataDatasetType: 256,
  metadataColumns: 99,
  metadataColumn: 150,
} as const

/** Default `numResults` the service applies when none is given. */
export const DEFAULT_NUM_RESULTS = 25

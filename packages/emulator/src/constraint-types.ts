/** One shape of the generated constraint table (a compact projection of the Smithy model). */
export interface ShapeDef {
  type:
    | 'structure'
    | 'list'
    | 'map'
    | 'string'
    | 'timestamp'
    | 'float'
    | 'double'
    | 'integer'
    | 'long'
    | 'boolean'
  /** Length for strings, lists and maps; the value range for numbers. */
  min?: number
  max?: number
  pattern?: string
  sensitive?: boolean
  mediaType?: string
  timestampFormat?: string
  members?: Record<string, MemberDef>
  member?: string
  /** Map key and value shapes. */
  key?: string
  value?: string
}

/** A structure member: its target shape, whether it is `@required`, and reserved keys for JSON `properties`. */
export interface MemberDef {
  target: string
  required?: boolean
  reservedKeys?: string[]
}

/** An operation's HTTP binding and input shape. */
export interface OperationDef {
  name: string
  method: string
  uri: string
  input: string
  errors: string[]
}

export type ShapeTable = Readonly<Record<string, ShapeDef>>

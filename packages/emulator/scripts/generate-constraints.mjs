#!/usr/bin/env node
// Reads the vendored Smithy JSON AST of Personalize Events and writes src/constraints.generated.ts: the compact
// tables (operations, errors, shapes with required/length/pattern/sensitive/mediaType) that the generic validator
// walks. The output is committed; rerun with `pnpm generate` after updating model/personalize-events.smithy.json.
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readModel, shapeWalker, writeConstraintTables } from './constraint-tables.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const { raw, model, outPath } = readModel(
  resolve(here, '../model/personalize-events.smithy.json'),
  resolve(here, '../src/constraints.generated.ts'),
)
const shapes = model.shapes
const local = (id) => id.slice(id.indexOf('#') + 1)
const PRELUDE = { 'smithy.api#Unit': 'Unit', 'smithy.api#String': 'String' }

const serviceId = Object.keys(shapes).find((id) => shapes[id].type === 'service')
const service = shapes[serviceId]
if (!service.traits?.['aws.protocols#restJson1']) throw new Error('expected a restJson1 service')

/** Reserved `properties` keys are only stated in prose: the <li> items after "can't be included as a keyword". */
function reservedKeys(doc) {
  if (!doc) return undefined
  const at = doc.indexOf("can't be included as a keyword")
  if (at < 0) return undefined
  const keys = [...doc.slice(at).matchAll(/<li>\s*<p>\s*([A-Za-z]+)\s*<\/p>\s*<\/li>/g)].map((m) => m[1])
  return keys.length > 0 ? keys : undefined
}

/** One Smithy shape in the walker's neutral form; the prelude's shapes need no table entry. */
function describe(id) {
  if (PRELUDE[id]) return { name: PRELUDE[id], builtIn: true }
  const shape = shapes[id]
  if (!shape) throw new Error(`unknown shape ${id}`)
  const t = shape.traits ?? {}
  return {
    name: local(id),
    type: shape.type,
    constraints: {
      min: t['smithy.api#length']?.min,
      max: t['smithy.api#length']?.max,
      pattern: t['smithy.api#pattern'],
      sensitive: t['smithy.api#sensitive'] ? true : undefined,
      mediaType: t['smithy.api#mediaType'],
      timestampFormat: t['smithy.api#timestampFormat'],
    },
    members: Object.entries(shape.members ?? {}).map(([name, m]) => ({
      name,
      target: m.target,
      required: Boolean(m.traits?.['smithy.api#required']),
      reservedKeys: reservedKeys(m.traits?.['smithy.api#documentation']),
    })),
    member: shape.member?.target,
    key: shape.key?.target,
    value: shape.value?.target,
  }
}

const walker = shapeWalker(describe)
const errors = {}
const operations = service.operations.map(({ target }) => {
  const op = shapes[target]
  const http = op.traits['smithy.api#http']
  for (const e of op.errors ?? []) {
    const es = shapes[e.target]
    errors[local(e.target)] =
      es.traits['smithy.api#httpError'] ?? (es.traits['smithy.api#error'] === 'client' ? 400 : 500)
  }
  return {
    name: local(target),
    method: http.method,
    uri: http.uri,
    input: walker.visit(op.input.target),
    errors: (op.errors ?? []).map((e) => local(e.target)),
  }
})

writeConstraintTables({
  outPath,
  script: 'generate-constraints.mjs',
  modelFile: 'personalize-events.smithy.json',
  typesImport: "import type { ShapeTable, OperationDef } from './constraint-types'",
  prefix: '',
  raw,
  service: { id: serviceId, version: service.version, signingName: service.traits?.['aws.auth#sigv4']?.name },
  errors,
  operations,
  shapes: walker.shapes,
})

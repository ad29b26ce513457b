#!/usr/bin/env node
// Reads the vendored botocore service description of Personalize Runtime and writes
// src/runtime/runtime-constraints.generated.ts: the same compact tables as the events API (operations, errors,
// shapes with required/length/range/pattern/sensitive) that the generic validator walks. The output is committed;
// rerun with `pnpm generate` after updating model/personalize-runtime.botocore.json.
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readModel, shapeWalker, writeConstraintTables } from './constraint-tables.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const { raw, model, outPath } = readModel(
  resolve(here, '../model/personalize-runtime.botocore.json'),
  resolve(here, '../src/runtime/runtime-constraints.generated.ts'),
)
const { metadata, shapes } = model
if (metadata.protocol !== 'rest-json')
  throw new Error(`expected a rest-json service, got ${metadata.protocol}`)

/** One botocore shape in the walker's neutral form. */
function describe(name) {
  const shape = shapes[name]
  if (!shape) throw new Error(`unknown shape ${name}`)
  const required = new Set(shape.required ?? [])
  return {
    name,
    type: shape.type,
    // botocore writes @length and @range both as min/max; the validator reads them by type.
    constraints: {
      min: shape.min,
      max: shape.max,
      pattern: shape.pattern,
      sensitive: shape.sensitive ? true : undefined,
      timestampFormat: shape.timestampFormat || undefined,
    },
    members: Object.entries(shape.members ?? {}).map(([member, m]) => ({
      name: member,
      target: m.shape,
      required: required.has(member),
    })),
    member: shape.member?.shape,
    key: shape.key?.shape,
    value: shape.value?.shape,
  }
}

const walker = shapeWalker(describe)
const errors = {}
const operations = Object.entries(model.operations).map(([name, op]) => {
  for (const e of op.errors ?? []) {
    const es = shapes[e.shape]
    errors[e.shape] = es.error?.httpStatusCode ?? (es.error?.senderFault ? 400 : 500)
  }
  return {
    name,
    method: op.http.method,
    uri: op.http.requestUri,
    input: walker.visit(op.input.shape),
    errors: (op.errors ?? []).map((e) => e.shape),
  }
})

writeConstraintTables({
  outPath,
  script: 'generate-runtime-constraints.mjs',
  modelFile: 'personalize-runtime.botocore.json',
  typesImport: "import type { OperationDef, ShapeTable } from '../constraint-types'",
  prefix: 'RUNTIME_',
  raw,
  service: { id: metadata.serviceId, version: metadata.apiVersion, signingName: metadata.signingName },
  errors,
  operations,
  shapes: walker.shapes,
})

// TypeDoc plugin: every public export must carry TSDoc with an `@example` (the project's rule). Each one missing is
// reported as a TypeDoc error naming the export and its file, so `pnpm run docs` (and test:all) fails.
import { Converter, ReflectionKind } from 'typedoc'

const CHECKED =
  ReflectionKind.Function |
  ReflectionKind.Class |
  ReflectionKind.Interface |
  ReflectionKind.TypeAlias |
  ReflectionKind.Variable |
  ReflectionKind.Enum

function hasExample(reflection) {
  const comments = [reflection.comment, ...(reflection.signatures ?? []).map((s) => s.comment)]
  return comments.some((c) => c?.blockTags.some((tag) => tag.tag === '@example'))
}

export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    const missing = []
    let checked = 0
    for (const module of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      for (const child of module.children ?? []) {
        if (!child.kindOf(CHECKED)) continue
        checked++
        if (hasExample(child)) continue
        const source = child.sources?.[0]
        missing.push(`${module.name}: ${child.name}${source ? ` (${source.fileName}:${source.line})` : ''}`)
      }
    }
    app.logger.info(`${checked - missing.length} of ${checked} public exports have an @example`)
    for (const line of missing) app.logger.error(`public export without an @example: ${line}`)
  })
}

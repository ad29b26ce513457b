// TypeDoc plugin: names each entry point's module by the import specifier users write (`@personalize-kit/core`,
// `@personalize-kit/next/route`, …) instead of its source path (`core/src`, `next/src/route`). Entries whose
// source names itself with `@module` keep that name.
import { Converter, ReflectionKind } from 'typedoc'

/** `core/src` → `@personalize-kit/core`; `core/src/node` → `@personalize-kit/core/node`. */
export function specifierFor(modulePath) {
  const m = /^([\w-]+)\/src(?:\/(.+?))?(?:\/index)?$/.exec(modulePath)
  if (!m) return undefined
  return `@personalize-kit/${m[1]}${m[2] && m[2] !== 'index' ? `/${m[2]}` : ''}`
}

export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const child of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      const name = specifierFor(child.name)
      if (name) child.name = name
    }
    context.project.children?.sort((a, b) => a.name.localeCompare(b.name))
  })
}

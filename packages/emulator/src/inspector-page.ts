/** The inspector page (placeholder until the full UI lands). @internal */
export function inspectorHtml(): string {
  return '<!doctype html><title>Personalize emulator</title><p>Personalize Events emulator</p>'
}

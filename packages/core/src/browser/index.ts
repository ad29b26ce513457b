export const BROWSER = true

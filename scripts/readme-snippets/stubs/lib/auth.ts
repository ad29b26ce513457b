// Stands in for the reader's auth library in README examples (`import { auth } from './auth'`).
export async function auth(): Promise<{ user?: { id: string } } | null> {
  return null
}

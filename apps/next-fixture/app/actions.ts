'use server'
import { recordEvent } from '@/lib/personalize'

export async function checkout(formData: FormData): Promise<void> {
  // The README's Server Action: the session cookie and the user come from the request.
  await recordEvent({ eventType: 'purchase', itemId: String(formData.get('itemId')) })
}

'use server'
import { recordEvent } from '@/lib/personalize'

export async function checkout(formData: FormData): Promise<void> {
  await recordEvent({ eventType: 'purchase', itemId: String(formData.get('itemId')) })
}

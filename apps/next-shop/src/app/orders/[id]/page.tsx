import Link from 'next/link'
import { formatPrice } from '../../../lib/catalog'

export default async function OrderPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>
  searchParams: Promise<{ total?: string }>
}) {
  const [{ id }, { total }] = await Promise.all([params, searchParams])
  return (
    <>
      <h1 data-testid="order-confirmation">Thank you for your order</h1>
      <p>
        Order <code data-testid="order-id">{id}</code>
        {total ? ` — ${formatPrice(Number(total))}` : ''}
      </p>
      <Link href="/">Keep shopping</Link>
    </>
  )
}

import { PersonalizeProvider } from '@personalize-kit/next/client'
import type { Metadata } from 'next'
import Link from 'next/link'
import type { ReactNode } from 'react'
import { readCart } from '../lib/cart'
import { currentUser } from '../lib/current-user'
import { signOut } from './actions'
import './globals.css'

export const metadata: Metadata = {
  title: 'personalize-kit Next.js shop',
  description: 'An example App Router shop that records Amazon Personalize events.',
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [user, cart] = await Promise.all([currentUser(), readCart()])
  const count = cart.reduce((sum, line) => sum + line.quantity, 0)
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <Link href="/" className="brand">
            Bean &amp; Leaf
          </Link>
          <nav>
            <Link href="/cart" data-testid="cart-link">
              Cart ({count})
            </Link>
            {user ? (
              <form action={signOut} className="inline">
                <span data-testid="user-name">Hi, {user.name}</span> <button type="submit">Sign out</button>
              </form>
            ) : (
              <Link href="/sign-in">Sign in</Link>
            )}
          </nav>
        </header>
        <PersonalizeProvider>
          <main>{children}</main>
        </PersonalizeProvider>
      </body>
    </html>
  )
}

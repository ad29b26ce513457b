import { PersonalizeProvider } from '@personalize-kit/next/client'
import type { Metadata } from 'next'

export const metadata: Metadata = {
  title: 'personalize-kit fixture',
  description: 'create-next-app defaults',
}

export default function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  return (
    <html lang="en">
      <body>
        <PersonalizeProvider>{children}</PersonalizeProvider>
      </body>
    </html>
  )
}

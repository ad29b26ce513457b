import { PersonalizeProvider } from '@personalize-kit/next/client'

export default function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  return (
    <html lang="en">
      <body>
        <PersonalizeProvider>{children}</PersonalizeProvider>
      </body>
    </html>
  )
}

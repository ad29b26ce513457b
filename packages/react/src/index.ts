export const PACKAGE_NAME = '@personalize-kit/react'

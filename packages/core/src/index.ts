export const PACKAGE_NAME = '@personalize-kit/core'

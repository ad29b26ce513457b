// The `express4` devDependency alias (Express 4) reuses Express's types for the dual-version tests.
declare module 'express4' {
  import express from 'express'
  export default express
}

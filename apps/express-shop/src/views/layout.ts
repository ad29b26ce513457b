import { html, SafeHtml } from '../html'

/** What every page's header needs. */
export interface PageContext {
  userName: string | undefined
  cartCount: number
  /** `<script>` tags for browser tracking (the client bundle, or the inline fallback tracker). */
  scripts: SafeHtml
}

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;color:#222;background:#faf8f5}
header{display:flex;gap:1rem;align-items:center;padding:.8rem 1.5rem;background:#3b2a20;color:#fff}
header a{color:#fff;text-decoration:none}header .grow{flex:1}
main{max-width:960px;margin:1.5rem auto;padding:0 1rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:1rem;list-style:none;padding:0}
.card{background:#fff;border:1px solid #e6dfd6;border-radius:8px;padding:1rem}
.card a{color:inherit;text-decoration:none}.price{color:#8a4b20;font-weight:600}
button{background:#8a4b20;color:#fff;border:0;border-radius:6px;padding:.5rem 1rem;cursor:pointer}
table{border-collapse:collapse;width:100%}td,th{padding:.4rem;border-bottom:1px solid #e6dfd6;text-align:left}
form.inline{display:inline}label{display:block;margin:.5rem 0}input,select{padding:.4rem}
`

/** The shared page shell. */
export function layout(title: string, context: PageContext, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Bean There</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
<header>
  <a href="/"><strong>Bean There</strong></a>
  <span class="grow"></span>
  <a href="/cart" data-testid="cart-link">Cart (${context.cartCount})</a>
  ${
    context.userName
      ? html`<span data-testid="user-name">Hi, ${context.userName}</span>
        <form class="inline" method="post" action="/signout"><button>Sign out</button></form>`
      : html`<a href="/signin">Sign in</a> <a href="/signup">Sign up</a>`
  }
</header>
<main>${body}</main>
${context.scripts}
</body>
</html>`.value
}

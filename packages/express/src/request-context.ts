import {
  type Dispatcher,
  type RecommendationClient,
  resolveSession,
  type SessionOptions,
} from '@personalize-kit/core'
import type { Request, Response } from 'express'
import type { PersonalizeContext, RecommendInput, ServerEventInput } from './types'

/**
 * @internal
 * `req.personalize`: one allocation per request. The session cookie is read (or a session minted, with its
 * `Set-Cookie` appended while headers can still be sent) on first use, and the methods are created on first
 * access, so requests that never use it pay for neither. Methods stay callable when destructured.
 */
export class RequestContext implements PersonalizeContext {
  readonly userId: string | undefined
  #req: Request
  #res: Response
  #dispatcher: Dispatcher
  #options: SessionOptions
  #sessionId: string | undefined
  #recordEvent: PersonalizeContext['recordEvent'] | undefined
  #recommendations: () => RecommendationClient

  constructor(
    req: Request,
    res: Response,
    userId: string | undefined,
    dispatcher: Dispatcher,
    options: SessionOptions,
    recommendations: () => RecommendationClient,
  ) {
    this.userId = userId
    this.#req = req
    this.#res = res
    this.#dispatcher = dispatcher
    this.#options = options
    this.#recommendations = recommendations
  }

  get sessionId(): string {
    this.#sessionId ??= this.#resolveSession()
    return this.#sessionId
  }

  get recordEvent(): PersonalizeContext['recordEvent'] {
    this.#recordEvent ??= (event: ServerEventInput) => {
      const userId = this.userId
      return this.#dispatcher.recordEvent({
        sessionId: this.sessionId,
        ...(userId !== undefined && { userId }),
        ...event,
      })
    }
    return this.#recordEvent
  }

  get putItem(): PersonalizeContext['putItem'] {
    const dispatcher = this.#dispatcher
    return (item) => dispatcher.putItem(item)
  }

  get putUser(): PersonalizeContext['putUser'] {
    const dispatcher = this.#dispatcher
    return (user) => dispatcher.putUser(user)
  }

  get recommend(): PersonalizeContext['recommend'] {
    const recommendations = this.#recommendations
    // The session, like the user, is the one this visitor's events carry: anonymous lists follow their clicks.
    return (input: RecommendInput) =>
      recommendations().getRecommendations({
        ...(this.userId !== undefined && { userId: this.userId }),
        sessionId: this.sessionId,
        ...input,
      })
  }

  #resolveSession(): string {
    const req = this.#req
    const session = resolveSession(
      {
        // Only read when a new session is minted (to decide on `Secure`).
        get url() {
          return `${req.protocol}://${req.get('host')}${req.originalUrl}`
        },
        headers: { get: (name) => req.get(name) ?? null },
      },
      this.#options,
    )
    if (session.setCookie && !this.#res.headersSent) this.#res.append('Set-Cookie', session.setCookie)
    return session.sessionId
  }
}

/** `personalize-relay --help`. */
export const HELP = `personalize-relay — deliver batches from a Redis stream to Amazon Personalize Events

Usage:
  personalize-relay [run] [flags]        run a relay until SIGTERM/SIGINT (then close gracefully)
  personalize-relay status [--json]      backlog, pending entries per relay, dead letters, the shared rate
  personalize-relay replay-dead [--reason <reason>] [--limit <n>]
                                         move dead letters back into the stream (same eventIds)
  personalize-relay --help

Flags:
  --url <url>                 Redis URL (redis://user:pass@host:6379/0, rediss:// for TLS)
                              [env PERSONALIZE_REDIS_URL, default redis://127.0.0.1:6379]
  --stream <name>             stream name, the same as the apps' redisTransport
                              [env PERSONALIZE_REDIS_STREAM, default personalize]
  --consumer <name>           this relay's consumer name [default <hostname>-<pid>-<random>]
  --concurrency <n>           calls in flight in this relay [default 50]
  --max-held <n>              records held before it stops reading [default 5000]
  --claim-idle-ms <n>         claim entries idle this long on a stopped relay [default 30000]
  --close-timeout-ms <n>      how long SIGTERM/SIGINT may take to finish held entries [default 10000]
  --rate-events <n>           PutEvents calls/s shared by all relays [env PERSONALIZE_RATE_LIMIT_EVENTS, default 1000]
  --rate-items <n>            PutItems calls/s [env PERSONALIZE_RATE_LIMIT_ITEMS, default 10]
  --rate-users <n>            PutUsers calls/s [env PERSONALIZE_RATE_LIMIT_USERS, default 10]
  --rate-actions <n>          PutActions calls/s [env PERSONALIZE_RATE_LIMIT_ACTIONS, default 10]
  --rate-action-interactions <n>
                              PutActionInteractions calls/s [env PERSONALIZE_RATE_LIMIT_ACTION_INTERACTIONS, default 1000]
  --json                      status as JSON
  --reason <reason>           replay-dead: only this reason (invalid-input, resource-not-found, rejected,
                              retries-exhausted, queue-full, shutdown-timeout, backlog-full)
  --limit <n>                 replay-dead: at most n dead-letter entries

Personalize (as dispatcherOptionsFromEnv in @personalize-kit/core):
  PERSONALIZE_TRACKING_ID     set: send to AWS (credentials from the SDK's default chain: AWS_ACCESS_KEY_ID,
                              AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE, instance/task roles)
                              unset: send to the local emulator (PERSONALIZE_ENDPOINT or http://127.0.0.1:4599)
  PERSONALIZE_ENDPOINT        a custom endpoint (the emulator)
  AWS_REGION                  the region

Exit codes: 0 after a graceful close, 1 on a startup or command error, 2 on bad usage.
`

import { DEFAULT_RUNTIME_ARNS } from './runtime/resource-kinds'
import type { EmulatorOptions } from './types'

/** The banner the CLI prints: where the emulator is and how to point each client at it. @internal */
export function connectionHelp(url: string, options: EmulatorOptions, replayed: number): string {
  const [key, secret] = Object.entries(options.credentials ?? { test: 'test' })[0] ?? ['test', 'test']
  const region = options.region ?? 'us-east-1'
  return `[@personalize-kit/emulator] Personalize Events emulator listening on ${url}
  Inspector   ${url}/
  Admin API   ${url}/_emulator/health
  Signatures  ${options.signature ?? 'warn'} (access key ${key} / secret ${secret}, signing name personalize)
  Storage     ${options.data ? `${options.data} (${replayed} records replayed)` : 'in memory'}

Point a client at it:
  JS SDK v3   new PersonalizeEventsClient({ endpoint: '${url}', region: '${region}',
                credentials: { accessKeyId: '${key}', secretAccessKey: '${secret}' } })
  boto3       boto3.client('personalize-events', endpoint_url='${url}', region_name='${region}',
                aws_access_key_id='${key}', aws_secret_access_key='${secret}')
  AWS CLI     AWS_ACCESS_KEY_ID=${key} AWS_SECRET_ACCESS_KEY=${secret} aws personalize-events put-events \\
                --endpoint-url ${url} --region ${region} --tracking-id t1 --session-id s1 \\
                --event-list '[{"eventType":"click","sentAt":1700000000}]'
  personalize-kit   PERSONALIZE_ENDPOINT=${url}

Recommendations (Personalize Runtime, same URL):
  JS SDK v3   new PersonalizeRuntimeClient({ endpoint: '${url}', region: '${region}', credentials })
                .send(new GetRecommendationsCommand({ recommenderArn: '${DEFAULT_RUNTIME_ARNS.recommendedForYou}', userId: 'u1' }))
  Resources   ${url}/_emulator/runtime   Attribution  ${url}/_emulator/attribution

Press Ctrl+C to stop.`
}

// The baseline of the benchmark suite (packages/bench, figure 6): a bare route handler that parses the same JSON
// body the collector route receives and echoes it. It records nothing.
export async function POST(request: Request): Promise<Response> {
  return Response.json(await request.json())
}

export const runtime = 'nodejs'

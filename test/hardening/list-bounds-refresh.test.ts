import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { DATA_VERSION_CHECK_MS, dataBounds } from '../../src/server/data-bounds.js'
import { buildTinyGraph } from '../helpers/tiny-graph.js'
import { type HardeningApi, type Served, startHardeningApi } from './helpers.js'

// The query cost prices a list by the largest such list in the data, read once and checked again
// once a minute: a write that makes a list longer makes the fan-out over it dearer.

let api: HardeningApi
let server: Served
beforeAll(async () => {
  api = await startHardeningApi((prisma) =>
    buildTinyGraph(prisma, {
      companies: ['a', 'b'],
      agreements: [
        {
          slug: 'small',
          announcedOn: '2024',
          parties: [
            ['a', 'LICENSOR'],
            ['b', 'LICENSEE'],
          ],
          clauses: [{ kind: 'LICENSE_GRANT', grantor: 'a', grantee: 'b' }],
        },
      ],
    }),
  )
  server = api.serve()
})
afterAll(() => {
  vi.useRealTimers()
  return api?.close()
})

const fanOut = (slug: string) =>
  `{ ${Array.from({ length: 10 }, (_, i) => `a${i}: agreement(slug: "${slug}") { clauses { agreement { clauses { agreement { clauses { agreement { clauses { key } } } } } } } }`).join(' ')} }`

describe('the data bounds', () => {
  it('follow the data: a longer list is priced as such once the bounds are checked again', async () => {
    const before = await server.post({ query: fanOut('small') })
    expect(before.json.errors).toBeUndefined()
    expect((await dataBounds()).bounds['Agreement.clauses']).toBe(1)

    // A write through the importer or the API adds a WriteHistory row with its data.
    await buildTinyGraph(api.prisma, {
      companies: ['c', 'd'],
      agreements: [
        {
          slug: 'large',
          announcedOn: '2025',
          parties: [
            ['c', 'LICENSOR'],
            ['d', 'LICENSEE'],
          ],
          clauses: Array.from({ length: 30 }, () => ({ kind: 'LICENSE_GRANT' as const, grantor: 'c', grantee: 'd' })),
        },
      ],
    })
    await api.prisma.writeHistory.create({
      data: {
        entityType: 'Agreement',
        entityId: (await api.prisma.agreement.findUniqueOrThrow({ where: { slug: 'large' } })).id,
        action: 'CREATE',
        actor: 'test',
      },
    })

    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + DATA_VERSION_CHECK_MS + 1_000)
    await dataBounds() // the check starts; requests meanwhile keep the last bounds
    await vi.waitFor(async () => expect((await dataBounds()).bounds['Agreement.clauses']).toBe(30))

    const after = await server.post({ query: fanOut('large') })
    expect(after.json.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX')
    expect(after.json.errors?.[0]?.message).toContain('a0: agreement → clauses ×30 → agreement → clauses ×30')
    expect(api.statements).toEqual([])
  })
})

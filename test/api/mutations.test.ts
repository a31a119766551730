import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runWrite } from '../../src/db/write.js'
import { ConflictError, ValidationError } from '../../src/domain/write-errors.js'
import { startWriteApi, type WriteApi } from '../helpers/write-api.js'
import { baseAgreement, buildWorld, mutate, ok, SOURCE_A } from '../helpers/write-fixtures.js'

// Happy paths of every mutation, and the typed errors clients switch on.

let api: WriteApi
let key: string
beforeAll(async () => {
  api = await startWriteApi()
  key = await api.key(['WRITE'], 'analyst tool')
  await buildWorld(api, key)
}, 60_000)
afterAll(() => api?.close())

async function lastHistory(entityType: string, slug: string) {
  const rows = await api.prisma.$queryRawUnsafe<{ action: string; actor: string; before: any; after: any }[]>(
    `SELECT action, actor, before, after FROM "WriteHistory" h WHERE "entityType" = $1 AND "entityId" = (SELECT id FROM "${entityType}" WHERE slug = $2) ORDER BY id DESC LIMIT 1`,
    entityType,
    slug,
  )
  return rows[0]!
}

describe('companies', () => {
  it('creates with every field and records who did it', async () => {
    const company = await ok(
      api,
      key,
      'createCompany',
      {
        input: {
          slug: 'anthropic',
          name: 'Anthropic',
          aliases: ['Anthropic PBC'],
          kinds: ['AI_LAB'],
          country: 'US',
          website: 'https://www.anthropic.com',
          description: 'An AI lab.',
          parent: 'google',
        },
      },
      'slug name aliases kinds country website description parent { slug } version',
    )
    expect(company).toEqual({
      slug: 'anthropic',
      name: 'Anthropic',
      aliases: ['Anthropic PBC'],
      kinds: ['AI_LAB'],
      country: 'US',
      website: 'https://www.anthropic.com',
      description: 'An AI lab.',
      parent: { slug: 'google' },
      version: 1,
    })
    const entry = await lastHistory('Company', 'anthropic')
    expect(entry).toMatchObject({
      action: 'CREATE',
      actor: 'analyst tool',
      before: null,
      after: { slug: 'anthropic', name: 'Anthropic', version: 1 },
    })
  })

  it('updates only the fields given, clears with null, and bumps the version', async () => {
    const company = await ok(
      api,
      key,
      'updateCompany',
      {
        input: { slug: 'anthropic', expectedVersion: 1, name: 'Anthropic PBC', country: null, parent: null },
      },
      'name aliases country parent { slug } version',
    )
    expect(company).toEqual({ name: 'Anthropic PBC', aliases: ['Anthropic PBC'], country: null, parent: null, version: 2 })
    const entry = await lastHistory('Company', 'anthropic')
    expect(entry.action).toBe('UPDATE')
    expect(entry.before).toMatchObject({ name: 'Anthropic', country: 'US', version: 1 })
    expect(entry.after).toMatchObject({ name: 'Anthropic PBC', country: null, parentId: null, version: 2 })
  })

  it('refuses a stale expectedVersion with the current one', async () => {
    const outcome = await mutate(api, key, 'updateCompany', { input: { slug: 'anthropic', expectedVersion: 1, name: 'X' } })
    expect(outcome).toMatchObject({ __typename: 'ConflictError', path: 'input.expectedVersion', currentVersion: 2 })
  })

  it('refuses a name with nothing visible, and a control character in a web address, naming each path', async () => {
    const outcome = await mutate(api, key, 'createCompany', {
      input: { slug: 'invisible-co', name: '\u200B\u200B', aliases: ['Fine', ' \u2060\uFEFF '], website: 'https://example.org/\u0000x' },
    })
    expect(outcome.issues).toEqual([
      { path: 'input.name', message: 'has nothing visible: only spaces and invisible characters (such as U+200B)', code: 'invisible' },
      { path: 'input.aliases[1]', message: 'has nothing visible: only spaces and invisible characters (such as U+200B)', code: 'invisible' },
      { path: 'input.website', message: 'contains the control character U+0000: only tabs and line breaks are allowed', code: 'control_character' },
    ])
    expect(await api.prisma.company.count({ where: { slug: 'invisible-co' } })).toBe(0)
  })

  it('refuses a parent cycle', async () => {
    await ok(api, key, 'updateCompany', { input: { slug: 'microsoft', expectedVersion: 1, parent: 'anthropic' } })
    const outcome = await mutate(api, key, 'updateCompany', { input: { slug: 'anthropic', expectedVersion: 2, parent: 'microsoft' } })
    expect(outcome.issues).toEqual([{ path: 'input.parent', message: 'a company cannot be its own ancestor', code: 'cycle' }])
  })

  it('reports a taken slug as a conflict naming the field', async () => {
    const outcome = await mutate(api, key, 'createCompany', { input: { slug: 'openai', name: 'OpenAI again' } })
    expect(outcome).toMatchObject({ __typename: 'ConflictError', path: 'input.slug' })
    expect(outcome.message).toMatch(/slug/)
  })

  it('reports an unknown company as NotFound with the path', async () => {
    const outcome = await mutate(api, key, 'updateCompany', { input: { slug: 'no-such-co', expectedVersion: 1, name: 'X' } })
    expect(outcome).toMatchObject({ __typename: 'NotFoundError', path: 'input.slug' })
  })

  it('refuses null for a field that cannot be empty', async () => {
    const outcome = await mutate(api, key, 'updateCompany', { input: { slug: 'openai', expectedVersion: 1, name: null } })
    expect(outcome.issues).toEqual([{ path: 'input.name', message: 'cannot be null: leave the field out to keep its value', code: 'not_null' }])
  })
})

describe('assets, clouds and sources', () => {
  it('creates and updates an asset with a partial release date', async () => {
    const created = await ok(
      api,
      key,
      'createAsset',
      { input: { slug: 'gpt-5', name: 'GPT-5', kind: 'MODEL', developer: 'openai', releasedOn: '2025-08' } },
      'slug kind developer { slug } releasedOn { text precision earliest latest } version',
    )
    expect(created).toEqual({
      slug: 'gpt-5',
      kind: 'MODEL',
      developer: { slug: 'openai' },
      releasedOn: { text: '2025-08', precision: 'MONTH', earliest: '2025-08-01', latest: '2025-08-31' },
      version: 1,
    })
    const updated = await ok(
      api,
      key,
      'updateAsset',
      { input: { slug: 'gpt-5', expectedVersion: 1, releasedOn: '2025-08-07', description: 'Flagship' } },
      'releasedOn { text } description version',
    )
    expect(updated).toEqual({ releasedOn: { text: '2025-08-07' }, description: 'Flagship', version: 2 })
    const cleared = await ok(
      api,
      key,
      'updateAsset',
      { input: { slug: 'gpt-5', expectedVersion: 2, releasedOn: null, developer: null } },
      'releasedOn { text } developer { slug }',
    )
    expect(cleared).toEqual({ releasedOn: null, developer: null })
  })

  it('creates and re-assigns a cloud provider', async () => {
    await ok(api, key, 'createCloudProvider', { input: { slug: 'gcp', name: 'Google Cloud', operator: 'google' } })
    const updated = await ok(
      api,
      key,
      'updateCloudProvider',
      { input: { slug: 'gcp', expectedVersion: 1, operator: 'amazon', description: 'test' } },
      'operator { slug } description version',
    )
    expect(updated).toEqual({ operator: { slug: 'amazon' }, description: 'test', version: 2 })
  })

  it('creates and updates a source by URL', async () => {
    const url = 'https://example.org/report'
    await ok(api, key, 'createSource', { input: { url, title: 'Report', publisher: 'Example News', publishedOn: '2024-02-29' } })
    const updated = await ok(
      api,
      key,
      'updateSource',
      { input: { url, expectedVersion: 1, publishedOn: null, note: 'paywalled' } },
      'url publishedOn note version',
    )
    expect(updated).toEqual({ url, publishedOn: null, note: 'paywalled', version: 2 })
  })

  it('names the path and the rule of each bad field', async () => {
    const outcome = await mutate(api, key, 'createSource', { input: { url: 'ftp://example.org/x', publishedOn: '2023-02-29', title: ' ' } })
    expect(outcome.issues).toEqual([
      { path: 'input.url', message: '"ftp://example.org/x" is not a web address: must start with http:// or https://', code: 'url' },
      { path: 'input.title', message: 'must not be empty', code: 'too_small' },
      { path: 'input.publishedOn', message: '"2023-02-29" is not a day: day must be 01–28 in 2023-02 (accepted: YYYY-MM-DD)', code: 'date' },
    ])
  })
})

describe('createAgreement', () => {
  it('stores parties, clauses with subjects, clouds and citations, and agreement citations in one call', async () => {
    const agreement = await ok(
      api,
      key,
      'createAgreement',
      { input: { ...baseAgreement('deal-two'), value: { amount: 1e9, currency: 'USD' }, effectiveOn: '2019-Q3' } },
      `
      slug status version kinds value { amount currency } announcedOn { text } effectiveOn { text }
      parties { role company { slug } } sources { url }
      clauses { key kind exclusivity grantor { slug } grantee { slug } subjects { slug } cloudProviders { slug }
                endsOn { text } percentage capped cap { amount currency } sources { url } status version }`,
    )
    expect(agreement).toMatchObject({
      slug: 'deal-two',
      status: 'ACTIVE',
      version: 1,
      kinds: ['LICENSE', 'CLOUD'],
      value: { amount: 1e9, currency: 'USD' },
      announcedOn: { text: '2019-07' },
      effectiveOn: { text: '2019-Q3' },
      parties: [
        { role: 'LICENSEE', company: { slug: 'microsoft' } },
        { role: 'LICENSOR', company: { slug: 'openai' } },
      ],
      sources: [{ url: SOURCE_A }],
    })
    expect(agreement.clauses).toEqual([
      {
        key: 'deal-two#1',
        kind: 'LICENSE_GRANT',
        exclusivity: 'EXCLUSIVE',
        grantor: { slug: 'openai' },
        grantee: { slug: 'microsoft' },
        subjects: [{ slug: 'gpt' }],
        cloudProviders: [],
        endsOn: { text: '2032' },
        percentage: null,
        capped: null,
        cap: null,
        sources: [{ url: SOURCE_A }],
        status: 'ACTIVE',
        version: 1,
      },
      {
        key: 'deal-two#2',
        kind: 'REVENUE_SHARE',
        exclusivity: 'UNSPECIFIED',
        grantor: { slug: 'openai' },
        grantee: { slug: 'microsoft' },
        subjects: [],
        cloudProviders: [],
        endsOn: { text: '2030' },
        percentage: 20,
        capped: true,
        cap: { amount: 92e9, currency: 'USD' },
        sources: [{ url: SOURCE_A }],
        status: 'ACTIVE',
        version: 1,
      },
      {
        key: 'deal-two#3',
        kind: 'CLOUD_PRIMACY',
        exclusivity: 'UNSPECIFIED',
        grantor: { slug: 'openai' },
        grantee: { slug: 'microsoft' },
        subjects: [],
        cloudProviders: [{ slug: 'azure' }],
        endsOn: null,
        percentage: null,
        capped: null,
        cap: null,
        sources: [{ url: SOURCE_A }],
        status: 'ACTIVE',
        version: 1,
      },
    ])
  })

  it('names the path and rule: input.clauses[1].endsOn "2032-13" is not a partial date', async () => {
    const input = baseAgreement('bad-date')
    input.clauses[1]!.endsOn = '2032-13'
    const outcome = await mutate(api, key, 'createAgreement', { input })
    expect(outcome.__typename).toBe('ValidationError')
    expect(outcome.issues).toHaveLength(1)
    const [issue] = outcome.issues!
    expect(`${issue!.path}: ${issue!.message}`).toMatch(/^input\.clauses\[1\]\.endsOn: "2032-13" is not a partial date: month must be 01–12/)
    expect(issue!.code).toBe('partial_date')
  })

  it('reports every unknown slug and URL at its path', async () => {
    const input = baseAgreement('unknowns') as any
    input.parties[0].company = 'no-such-co'
    input.supplements = 'no-such-deal'
    input.clauses[0].subjects = ['gpt', 'no-such-model']
    input.clauses[2].cloudProviders = ['no-such-cloud']
    input.citations = [{ url: 'https://example.org/unknown', basis: 'PRESS_REPORT' }]
    const outcome = await mutate(api, key, 'createAgreement', { input })
    expect(outcome.__typename).toBe('ValidationError')
    expect(outcome.issues!.map((i) => [i.path, i.code])).toEqual(
      expect.arrayContaining([
        ['input.parties[0].company', 'not_found'],
        ['input.supplements', 'not_found'],
        ['input.clauses[0].subjects[1]', 'not_found'],
        ['input.clauses[2].cloudProviders[0]', 'not_found'],
        ['input.citations[0].url', 'not_found'],
      ]),
    )
    expect(outcome.issues).toHaveLength(5)
  })

  it('refuses a grantor that is not a party, an end before the start and a cap when not capped', async () => {
    const input = baseAgreement('cross-field') as any
    input.clauses[0].grantor = 'amazon'
    input.clauses[1].capped = false
    input.clauses[2].startsOn = '2030'
    input.clauses[2].endsOn = '2029-Q4'
    const outcome = await mutate(api, key, 'createAgreement', { input })
    expect(outcome.issues).toEqual([
      { path: 'input.clauses[0].grantor', message: 'company "amazon" is not a party to this agreement', code: 'not_a_party' },
      { path: 'input.clauses[1].capped', message: 'is false but a cap is given: leave capped out or set it to true', code: 'cap_without_capped' },
      { path: 'input.clauses[2].endsOn', message: 'ends (2029-Q4) before it starts (2030)', code: 'ends_before_start' },
    ])
  })

  it('refuses an agreement or a clause that cites no source, naming the path (every fact cites one)', async () => {
    const input = baseAgreement('uncited') as any
    delete input.citations
    input.clauses[1].citations = []
    delete input.clauses[2].citations
    const outcome = await mutate(api, key, 'createAgreement', { input })
    expect(outcome.issues).toEqual([
      { path: 'input.clauses[1].citations', message: 'must cite at least one source', code: 'too_small' },
      { path: 'input.clauses[2].citations', message: 'must cite at least one source', code: 'required' },
      { path: 'input.citations', message: 'must cite at least one source', code: 'required' },
    ])
    expect(await api.prisma.agreement.count({ where: { slug: 'uncited' } })).toBe(0)
  })

  it('refuses amounts a number cannot hold to the cent (99999999999999.99 would be stored as .98)', async () => {
    const outcome = await mutate(api, key, 'createAgreement', {
      input: { ...baseAgreement('too-large'), value: { amount: 99999999999999.99, currency: 'USD' } },
    })
    expect(outcome.issues).toEqual([
      {
        path: 'input.value.amount',
        message: 'must be less than 10^13 (ten trillion): a larger amount cannot be stored to the cent exactly',
        code: 'too_big',
      },
    ])
  })

  it('refuses SUPERSEDED as a status and an agreement ending before it is announced', async () => {
    const outcome = await mutate(api, key, 'createAgreement', { input: { ...baseAgreement('bad-status'), status: 'SUPERSEDED', endsOn: '2018' } })
    expect(outcome.issues!.map((i) => i.path)).toEqual(['input.status'])
    const dates = await mutate(api, key, 'createAgreement', { input: { ...baseAgreement('bad-end'), endsOn: '2018' } })
    expect(dates.issues).toEqual([
      { path: 'input.endsOn', message: "ends (2018) before the version's announcedOn (2019-07)", code: 'ends_before_start' },
    ])
  })
})

describe('status changes instead of deletes', () => {
  it('terminates a version with a note and a date, which ends it in force, and can reinstate it', async () => {
    const terminated = await ok(
      api,
      key,
      'setAgreementStatus',
      {
        input: { slug: 'deal-two', expectedVersion: 1, status: 'TERMINATED', note: 'Ended early', terminatedOn: '2024-06' },
      },
      'status statusNote terminatedOn { text } version before: inForce(on: "2024-06-30") after: inForce(on: "2024-07-01")',
    )
    expect(terminated).toEqual({
      status: 'TERMINATED',
      statusNote: 'Ended early',
      terminatedOn: { text: '2024-06' },
      version: 2,
      before: true,
      after: false,
    })
    const reinstated = await ok(
      api,
      key,
      'setAgreementStatus',
      { input: { slug: 'deal-two', expectedVersion: 2, status: 'ACTIVE', note: 'Reported wrongly' } },
      'status statusNote terminatedOn { text } version',
    )
    expect(reinstated).toEqual({ status: 'ACTIVE', statusNote: 'Reported wrongly', terminatedOn: null, version: 3 })
  })

  it('refuses SUPERSEDED and a termination date for another status', async () => {
    const outcome = await mutate(api, key, 'setAgreementStatus', {
      input: { slug: 'deal-two', expectedVersion: 3, status: 'SUPERSEDED', terminatedOn: '2025' },
    })
    expect(outcome.issues!.map((i) => i.path)).toEqual(['input.status', 'input.terminatedOn'])
  })

  it('withdraws a clause with a reason, keeps it visible with its status, and can reinstate it', async () => {
    const missingNote = await mutate(api, key, 'setClauseStatus', { input: { key: 'deal-two#2', expectedVersion: 1, status: 'WITHDRAWN' } })
    expect(missingNote.issues).toEqual([{ path: 'input.note', message: 'is required to withdraw a clause: say why', code: 'required' }])
    const withdrawn = await ok(
      api,
      key,
      'setClauseStatus',
      { input: { key: 'deal-two#2', expectedVersion: 1, status: 'WITHDRAWN', note: 'Source retracted' } },
      'key status statusNote statusChangedAt version',
    )
    expect(withdrawn).toMatchObject({ key: 'deal-two#2', status: 'WITHDRAWN', statusNote: 'Source retracted', version: 2 })
    expect(Date.parse(withdrawn.statusChangedAt)).toBeGreaterThan(Date.now() - 60_000)
    const listed = await api.query('{ agreement(slug: "deal-two") { clauses { key status } } }')
    expect(listed.data!.agreement.clauses.map((c: any) => c.status)).toEqual(['ACTIVE', 'WITHDRAWN', 'ACTIVE'])
    const back = await ok(api, key, 'setClauseStatus', { input: { key: 'deal-two#2', expectedVersion: 2, status: 'ACTIVE' } }, 'status statusNote')
    expect(back).toEqual({ status: 'ACTIVE', statusNote: null })
    expect(await api.prisma.clause.count({ where: { key: 'deal-two#2' } })).toBe(1)
  })

  it('reports an unknown clause key as NotFound', async () => {
    const outcome = await mutate(api, key, 'setClauseStatus', { input: { key: 'nope#1', expectedVersion: 1, status: 'WITHDRAWN', note: 'x' } })
    expect(outcome).toMatchObject({ __typename: 'NotFoundError', path: 'input.key' })
  })
})

describe('the database as the last line', () => {
  const writer = { id: '00000000-0000-0000-0000-000000000000', name: 'direct' }

  it('a CHECK the API did not catch becomes a ValidationError naming the rule, and the whole write rolls back', async () => {
    const before = await api.counts()
    const write = runWrite({ ...writer, id: (await api.prisma.apiKey.findFirstOrThrow()).id }, async (tx, log) => {
      const ok = await tx.company.create({ data: { slug: 'fine-co', name: 'Fine' } })
      log.record('Company', ok.id, 'CREATE', null, { slug: 'fine-co' })
      return tx.clause.update({ where: { key: 'ms-oai-2019#2' }, data: { percentage: 150 } })
    })
    await expect(write).rejects.toBeInstanceOf(ValidationError)
    await expect(write).rejects.toMatchObject({
      issues: [{ path: 'input', code: 'check_violation', message: 'The database refused the write: rule Clause_percentage_check.' }],
    })
    expect(await api.counts()).toEqual(before)
  })

  it('a unique violation becomes a ConflictError naming the field; a foreign key a ValidationError', async () => {
    const duplicate = runWrite(writer, (tx) => tx.source.create({ data: { url: SOURCE_A } }))
    await expect(duplicate).rejects.toBeInstanceOf(ConflictError)
    await expect(duplicate).rejects.toMatchObject({ path: 'input.url', message: 'Another Source already has this url.' })
    const dangling = runWrite(writer, (tx) => tx.cloudProvider.create({ data: { slug: 'dangling', name: 'D', operatorId: writer.id } }))
    await expect(dangling).rejects.toMatchObject({ issues: [{ code: 'foreign_key_violation' }] })
  })
})

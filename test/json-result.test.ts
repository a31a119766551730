import { describe, expect, it } from 'vitest'
import { jsonTextResult } from '../src/sql-execution/json-result.js'

// A SQL-built answer is written as PostgreSQL made its JSON, unless something read or changed it.

const TEXT = '{"partnershipPath" : {"hops" : 2}}'

describe('jsonTextResult', () => {
  it('writes the text as it is, without parsing it', () => {
    const result = jsonTextResult(TEXT)
    expect(result.stringify(result)).toBe(`{"data":${TEXT}}`)
  })

  it('serialises text with a line break from the objects: server-sent events frame a result as one line', () => {
    const result = jsonTextResult('[1, \n 2]')
    expect(result.stringify(result)).toBe('{"data":[1,2]}')
  })

  it('parses data when it is read, and is then serialised from the objects', () => {
    const result = jsonTextResult(TEXT)
    expect(result.data).toEqual({ partnershipPath: { hops: 2 } })
    ;(result.data!.partnershipPath as { hops: number }).hops = 3
    expect(JSON.parse(result.stringify(result))).toEqual({ data: { partnershipPath: { hops: 3 } } })
  })

  it('takes data a plugin sets (the response cache does)', () => {
    const result = jsonTextResult(TEXT)
    result.data = { partnershipPath: null }
    expect(JSON.parse(result.stringify(result))).toEqual({ data: { partnershipPath: null } })
  })

  it('keeps extensions a plugin adds, and serialises a copy as the copy says', () => {
    const result = jsonTextResult(TEXT)
    result.extensions = { cost: 7 }
    expect(JSON.parse(result.stringify(result))).toEqual({ data: { partnershipPath: { hops: 2 } }, extensions: { cost: 7 } })
    const copy = { ...jsonTextResult(TEXT), data: null }
    expect(JSON.parse(copy.stringify(copy))).toEqual({ data: null })
  })
})

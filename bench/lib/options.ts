// The command-line checks the bench scripts share (run.ts, memory.ts, soak.ts).

/** A whole number from `min` to `max` (underscores allowed: 100_000), or an error naming the option. */
export function wholeOption(name: string, value: string, min: number, max: number): number {
  const n = Number(value.replace(/_/g, ''))
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max} (got "${value}")`)
  return n
}

/** Any number from `min` to `max`, or an error naming the option. */
export function numberOption(name: string, value: string, min: number, max: number): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max} (got "${value}")`)
  return n
}

/** `--env NAME=VALUE,…` as an object of the variables to give the server. */
export function envOption(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split(',')
      .filter(Boolean)
      .map((pair) => {
        const [name, ...value] = pair.split('=')
        if (!name || value.length === 0) throw new Error(`--env: "${pair}" is not NAME=VALUE`)
        return [name.trim(), value.join('=')]
      }),
  )
}

import { readdirSync, readFileSync, readlinkSync } from 'node:fs'

// Resident memory as the kernel counts it (VmRSS in /proc/<pid>/status): what a container's memory
// limit and `ps` see, unlike V8's heapUsed. Linux only.

export interface ProcessInfo {
  pid: number
  ppid: number
  command: string
  rssKb: number
}

function read(file: string): string | null {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return null // the process has exited
  }
}

/** VmRSS of one process in MB, or null when it has exited. */
export function rssMb(pid: number): number | null {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(read(`/proc/${pid}/status`) ?? '')
  return match ? Number(match[1]) / 1024 : null
}

/** CPU time the process has used so far (user + system), in ms; null when it has exited. */
export function cpuMs(pid: number): number | null {
  const stat = read(`/proc/${pid}/stat`)
  if (!stat) return null
  // utime and stime are the 12th and 13th fields after the command, in clock ticks (100 a second on Linux).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

function info(pid: number): ProcessInfo | null {
  const stat = read(`/proc/${pid}/stat`)
  const status = read(`/proc/${pid}/status`)
  if (!stat || !status) return null
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ")".
  const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  const rss = /^VmRSS:\s+(\d+) kB$/m.exec(status)
  const command = (read(`/proc/${pid}/cmdline`) ?? '').split('\0').filter(Boolean).join(' ')
  return { pid, ppid, command, rssKb: rss ? Number(rss[1]) : 0 }
}

/** `root` and every process below it, parents first. */
export function processTree(root: number): ProcessInfo[] {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => info(Number(name)))
    .filter((p): p is ProcessInfo => p !== null)
  const tree: ProcessInfo[] = []
  const queue = all.filter((p) => p.pid === root)
  while (queue.length > 0) {
    const next = queue.shift()!
    tree.push(next)
    queue.push(...all.filter((p) => p.ppid === next.pid))
  }
  return tree
}

/** The sum of VmRSS over `root` and its descendants, in MB (pages shared between them counted in each, as `ps` does). */
export function treeRssMb(root: number): number {
  return processTree(root).reduce((sum, p) => sum + p.rssKb, 0) / 1024
}

/** Which process of `root`'s tree listens on `port` (the server itself, under any wrapper). */
export function listenerPid(root: number, port: number): number | null {
  const inodes = new Set<string>()
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (read(table) ?? '').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/)
      // local address "ADDR:PORT" in hex, state 0A = LISTEN, inode in the tenth column.
      if (fields.length > 9 && fields[3] === '0A' && Number.parseInt(fields[1]!.split(':')[1]!, 16) === port) inodes.add(fields[9]!)
    }
  }
  for (const { pid } of processTree(root)) {
    let fds: string[]
    try {
      fds = readdirSync(`/proc/${pid}/fd`)
    } catch {
      continue
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`)
        if (target.startsWith('socket:[') && inodes.has(target.slice(8, -1))) return pid
      } catch {
        // closed meanwhile
      }
    }
  }
  return null
}

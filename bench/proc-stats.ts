/**
 * CPU time and peak memory of a process and its descendants, from the kernel's accounting
 * (/proc/PID/stat utime+stime, /proc/PID/status VmHWM), for benchmarks on Linux.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { answerHelp } from './help.ts';

answerHelp(import.meta.url);

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux architecture Node supports

interface Stat {
  pid: number;
  ppid: number;
  cpuSeconds: number;
}

function readStat(pid: number): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: split after its last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return { pid, ppid: Number(fields[1]), cpuSeconds: (utime + stime) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

/** The pid and every live descendant. */
export function processTree(root: number): number[] {
  const all = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .map(readStat)
    .filter((s): s is Stat => s !== null);
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of all) if (!tree.has(s.pid) && tree.has(s.ppid)) grew = tree.add(s.pid).size > 0;
  }
  return [...tree];
}

/** CPU seconds (user + system) used so far by the processes. */
export function cpuSeconds(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + (readStat(pid)?.cpuSeconds ?? 0), 0);
}

/** Peak resident set of each process (VmHWM), summed, in MiB; 0 for processes gone. */
export function peakRssMiB(pids: readonly number[]): number {
  let kib = 0;
  for (const pid of pids) {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      kib += Number(m?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return kib / 1024;
}

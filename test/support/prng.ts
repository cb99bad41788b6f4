/**
 * A small seeded PRNG (mulberry32) for the fuzz, crash and hostile-input suites, so a failing
 * run can be replayed from the seed it prints. Not for anything security-related.
 */
export class Prng {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max] (both included). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  bool(p = 0.5): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks a key of `weights` with probability proportional to its weight. */
  weighted<K extends string>(weights: Record<K, number>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [key, w] of entries) {
      r -= w;
      if (r < 0) return key;
    }
    return entries[entries.length - 1][0];
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.floor(this.next() * 256);
    return out;
  }

  /** A short lowercase word (letters only, so it never splits another word when inserted at a boundary). */
  word(min = 1, max = 8): string {
    const n = this.int(min, max);
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(97 + this.int(0, 25));
    return s;
  }
}

/** Seeds from `BATON_<NAME>_SEED` (one, or a comma list), else `count` seeds derived from `base`. */
export function seedsFromEnv(name: string, base: number[], count = base.length): number[] {
  const raw = process.env[`BATON_${name}_SEED`];
  if (raw) return raw.split(',').map((s) => Number(s.trim()) >>> 0);
  const seeds = base.slice(0, count);
  for (let i = seeds.length; i < count; i++) seeds.push((Math.imul(i + 1, 2654435761) ^ base[i % base.length]) >>> 0);
  return seeds;
}

export function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

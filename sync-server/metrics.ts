/** Counters and gauges of the relay, rendered as Prometheus text at GET /metrics. */

type Labels = Record<string, string>;

interface Family {
  help: string;
  type: 'counter' | 'gauge';
  values: Map<string, { labels: Labels; value: number }>;
}

function key(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

export class Metrics {
  private readonly families = new Map<string, Family>();

  private family(name: string, type: Family['type'], help: string): Family {
    let family = this.families.get(name);
    if (!family) {
      family = { help, type, values: new Map() };
      this.families.set(name, family);
    }
    return family;
  }

  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    this.counter(name, help, labels).value += by;
  }

  /**
   * The entry of one counter, to bump directly on a hot path (`entry.value += n`): no label
   * key to build per call. It appears in the output from now on, at 0 until bumped.
   */
  counter(name: string, help: string, labels: Labels = {}): { value: number } {
    const family = this.family(name, 'counter', help);
    const k = key(labels);
    let entry = family.values.get(k);
    if (!entry) family.values.set(k, (entry = { labels, value: 0 }));
    return entry;
  }

  set(name: string, help: string, value: number, labels: Labels = {}): void {
    this.family(name, 'gauge', help).values.set(key(labels), { labels, value });
  }

  get(name: string, labels: Labels = {}): number {
    return this.families.get(name)?.values.get(key(labels))?.value ?? 0;
  }

  render(): string {
    const lines: string[] = [];
    for (const [name, family] of this.families) {
      lines.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} ${family.type}`);
      for (const { labels, value } of family.values.values()) {
        const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
        lines.push(`${name}${pairs.length ? `{${pairs.join(',')}}` : ''} ${value}`);
      }
    }
    return lines.join('\n') + '\n';
  }
}

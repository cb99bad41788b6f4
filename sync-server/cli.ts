/**
 * `npm run relay -- <command>`: serve the relay, or issue tokens and invite codes.
 * Exit codes: 0 ok, 1 runtime failure, 2 bad arguments (usage is printed).
 */
import path from 'node:path';
import { isValidEntityId, newId } from '../shared/model/doc-ids';
import { encodeInvite, ROLES, type Role } from '../shared/sync/invite';
import { DEFAULT_LIMITS, type RelayLimits } from './limits';
import { startRelay } from './relay';
import { issueToken, loadOrCreateSecret, parseTtl } from './token';

const USAGE = `Baton relay

Usage: npm run relay -- <command> [options]

Commands:
  serve   [--port 4455] [--host 127.0.0.1] [--data ./relay-data]
          [--max-message-bytes N] [--max-messages-per-second N] [--max-connections-per-space N]
          [--database-url postgres://…] [--redis-url redis://…] [--database-schema public]
          [--compact-after-updates 200]
          Run the relay. Prints the URL it listens on (--port 0 picks a free port).
          With a PostgreSQL URL and a Redis URL (flags, or env DATABASE_URL and REDIS_URL),
          several instances share storage and fan-out; BATON_RELAY_SECRET is then required.
  token   --space <id> --member <id> --role writer|reader [--ttl 30d] [--data ./relay-data]
          Print a signed token (last line).
  invite  --space <id> --name "<member name>" [--role writer|reader] [--ttl 30d]
          [--url ws://127.0.0.1:4455] [--data ./relay-data]
          Print an invite code for a new member (last line); the desktop app accepts it to join.
  help    Show this text.

The signing secret is env BATON_RELAY_SECRET, else <data>/relay-secret (created on first use, mode 0600).
Instances sharing PostgreSQL + Redis must all get the same BATON_RELAY_SECRET.
TTL: 90s, 15m, 12h, 30d, 2w. Ids: 1-64 characters of A-Z a-z 0-9 _ -.`;

class UsageError extends Error {}

type Flags = Map<string, string>;

const FLAGS: Record<string, readonly string[]> = {
  serve: [
    'port', 'host', 'data', 'max-message-bytes', 'max-messages-per-second', 'max-connections-per-space',
    'database-url', 'redis-url', 'database-schema', 'compact-after-updates',
  ],
  token: ['space', 'member', 'role', 'ttl', 'data'],
  invite: ['space', 'name', 'role', 'ttl', 'url', 'data'],
};

function parseFlags(command: string, args: string[]): Flags {
  const allowed = FLAGS[command];
  const flags: Flags = new Map();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UsageError(`unexpected argument "${arg}"`);
    const [, name, inline] = match;
    if (!allowed.includes(name)) throw new UsageError(`unknown option --${name} for "${command}"`);
    if (flags.has(name)) throw new UsageError(`--${name} given twice`);
    const value = inline ?? args[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    flags.set(name, value);
  }
  return flags;
}

function required(flags: Flags, name: string): string {
  const value = flags.get(name);
  if (value === undefined || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

function entityId(flags: Flags, name: string): string {
  const value = required(flags, name);
  if (!isValidEntityId(value)) throw new UsageError(`--${name} "${value}" is not a valid id (1-64 characters of A-Z a-z 0-9 _ -)`);
  return value;
}

function integer(flags: Flags, name: string, fallback: number, min: number, max: number): number {
  const text = flags.get(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}`);
  return value;
}

function role(flags: Flags, fallback?: Role): Role {
  const value = flags.get('role') ?? fallback;
  if (value === undefined) throw new UsageError('--role is required (writer or reader)');
  if (!ROLES.includes(value as Role)) throw new UsageError(`--role must be writer or reader, not "${value}"`);
  return value as Role;
}

function ttl(flags: Flags): number {
  try {
    return parseTtl(flags.get('ttl') ?? '30d');
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

const dataDir = (flags: Flags) => path.resolve(flags.get('data') ?? './relay-data');

async function serve(flags: Flags): Promise<void> {
  const limits: Partial<RelayLimits> = {
    maxMessageBytes: integer(flags, 'max-message-bytes', DEFAULT_LIMITS.maxMessageBytes, 1024, 1 << 30),
    messagesPerSecond: integer(flags, 'max-messages-per-second', DEFAULT_LIMITS.messagesPerSecond, 1, 1_000_000),
    maxConnectionsPerSpace: integer(flags, 'max-connections-per-space', DEFAULT_LIMITS.maxConnectionsPerSpace, 1, 1_000_000),
  };
  limits.messageBurst = Math.max(DEFAULT_LIMITS.messageBurst, limits.messagesPerSecond! * 5);
  const databaseUrl = flags.get('database-url') ?? (process.env.DATABASE_URL || undefined);
  const redisUrl = flags.get('redis-url') ?? (process.env.REDIS_URL || undefined);
  if (Boolean(databaseUrl) !== Boolean(redisUrl)) {
    throw new UsageError('running on PostgreSQL needs Redis too (and vice versa): give both --database-url and --redis-url (or DATABASE_URL and REDIS_URL)');
  }
  const schema = flags.get('database-schema');
  if (schema !== undefined && !databaseUrl) throw new UsageError('--database-schema needs --database-url');
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new UsageError('--database-schema must be 1-63 characters of a-z 0-9 _');
  const relay = await startRelay({
    port: integer(flags, 'port', 4455, 0, 65535),
    host: flags.get('host') ?? '127.0.0.1',
    dataDir: dataDir(flags),
    limits,
    databaseUrl,
    redisUrl,
    databaseSchema: schema,
    compactAfterUpdates: flags.has('compact-after-updates') ? integer(flags, 'compact-after-updates', 200, 2, 1_000_000) : undefined,
  });
  console.log(`Baton relay listening on ${relay.url}`);
  if (relay.instanceId) console.log(`Storage: PostgreSQL (schema ${schema ?? 'public'}); fan-out: Redis; instance ${relay.instanceId}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1); // a second signal: do not wait any longer
    stopping = true;
    console.log(`${signal}: shutting down`);
    relay.close().then(
      () => process.exit(0),
      (err) => {
        console.error('shutdown failed:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

function token(flags: Flags): void {
  const claims = { space: entityId(flags, 'space'), member: entityId(flags, 'member'), role: role(flags), ttlSeconds: ttl(flags) };
  const secret = loadOrCreateSecret(dataDir(flags));
  const expires = new Date((Math.floor(Date.now() / 1000) + claims.ttlSeconds) * 1000).toISOString();
  console.log(`Token for member ${claims.member} (${claims.role}) of space ${claims.space}, expires ${expires}:`);
  console.log(issueToken(claims, secret));
}

function invite(flags: Flags): void {
  const space = entityId(flags, 'space');
  const name = required(flags, 'name').trim();
  if (name.length > 100) throw new UsageError('--name must be at most 100 characters');
  const url = (flags.get('url') ?? 'ws://127.0.0.1:4455').replace(/\/+$/, '');
  if (!/^wss?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(url)) throw new UsageError(`--url must be a ws:// or wss:// URL, not "${url}"`);
  const member = newId();
  const claims = { space, member, role: role(flags, 'writer'), ttlSeconds: ttl(flags) };
  const secret = loadOrCreateSecret(dataDir(flags));
  const code = encodeInvite({ v: 1, url, space, member, name, token: issueToken(claims, secret) });
  console.log(`Invite for ${name} (member ${member}, ${claims.role}) to space ${space} via ${url}:`);
  console.log(code);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  try {
    if (!(command in FLAGS)) throw new UsageError(`unknown command "${command}"`);
    const flags = parseFlags(command, rest);
    if (command === 'serve') await serve(flags);
    else if (command === 'token') token(flags);
    else invite(flags);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`error: ${err.message}\n`);
      console.error(USAGE);
      return 2;
    }
    console.error(`error: ${(err as Error).message}`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  if (code !== 0) process.exit(code);
});

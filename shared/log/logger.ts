/**
 * The one logger. App code never calls console.* directly: it asks for a scoped logger,
 * so output can be silenced in tests, redirected to a file in the Electron shell, and
 * always carries its scope.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogRecord {
  level: LogLevel;
  scope: string;
  message: string;
  fields?: Record<string, unknown>;
  time: number;
}

export type LogSink = (record: LogRecord) => void;

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function consoleSink(record: LogRecord): void {
  const line = `${new Date(record.time).toISOString()} ${record.level.toUpperCase().padEnd(5)} [${record.scope}] ${record.message}`;
  const args: unknown[] = record.fields ? [line, record.fields] : [line];
  // eslint-disable-next-line no-console -- the single place that writes to the console
  (record.level === 'error' ? console.error : record.level === 'warn' ? console.warn : console.log)(...args);
}

let sink: LogSink = consoleSink;
let threshold: LogLevel = 'info';

/** Replace where records go (tests collect them; the Electron shell may add a file). */
export function setLogSink(next: LogSink | null): void {
  sink = next ?? consoleSink;
}

export function setLogLevel(level: LogLevel): void {
  threshold = level;
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function createLogger(scope: string): Logger {
  const write = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < LEVELS[threshold]) return;
    sink({ level, scope, message, fields, time: Date.now() });
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

import { setLogLevel } from '../../shared/log/logger';

// Tests print only warnings and errors unless BATON_LOG=debug|info is set.
setLogLevel((process.env.BATON_LOG as 'debug' | 'info' | 'warn' | 'error' | undefined) ?? 'warn');

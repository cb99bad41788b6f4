/**
 * Electron main-process entry (electron-vite builds it to out/main/index.js). All the work is
 * in shell.ts; this file only wires the real Core in, so tests can run the shell with another.
 */
import { createCore } from '../core/core';
import { runBaton } from './shell';

runBaton({ createCore });

/** Errors the Core raises when it cannot start. Their messages are shown to the user as-is. */

export class DataDirLockedError extends Error {
  readonly code = 'data_dir_locked';
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `Baton's data folder ${dataDir} is already in use by another Baton process (pid ${holderPid}). ` +
        'Close that window or use another profile.',
    );
    this.name = 'DataDirLockedError';
  }
}

export class DatabaseOpenError extends Error {
  readonly code = 'database_unreadable';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(
      `Baton could not open its database ${file}: ${reason}. ` +
        'The file was left untouched; restore it from a backup or move it aside to start fresh.',
    );
    this.name = 'DatabaseOpenError';
  }
}

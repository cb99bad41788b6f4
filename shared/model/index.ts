export * from './types';
export * from './doc-ids';
export * from './space';
export * from './page';

/** Transaction origins in the renderer's mirror docs. Only LOCAL_ORIGIN changes are sent. */
export const LOCAL_ORIGIN = 'renderer-local';
/** Applied from the Core (initial state or a pushed `doc.update`); never sent back. */
export const REMOTE_ORIGIN = 'remote';

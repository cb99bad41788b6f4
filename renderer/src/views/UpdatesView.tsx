/** The Updates view lives in ./updates/ (composer, feed, catch-up, weekly summary, goals). */
export { UpdatesView } from './updates/UpdatesView';

/**
 * The Content-Security-Policy of every page that shows the renderer, in both shells (Electron's
 * baton:// protocol and the web shell): only the app's own bundle, no inline or eval'd script,
 * no plugins, no framing, no forms, network only to its own origin (the web shell's API socket).
 * Inline styles stay allowed because React and the editor set `style` attributes.
 */
export const APP_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

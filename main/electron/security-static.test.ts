/**
 * Static checks of Electron's security checklist (SECURITY.md maps each item here): they read
 * the shipped sources with the TypeScript compiler API (no Electron, no mocks), plus
 * electron-builder.yml, package.json and, when it has been built, out/preload/index.js.
 * Behaviour is tested beside each module; this file makes sure no code path goes around it.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');

/** The code that runs in Electron's processes or in the page: no tests, no build scripts. */
function shippedSources(): string[] {
  const files: string[] = [];
  const visit = (entry: string) => {
    const stat = fs.statSync(entry);
    if (stat.isDirectory()) {
      if (['node_modules', 'scripts'].includes(path.basename(entry))) return;
      for (const name of fs.readdirSync(entry)) visit(path.join(entry, name));
    } else if (/\.(ts|tsx|html)$/.test(entry) && !/\.(test|d)\.tsx?$/.test(entry)) {
      files.push(entry);
    }
  };
  for (const entry of ['main/electron', 'main/preload.ts', 'main/core', 'shared', 'renderer/index.html', 'renderer/src']) {
    const full = path.join(ROOT, entry);
    if (fs.existsSync(full)) visit(full);
  }
  return files;
}

const SOURCES = shippedSources();
const SCRIPTS = SOURCES.filter((file) => /\.tsx?$/.test(file));
const parsed = new Map<string, ts.SourceFile>();

function parse(file: string): ts.SourceFile {
  let source = parsed.get(file);
  if (!source) {
    const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
    source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, kind);
    parsed.set(file, source);
  }
  return source;
}

const printer = ts.createPrinter({ removeComments: true });

/** A file's code without its comments (which may well name what they forbid). */
function withoutComments(file: string): string {
  if (file.endsWith('.html')) return fs.readFileSync(file, 'utf8').replace(/<!--[\s\S]*?-->/g, '');
  return printer.printFile(parse(file));
}

const electronFile = (name: string) => path.join(ROOT, 'main', 'electron', name);

function nodesOf<T extends ts.Node>(root: ts.Node, test: (node: ts.Node) => node is T): T[] {
  const found: T[] = [];
  const visit = (node: ts.Node) => {
    if (test(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

/** `a.b(...)` calls whose callee reads `<object>.<method>` (object by its text). */
function methodCalls(root: ts.Node, method: string, object?: string): ts.CallExpression[] {
  return nodesOf(root, ts.isCallExpression).filter(
    (call) =>
      ts.isPropertyAccessExpression(call.expression) &&
      call.expression.name.text === method &&
      (object === undefined || call.expression.expression.getText() === object),
  );
}

function where(node: ts.Node): string {
  const source = node.getSourceFile();
  const { line } = source.getLineAndCharacterOfPosition(node.getStart());
  return `${rel(source.fileName)}:${line + 1}`;
}

function enclosingFunctionName(node: ts.Node): string | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isFunctionDeclaration(current) && current.name) return current.name.text;
    if (ts.isVariableDeclaration(current) && ts.isIdentifier(current.name)) return current.name.text;
  }
  return undefined;
}

/** Names imported from 'electron' as values (not `import type`). */
function electronValueImports(source: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || (statement.moduleSpecifier as ts.StringLiteral).text !== 'electron') continue;
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly) continue;
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) if (!element.isTypeOnly) names.push((element.propertyName ?? element.name).text);
    } else if (bindings || clause.name) {
      names.push('*'); // a namespace or default import would hide what is used
    }
  }
  return names;
}

function literalValue(expression: ts.Expression): unknown {
  if (expression.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (expression.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (ts.isStringLiteral(expression)) return expression.text;
  return `<${expression.getText()}>`;
}

describe('checklist 2-4, 6, 8-12: one secure window factory', () => {
  const WINDOW_CLASSES = new Set(['BrowserWindow', 'BrowserView', 'WebContentsView']);
  const constructions = SCRIPTS.flatMap((file) =>
    nodesOf(parse(file), ts.isNewExpression).filter((node) => {
      const callee = node.expression;
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : callee.getText();
      return WINDOW_CLASSES.has(name);
    }),
  );

  it('builds every window in createSecureWindow and nowhere else', () => {
    expect(constructions.map(where)).toEqual([expect.stringMatching(/^main\/electron\/secure-window\.ts:\d+$/)]);
    expect(enclosingFunctionName(constructions[0])).toBe('createSecureWindow');
    // BrowserWindow & co. are imported as values only there (others may import their types).
    for (const file of SCRIPTS) {
      if (file === electronFile('secure-window.ts')) continue;
      const values = electronValueImports(parse(file));
      expect(values.filter((name) => WINDOW_CLASSES.has(name) || name === '*'), rel(file)).toEqual([]);
    }
    // The two windows really use it.
    for (const file of ['main-window.ts', 'handoff-window.ts']) {
      const calls = nodesOf(parse(electronFile(file)), ts.isCallExpression).filter((call) => call.expression.getText() === 'createSecureWindow');
      expect(calls, file).toHaveLength(1);
    }
  });

  it('writes the secure webPreferences literally, last, so nothing can override them', () => {
    const [construction] = constructions;
    const options = construction.arguments?.[0];
    expect(options && ts.isObjectLiteralExpression(options)).toBe(true);
    const properties = (options as ts.ObjectLiteralExpression).properties;
    const last = properties[properties.length - 1];
    expect(last && ts.isPropertyAssignment(last) && last.name.getText()).toBe('webPreferences');
    const preferences = (last as ts.PropertyAssignment).initializer;
    expect(ts.isObjectLiteralExpression(preferences)).toBe(true);
    const values: Record<string, unknown> = {};
    for (const property of (preferences as ts.ObjectLiteralExpression).properties) {
      // No spread or computed key: every preference is visible here.
      expect(ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property), property.getText()).toBe(true);
      const name = property.name!.getText();
      values[name] = ts.isPropertyAssignment(property) ? literalValue(property.initializer) : `<${name}>`;
    }
    expect(values).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    for (const absent of ['enableBlinkFeatures', 'partition', 'session', 'additionalArguments', 'enableRemoteModule']) {
      expect(values, absent).not.toHaveProperty(absent);
    }
    expect(values.preload).toBe('<preloadPath>');
  });

  it('has no insecure setting, switch or tag anywhere in the shipped sources', () => {
    const FORBIDDEN: [RegExp, string][] = [
      [/nodeIntegration(InWorker|InSubFrames)?\s*:\s*true/, 'Node integration'],
      [/contextIsolation\s*:\s*false/, 'context isolation off'],
      [/sandbox\s*:\s*false/, 'sandbox off'],
      [/webSecurity\s*:\s*false/, 'web security off'],
      [/allowRunningInsecureContent\s*:\s*true/, 'insecure content'],
      [/experimentalFeatures\s*:\s*true/, 'experimental features'],
      [/enableBlinkFeatures|blinkfeatures=/i, 'Blink features'],
      [/webviewTag\s*:\s*true|createElement\(\s*['"]webview/i, '<webview>'],
      [/allowpopups/i, '<webview allowpopups>'],
      [/@electron\/remote|enableRemoteModule\s*:\s*true/, 'remote module'],
      [/bypassCSP/, 'a scheme that bypasses the CSP'],
      [/'unsafe-eval'|wasm-unsafe-eval/, 'eval in the CSP'],
      [/disable-web-security|ignore-certificate-errors|allow-insecure-localhost/, 'an insecure Chromium switch'],
      [/setCertificateVerifyProc|['"]certificate-error['"]/, 'certificate checks overridden'],
      [/ELECTRON_DISABLE_SECURITY_WARNINGS/, 'security warnings silenced'],
      [/\bloadFile\(|registerFileProtocol|interceptFileProtocol|['"`]file:\/\//, 'file:// content'],
      [/exposeInIsolatedWorld|webFrame\.executeJavaScript|\.executeJavaScript\(/, 'script injection'],
    ];
    const hits: string[] = [];
    for (const file of SOURCES) {
      const text = withoutComments(file);
      for (const [pattern, what] of FORBIDDEN) if (pattern.test(text)) hits.push(`${rel(file)}: ${what} (${pattern})`);
    }
    // A <webview> written as markup, in the page's HTML or JSX.
    for (const file of SOURCES) {
      if (file.endsWith('.html')) {
        if (/<webview\b/i.test(withoutComments(file))) hits.push(`${rel(file)}: <webview>`);
      } else if (file.endsWith('.tsx')) {
        const tags = nodesOf(parse(file), (node): node is ts.JsxOpeningLikeElement => ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node));
        for (const tag of tags) if (tag.tagName.getText().toLowerCase() === 'webview') hits.push(`${where(tag)}: <webview>`);
      }
    }
    expect(hits).toEqual([]);
  });
});

describe('checklist 15: shell.openExternal only through the validated helper', () => {
  const security = parse(electronFile('security.ts'));

  it('has exactly one openExternal call, behind openExternalSafely', () => {
    const uses = SCRIPTS.flatMap((file) =>
      nodesOf(parse(file), ts.isPropertyAccessExpression).filter(
        (node) => node.name.text === 'openExternal' && node.expression.getText() === 'shell',
      ),
    );
    expect(uses.map(where)).toEqual([expect.stringMatching(/^main\/electron\/security\.ts:\d+$/)]);
    // …in a private constant that is only ever the default of openExternalSafely's parameter.
    expect(enclosingFunctionName(uses[0])).toBe('systemOpenExternal');
    const references = nodesOf(security, ts.isIdentifier).filter((id) => id.text === 'systemOpenExternal');
    const declared = references.find((id) => ts.isVariableDeclaration(id.parent))!;
    const statement = declared.parent.parent.parent as ts.VariableStatement;
    expect(ts.isVariableStatement(statement)).toBe(true);
    expect(statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false).toBe(false);
    const others = references.filter((id) => id !== declared);
    expect(others.map((id) => ts.isParameter(id.parent) && enclosingFunctionName(id))).toEqual(['openExternalSafely']);
    // Only security.ts imports `shell` from electron at all, and nothing imports openExternal directly.
    for (const file of SCRIPTS) {
      const values = electronValueImports(parse(file));
      expect(values.includes('shell') || values.includes('*'), rel(file)).toBe(file === electronFile('security.ts'));
    }
  });

  it('opens only the URL that safeExternalUrl returned, after refusing null', () => {
    const helper = nodesOf(security, ts.isFunctionDeclaration).find((fn) => fn.name?.text === 'openExternalSafely')!;
    const statements = helper.body!.statements;
    // const safe = safeExternalUrl(url);
    const first = statements[0] as ts.VariableStatement;
    const declaration = first.declarationList.declarations[0];
    expect(declaration.name.getText()).toBe('safe');
    expect(declaration.initializer?.getText()).toBe('safeExternalUrl(url)');
    // if (safe === null) { …; return false; }
    const guard = statements[1] as ts.IfStatement;
    expect(ts.isIfStatement(guard) && guard.expression.getText()).toBe('safe === null');
    expect(nodesOf(guard.thenStatement, ts.isReturnStatement)).toHaveLength(1);
    // Every call of the opener gets `safe`.
    const opens = nodesOf(helper.body!, ts.isCallExpression).filter((call) => call.expression.getText() === 'openExternal');
    expect(opens.map((call) => call.arguments.map((a) => a.getText()))).toEqual([['safe']]);
  });
});

describe('checklist 17 and 20: the preload and IPC', () => {
  const preload = parse(path.join(ROOT, 'main', 'preload.ts'));

  it('exposes only window.baton, built from ipcRenderer but never handing it over', () => {
    const exposures = SCRIPTS.flatMap((file) => methodCalls(parse(file), 'exposeInMainWorld'));
    expect(exposures.map(where)).toEqual([expect.stringMatching(/^main\/preload\.ts:\d+$/)]);
    const [exposure] = exposures;
    expect(exposure.expression.getText()).toBe('contextBridge.exposeInMainWorld');
    expect(exposure.arguments.map((a) => a.getText())).toEqual(["'baton'", 'createBridge(ipcRenderer)']);
    // ipcRenderer appears only in its import and as that argument.
    const uses = nodesOf(preload, ts.isIdentifier).filter((id) => id.text === 'ipcRenderer' && !ts.isImportSpecifier(id.parent));
    expect(uses.map((id) => id.parent.getText())).toEqual(['createBridge(ipcRenderer)']);
    // The preload imports only electron and shared/.
    const imports = preload.statements.filter(ts.isImportDeclaration).map((s) => (s.moduleSpecifier as ts.StringLiteral).text);
    expect(imports.filter((spec) => spec !== 'electron' && !spec.startsWith('../shared/'))).toEqual([]);
    // No synchronous or direct-to-window IPC.
    expect([...methodCalls(preload, 'sendSync'), ...methodCalls(preload, 'sendTo'), ...methodCalls(preload, 'sendToHost')]).toEqual([]);
  });

  it("never passes the IpcRendererEvent to the page's listeners", () => {
    const subscriptions = methodCalls(preload, 'on', 'ipc');
    expect(subscriptions).toHaveLength(1);
    const listener = subscriptions[0].arguments[1];
    expect(listener && ts.isArrowFunction(listener)).toBe(true);
    const eventParam = (listener as ts.ArrowFunction).parameters[0].name.getText();
    const used = nodesOf((listener as ts.ArrowFunction).body, ts.isIdentifier).filter((id) => id.text === eventParam);
    expect(used).toEqual([]);
  });

  it('has one IPC entry point, which checks the sender before anything runs', () => {
    const ipcMainCalls = SCRIPTS.flatMap((file) =>
      nodesOf(parse(file), ts.isCallExpression).filter(
        (call) => ts.isPropertyAccessExpression(call.expression) && call.expression.expression.getText() === 'ipcMain',
      ),
    );
    expect(ipcMainCalls.map((call) => `${where(call)} ${(call.expression as ts.PropertyAccessExpression).name.text}`)).toEqual([
      expect.stringMatching(/^main\/electron\/ipc\.ts:\d+ handle$/),
      expect.stringMatching(/^main\/electron\/ipc\.ts:\d+ removeHandler$/),
    ]);
    const handler = ipcMainCalls[0].arguments[1] as ts.ArrowFunction;
    const body = handler.body as ts.Block;
    expect(body.statements[0].getText()).toMatch(/^const rejection = senderRejection\(event,/);
    expect(ts.isIfStatement(body.statements[1]) && (body.statements[1] as ts.IfStatement).expression.getText()).toBe('rejection');
    // The Electron-facing transport is the only thing listening: no ipcMain.on / handleOnce.
    expect(SOURCES.filter((file) => /ipcMain\.(on|once|handleOnce)\(/.test(fs.readFileSync(file, 'utf8'))).map(rel)).toEqual([]);
  });
});

describe('checklist 5, 7, 13, 14, 18: the shell wires every guard in', () => {
  const shell = fs.readFileSync(electronFile('shell.ts'), 'utf8');
  const security = fs.readFileSync(electronFile('security.ts'), 'utf8');

  it('sandboxes every renderer, hardens every webContents, installs CSP and permission handlers', () => {
    expect(shell).toMatch(/app\.enableSandbox\(\);/);
    expect(shell).toMatch(/app\.on\('web-contents-created', \(_event, contents\) => \{\s*hardenWebContents\(contents, source\.origins\);/);
    expect(shell).toMatch(/installCsp\(session\.defaultSession, source\.dev \? devCsp\(source\.url\) : PRODUCTION_CSP\)/);
    expect(shell).toMatch(/installPermissionHandlers\(session\.defaultSession, source\.origins\)/);
    expect(shell).toMatch(/handleAppProtocol\(/);
    expect(shell).toMatch(/devTools: !app\.isPackaged/);
    // Only the default session is used (no partitions that would miss the handlers above).
    expect(SOURCES.filter((file) => /fromPartition|session\.fromPath|partition\s*:/.test(fs.readFileSync(file, 'utf8'))).map(rel)).toEqual([]);
  });

  it('guards navigation, redirects, <webview> and window.open, and all three permission hooks', () => {
    for (const hook of ["'will-navigate'", "'will-redirect'", "'will-attach-webview'", 'setWindowOpenHandler(']) {
      expect(security, hook).toContain(hook);
    }
    expect(security).toMatch(/return \{ action: 'deny' \};/);
    expect(security).not.toMatch(/action: 'allow'/);
    for (const hook of ['setPermissionRequestHandler', 'setPermissionCheckHandler', 'setDevicePermissionHandler']) {
      expect(security, hook).toContain(`session.${hook}(`);
    }
  });

  it('serves the renderer from baton://, never file://, with the CSP on every response', () => {
    expect(fs.readFileSync(path.join(ROOT, 'main/electron/app-url.ts'), 'utf8')).toMatch(/APP_ENTRY_URL = `\$\{APP_ORIGIN\}\/index\.html`/);
    const protocol = fs.readFileSync(electronFile('app-protocol.ts'), 'utf8');
    expect(protocol.match(/'Content-Security-Policy': PRODUCTION_CSP/g)).toHaveLength(2);
  });
});

describe('checklist 16 and 19: Electron version and fuses', () => {
  it('sets every security fuse in the build', () => {
    const yml = fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8');
    const block = /^electronFuses:\n((?:[ \t]+.*\n?)+)/m.exec(yml);
    expect(block).not.toBeNull();
    const fuses = Object.fromEntries(
      block![1]
        .split('\n')
        .map((line) => line.replace(/#.*/, '').trim())
        .filter(Boolean)
        .map((line) => {
          const [key, value] = line.split(/:\s*/);
          return [key, value === 'true' ? true : value === 'false' ? false : value];
        }),
    );
    expect(fuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // The asar integrity and only-from-asar fuses need the app packed as an asar.
    expect(yml).toMatch(/^asar: true$/m);
  });

  it('uses a supported Electron (at least the major this checklist was audited on)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
      scripts: Record<string, string>;
    };
    const wanted = pkg.devDependencies.electron;
    expect(wanted).toMatch(/^\d+\.\d+/); // pinned to a minor line, patch releases (security fixes) only
    expect(Number(wanted.split('.')[0])).toBeGreaterThanOrEqual(45);
    const installed = (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
    expect(installed.startsWith(`${wanted}.`) || installed === wanted).toBe(true);
    // …and `npm test` keeps running the Electronegativity scan after the build.
    expect(pkg.scripts.security).toMatch(/electronegativity/);
    expect(pkg.scripts.test).toMatch(/npm run build && npm run security && /);
  });
});

describe('the built preload', () => {
  const built = path.join(ROOT, 'out', 'preload', 'index.js');

  it.runIf(fs.existsSync(built))('requires only electron (a sandboxed preload can load nothing else)', () => {
    const code = fs.readFileSync(built, 'utf8');
    const required = new Set([...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]));
    expect([...required]).toEqual(['electron']);
    expect(code).not.toMatch(/^\s*import\s/m);
    expect(code).toMatch(/exposeInMainWorld\(\s*["']baton["']/);
  });
});

// Lint: the layer rule of DESIGN.md §1 plus a few habits from CONVENTIONS.md.
import path from 'node:path';
import tseslint from 'typescript-eslint';

const ROOT = path.dirname(new URL(import.meta.url).pathname);

/** Each layer and the project folders it may import. Order matters: most specific first. */
const LAYERS = [
  { name: 'shared/', dir: 'shared', allowed: ['shared/'], node: false, electron: false },
  { name: 'main/core/', dir: 'main/core', allowed: ['main/core/', 'shared/'], node: true, electron: false },
  { name: 'main/web/', dir: 'main/web', allowed: ['main/web/', 'main/core/', 'shared/'], node: true, electron: false },
  { name: 'main/electron/', dir: 'main/electron', allowed: ['main/electron/', 'main/core/', 'shared/'], node: true, electron: true },
  { name: 'main/preload.ts', dir: 'main/preload.ts', allowed: ['shared/'], node: false, electron: true },
  { name: 'renderer/', dir: 'renderer', allowed: ['renderer/', 'shared/'], node: false, electron: false },
  { name: 'sync-server/', dir: 'sync-server', allowed: ['sync-server/', 'shared/'], node: true, electron: false },
];

const NODE_BUILTINS = new Set([
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http', 'https',
  'module', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'string_decoder', 'timers', 'tls', 'url',
  'util', 'v8', 'vm', 'worker_threads', 'zlib',
]);

function layerOf(file) {
  const rel = path.relative(ROOT, file).split(path.sep).join('/');
  return LAYERS.find((l) => rel === l.dir || rel.startsWith(l.dir + '/'));
}

const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the import rules between layers (DESIGN.md §1)' },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const layer = layerOf(file);
    const rel = path.relative(ROOT, file).split(path.sep).join('/');
    if (!layer || /\.test\.tsx?$/.test(rel)) return {};
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      const allowed = `${layer.name} may import only: ${layer.allowed.join(', ')}` +
        `${layer.node ? ', node:*' : ''}${layer.electron ? ', electron' : ''} and npm packages`;
      if (source === 'electron' || source.startsWith('electron/')) {
        if (!layer.electron) context.report({ node, message: `"${source}" is not allowed here. ${allowed}.` });
        return;
      }
      const bare = source.replace(/^node:/, '');
      if (source.startsWith('node:') || NODE_BUILTINS.has(bare)) {
        if (!layer.node) context.report({ node, message: `Node built-in "${source}" is not allowed here. ${allowed}.` });
        return;
      }
      if (!source.startsWith('.')) return; // an npm package
      const target = path.relative(ROOT, path.resolve(path.dirname(file), source)).split(path.sep).join('/');
      const targetLayer = LAYERS.find((l) => target === l.dir || target.startsWith(l.dir + '/'));
      if (!targetLayer) {
        context.report({ node, message: `"${source}" leaves the project's layers. ${allowed}.` });
        return;
      }
      if (!layer.allowed.includes(targetLayer.name)) {
        context.report({ node, message: `"${source}" reaches into ${targetLayer.name}. ${allowed}.` });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(node, node.arguments[0].value);
        }
      },
    };
  },
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', '.electron-native/**', '**/*.d.ts', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mjs}'],
    plugins: { baton: { rules: { layers: layersRule } } },
    rules: {
      'baton/layers': 'error',
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
    },
  },
  {
    // Tests, benchmarks and build scripts may print.
    files: ['test/**', '**/*.test.ts', '**/*.test.tsx', '**/scripts/**', '**/cli.ts', 'eslint.config.mjs'],
    rules: { 'no-console': 'off' },
  },
);

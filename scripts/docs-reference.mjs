// Generates the reference pages of the documentation site from the code itself: settings
// from the zod schema and the config interfaces' doc comments, hooks from the event map,
// the HTTP API from the OpenAPI document, the CLI from its own --help, the TypeScript API
// from the published declarations. Run after `npm run build`; writes docs/reference/*.md.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { z } from 'zod';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'docs', 'reference');
const dist = (path) => import(pathToFileURL(join(ROOT, 'dist', path)).href);

/** Property → { doc, default } of an interface, read from its doc comments. */
export function interfaceDocs(file, name) {
  const source = ts.createSourceFile(
    file,
    readFileSync(join(ROOT, file), 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const found = new Map();
  const visit = (node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === name) {
      for (const member of node.members) {
        if (!ts.isPropertySignature(member) || !member.name) continue;
        const key = member.name.getText(source);
        const jsDoc = member.jsDoc?.[0];
        const text =
          typeof jsDoc?.comment === 'string'
            ? jsDoc.comment
            : (ts.getTextOfJSDocComment(jsDoc?.comment) ?? '');
        const defaultTag = ts.getJSDocTags(member).find((tag) => tag.tagName.text === 'default');
        const defaultText = defaultTag
          ? typeof defaultTag.comment === 'string'
            ? defaultTag.comment
            : ts.getTextOfJSDocComment(defaultTag.comment)
          : undefined;
        found.set(key, {
          doc: text.replace(/\s+/g, ' ').trim(),
          default: defaultText?.trim(),
          type: member.type?.getText(source) ?? '',
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const cell = (text) =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');

function describeType(schema) {
  if (!schema) return '';
  if (schema.enum) return schema.enum.map((v) => `\`${v}\``).join(' | ');
  const types = Array.isArray(schema.type)
    ? schema.type
    : [schema.type ?? (schema.anyOf ? schema.anyOf.map((s) => s.type).join(' | ') : 'any')];
  let text = types.join(' | ');
  if (schema.type === 'array') text = `list of ${schema.items?.type ?? 'values'}`;
  return text;
}

function describeRange(schema) {
  if (!schema) return '';
  const parts = [];
  if (schema.minimum !== undefined) parts.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined) parts.push(`≤ ${schema.maximum}`);
  return parts.join(', ');
}

// A default is in the code for anyone to read, secret settings included.
function showDefault(value) {
  if (value === null || value === undefined) return '`null`';
  if (typeof value === 'object' && typeof value.reveal === 'function')
    return `\`${JSON.stringify(value.reveal())}\``;
  return `\`${JSON.stringify(value)}\``;
}

/** Every setting: [{ path, toml, env, type, range, default, doc }]. */
export async function collectSettings() {
  const { regstackConfigSchema, TOP_LEVEL_FIELDS, SECRET_FIELD_PATHS } =
    await dist('config/schema.js');
  const { SUB_CONFIG_FIELDS } = await dist('config/sub-schemas.js');
  const { defaultConfig } = await dist('config/defaults.js');
  const json = z.toJSONSchema(regstackConfigSchema, { io: 'input', unrepresentable: 'any' });
  const defaults = defaultConfig();
  const top = interfaceDocs('src/config/schema.ts', 'RegstackConfig');
  const subDocs = {
    email: interfaceDocs('src/config/sub-schemas.ts', 'EmailConfig'),
    sms: interfaceDocs('src/config/sub-schemas.ts', 'SmsConfig'),
    oauth: interfaceDocs('src/config/sub-schemas.ts', 'OAuthConfig'),
    webhooks: interfaceDocs('src/config/sub-schemas.ts', 'WebhooksConfig'),
  };
  const settings = [];
  for (const name of TOP_LEVEL_FIELDS) {
    if (name in SUB_CONFIG_FIELDS) continue;
    const doc = top.get(name);
    settings.push({
      path: name,
      section: '',
      toml: name,
      env: `REGSTACK_${name.toUpperCase()}`,
      type: SECRET_FIELD_PATHS.has(name) ? 'string (secret)' : describeType(json.properties[name]),
      range: describeRange(json.properties[name]),
      default: showDefault(defaults[name]),
      doc: doc?.doc ?? '',
    });
  }
  for (const [section, fields] of Object.entries(SUB_CONFIG_FIELDS)) {
    const sectionSchema = json.properties[section];
    for (const name of fields) {
      const path = `${section}.${name}`;
      const schema = sectionSchema?.properties?.[name];
      settings.push({
        path,
        section,
        toml: `[${section}] ${name}`,
        env: `REGSTACK_${section.toUpperCase()}__${name.toUpperCase()}`,
        type: SECRET_FIELD_PATHS.has(path) ? 'string (secret)' : describeType(schema),
        range: describeRange(schema),
        default: showDefault(defaults[section]?.[name]),
        doc: subDocs[section]?.get(name)?.doc ?? '',
      });
    }
  }
  return settings;
}

function configurationPage(settings) {
  const rows = (list) =>
    list
      .map(
        (s) =>
          `| \`${s.path}\` | ${cell(s.type)} | ${cell(s.range)} | ${cell(s.default)} | \`${s.env}\` | ${cell(s.doc.replace(/@default.*$/, ''))} |`,
      )
      .join('\n');
  const head =
    '| Setting | Type | Range | Default | Environment | What it does |\n| --- | --- | --- | --- | --- | --- |';
  const sections = ['', 'email', 'sms', 'oauth'];
  const body = sections
    .map((section) => {
      const list = settings.filter((s) => s.section === section);
      if (list.length === 0) return '';
      const title = section === '' ? '## Top-level settings' : `## \`[${section}]\``;
      return `${title}\n\n${head}\n${rows(list)}\n`;
    })
    .join('\n');
  return `# Configuration reference

Generated from the configuration schema; every setting, its type, range, default, environment
variable and purpose. Priority, lowest first: defaults, \`regstack.toml\` (or
\`$REGSTACK_CONFIG\`), \`regstack.secrets.env\`, \`REGSTACK_*\` environment variables, then the
\`overrides\` passed to \`createRegstack\`. In TOML a setting of a section goes in its table
(\`[email]\` then \`smtp_port = 587\`); in the environment \`__\` nests
(\`REGSTACK_EMAIL__SMTP_PORT=587\`). Secrets are never printed.

${body}`;
}

/** Every hook: [{ name, payload, doc }]. */
export function collectHooks() {
  const docs = interfaceDocs('src/hooks/events.ts', 'RegstackEvents');
  return [...docs.entries()].map(([name, entry]) => ({
    name,
    payload: entry.type.replace(/\s+/g, ' '),
    doc: entry.doc,
  }));
}

function hooksPage(hooks) {
  const rows = hooks
    .map((h) => `| \`${h.name}\` | ${cell(h.doc)} | \`${cell(h.payload)}\` |`)
    .join('\n');
  return `# Hooks reference

\`rs.on(event, handler)\` registers a handler and returns a function that removes it. A handler
may be async; a handler that throws is logged and never changes the response. User payloads are
the public form of the user (no hash, no secrets).

| Event | When it fires | Payload |
| --- | --- | --- |
${rows}
`;
}

async function openApiDocument() {
  const { createRegstack } = await dist('index.js');
  const { configFromOverrides } = await dist('config/load.js');
  const rs = await createRegstack({
    config: configFromOverrides({
      jwt_secret: 'reference-generation-secret-0123456789abcdefghij',
      database_url: 'sqlite:///:memory:',
      enable_admin_router: true,
      enable_sms_2fa: true,
      enable_oauth: true,
    }),
  });
  try {
    const response = await rs.fetch(new Request('http://localhost:8000/api/auth/openapi.json'));
    return await response.json();
  } finally {
    await rs.close();
  }
}

function schemaFields(schema, components) {
  const resolved = schema?.$ref ? components[schema.$ref.split('/').pop()] : schema;
  if (!resolved?.properties) return '';
  const required = new Set(resolved.required ?? []);
  return Object.entries(resolved.properties)
    .map(([name, field]) => {
      const type = field.$ref ? field.$ref.split('/').pop() : describeType(field);
      return `\`${name}\`${required.has(name) ? '' : ' (optional)'}: ${type}`;
    })
    .join(', ');
}

function httpPage(doc) {
  const components = doc.components?.schemas ?? {};
  const sections = [];
  for (const [path, methods] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(methods)) {
      const body = op.requestBody?.content?.['application/json']?.schema;
      const responses = Object.entries(op.responses ?? {})
        .map(([status, r]) => `- **${status}** ${r.description ?? ''}`.trim())
        .join('\n');
      sections.push(
        `### \`${method.toUpperCase()} /api/auth${path}\`\n\n${op.summary ?? ''}${op.security?.length ? ' Needs a session token.' : ''}\n\n${body ? `Body: ${schemaFields(body, components)}\n\n` : ''}${responses}\n`,
      );
    }
  }
  return `# HTTP API reference

Generated from regstack's OpenAPI 3.1 document (served at \`GET /api/auth/openapi.json\`) with
every optional router enabled. Paths are under \`api_prefix\` (default \`/api/auth\`). Errors
are JSON \`{"detail": …}\`; validation errors are 422 in the FastAPI shape.

${sections.join('\n')}`;
}

function cliPage() {
  const bin = join(ROOT, 'dist', 'cli', 'bin.js');
  const help = (args) =>
    execFileSync(process.execPath, [bin, ...args, '--help'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
  const commands = [
    [],
    ['serve'],
    ['init'],
    ['create-admin'],
    ['doctor'],
    ['migrate'],
    ['purge'],
    ['theme', 'design'],
  ];
  const sections = commands.map(
    (args) =>
      `## \`regstack${args.length ? ` ${args.join(' ')}` : ''}\`\n\n\`\`\`text\n${help(args).trimEnd()}\n\`\`\`\n`,
  );
  return `# CLI reference

Generated from the CLI's own \`--help\`. Exit codes: 0 success, 1 failure, 2 usage error;
\`doctor\` exits with the number of failed checks.

${sections.join('\n')}`;
}

/** Exported names of each entry point, with the first sentence of their doc comment. */
export function collectExports() {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const entries = Object.entries(pkg.exports).filter(([, target]) => typeof target === 'object');
  const files = entries.map(([, target]) => join(ROOT, target.types));
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
  });
  const checker = program.getTypeChecker();
  return entries.map(([name, target]) => {
    const file = program.getSourceFile(join(ROOT, target.types));
    const symbol = file ? checker.getSymbolAtLocation(file) : undefined;
    const exports = symbol ? checker.getExportsOfModule(symbol) : [];
    return {
      entry: name === '.' ? 'regstack' : `regstack/${name.slice(2)}`,
      names: exports
        .map((e) => {
          const real = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
          const doc =
            ts
              .displayPartsToString(real.getDocumentationComment(checker))
              .split(/\n\n/)[0]
              ?.replace(/\s+/g, ' ') ?? '';
          const kind =
            real.flags & ts.SymbolFlags.Function
              ? 'function'
              : real.flags & ts.SymbolFlags.Class
                ? 'class'
                : real.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)
                  ? 'type'
                  : 'value';
          return { name: e.getName(), kind, doc };
        })
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  });
}

function typescriptPage(entries) {
  const sections = entries.map(
    (entry) =>
      `## \`${entry.entry}\`\n\n| Name | Kind | Description |\n| --- | --- | --- |\n${entry.names.map((n) => `| \`${n.name}\` | ${n.kind} | ${cell(n.doc)} |`).join('\n')}\n`,
  );
  return `# TypeScript API reference

Generated from the published declaration files: every name each entry point exports. The types
are the documentation; hover them in your editor for the full signatures.

${sections.join('\n')}`;
}

export async function generate() {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'configuration.md'), configurationPage(await collectSettings()));
  writeFileSync(join(OUT, 'hooks.md'), hooksPage(collectHooks()));
  writeFileSync(join(OUT, 'http-api.md'), httpPage(await openApiDocument()));
  writeFileSync(join(OUT, 'cli.md'), cliPage());
  writeFileSync(join(OUT, 'typescript-api.md'), typescriptPage(collectExports()));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await generate();

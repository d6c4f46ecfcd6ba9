import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { EXIT, ExitError } from '../exit-error.js';
import { renderInitSecrets, renderInitToml, SECRETS_FILE, TOML_FILE } from '../init/init-files.js';
import type { InitOptions } from '../init/init-options.js';
import { askInitQuestions, type InitAnswers } from '../init/init-questions.js';
import type { CliIo } from '../main.js';
import { openPrompter, type Prompter } from '../prompts.js';
import { writeSecretsFile } from '../secrets-writer.js';

/** Spec §12.1: asks first, so a refusal leaves every file untouched. */
async function mayWrite(
  options: InitOptions,
  prompter: Prompter,
  tomlPath: string,
  secretsPath: string,
): Promise<void> {
  if (options.force === true || (!existsSync(tomlPath) && !existsSync(secretsPath))) return;
  if (options.yes === true) {
    throw new ExitError(
      EXIT.failure,
      `regstack: config already exists at ${tomlPath} or ${secretsPath}; pass --force to overwrite.`,
    );
  }
  const overwrite = await prompter.confirm({
    message: `Config already exists at ${tomlPath} or ${secretsPath}. Overwrite?`,
    default: false,
    flag: '--force',
  });
  if (!overwrite) throw new ExitError(EXIT.failure, 'regstack: aborted; nothing written.');
}

function nextSteps(answers: InitAnswers, target: string): string {
  const lines = ['', 'Next steps:'];
  const where = relative(process.cwd(), target);
  if (where !== '') lines.push(`  cd ${where}`);
  lines.push(
    '  regstack migrate                     create the database schema',
    '  regstack create-admin --email <you>  create the first administrator',
    '  regstack doctor                      check the configuration',
    '  regstack serve                       run the API, or mount it in your app:',
    "    const rs = await createRegstack({ config: loadConfig() }); // from 'regstack'",
  );
  if (answers.smsBackend === 'twilio') {
    lines.push(
      '',
      'Twilio also needs sms.twilio_account_sid and sms.from_number in regstack.toml',
      'and REGSTACK_SMS__TWILIO_AUTH_TOKEN in regstack.secrets.env.',
    );
  }
  if (answers.jwtSecret.length < 32) {
    lines.push('', 'Note: the JWT secret is shorter than 32 characters; use a longer one.');
  }
  return `${lines.join('\n')}\n`;
}

/** `regstack init`: asks the questions of spec §12.1 and writes the two config files. */
export async function init(options: InitOptions, io: CliIo): Promise<number> {
  const target = resolve(options.target ?? '.');
  const tomlPath = join(target, TOML_FILE);
  const secretsPath = join(target, SECRETS_FILE);
  const prompter = await openPrompter({ yes: options.yes === true });
  let answers: InitAnswers;
  try {
    await mayWrite(options, prompter, tomlPath, secretsPath);
    answers = await askInitQuestions(options, prompter);
  } finally {
    prompter.close();
  }
  const toml = renderInitToml(answers);
  const secrets = renderInitSecrets(answers);
  try {
    mkdirSync(target, { recursive: true });
    writeFileSync(tomlPath, toml);
    writeSecretsFile(secretsPath, secrets);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ExitError(EXIT.failure, `regstack: cannot write the config into ${target}: ${code}`);
  }
  io.out(`Wrote ${tomlPath}\nWrote ${secretsPath}  (chmod 600)\n${nextSteps(answers, target)}`);
  return EXIT.ok;
}

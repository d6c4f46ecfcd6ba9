export interface SettingDoc {
  readonly path: string;
  readonly section: string;
  readonly toml: string;
  readonly env: string;
  readonly type: string;
  readonly range: string;
  readonly default: string;
  readonly doc: string;
}
export interface HookDoc {
  readonly name: string;
  readonly payload: string;
  readonly doc: string;
}
export function collectSettings(): Promise<SettingDoc[]>;
export function collectHooks(): HookDoc[];
export function collectExports(): Array<{
  readonly entry: string;
  readonly names: Array<{ readonly name: string; readonly kind: string; readonly doc: string }>;
}>;
export function generate(): Promise<void>;

import { BoundedMap } from "./bounded-map";
import type { Statement } from "./db";
import type { TenantScope } from "./tenancy/scope";

/**
 * The workspace's settings as its writes read them (SLA policies and calendars, triggers and what
 * they name, the agents' directory), kept per isolate. Every write used to read them again: a
 * dozen statements built, sent, answered and mapped for rows that change a few times a day.
 *
 * A change to any of them gives the workspace a new `settings_version` (the triggers of migration
 * 0039, in the same transaction as the change). The credential's read — the request's first round
 * trip — returns it (`TenantScope.settingsVersion`); a read made under the same version is taken
 * from here and not sent. The version is read before the settings, so what is kept is never older
 * than the version it is kept under. A scope without a version (the cron) always reads.
 */
export class SettingsRead<R> {
  declare readonly result?: R; // the type of what it reads (never set)
  constructor(
    readonly tenantId: string,
    readonly version: number,
    readonly name: string,
    readonly build: () => Statement,
  ) {}

  /** What was read under this version, if this isolate has it. */
  kept(): R | undefined {
    return keptUnder<R>(this.tenantId, this.version, this.name);
  }

  /** Keeps what was read (frozen: every request of the workspace shares it) and returns it. */
  keep(result: R): R {
    let workspace = workspaces.get(this.tenantId);
    if (workspace?.version !== this.version) workspaces.set(this.tenantId, (workspace = { version: this.version, reads: new Map() }));
    workspace.reads.set(this.name, deepFreeze(result));
    return result;
  }
}

/** A read of the workspace's settings for a `readAll` batch: kept under `name` when the scope knows the settings' version, else the plain statement. */
export function settingsRead<S extends Statement>(scope: TenantScope, name: string, build: () => S): S | SettingsRead<Awaited<S>> {
  return scope.settingsVersion === undefined ? build() : new SettingsRead<Awaited<S>>(scope.tenantId, scope.settingsVersion, name, build);
}

/**
 * Several settings reads built together (`build`, only when one of them is not kept), named by
 * `names`: the keys of what `build` returns, all of them.
 */
export function settingsReads<R extends Record<string, Statement>>(scope: TenantScope, names: readonly (keyof R & string)[], build: () => R): { [K in keyof R]: R[K] | SettingsRead<Awaited<R[K]>> } {
  const version = scope.settingsVersion;
  if (version === undefined) return build();
  let built: R | undefined;
  const statement = (name: keyof R & string) => {
    built ??= build();
    if (Object.keys(built).length !== names.length) throw new Error(`settingsReads: names ${names.join(", ")} are not all of ${Object.keys(built).join(", ")}`);
    return built[name]!;
  };
  return Object.fromEntries(names.map((name) => [name, new SettingsRead(scope.tenantId, version, name, () => statement(name))])) as { [K in keyof R]: SettingsRead<Awaited<R[K]>> };
}

/** What this isolate keeps of the settings read `name` under the scope's version (undefined: not kept, or no version). */
export function keptSetting<R>(scope: TenantScope, name: string): R | undefined {
  return scope.settingsVersion === undefined ? undefined : keptUnder<R>(scope.tenantId, scope.settingsVersion, name);
}

/** What a read in a `readAll` batch resolves to. */
export type ReadResult<R> = R extends SettingsRead<infer V> ? V : Awaited<R>;

/** Per workspace: the version its settings were read under, and what was read, by name. A few kilobytes a workspace; the oldest goes first. */
const workspaces = new BoundedMap<string, { version: number; reads: Map<string, unknown> }>(500);

function keptUnder<R>(tenantId: string, version: number, name: string): R | undefined {
  const workspace = workspaces.get(tenantId);
  return workspace?.version === version ? (workspace.reads.get(name) as R | undefined) : undefined;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * A map kept per isolate that holds at most `max` entries: setting one more drops the oldest
 * (a key set again counts as the newest). What an isolate remembers between requests stays
 * bounded however many workspaces, sessions or tokens it sees.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }

  override set(key: K, value: V): this {
    this.delete(key);
    if (this.size >= this.max) this.delete(this.keys().next().value!);
    return super.set(key, value);
  }
}

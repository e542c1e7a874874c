/**
 * A small WebAssembly emitter: straight-line code and loops over i32 and v128 (SIMD) locals, enough
 * to write kernels specialised to a model's sizes at load time. Sizes become constants in the code,
 * so loops have fixed counts and addresses fixed offsets; nothing needs a compiler at build time.
 */

/** The part of the WebAssembly JS API used here (Node's type definitions do not declare it). */
declare const WebAssembly: {
  Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array<ArrayBuffer>) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
};

/** Value types of locals and parameters. */
export const i32 = 0x7f;
export const v128 = 0x7b;

function uleb(n: number, out: number[]): void {
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
}

function sleb(n: number, out: number[]): void {
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return;
    }
    out.push(byte | 0x80);
  }
}

/** The body of one function, built by chaining instructions. Alignment hints assume 16-byte vectors. */
export class WasmCode {
  readonly bytes: number[] = [];

  #op(...bytes: number[]): this {
    for (const b of bytes) this.bytes.push(b);
    return this;
  }
  #simd(code: number): this {
    this.bytes.push(0xfd);
    uleb(code, this.bytes);
    return this;
  }
  #memarg(align: number, offset: number): this {
    this.bytes.push(align);
    uleb(offset, this.bytes);
    return this;
  }

  get(local: number): this {
    this.bytes.push(0x20);
    uleb(local, this.bytes);
    return this;
  }
  set(local: number): this {
    this.bytes.push(0x21);
    uleb(local, this.bytes);
    return this;
  }
  tee(local: number): this {
    this.bytes.push(0x22);
    uleb(local, this.bytes);
    return this;
  }
  i32(value: number): this {
    this.bytes.push(0x41);
    sleb(value | 0, this.bytes);
    return this;
  }
  add(): this {
    return this.#op(0x6a);
  }
  sub(): this {
    return this.#op(0x6b);
  }
  /** Adds a constant to an i32 local. */
  bump(local: number, by: number): this {
    return this.get(local).i32(by).add().set(local);
  }
  /** `count` iterations of `body` (count ≥ 1), counting down in `counter`. */
  repeat(counter: number, count: number, body: (c: this) => void): this {
    if (!(count >= 1)) throw new RangeError(`a loop runs at least once, not ${count} times`);
    return this.i32(count).set(counter).countdown(counter, body);
  }
  /** Iterations of `body` while `counter`, already set to at least 1, counts down to 0. */
  countdown(counter: number, body: (c: this) => void): this {
    this.#op(0x03, 0x40);
    body(this);
    this.get(counter).i32(1).sub().tee(counter);
    return this.#op(0x0d, 0x00, 0x0b);
  }
  /**
   * `body` once per dancer of a batch of `count` (a local), counting down in `counter`; after each,
   * every local in `pointers` moves on by `stride` bytes to the next dancer's data.
   */
  perDancer(count: number, counter: number, pointers: readonly number[], stride: number, body: (c: this) => void): this {
    this.get(count).set(counter);
    return this.countdown(counter, () => {
      body(this);
      for (const p of pointers) this.bump(p, stride);
    });
  }
  /** `body(2)` ⌊total/2⌋ times, counting in `counter`, then `body(1)` if `total` is odd: neighbours in pairs share their loads. */
  inPairs(counter: number, total: number, body: (count: number) => void): this {
    if (total >= 2) this.repeat(counter, total >> 1, () => body(2));
    if (total % 2 === 1) body(1);
    return this;
  }
  /** One f32 from memory into all four lanes. */
  loadSplat(offset = 0): this {
    return this.#simd(0x09).#memarg(2, offset);
  }
  load(offset = 0): this {
    return this.#simd(0x00).#memarg(4, offset);
  }
  store(offset = 0): this {
    return this.#simd(0x0b).#memarg(4, offset);
  }
  /** A v128 of four equal f32. */
  f32x4(value: number): this {
    this.bytes.push(0xfd);
    uleb(0x0c, this.bytes);
    const lane = new Uint8Array(new Float32Array([value]).buffer);
    for (let i = 0; i < 4; i++) for (const b of lane) this.bytes.push(b);
    return this;
  }
  /** A v128 of four equal i32. */
  i32x4(value: number): this {
    this.bytes.push(0xfd);
    uleb(0x0c, this.bytes);
    const lane = new Uint8Array(new Int32Array([value]).buffer);
    for (let i = 0; i < 4; i++) for (const b of lane) this.bytes.push(b);
    return this;
  }
  fadd(): this {
    return this.#simd(0xe4);
  }
  fsub(): this {
    return this.#simd(0xe5);
  }
  fneg(): this {
    return this.#simd(0xe1);
  }
  fmul(): this {
    return this.#simd(0xe6);
  }
  fdiv(): this {
    return this.#simd(0xe7);
  }
  /** Lane-wise minimum; NaN in either operand gives NaN. */
  fmin(): this {
    return this.#simd(0xe8);
  }
  /** Lane-wise maximum; NaN in either operand gives NaN. */
  fmax(): this {
    return this.#simd(0xe9);
  }
  fnearest(): this {
    return this.#simd(0x6a);
  }
  fgt(): this {
    return this.#simd(0x44);
  }
  fne(): this {
    return this.#simd(0x42);
  }
  /** Float lanes to i32 lanes, truncating, saturating. */
  truncSat(): this {
    return this.#simd(0xf8);
  }
  ishl(): this {
    return this.#simd(0xab);
  }
  iadd(): this {
    return this.#simd(0xae);
  }
  /** Lanes of the first operand where the mask (third) has ones, else the second's. */
  bitselect(): this {
    return this.#simd(0x52);
  }
  vor(): this {
    return this.#simd(0x50);
  }
  anyTrue(): this {
    return this.#simd(0x53);
  }
}

/** One exported function: i32 parameters (counts and byte addresses), then locals. */
export interface WasmFunction {
  readonly name: string;
  readonly params: number;
  /** Type of each local after the parameters, in index order. */
  readonly locals: readonly number[];
  /** Whether it returns an i32 (left on the stack by the body). */
  readonly returnsI32?: boolean;
  readonly code: WasmCode;
}

/** A compiled module's exported functions and the memory they work in. */
export interface WasmInstance {
  readonly exports: Readonly<Record<string, (...args: number[]) => number>>;
  readonly memory: ArrayBuffer;
}

/** Compiles `functions` into a module over a fresh memory of at least `bytes`, zero-filled. */
export function wasmInstance(functions: readonly WasmFunction[], bytes: number): WasmInstance {
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(wasmModule(functions)), { env: { memory } });
  return { exports: instance.exports as WasmInstance['exports'], memory: memory.buffer };
}

/**
 * Assembles a module that imports its memory as `env.memory` and exports `functions` by name.
 */
function wasmModule(functions: readonly WasmFunction[]): Uint8Array<ArrayBuffer> {
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const section = (id: number, write: (s: number[]) => void) => {
    const s: number[] = [];
    write(s);
    out.push(id);
    uleb(s.length, out);
    for (const b of s) out.push(b);
  };
  const name = (text: string, s: number[]) => {
    const bytes = new TextEncoder().encode(text);
    uleb(bytes.length, s);
    for (const b of bytes) s.push(b);
  };
  section(1, (s) => {
    uleb(functions.length, s);
    for (const f of functions) {
      s.push(0x60);
      uleb(f.params, s);
      for (let i = 0; i < f.params; i++) s.push(i32);
      if (f.returnsI32) s.push(1, i32);
      else s.push(0);
    }
  });
  section(2, (s) => {
    uleb(1, s);
    name('env', s);
    name('memory', s);
    s.push(0x02, 0x00);
    uleb(1, s);
  });
  section(3, (s) => {
    uleb(functions.length, s);
    functions.forEach((_, i) => uleb(i, s));
  });
  section(7, (s) => {
    uleb(functions.length, s);
    functions.forEach((f, i) => {
      name(f.name, s);
      s.push(0x00);
      uleb(i, s);
    });
  });
  section(10, (s) => {
    uleb(functions.length, s);
    for (const f of functions) {
      const runs: [number, number][] = [];
      for (const type of f.locals) {
        const last = runs.at(-1);
        if (last && last[1] === type) last[0]++;
        else runs.push([1, type]);
      }
      const body: number[] = [];
      uleb(runs.length, body);
      for (const [count, type] of runs) {
        uleb(count, body);
        body.push(type);
      }
      for (const b of f.code.bytes) body.push(b);
      body.push(0x0b);
      uleb(body.length, s);
      for (const b of body) s.push(b);
    }
  });
  return new Uint8Array(out);
}

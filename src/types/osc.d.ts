/**
 * The part of the `osc` package (osc.js) terpsi uses. The package ships no types. What it reads
 * from the network is typed `unknown` on purpose: a peer decides its shape, so callers check it.
 */
declare module 'osc' {
  namespace osc {
    /** An argument with its OSC type tag ('f', 'i', 's', 'T', ...), as written and read with `metadata: true`. */
    interface Argument {
      readonly type: string;
      readonly value: unknown;
    }
    /** NTP time: seconds since 1900 and fractions of a second in units of 2^-32. */
    interface TimeTag {
      readonly raw: readonly [number, number];
    }
    interface Message {
      readonly address: string;
      readonly args: readonly Argument[];
    }
    interface Bundle {
      readonly timeTag: TimeTag;
      readonly packets: readonly Packet[];
    }
    type Packet = Message | Bundle;

    /** Encodes a message or bundle; with `metadata: true` every argument carries its type tag. */
    function writePacket(packet: Packet, options: { readonly metadata: true }): Uint8Array;
    /** Decodes a message or bundle; throws on much, but not all, malformed input. */
    function readPacket(data: Uint8Array, options: { readonly metadata: boolean; readonly unpackSingleArgs: boolean }): unknown;
    /** Seconds from 1900 (NTP's epoch) to 1970 (Unix's). */
    const SECS_70YRS: number;
  }
  export = osc;
}

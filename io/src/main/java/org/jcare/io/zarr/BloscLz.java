package org.jcare.io.zarr;

/**
 * The decoder of BloscLZ, c-blosc's own LZ77 codec (its default compressor; {@code blosclz_decompress} in
 * c-blosc 1.x): a stream of literal runs (control byte below 32: that many plus one bytes follow) and matches
 * (length in the top 3 control bits, extended by bytes of 255; distance from the low 5 bits and the next byte, and a
 * 16-bit extension beyond 8191). jcare never writes BloscLZ (it writes LZ4 or Zstandard inside blosc), it only reads
 * what other tools wrote with blosc's default.
 */
final class BloscLz {
    private static final int MAX_DISTANCE = 8191;

    private BloscLz() {
    }

    /**
     * Decodes {@code len} bytes of {@code in} from {@code off} into {@code out} from {@code outOff}.
     *
     * @return the number of bytes decoded, or -1 when the input is malformed or overflows {@code maxOut}
     */
    static int decode(byte[] in, int off, int len, byte[] out, int outOff, int maxOut) {
        if (len == 0) {
            return 0;
        }
        int ip = off;
        int ipLimit = off + len;
        int op = outOff;
        int opLimit = outOff + maxOut;
        int ctrl = in[ip++] & 31;
        while (true) {
            if (ctrl >= 32) {
                int length = (ctrl >>> 5) - 1;
                int ofs = (ctrl & 31) << 8;
                int ref = op - ofs;
                int code;
                if (length == 6) {
                    do {
                        if (ip + 1 >= ipLimit) {
                            return -1;
                        }
                        code = in[ip++] & 0xff;
                        length += code;
                    } while (code == 255);
                } else if (ip + 1 >= ipLimit) {
                    return -1;
                }
                code = in[ip++] & 0xff;
                length += 3;
                ref -= code;
                if (code == 255 && ofs == (31 << 8)) {
                    if (ip + 1 >= ipLimit) {
                        return -1;
                    }
                    ofs = (in[ip++] & 0xff) << 8;
                    ofs += in[ip++] & 0xff;
                    ref = op - ofs - MAX_DISTANCE;
                }
                if (op + length > opLimit || ref - 1 < outOff) {
                    return -1;
                }
                if (ip >= ipLimit) {
                    // as c-blosc: a stream never ends on a match, and one that does ends here
                    break;
                }
                ctrl = in[ip++] & 0xff;
                ref--;
                // a forward byte copy: overlapping matches repeat what was just written, as LZ77 means them
                for (int i = 0; i < length; i++) {
                    out[op++] = out[ref++];
                }
            } else {
                int count = ctrl + 1;
                if (op + count > opLimit || ip + count > ipLimit) {
                    return -1;
                }
                System.arraycopy(in, ip, out, op, count);
                op += count;
                ip += count;
                if (ip >= ipLimit) {
                    break;
                }
                ctrl = in[ip++] & 0xff;
            }
        }
        return op - outOff;
    }
}

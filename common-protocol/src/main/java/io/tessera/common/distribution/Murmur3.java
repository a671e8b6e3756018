package io.tessera.common.distribution;

/**
 * MurmurHash3 x86_32 (Austin Appleby, public domain; https://github.com/aappleby/smhasher), the hash behind node
 * ids and distribution hashing. Deterministic across JVMs and platforms, unlike {@code String.hashCode}.
 */
public final class Murmur3 {
    private Murmur3() {
    }

    /** MurmurHash3_x86_32 of {@code data[offset, offset+len)} with the given seed. */
    public static int hash32(byte[] data, int offset, int len, int seed) {
        int h = seed;
        int end = offset + (len & ~3);
        for (int i = offset; i < end; i += 4) {
            int k = (data[i] & 0xff) | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff) << 16 | (data[i + 3] & 0xff) << 24;
            h = mixH(h, mixK(k));
        }
        int k = 0;
        switch (len & 3) {
            case 3:
                k ^= (data[end + 2] & 0xff) << 16;
                // fall through
            case 2:
                k ^= (data[end + 1] & 0xff) << 8;
                // fall through
            case 1:
                k ^= data[end] & 0xff;
                h ^= mixK(k);
                break;
            default:
                break;
        }
        return fmix(h ^ len);
    }

    /** MurmurHash3_x86_32 of a long's 8 little-endian bytes. */
    public static int hashLong(long v, int seed) {
        int h = seed;
        h = mixH(h, mixK((int) v));
        h = mixH(h, mixK((int) (v >>> 32)));
        return fmix(h ^ 8);
    }

    private static int mixK(int k) {
        k *= 0xcc9e2d51;
        k = Integer.rotateLeft(k, 15);
        return k * 0x1b873593;
    }

    private static int mixH(int h, int k) {
        h ^= k;
        h = Integer.rotateLeft(h, 13);
        return h * 5 + 0xe6546b64;
    }

    private static int fmix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}

package dev.tfliteffm.tests.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/** Byte-level mutations: what a corrupt download or disk gives, blind to the flatbuffer's structure. */
final class ByteMutator {

    private ByteMutator() {}

    /** A mutant of {@code seed} of a byte-level {@code kind}. */
    static Mutant mutate(String name, byte[] seed, Mutant.Kind kind, Random r) {
        return switch (kind) {
            case BYTE_FLIP -> {
                byte[] b = seed.clone();
                int n = 1 + r.nextInt(r.nextBoolean() ? 4 : 64);
                // Mostly in the tables (the head and tail of a converter's file), where a flip changes meaning.
                for (int i = 0; i < n; i++) {
                    int at = r.nextInt(4) == 0 ? r.nextInt(b.length) : nearEnds(b.length, r);
                    b[at] = (byte) r.nextInt(256);
                }
                yield new Mutant(name, kind, n + " random bytes", b);
            }
            case TRUNCATION -> {
                int length = r.nextInt(seed.length);
                yield new Mutant(
                        name, kind, "cut to " + length + " of " + seed.length + " bytes", Arrays.copyOf(seed, length));
            }
            case RANDOM_BYTES -> {
                byte[] b = new byte[8 + r.nextInt(8192)];
                r.nextBytes(b);
                System.arraycopy("TFL3".getBytes(StandardCharsets.US_ASCII), 0, b, 4, 4);
                yield new Mutant(name, kind, b.length + " random bytes with the TFL3 identifier", b);
            }
            default -> throw new IllegalArgumentException(kind + " is not byte-level");
        };
    }

    private static int nearEnds(int length, Random r) {
        int window = Math.min(length, 4096);
        int offset = r.nextInt(window);
        return r.nextBoolean() ? offset : length - 1 - offset;
    }
}

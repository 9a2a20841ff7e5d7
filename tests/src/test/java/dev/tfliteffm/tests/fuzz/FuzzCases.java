package dev.tfliteffm.tests.fuzz;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The seeded fuzz cases: case {@code i} of seed {@code s} depends on nothing else (not on the cases before it), so
 * a reported case is made again from its two numbers. About a third of the cases are byte-level, the rest
 * structural.
 */
final class FuzzCases {

    private static final Mutant.Kind[] BYTE_KINDS = {
        Mutant.Kind.BYTE_FLIP, Mutant.Kind.BYTE_FLIP, Mutant.Kind.TRUNCATION, Mutant.Kind.RANDOM_BYTES
    };

    private final long seed;
    private final List<String> names;
    private final List<byte[]> models;
    private final List<Mutant.Kind> structural = new ArrayList<>();

    /** Cases of every structural kind. */
    FuzzCases(long seed, Map<String, byte[]> corpus) {
        this(seed, corpus, EnumSet.allOf(Mutant.Kind.class));
    }

    /** Cases of the structural {@code kinds} (and byte-level ones). */
    FuzzCases(long seed, Map<String, byte[]> corpus, Set<Mutant.Kind> kinds) {
        this.seed = seed;
        this.names = List.copyOf(corpus.keySet());
        this.models = List.copyOf(corpus.values());
        for (Mutant.Kind k : Mutant.Kind.values()) {
            if (k.structural() && kinds.contains(k)) {
                structural.add(k);
            }
        }
    }

    /** Case {@code i}. */
    Mutant make(long i) {
        Random r = new Random(seed * 1_000_003L + i);
        int m = r.nextInt(names.size());
        boolean bytes = r.nextInt(3) == 0;
        for (int attempt = 0; ; attempt++) {
            if (bytes) {
                return ByteMutator.mutate(names.get(m), models.get(m), BYTE_KINDS[r.nextInt(BYTE_KINDS.length)], r);
            }
            Mutant.Kind kind = structural.get(r.nextInt(structural.size()));
            try {
                Mutant mutant = StructureMutator.mutate(names.get(m), models.get(m), kind, r);
                if (mutant != null) {
                    return mutant;
                }
            } catch (RuntimeException unreadable) {
                // A seed the schema classes cannot unpack: fall back to bytes.
            }
            if (attempt > 20) {
                bytes = true;
            }
        }
    }
}

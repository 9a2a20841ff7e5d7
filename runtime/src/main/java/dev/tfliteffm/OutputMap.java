package dev.tfliteffm;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * What {@link SignatureRunner#run(Map)} (and {@link ItemOutputs#arrays()}) returns: the signature's output names,
 * in its order, each with its array. Unmodifiable; one object over the runner's own list of names and an array of
 * values, so a call makes no entries. Equal to any map with the same entries, as every {@link Map} is.
 */
final class OutputMap extends AbstractMap<String, NdArray> {

    /** Beyond this many outputs, {@link #get} looks names up in the runner's index instead of in order. */
    static final int SCAN_LIMIT = 8;

    private final List<String> names;
    private final Map<String, Integer> index;
    private final NdArray[] values;

    /**
     * @param names the output names, in order (an unmodifiable list, shared)
     * @param index each name's position (shared; worth it beyond {@link #SCAN_LIMIT} names), or null to scan
     *     {@code names}
     * @param values the arrays, one per name (not copied)
     */
    OutputMap(List<String> names, Map<String, Integer> index, NdArray[] values) {
        this.names = names;
        this.index = index;
        this.values = values;
    }

    private int indexOf(Object name) {
        if (index != null) {
            Integer i = index.get(name);
            return i == null ? -1 : i;
        }
        for (int i = 0; i < values.length; i++) {
            if (names.get(i).equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public boolean containsKey(Object name) {
        return indexOf(name) >= 0;
    }

    @Override
    public NdArray get(Object name) {
        int i = indexOf(name);
        return i < 0 ? null : values[i];
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super NdArray> action) {
        for (int i = 0; i < values.length; i++) {
            action.accept(names.get(i), values[i]);
        }
    }

    @Override
    public Set<Map.Entry<String, NdArray>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return values.length;
            }

            @Override
            public Iterator<Map.Entry<String, NdArray>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Map.Entry<String, NdArray> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(names.get(i), values[i]);
                    }
                };
            }
        };
    }
}

package dev.tfliteffm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Java objects behind small integer handles, for native code to hold as {@code void*} user data and give back
 * in callbacks. {@link #get} is one array read (no lock, no boxing): it runs on every op invoke. Handles start
 * at 1, so that 0 stays "none" (NULL).
 */
final class HandleTable<T> {

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);

    private volatile Object[] slots = new Object[16];
    private int[] free = new int[16];
    private int freeCount;
    private int next = 1;

    /** Stores {@code value} and returns its handle. */
    synchronized long put(T value) {
        int h;
        if (freeCount > 0) {
            h = free[--freeCount];
        } else {
            h = next++;
            if (h >= slots.length) {
                slots = Arrays.copyOf(slots, slots.length * 2);
            }
        }
        SLOTS.setRelease(slots, h, value);
        return h;
    }

    /** The object behind {@code handle}, or null if there is none (any more). */
    @SuppressWarnings("unchecked")
    T get(long handle) {
        Object[] s = slots;
        if (handle <= 0 || handle >= s.length) {
            return null;
        }
        return (T) SLOTS.getAcquire(s, (int) handle);
    }

    /** Forgets {@code handle} and returns what it held (null if nothing). */
    @SuppressWarnings("unchecked")
    synchronized T remove(long handle) {
        Object[] s = slots;
        if (handle <= 0 || handle >= s.length) {
            return null;
        }
        T value = (T) s[(int) handle];
        if (value != null) {
            SLOTS.setRelease(s, (int) handle, null);
            if (freeCount == free.length) {
                free = Arrays.copyOf(free, free.length * 2);
            }
            free[freeCount++] = (int) handle;
        }
        return value;
    }
}

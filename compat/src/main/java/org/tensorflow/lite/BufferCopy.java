package org.tensorflow.lite;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.Buffer;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.ShortBuffer;

/**
 * Copies NIO Buffers to and from a tensor's data with the official API's rules:
 * <ul>
 *   <li>In: a direct buffer in native order is read from its start (index 0), whatever its position, and its
 *       position is left alone. Any other buffer is read from its position to its limit, which it then reaches.
 *       A ByteBuffer's bytes are copied as they are (its byte order is not applied); a typed buffer's values are
 *       converted from its byte order to the tensor's (native) one.</li>
 *   <li>Out: written at the buffer's position, which moves past the data (it is not rewound). A ByteBuffer gets the
 *       tensor's bytes in native order whatever its own order; a typed buffer gets values in its own order.</li>
 * </ul>
 */
final class BufferCopy {

    private BufferCopy() {}

    /** Writes {@code src} into the tensor data {@code dst}. */
    static void write(Buffer src, MemorySegment dst) {
        ValueLayout layout = layoutOf(src);
        boolean direct = src.isDirect() && order(src) == ByteOrder.nativeOrder();
        if (direct) {
            MemorySegment all = MemorySegment.ofBuffer(src.duplicate().clear());
            MemorySegment.copy(all, 0, dst, 0, dst.byteSize());
            return;
        }
        MemorySegment remaining = MemorySegment.ofBuffer(src);
        if (remaining.byteSize() > dst.byteSize()) {
            throw new BufferOverflowException();
        }
        long count = remaining.byteSize() / layout.byteSize();
        MemorySegment.copy(remaining, layout.withOrder(order(src)), 0, dst, layout, 0, count);
        src.position(src.limit());
    }

    /** Copies the tensor data {@code src} into {@code dst} at its position, and moves the position past it. */
    static void read(MemorySegment src, Buffer dst) {
        ValueLayout layout = layoutOf(dst);
        long count = src.byteSize() / layout.byteSize();
        if (dst.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        if (dst.remaining() < count) {
            throw new BufferOverflowException();
        }
        MemorySegment target = MemorySegment.ofBuffer(dst);
        ValueLayout dstLayout = dst instanceof ByteBuffer ? layout : layout.withOrder(order(dst));
        MemorySegment.copy(src, layout, 0, target, dstLayout, 0, count);
        dst.position(dst.position() + (int) count);
    }

    /** The native-order element layout of a supported buffer class. */
    private static ValueLayout layoutOf(Buffer b) {
        return switch (b) {
            case ByteBuffer ignored -> ValueLayout.JAVA_BYTE;
            case FloatBuffer ignored -> ValueLayout.JAVA_FLOAT_UNALIGNED;
            case IntBuffer ignored -> ValueLayout.JAVA_INT_UNALIGNED;
            case LongBuffer ignored -> ValueLayout.JAVA_LONG_UNALIGNED;
            case ShortBuffer ignored -> ValueLayout.JAVA_SHORT_UNALIGNED;
            default -> throw new IllegalArgumentException("Unexpected buffer type: " + b);
        };
    }

    private static ByteOrder order(Buffer b) {
        return switch (b) {
            case ByteBuffer x -> x.order();
            case FloatBuffer x -> x.order();
            case IntBuffer x -> x.order();
            case LongBuffer x -> x.order();
            case ShortBuffer x -> x.order();
            default -> ByteOrder.nativeOrder();
        };
    }
}

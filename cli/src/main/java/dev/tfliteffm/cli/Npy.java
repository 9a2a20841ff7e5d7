package dev.tfliteffm.cli;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads and writes NumPy {@code .npy} files (written here because no maintained Java {@code .npy} library exists).
 *
 * <p><b>Reading</b> accepts format versions 1.0, 2.0 and 3.0 ({@link NpyHeader}) and the dtypes
 * {@link NpyDtype} supports. What is read is always normalised to one form: little-endian data in C order, with
 * the descr written with {@code <} (or {@code |} when byte order does not apply). So
 * <ul>
 *   <li>big-endian files ({@code >f4}, {@code >U5}, ...) are byte-swapped on read;</li>
 *   <li>{@code fortran_order: True} files are <em>transposed to C order</em> on read, so that
 *       {@link NpyArray#data()} always means the same layout for the same shape (the values at each index are
 *       unchanged; only their order in memory differs);</li>
 *   <li>object ({@code |O}), structured, datetime and other dtypes fail with an {@link NpyFormatException}
 *       that names the file and the dtype.</li>
 * </ul>
 * The whole of the data must match {@code shape × itemsize} exactly: a shorter file is "truncated", a longer
 * one is an error too, since trailing bytes mean that the header and the data disagree.
 *
 * <p><b>Writing</b> produces exactly the bytes that {@code numpy.save} produces for the same C-order,
 * little-endian array.
 */
final class Npy {

    private Npy() {}

    /** Reads the {@code .npy} file at {@code file}. */
    static NpyArray read(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), size);
        }
    }

    /**
     * Reads a {@code .npy} file from {@code in}, which is read to its end: bytes after the data are an error.
     * {@code source} names the input in error messages, e.g. {@code "<stdin>"}.
     */
    static NpyArray read(InputStream in, String source) throws IOException {
        return read(in, source, -1);
    }

    /** Reads a {@code .npy} file held in {@code bytes}; {@code source} names it in error messages. */
    static NpyArray read(byte[] bytes, String source) {
        try {
            return read(new ByteArrayInputStream(bytes), source, bytes.length);
        } catch (IOException e) {
            throw new AssertionError("a ByteArrayInputStream does not throw", e);
        }
    }

    /** {@code totalSize} is the input's size when known (file, byte[]), -1 otherwise. */
    private static NpyArray read(InputStream in, String source, long totalSize) throws IOException {
        NpyHeader h = NpyHeader.read(in, source, totalSize);
        NpyDtype dtype = h.dtype();
        long count = NpyShape.elementCount(h.shape());
        if (count < 0
                || Math.multiplyHigh(count, dtype.size()) != 0
                || count * dtype.size() > NpyArray.MAX_ARRAY_BYTES) {
            throw NpyFormatException.of(
                    source,
                    "array too large to hold in memory: shape " + NpyShape.toString(h.shape()) + " of "
                            + dtype.original());
        }
        int dataSize = (int) (count * dtype.size());
        String needs = "shape " + NpyShape.toString(h.shape()) + " × itemsize " + dtype.size() + " (" + dtype.original()
                + ") = " + dataSize + " bytes";
        byte[] data;
        if (totalSize >= 0) {
            long actual = totalSize - h.dataOffset();
            if (actual != dataSize) {
                throw sizeMismatch(source, needs, actual, dataSize);
            }
            data = new byte[dataSize];
            int n = in.readNBytes(data, 0, dataSize);
            if (n != dataSize) {
                throw new EOFException(source + ": changed while being read");
            }
        } else {
            // Unknown size (a stream): read in chunks, so that a lying header cannot force a huge allocation.
            data = in.readNBytes(dataSize);
            if (data.length < dataSize) {
                throw sizeMismatch(source, needs, data.length, dataSize);
            }
            long extra = in.transferTo(OutputStream.nullOutputStream());
            if (extra > 0) {
                throw sizeMismatch(source, needs, dataSize + extra, dataSize);
            }
        }
        if (dtype.bigEndian()) {
            swapBytes(data, dtype.swapUnit());
        }
        if (h.fortranOrder()) {
            data = fortranToC(data, h.shape(), dtype.size());
        }
        return new NpyArray(dtype.descr(), h.shape(), data);
    }

    private static NpyFormatException sizeMismatch(String source, String needs, long actual, long expected) {
        if (actual < expected) {
            return NpyFormatException.of(
                    source, "truncated data: " + needs + ", but the file has " + actual + " data bytes");
        }
        return NpyFormatException.of(
                source,
                "data size " + actual + " bytes does not match " + needs + " (" + (actual - expected)
                        + " extra bytes)");
    }

    /** Reverses every {@code unit}-byte group in place. */
    private static void swapBytes(byte[] data, int unit) {
        if (unit <= 1) {
            return;
        }
        for (int i = 0; i + unit <= data.length; i += unit) {
            for (int a = i, b = i + unit - 1; a < b; a++, b--) {
                byte t = data[a];
                data[a] = data[b];
                data[b] = t;
            }
        }
    }

    /** Reorders Fortran-order (first index fastest) elements into C order (last index fastest). */
    private static byte[] fortranToC(byte[] src, long[] shape, int itemSize) {
        int rank = shape.length;
        long count = NpyShape.elementCount(shape);
        if (rank <= 1 || count <= 1) {
            return src; // the two orders coincide
        }
        long[] fStride = new long[rank];
        long stride = 1;
        for (int k = 0; k < rank; k++) {
            fStride[k] = stride;
            stride *= shape[k];
        }
        byte[] dst = new byte[src.length];
        long[] index = new long[rank];
        long fOffset = 0;
        for (long c = 0; c < count; c++) {
            System.arraycopy(src, (int) (fOffset * itemSize), dst, (int) (c * itemSize), itemSize);
            // Advance the C-order index (last axis fastest), keeping the Fortran offset in step.
            for (int k = rank - 1; k >= 0; k--) {
                index[k]++;
                fOffset += fStride[k];
                if (index[k] < shape[k]) {
                    break;
                }
                fOffset -= shape[k] * fStride[k];
                index[k] = 0;
            }
        }
        return dst;
    }

    /** Writes {@code array} to {@code file} (replacing it) as {@code numpy.save} would. */
    static void write(Path file, NpyArray array) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            write(out, array);
        }
    }

    /** Writes {@code array} to {@code out}, which is not closed. */
    static void write(OutputStream out, NpyArray array) throws IOException {
        out.write(NpyHeader.write(array));
        out.write(array.data());
    }

    /** The {@code .npy} file for {@code array}, as bytes. */
    static byte[] toBytes(NpyArray array) {
        byte[] header = NpyHeader.write(array);
        byte[] bytes = Arrays.copyOf(header, header.length + array.data().length);
        System.arraycopy(array.data(), 0, bytes, header.length, array.data().length);
        return bytes;
    }
}

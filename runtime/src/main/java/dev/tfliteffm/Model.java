package dev.tfliteffm;

import dev.tfliteffm.internal.bindings.TfLite;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * A loaded TensorFlow Lite model ({@code TfLiteModel}): immutable, and shareable by any number of
 * interpreters on any number of threads.
 *
 * <p>From a file the model is memory-mapped, not copied ({@link #fromFile(Path)}); from a {@code byte[]},
 * {@link ByteBuffer} or {@link MemorySegment} it is copied once into native memory that the model owns, since
 * TFLite reads the model's bytes for as long as the model or any interpreter made from it lives.
 *
 * <p>Each interpreter holds a reference to its model, so {@link #close()} is safe at any time: the native
 * model and its bytes are freed when the model is closed <em>and</em> the last interpreter using it is.
 * {@code close()} is idempotent. A model can also belong to an owner {@link Arena}: closing that arena
 * closes the model.
 *
 * <p>Every load first runs a model validator: one pass over the model's tables that refuses, with a
 * {@link TfLiteException} of status {@code INVALID_MODEL} naming what and where, what TFLite's own verifier lets
 * through and would crash on later (indices out of range, constant buffers of the wrong size, quantization arrays
 * that do not fit, overflowing shapes, ...). {@code -Dtflite.ffm.model.validate=false} turns it off. It cannot know
 * what each kernel needs of its tensors: for models you do not trust, see {@link ModelCheck}.
 */
public final class Model implements AutoCloseable {

    private final MemorySegment handle;
    private final String description;
    private final long byteSize;
    private final RefCountedArena references;

    private Model(Arena arena, MemorySegment handle, String description, long byteSize) {
        this.references = new RefCountedArena(arena, description);
        this.handle = handle;
        this.description = description;
        this.byteSize = byteSize;
    }

    /** Maps the model file at {@code path} (no copy). */
    public static Model fromFile(Path path) {
        return fromFile(path, null);
    }

    /**
     * Maps the model file at {@code path}; the model is closed when {@code owner} is.
     *
     * @param owner the arena whose closing closes the model, or {@code null} for none
     */
    public static Model fromFile(Path path, Arena owner) {
        Objects.requireNonNull(path, "path");
        String what = "model file " + path;
        if (!Files.exists(path)) {
            throw new TfLiteException(TfLiteException.Status.INVALID_MODEL, what + " does not exist");
        }
        if (Files.isDirectory(path)) {
            throw new TfLiteException(
                    TfLiteException.Status.INVALID_MODEL, what + " is a directory, not a .tflite file");
        }
        if (!Files.isReadable(path)) {
            throw new TfLiteException(
                    TfLiteException.Status.INVALID_MODEL, what + " is not readable (permission denied)");
        }
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) {
                throw new TfLiteException(TfLiteException.Status.INVALID_MODEL, what + " is empty");
            }
            MemorySegment data = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            return create(arena, data, what, owner);
        } catch (IOException e) {
            arena.close();
            throw new TfLiteException(
                    TfLiteException.Status.INVALID_MODEL, what + " could not be read: " + e.getMessage(), e);
        } catch (Throwable t) {
            arena.close();
            throw t;
        }
    }

    /** Copies the model in {@code bytes} into native memory. */
    public static Model fromBytes(byte[] bytes) {
        return fromBytes(bytes, null);
    }

    /**
     * Copies the model in {@code bytes} into native memory; closed with {@code owner}.
     *
     * @param owner the arena whose closing closes the model, or {@code null} for none
     */
    public static Model fromBytes(byte[] bytes, Arena owner) {
        Objects.requireNonNull(bytes, "bytes");
        return fromSegment(MemorySegment.ofArray(bytes), owner);
    }

    /** Copies the model between {@code buffer}'s position and limit into native memory. */
    public static Model fromBuffer(ByteBuffer buffer) {
        return fromBuffer(buffer, null);
    }

    /**
     * Copies the model in {@code buffer} (position to limit); closed with {@code owner}.
     *
     * @param owner the arena whose closing closes the model, or {@code null} for none
     */
    public static Model fromBuffer(ByteBuffer buffer, Arena owner) {
        Objects.requireNonNull(buffer, "buffer");
        return fromSegment(MemorySegment.ofBuffer(buffer), owner);
    }

    /** Copies the model in {@code segment} into native memory the model owns. */
    public static Model fromSegment(MemorySegment segment) {
        return fromSegment(segment, null);
    }

    /**
     * Copies the model in {@code segment}; closed with {@code owner}.
     *
     * @param owner the arena whose closing closes the model, or {@code null} for none
     */
    public static Model fromSegment(MemorySegment segment, Arena owner) {
        Objects.requireNonNull(segment, "segment");
        String what = "model of " + segment.byteSize() + " bytes";
        if (segment.byteSize() == 0) {
            throw new TfLiteException(TfLiteException.Status.INVALID_MODEL, "the model is empty (0 bytes)");
        }
        Arena arena = Arena.ofShared();
        try {
            // FlatBuffers want their scalars aligned: 64 bytes covers every type TFLite reads in place.
            MemorySegment data = arena.allocate(segment.byteSize(), 64);
            MemorySegment.copy(segment, 0, data, 0, segment.byteSize());
            return create(arena, data, what, owner);
        } catch (IllegalStateException e) {
            arena.close();
            throw new ClosedException("the segment's arena is closed", e);
        } catch (Throwable t) {
            arena.close();
            throw t;
        }
    }

    private static Model create(Arena arena, MemorySegment data, String what, Arena owner) {
        // TFLite verifies the flatbuffer, not its meaning: bad indices and sizes would crash it later.
        TfLiteException unreadable = ModelValidator.validate(data, what);
        ErrorReporter reporter = new ErrorReporter(arena);
        MemorySegment raw =
                TfLite.TfLiteModelCreateWithErrorReporter(data, data.byteSize(), reporter.stub(), MemorySegment.NULL);
        if (raw.equals(MemorySegment.NULL)) {
            throw reporter.failure(
                    TfLiteException.Status.INVALID_MODEL, what + " is not a valid TensorFlow Lite model");
        }
        if (unreadable != null) {
            TfLite.TfLiteModelDelete(raw);
            throw unreadable;
        }
        reporter.logPending();
        MemorySegment handle = raw.reinterpret(arena, TfLite::TfLiteModelDelete);
        Model model = new Model(arena, handle, what, data.byteSize());
        if (owner != null) {
            Owned.closeWith(owner, model);
        }
        return model;
    }

    /** What the model was loaded from, for messages. */
    public String description() {
        return description;
    }

    /** Size of the model's flatbuffer in bytes. */
    public long byteSize() {
        return byteSize;
    }

    /** Whether {@link #close()} was called (the native model may still serve open interpreters). */
    public boolean isClosed() {
        return references.isClosed();
    }

    /** Takes a reference for an interpreter; fails if the model is closed. */
    MemorySegment acquire() {
        references.acquire();
        return handle;
    }

    /** Drops a reference; the last one frees the native model and its bytes. */
    void release() {
        references.release();
    }

    /** Gives up the caller's reference: the model is freed once no interpreter uses it. Idempotent. */
    @Override
    public void close() {
        references.close();
    }

    @Override
    public String toString() {
        return "Model[" + description + (isClosed() ? ", closed" : "") + "]";
    }
}

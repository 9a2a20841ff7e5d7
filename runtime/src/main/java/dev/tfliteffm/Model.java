package dev.tfliteffm;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.Set;

/**
 * A loaded TensorFlow Lite model ({@code TfLiteModel}): immutable, and shareable by any number of
 * interpreters on any number of threads.
 *
 * <p>From a file the model is memory-mapped, not copied ({@link #fromFile(Path)}), unless asked to copy
 * ({@link LoadMode#COPY}); from a {@code byte[]}, {@link ByteBuffer} or {@link MemorySegment} it is copied once
 * into native memory that the model owns, since TFLite reads the model's bytes for as long as the model or any
 * interpreter made from it lives.
 *
 * <p><b>Mapped files must not change.</b> A mapped model's bytes are the file's pages. Truncating the file or
 * rewriting it in place while the model (or an interpreter of it) lives — {@code cp new.tflite model.tflite}
 * under a running service, an editor saving in place, a download into the same path — kills the JVM with
 * {@code SIGBUS} when TFLite next reads a page that is gone (no exception can catch that), or changes the
 * bytes under TFLite. Replace a model file atomically instead (write the new file beside it, then rename it
 * over the old one: the mapping keeps the old file's pages), or load files that may change with
 * {@link LoadMode#COPY}. What the runtime checks cheaply: {@link Interpreter#create(Model, InterpreterOptions)}
 * refuses (status {@code INVALID_MODEL}) a mapped model whose file was changed in place since it was loaded
 * (same file, other size or modification time), before TFLite reads it; a change while interpreters run
 * cannot be caught.
 *
 * <p>Each interpreter holds a reference to its model, so {@link #close()} is safe at any time: the native
 * model and its bytes are freed when the model is closed <em>and</em> the last interpreter using it is.
 * {@code close()} is idempotent. A model can also belong to an owner {@link Arena}: closing that arena
 * closes the model (the model keeps it reachable). A model never closed is freed by the garbage collector once
 * it and its interpreters are unreachable, with a warning (see {@link Interpreter}).
 *
 * <p>Every load first runs a model validator: one pass over the model's tables that refuses, with a
 * {@link TfLiteException} of status {@code INVALID_MODEL} naming what and where, what TFLite's own verifier lets
 * through and would crash on later (indices out of range, constant buffers of the wrong size, quantization arrays
 * that do not fit, overflowing shapes, ...). {@code -Dtflite.ffm.model.validate=false} turns it off. It cannot know
 * what each kernel needs of its tensors: for models you do not trust, see {@link ModelCheck}.
 */
public final class Model implements AutoCloseable {

    private final Set<String> customCodes;

    private final MemorySegment handle;
    private final String description;
    private final long byteSize;
    private final long dataAddress;
    private final RefCountedArena references;
    private final Cleaner.Cleanable cleanable;
    // Kept reachable: an Arena.ofAuto() owner would otherwise be collected, and close the model, while in use.
    @SuppressWarnings("unused")
    private final Arena owner;
    // For a mapped file: what it was when mapped, to notice a change in place. Set by fromFile before the model
    // is returned; null otherwise.
    private MappedFile mapped;

    /** How {@link #fromFile(Path, LoadMode)} loads a model file. */
    public enum LoadMode {
        /**
         * Memory-map the file: no copy, and the pages are shared with every process that maps it. The file must not
         * be truncated or rewritten in place while the model lives (see {@link Model}).
         */
        MAP,
        /** Read the file into native memory the model owns: for files that may change while the model lives. */
        COPY
    }

    /** A mapped file as it was when mapped: its identity (inode), size and modification time. */
    private record MappedFile(Path path, Object key, long size, FileTime modified) {

        static MappedFile of(Path path) throws IOException {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return new MappedFile(path, a.fileKey(), a.size(), a.lastModifiedTime());
        }

        /** What changed in place since {@code this}, or null (unchanged, deleted, or replaced by another file). */
        String changeInPlace() {
            MappedFile now;
            try {
                now = of(path);
            } catch (IOException gone) {
                return null; // deleted or unreadable: the mapping keeps the old pages
            }
            if (key == null || !key.equals(now.key)) {
                return null; // another file now (renamed over): the mapping keeps the old one
            }
            if (size != now.size) {
                return "its size went from " + size + " to " + now.size + " bytes";
            }
            return modified.equals(now.modified) ? null : "it was modified at " + now.modified;
        }
    }

    private Model(Arena arena, MemorySegment handle, String description, MemorySegment data, Arena owner) {
        this.references = new RefCountedArena(arena, description);
        this.handle = handle;
        this.description = description;
        this.byteSize = data.byteSize();
        this.dataAddress = data.address();
        this.owner = owner;
        this.customCodes = ModelCustomCodes.of(data);
        this.cleanable = Leaks.CLEANER.register(this, new Unclosed(references, description, owner != null));
    }

    /** The Cleaner's action for a model never closed; references only what it frees, never the model. */
    private static final class Unclosed implements Runnable {
        private final RefCountedArena references;
        private final String description;
        private final Throwable createdAt; // null with an owner arena, which decides when the model closes

        Unclosed(RefCountedArena references, String description, boolean owned) {
            this.references = references;
            this.description = description;
            this.createdAt = owned ? null : Leaks.creationSite();
        }

        @Override
        public void run() {
            // false when close() or the owner ran first (close() runs this action too)
            if (references.close() && createdAt != null) {
                Leaks.report("a model (" + description + ")", createdAt);
            }
        }
    }

    /** Maps the model file at {@code path} (no copy; the file must not change meanwhile, see {@link Model}). */
    public static Model fromFile(Path path) {
        return fromFile(path, LoadMode.MAP, null);
    }

    /**
     * Maps the model file at {@code path}; the model is closed when {@code owner} is.
     *
     * @param owner the arena whose closing closes the model, or {@code null} for none
     */
    public static Model fromFile(Path path, Arena owner) {
        return fromFile(path, LoadMode.MAP, owner);
    }

    /** Loads the model file at {@code path} as {@code mode} says: mapped, or copied for a file that may change. */
    public static Model fromFile(Path path, LoadMode mode) {
        return fromFile(path, mode, null);
    }

    /**
     * Loads the model file at {@code path} as {@code mode} says; the model is closed when {@code owner} is.
     *
     * @param owner the arena whose closing closes the model, or {@code null} for none
     * @throws TfLiteException with status INVALID_MODEL if the path is missing, not a regular file, unreadable,
     *     empty, or not a valid model
     */
    public static Model fromFile(Path path, LoadMode mode, Arena owner) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(mode, "mode");
        String what = "model file " + path;
        if (!Files.exists(path)) {
            throw new TfLiteException(TfLiteException.Status.INVALID_MODEL, what + " does not exist");
        }
        if (Files.isDirectory(path)) {
            throw new TfLiteException(
                    TfLiteException.Status.INVALID_MODEL, what + " is a directory, not a .tflite file");
        }
        if (!Files.isRegularFile(path)) {
            // A FIFO or a device would block the open (or the read) forever, or give a changing stream.
            throw new TfLiteException(
                    TfLiteException.Status.INVALID_MODEL, what + " is not a regular file (a FIFO, socket or device)");
        }
        if (!Files.isReadable(path)) {
            throw new TfLiteException(
                    TfLiteException.Status.INVALID_MODEL, what + " is not readable (permission denied)");
        }
        Arena arena = Arena.ofShared();
        Model model;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) {
                throw new TfLiteException(TfLiteException.Status.INVALID_MODEL, what + " is empty");
            }
            if (mode == LoadMode.COPY) {
                model = create(arena, copy(channel, size, arena, what), what, owner);
            } else {
                MappedFile before = MappedFile.of(path);
                MemorySegment data = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
                model = create(arena, data, what, owner);
                model.mapped = before;
            }
        } catch (IOException e) {
            arena.close();
            throw new TfLiteException(
                    TfLiteException.Status.INVALID_MODEL, what + " could not be read: " + e.getMessage(), e);
        } catch (Throwable t) {
            arena.close();
            throw t;
        }
        return withOwner(model, owner);
    }

    /** Reads {@code size} bytes of {@code channel} into native memory of {@code arena}. */
    private static MemorySegment copy(FileChannel channel, long size, Arena arena, String what) throws IOException {
        MemorySegment data = arena.allocate(size, 64); // aligned as fromSegment's copies
        long done = 0;
        while (done < size) {
            // A ByteBuffer view holds at most 2 GiB: read in slices.
            ByteBuffer slice =
                    data.asSlice(done, Math.min(size - done, 1L << 30)).asByteBuffer();
            while (slice.hasRemaining()) {
                if (channel.read(slice, done + slice.position()) < 0) {
                    throw new TfLiteException(
                            TfLiteException.Status.INVALID_MODEL, what + " was truncated while it was read");
                }
            }
            done += slice.capacity();
        }
        return data;
    }

    /**
     * Refuses a mapped model whose file was changed in place since it was mapped, before TFLite reads it again.
     *
     * @throws TfLiteException with status INVALID_MODEL, saying what changed
     */
    void checkMappedFile() {
        MappedFile file = mapped;
        String change = file == null ? null : file.changeInPlace();
        if (change != null) {
            throw new TfLiteException(
                    TfLiteException.Status.INVALID_MODEL,
                    "the " + description + " was changed in place since it was mapped (" + change + "): TFLite"
                            + " would read pages that changed or are gone (SIGBUS). Load it again, replace model"
                            + " files by renaming a new file over them, or load with LoadMode.COPY");
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
        Model model;
        try {
            // FlatBuffers want their scalars aligned: 64 bytes covers every type TFLite reads in place.
            MemorySegment data = arena.allocate(segment.byteSize(), 64);
            MemorySegment.copy(segment, 0, data, 0, segment.byteSize());
            model = create(arena, data, what, owner);
        } catch (IllegalStateException e) {
            arena.close();
            throw new ClosedException("the segment's arena is closed", e);
        } catch (Throwable t) {
            arena.close();
            throw t;
        }
        return withOwner(model, owner);
    }

    private static Model create(Arena arena, MemorySegment data, String what, Arena owner) {
        // TFLite verifies the flatbuffer, not its meaning: bad indices and sizes would crash it later.
        TfLiteException unreadable = ModelValidator.validate(data, what);
        ErrorReporter reporter = new ErrorReporter(arena);
        MemorySegment raw = CApi.asPointer(CApi.MODEL_CREATE_WITH_ERROR_REPORTER.call(
                data.address(), data.byteSize(), ErrorReporter.STUB.address(), reporter.userData()));
        if (raw.equals(MemorySegment.NULL)) {
            throw reporter.failure(
                    TfLiteException.Status.INVALID_MODEL, what + " is not a valid TensorFlow Lite model");
        }
        if (unreadable != null) {
            CApi.MODEL_DELETE.call(raw.address());
            throw unreadable;
        }
        reporter.logPending();
        MemorySegment handle = raw.reinterpret(arena, CApi.MODEL_DELETE.deleter());
        return new Model(arena, handle, what, data, owner);
    }

    /** Ties {@code model} to {@code owner}; closes it if the owner is already closed. */
    private static Model withOwner(Model model, Arena owner) {
        if (owner != null) {
            RefCountedArena references = model.references; // the cleanup must not reference the model itself
            try {
                Owned.closeWith(owner, references::close, "the " + model.description);
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
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

    /** The model's flatbuffer; readable while the caller holds a reference (see {@link #acquire()}). */
    MemorySegment bytes() {
        return MemorySegment.ofAddress(dataAddress).reinterpret(byteSize);
    }

    /** Whether {@code address} lies in the model's bytes: tensors whose data TFLite reads there are read-only. */
    boolean holds(long address) {
        return address >= dataAddress && address - dataAddress < byteSize;
    }

    /** Whether {@link #close()} was called (the native model may still serve open interpreters). */
    public boolean isClosed() {
        return references.isClosed();
    }

    /** The model's custom op names, or {@code null} if they could not be read. */
    Set<String> customCodes() {
        return customCodes;
    }

    /** Takes a reference for an interpreter; fails if the model is closed. */
    MemorySegment acquire() {
        references.acquire();
        Reference.reachabilityFence(this); // not freed by the Cleaner before the reference is taken
        return handle;
    }

    /** Takes another reference for a holder of one (see {@link RefCountedArena#acquireWhileHeld()}). */
    MemorySegment acquireWhileHeld() {
        references.acquireWhileHeld();
        return handle;
    }

    /** The references an interpreter takes and releases. */
    RefCountedArena references() {
        return references;
    }

    /** Drops a reference; the last one frees the native model and its bytes. */
    void release() {
        references.release();
    }

    /** Gives up the caller's reference: the model is freed once no interpreter uses it. Idempotent. */
    @Override
    public void close() {
        references.close();
        cleanable.clean(); // unregisters from the Cleaner (its action finds the model closed)
    }

    @Override
    public String toString() {
        return "Model[" + description + (isClosed() ? ", closed" : "") + "]";
    }
}

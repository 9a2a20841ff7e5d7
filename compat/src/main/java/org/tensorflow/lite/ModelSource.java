package org.tensorflow.lite;

import dev.tfliteffm.Model;
import dev.tfliteffm.TfLiteException;
import java.io.File;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A model loaded for an interpreter: the runtime's {@link Model}, and the facts of its {@link ModelIndex}. Load
 * failures become the official API's {@link IllegalArgumentException}s.
 *
 * @param model the runtime's model; the interpreter made from it closes it
 * @param index the model's signature order and tensor indexes
 */
record ModelSource(Model model, ModelIndex index) {

    /** The model in {@code file}, memory-mapped. */
    static ModelSource of(File file) {
        String path = file.getAbsolutePath();
        String what = "Contents of " + path + " does not encode a valid TensorFlow Lite model: ";
        Path p = Path.of(path);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new IllegalArgumentException(what + "Could not open '" + path + "'.");
        }
        Model model;
        try {
            model = Model.fromFile(p);
        } catch (TfLiteException e) {
            throw new IllegalArgumentException(what + Errors.nativeText(e), e);
        }
        return new ModelSource(model, indexOf(p));
    }

    /** The model in {@code buffer}, copied from index 0 to its capacity. */
    static ModelSource of(ByteBuffer buffer) {
        if (buffer == null
                || (!(buffer instanceof MappedByteBuffer)
                        && (!buffer.isDirect() || buffer.order() != ByteOrder.nativeOrder()))) {
            throw new IllegalArgumentException("Model ByteBuffer should be either a MappedByteBuffer of the model file,"
                    + " or a direct ByteBuffer using ByteOrder.nativeOrder() which contains bytes of model content.");
        }
        // The official API reads the whole buffer from its start, whatever its position.
        MemorySegment bytes = MemorySegment.ofBuffer(buffer.duplicate().clear());
        Model model;
        try {
            model = Model.fromSegment(bytes);
        } catch (TfLiteException e) {
            throw new IllegalArgumentException(
                    "ByteBuffer is not a valid TensorFlow Lite model flatbuffer: " + Errors.nativeText(e), e);
        }
        return new ModelSource(model, ModelIndex.read(bytes));
    }

    private static ModelIndex indexOf(Path file) {
        try (Arena arena = Arena.ofConfined();
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return ModelIndex.read(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena));
        } catch (IOException | RuntimeException e) {
            return ModelIndex.UNKNOWN;
        }
    }
}

package dev.tfliteffm.tests.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.Model;
import dev.tfliteffm.TfLiteException;
import dev.tfliteffm.tests.SharedModels;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Model files that change while a model uses them (issue 12, item 4): the copying load survives, the mapped load
 * refuses new interpreters of a file changed in place. Run in a child JVM by {@link MappedFileTest}: a mistake
 * here is a SIGBUS.
 */
class MappedFileCases {

    private static final InterpreterOptions NO_XNNPACK =
            InterpreterOptions.builder().xnnpack(false).build();

    /** A copy of the sine model in a folder of its own. */
    static Path sineCopy() throws IOException {
        return Files.copy(
                SharedModels.model("hello_world_float.tflite"),
                Files.createTempDirectory("mapped").resolve("model.tflite"));
    }

    static float sine(Interpreter ip, float x) {
        return ip.runner("serving_default")
                .run(Map.of("dense_input", new float[] {x}))
                .get("dense_2")
                .floats()[0];
    }

    static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    @Test
    void aCopiedModelSurvivesItsFileBeingTruncatedAndRewritten() throws Exception {
        Path file = sineCopy();
        try (Model m = Model.fromFile(file, Model.LoadMode.COPY);
                Interpreter ip = Interpreter.create(m, NO_XNNPACK)) {
            assertEquals(0.9957f, sine(ip, 1.5708f), 1e-4f);
            truncate(file, 0);
            assertEquals(0.9957f, sine(ip, 1.5708f), 1e-4f);
            Files.write(file, new byte[] {1, 2, 3});
            try (Interpreter another = Interpreter.create(m, NO_XNNPACK)) {
                assertEquals(-0.2802f, sine(another, 6.0f), 1e-4f);
            }
            assertEquals(0.0264f, sine(ip, 0f), 1e-4f);
        }
    }

    @Test
    void aMappedModelRefusesNewInterpretersOnceItsFileChangedInPlace() throws Exception {
        Path file = sineCopy();
        try (Model m = Model.fromFile(file)) {
            truncate(file, Files.size(file) / 2);
            TfLiteException e = assertThrows(TfLiteException.class, () -> Interpreter.create(m, NO_XNNPACK));
            assertEquals(TfLiteException.Status.INVALID_MODEL, e.status());
            assertTrue(
                    e.getMessage().contains("was changed in place since it was mapped")
                            && e.getMessage().contains("LoadMode.COPY"),
                    e.getMessage());
        }
        // The same size, rewritten in place (a later modification time): refused too.
        Path same = sineCopy();
        try (Model m = Model.fromFile(same)) {
            byte[] bytes = Files.readAllBytes(same);
            FileTime before = Files.getLastModifiedTime(same);
            Files.write(same, bytes);
            Files.setLastModifiedTime(same, FileTime.fromMillis(before.toMillis() + 10_000));
            assertThrows(TfLiteException.class, () -> Interpreter.create(m, NO_XNNPACK));
        }
    }

    @Test
    void aMappedModelKeepsWorkingWhenANewFileIsRenamedOverIt() throws Exception {
        Path file = sineCopy();
        try (Model m = Model.fromFile(file);
                Interpreter ip = Interpreter.create(m, NO_XNNPACK)) {
            Path next = Files.copy(SharedModels.model("xor_float.tflite"), file.resolveSibling("next.tflite"));
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            assertEquals(0.9957f, sine(ip, 1.5708f), 1e-4f);
            try (Interpreter another = Interpreter.create(m, NO_XNNPACK)) {
                assertEquals(0.9957f, sine(another, 1.5708f), 1e-4f, "the mapping keeps the old file");
            }
        }
    }
}

package dev.tfliteffm.tests.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.ClosedException;
import dev.tfliteffm.ConcurrentUseException;
import dev.tfliteffm.Interpreter;
import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.Model;
import dev.tfliteffm.NdArray;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.Tensor;
import dev.tfliteffm.TfLiteException;
import dev.tfliteffm.tests.SharedModels;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The exception rule of the package docs, across the API: misuse of arguments is an
 * {@link IllegalArgumentException} or {@link NullPointerException}, misuse of state an
 * {@link IllegalStateException} ({@link ClosedException}, {@link ConcurrentUseException}), and only what TFLite
 * reports a {@link TfLiteException}. So one {@code catch (IllegalArgumentException | IllegalStateException e)}
 * catches every misuse.
 */
class ExceptionRuleTest {

    private static final Path SINE = SharedModels.model("hello_world_float.tflite");

    /** Each case: what the user did wrong, the call, and the exception class the rule gives. */
    private record Case(String misuse, Executable call, Class<? extends RuntimeException> expected) {}

    @Test
    void misuseOfArgumentsIsIllegalArgumentOrNullPointer() {
        try (Model m = Model.fromFile(SINE);
                Interpreter ip = Interpreter.create(m)) {
            SignatureRunner r = ip.runner("serving_default");
            r.allocateTensors();
            Tensor x = r.input("dense_input");
            Map<String, Object> nullValue = new HashMap<>();
            nullValue.put("dense_input", null);
            List<Case> cases = List.of(
                    new Case("unknown signature", () -> ip.runner("nope"), IllegalArgumentException.class),
                    new Case("null signature key", () -> ip.runner(null), NullPointerException.class),
                    new Case("unknown input", () -> r.input("y"), IllegalArgumentException.class),
                    new Case("null input name", () -> r.input(null), NullPointerException.class),
                    new Case("unknown output", () -> r.output("y"), IllegalArgumentException.class),
                    new Case("input index out of range", () -> ip.input(5), IllegalArgumentException.class),
                    new Case("wrong array type", () -> x.copyFrom(new int[1]), IllegalArgumentException.class),
                    new Case("wrong array length", () -> x.copyFrom(new float[3]), IllegalArgumentException.class),
                    new Case(
                            "strings into a float tensor",
                            () -> x.copyFrom(new String[] {"a"}),
                            IllegalArgumentException.class),
                    new Case("null array", () -> x.copyFrom((float[]) null), NullPointerException.class),
                    new Case(
                            "negative dimension",
                            () -> r.resizeInput("dense_input", -1, 1),
                            IllegalArgumentException.class),
                    new Case(
                            "strict resize of a fixed dimension",
                            () -> r.resizeInputStrict("dense_input", 1, 2),
                            IllegalArgumentException.class),
                    new Case("missing run input", () -> r.run(Map.of()), IllegalArgumentException.class),
                    new Case("null run input", () -> r.run(nullValue), NullPointerException.class),
                    new Case(
                            "boxed array",
                            () -> r.run(Map.of("dense_input", new Float[] {1f})),
                            IllegalArgumentException.class),
                    new Case(
                            "ragged nested array",
                            () -> r.run(Map.of("dense_input", new float[][] {{1}, {1, 2}})),
                            IllegalArgumentException.class),
                    new Case(
                            "zero threads",
                            () -> InterpreterOptions.builder().threads(0).build(),
                            IllegalArgumentException.class),
                    new Case(
                            "shape that does not fit",
                            () -> NdArray.of(new float[2], 3),
                            IllegalArgumentException.class));
            for (Case c : cases) {
                RuntimeException e = assertThrows(RuntimeException.class, c.call(), c.misuse());
                assertInstanceOf(c.expected(), e, c.misuse() + ": " + e);
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), c.misuse() + " says what was wrong");
            }
        }
    }

    @Test
    void misuseOfStateIsIllegalState() {
        Model m = Model.fromFile(SINE);
        Interpreter ip = Interpreter.create(m);
        SignatureRunner r = ip.runner("serving_default");
        Tensor x = r.input("dense_input");
        ip.close();
        m.close();
        Function<Executable, RuntimeException> closed = call -> assertThrows(ClosedException.class, call);
        for (Executable call : List.<Executable>of(
                r::invoke,
                x::data,
                x::shape,
                ip::allocateTensors,
                () -> r.run(Map.of("dense_input", new float[1])),
                () -> Interpreter.create(m))) {
            assertInstanceOf(IllegalStateException.class, closed.apply(call));
        }
        Arena owner = Arena.ofConfined();
        owner.close();
        assertThrows(ClosedException.class, () -> Model.fromFile(SINE, owner));
        try (Model m2 = Model.fromFile(SINE);
                Interpreter noCancel = Interpreter.create(
                        m2, InterpreterOptions.builder().cancellable(false).build())) {
            assertThrows(IllegalStateException.class, noCancel::cancel);
            assertThrows(IllegalStateException.class, () -> noCancel.input(0).data(), "no buffer before allocation");
        }
        assertTrue(
                IllegalStateException.class.isAssignableFrom(ConcurrentUseException.class),
                "concurrent use is misuse of state (MisuseCases checks it with two threads)");
    }

    @Test
    void whatTfLiteReportsIsTfLiteExceptionWithItsStatus() {
        TfLiteException invalid = assertThrows(TfLiteException.class, () -> Model.fromBytes(new byte[] {1, 2, 3}));
        assertEquals(TfLiteException.Status.INVALID_MODEL, invalid.status());
        try (Model m = Model.fromFile(SharedModels.model("audio_preprocessor_custom_ops.tflite"));
                Interpreter ip = Interpreter.create(m)) {
            TfLiteException unresolved = assertThrows(
                    TfLiteException.class, () -> ip.runner("serving_default").allocateTensors());
            assertEquals(TfLiteException.Status.UNRESOLVED_OPS, unresolved.status());
            assertTrue(
                    unresolved.nativeMessages().stream().anyMatch(s -> s.contains("SignalWindow")),
                    "TFLite's own message is kept: " + unresolved.nativeMessages());
        }
    }
}

package dev.tfliteffm.tests.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.InterpreterOptions;
import dev.tfliteffm.Model;
import dev.tfliteffm.ModelCheck;
import dev.tfliteffm.NdArray;
import dev.tfliteffm.TfLiteException;
import dev.tfliteffm.tests.KernelCrashModels;
import dev.tfliteffm.tests.SharedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pre-flight in a child JVM: a good model passes, a refused one fails to load, and a model that crashes a
 * kernel kills the child, not this JVM, and comes back as a failed signature naming the signal.
 */
class ModelCheckTest {

    private static final ModelCheck.Option NO_XNNPACK = ModelCheck.Option.interpreterOptions(
            InterpreterOptions.builder().xnnpack(false).build());

    @Test
    void aGoodModelPassesWithZerosAndSamples() {
        Path sine = SharedModels.model("hello_world_float.tflite");
        ModelCheck.Report report = ModelCheck.inChildJvm(
                sine,
                ModelCheck.Option.sampleInputs(
                        "serving_default", Map.of("dense_input", NdArray.of(new float[] {1.5708f}, 1, 1))));
        assertTrue(report.ok(), report.toString());
        assertFalse(report.crashed());
        assertEquals(
                List.of("serving_default"),
                report.signatures().stream()
                        .map(ModelCheck.SignatureResult::signature)
                        .toList());
        report.throwIfFailed();
    }

    @Test
    void everySignatureIsChecked() {
        ModelCheck.Report report = ModelCheck.inChildJvm(SharedModels.model("multi_signature_def.tflite"));
        assertTrue(report.ok(), report.toString());
        assertEquals(
                List.of("add", "sub"),
                report.signatures().stream()
                        .map(ModelCheck.SignatureResult::signature)
                        .toList());
    }

    @Test
    void aModelTheValidatorRefusesFailsToLoad() {
        ModelCheck.Report report = ModelCheck.inChildJvm(SharedModels.model("person_detect_micro_only.tflite"));
        assertFalse(report.ok());
        assertFalse(report.crashed());
        assertEquals(List.of(), report.signatures());
        assertEquals(TfLiteException.Status.INVALID_MODEL, report.loadFailure().status());
        assertTrue(
                report.loadFailure().getMessage().contains("quantized_dimension 3 is out of range"),
                report.loadFailure().getMessage());
        assertEquals(report.loadFailure(), assertThrows(TfLiteException.class, report::throwIfFailed));
    }

    @Test
    void aFailureOfTfLiteIsNamedWithItsStage() {
        ModelCheck.Report report = ModelCheck.inChildJvm(SharedModels.model("audio_preprocessor_custom_ops.tflite"));
        assertFalse(report.ok());
        assertFalse(report.crashed());
        ModelCheck.SignatureResult r = report.signatures().getFirst();
        assertEquals(ModelCheck.Stage.ALLOCATE, r.stage());
        assertEquals(TfLiteException.Status.UNRESOLVED_OPS, r.failure().status());
        assertTrue(
                r.failure().getMessage().contains("SignalWindow"), r.failure().getMessage());
    }

    @Test
    void sampleInputsThatDoNotFitFailAtTheSampleStage() {
        ModelCheck.Report report = ModelCheck.inChildJvm(
                SharedModels.model("hello_world_float.tflite"),
                ModelCheck.Option.sampleInputs("serving_default", Map.of("x", NdArray.of(new float[] {1f}, 1, 1))));
        ModelCheck.SignatureResult r = report.signatures().getFirst();
        assertEquals(ModelCheck.Stage.SAMPLE, r.stage());
        assertTrue(
                r.failure().getMessage().contains("no input 'x'"), r.failure().getMessage());
    }

    /** A kernel crash the validator cannot see: the child dies of SIGFPE, this JVM reads about it. */
    @Test
    void aKernelCrashKillsTheChildNotThisJvm(@TempDir Path dir) throws IOException {
        byte[] bytes = KernelCrashModels.depthwiseConvolutionOfAnEmptyBatch();
        Model.fromBytes(bytes).close(); // the validator has nothing against it
        Path model = Files.write(dir.resolve("empty-batch.tflite"), bytes);
        ModelCheck.Report report = ModelCheck.inChildJvm(model, NO_XNNPACK);
        assertCrashed(report, "SIGFPE", "DepthwiseConv");
    }

    @Test
    void aSoftmaxWritingIntoAVariantTensorIsCaught(@TempDir Path dir) throws IOException {
        byte[] bytes = KernelCrashModels.softmaxIntoAVariant();
        Model.fromBytes(bytes).close();
        Path model = Files.write(dir.resolve("variant-softmax.tflite"), bytes);
        assertCrashed(ModelCheck.inChildJvm(model), "SIGSEGV", "Softmax");
    }

    private static void assertCrashed(ModelCheck.Report report, String signal, String frame) throws IOException {
        assertTrue(report.crashed(), report.toString());
        assertFalse(report.ok());
        assertNull(report.loadFailure());
        ModelCheck.SignatureResult r = report.signatures().getFirst();
        assertEquals(ModelCheck.Stage.INVOKE, r.stage());
        TfLiteException e = r.failure();
        assertEquals(TfLiteException.Status.INVALID_MODEL, e.status());
        assertTrue(e.getMessage().contains("crashed with " + signal + " while invoking signature '"), e.getMessage());
        assertTrue(
                e.nativeMessages().stream().anyMatch(m -> m.startsWith("problematic frame:") && m.contains(frame)),
                e.nativeMessages().toString());
        Path hsErr = report.hsErrFile().orElseThrow();
        assertTrue(Files.readString(hsErr).contains(signal), hsErr.toString());
        Files.deleteIfExists(hsErr);
        Files.deleteIfExists(hsErr.getParent());
    }

    @Test
    void aChildThatTakesTooLongIsKilled() {
        ModelCheck.Report report = ModelCheck.inChildJvm(
                SharedModels.model("hello_world_float.tflite"), ModelCheck.Option.timeout(Duration.ofMillis(1)));
        assertTrue(report.crashed());
        assertNotNull(report.loadFailure());
        assertTrue(
                report.loadFailure().getMessage().contains("did not finish within"),
                report.loadFailure().getMessage());
    }

    @Test
    void optionsAreCheckedInThisJvm() {
        assertThrows(NullPointerException.class, () -> ModelCheck.inChildJvm(null));
        assertThrows(IllegalArgumentException.class, () -> ModelCheck.Option.timeout(Duration.ZERO));
        assertThrows(NullPointerException.class, () -> ModelCheck.Option.sampleInputs("s", null));
    }
}

package dev.tfliteffm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfliteffm.modelwriter.samples.SampleModels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.ModelT;

/** {@code check}: the pre-flight in a child JVM, one line per signature, exit status 1 on any failure. */
class CheckCommandTest {

    @Test
    void aGoodModelIsOkPerSignature() {
        CliRun r = CliRun.of("check", SharedModels.model("multi_signature_def.tflite"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().endsWith("\nadd: ok\nsub: ok\n"), r.out());
    }

    @Test
    void sampleInputsFromNpyFiles(@TempDir Path dir) throws Exception {
        ByteBuffer value = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5708f);
        Path npy = dir.resolve("x.npy");
        Npy.write(npy, new NpyArray("<f4", new long[] {1, 1}, value.array()));
        String sine = SharedModels.model("hello_world_float.tflite");
        CliRun r = CliRun.of("check", sine, "--input", "dense_input=" + npy);
        assertEquals(0, r.status(), r.err());
        CliRun wrong = CliRun.of("check", sine, "--input", "y=" + npy);
        assertEquals(1, wrong.status(), wrong.out());
        assertTrue(wrong.out().contains("serving_default: failed at sample: "), wrong.out());
    }

    @Test
    void aRefusedModelFailsToLoad() {
        CliRun r = CliRun.of("check", SharedModels.model("person_detect_micro_only.tflite"), "--json");
        assertEquals(1, r.status(), r.err());
        JsonNode report = Json.parse(r.out());
        assertFalse(report.get("ok").booleanValue());
        assertFalse(report.get("crashed").booleanValue());
        assertEquals("INVALID_MODEL", report.get("load").get("status").textValue());
        assertTrue(report.get("load").get("message").textValue().contains("quantized_dimension 3"), r.out());
    }

    /** A softmax writing into a tensor typed VARIANT: the validator passes it, the kernel crashes the child. */
    @Test
    void aCrashIsReportedNotSuffered(@TempDir Path dir) throws Exception {
        ModelT m = ModelT.deserializeFromBinary(SampleModels.mobileNetFloat(32, 0.25f, 2));
        m.getSubgraphs()[0].getTensors()[20].setType((byte) 14);
        for (BufferT b : m.getBuffers()) { // the object API writes absent data as empty: drop it again
            if (b.getData() != null && b.getData().length == 0) {
                b.setData(null);
            }
        }
        Path model = Files.write(dir.resolve("crash.tflite"), m.serializeToBinary());
        CliRun r = CliRun.of("check", model.toString());
        assertEquals(1, r.status(), r.err());
        assertTrue(
                r.out()
                        .contains("serving_default: failed at invoke: the child JVM checking model file " + model
                                + " crashed with SIGSEGV while invoking signature 'serving_default' with zeros"),
                r.out());
        CliRun json = CliRun.of("check", model.toString(), "--json");
        JsonNode report = Json.parse(json.out());
        assertTrue(report.get("crashed").booleanValue(), json.out());
        assertTrue(Files.exists(Path.of(report.get("hsErrFile").textValue())), json.out());
        assertEquals(
                "invoke",
                report.get("signatures").get("serving_default").get("stage").textValue());
    }

    @Test
    void aMissingFileIsAnError() {
        CliRun r = CliRun.of("check", "/no/such.tflite");
        assertEquals(1, r.status());
        assertEquals("tflite-ffm: model file /no/such.tflite does not exist\n", r.err());
    }
}

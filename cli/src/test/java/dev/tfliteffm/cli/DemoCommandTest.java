package dev.tfliteffm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code demo} prints the Signatures guide's lines from the guide's own (Flex) model. */
class DemoCommandTest {

    @Test
    void printsTheGuidesOutput() {
        CliRun r = CliRun.of("demo");
        assertEquals(0, r.status(), r.err());
        for (String line : new String[] {
            "Signature: {'decode': {'inputs': ['x'], 'outputs': ['decoded_result']}, "
                    + "'encode': {'inputs': ['x'], 'outputs': ['encoded_result']}}",
            "Input: [1.0, 2.0, 3.0], shape=(3,), dtype=float32",
            "Encoded result: {'encoded_result': [b'1.000000', b'2.000000', b'3.000000']}",
            "Decoded result: {'decoded_result': [1.0, 2.0, 3.0], dtype=float32}"
        }) {
            assertTrue(r.out().contains(line + "\n"), "demo prints the guide's line '" + line + "':\n" + r.out());
        }
        assertTrue(r.out().contains("encoded_result[0..9] = [10, 11, 12"), "the prepared path part: " + r.out());
    }
}

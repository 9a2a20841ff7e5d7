package dev.tfliteffm.flex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tfliteffm.DataType;
import org.junit.jupiter.api.Test;

/** AsString's attribute checks, with TensorFlow's messages, and which conversion each type gets. */
class AsStringFormatTest {

    private static String refused(
            DataType type, int precision, boolean scientific, boolean shortest, int width, String fill) {
        return assertThrows(
                        IllegalArgumentException.class,
                        () -> AsStringFormat.of(type, precision, scientific, shortest, width, fill))
                .getMessage();
    }

    @Test
    void refusesWhatTensorFlowRefuses() {
        assertEquals(
                "scientific and shortest format not supported for datatype int32",
                refused(DataType.INT32, -1, true, false, -1, ""));
        assertEquals("precision not supported for datatype bool", refused(DataType.BOOL, 2, false, false, -1, ""));
        assertEquals(
                "Fill string must be one or fewer characters", refused(DataType.FLOAT32, -1, false, false, 3, "ab"));
        assertEquals(
                "Cannot select both scientific and shortest notation",
                refused(DataType.FLOAT32, -1, true, true, -1, ""));
        assertEquals("Fill argument not supported: \"x\"", refused(DataType.INT64, -1, false, false, 4, "x"));
        assertEquals("Type not supported: resource", refused(DataType.RESOURCE, -1, false, false, -1, ""));
        assertEquals(
                "width must be between -131072 and 131072; got 200000",
                refused(DataType.INT32, -1, false, false, 200000, ""));
        assertEquals(
                "precision must be between -131072 and 131072; got -200000",
                refused(DataType.FLOAT32, -200000, false, false, -1, ""));
    }

    @Test
    void formatsEachKind() {
        AsStringFormat defaults = AsStringFormat.of(DataType.FLOAT32, -1, false, false, -1, "");
        assertEquals("1.000000", defaults.formatFloating(1.0f));
        assertEquals("(1.000000,-2.000000)", defaults.formatComplex(1, -2));
        assertEquals(
                "1e+10",
                AsStringFormat.of(DataType.FLOAT64, -1, false, true, -1, "").formatFloating(1e10));
        assertEquals(
                "1.50e+00",
                AsStringFormat.of(DataType.FLOAT64, 2, true, false, -1, "").formatFloating(1.5));
        AsStringFormat ints = AsStringFormat.of(DataType.INT64, -1, false, false, 4, " ");
        assertEquals(" -42", ints.formatSigned(-42));
        assertEquals(
                "255",
                AsStringFormat.of(DataType.UINT8, -1, false, false, -1, "").formatUnsigned(255));
        assertEquals("true", AsStringFormat.formatBool(true));
        assertEquals("false", AsStringFormat.formatBool(false));
        assertEquals(
                "  ab",
                new String(AsStringFormat.of(DataType.STRING, -1, false, false, 4, "")
                        .formatString("ab".getBytes())));
    }
}

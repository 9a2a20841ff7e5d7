package dev.tfliteffm.tests.javaops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.DataType;
import dev.tfliteffm.Interpreter;
import dev.tfliteffm.Model;
import dev.tfliteffm.NdArray;
import dev.tfliteffm.SignatureRunner;
import dev.tfliteffm.TfLiteException;
import dev.tfliteffm.modelwriter.TensorType;
import dev.tfliteffm.modelwriter.samples.FlexCodecSample;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Run in a child JVM by {@link JavaOperatorTest}: the built-in FlexAsString and FlexStringToNumber through
 * converter-style models, against TensorFlow's own kernel tests (as_string_op_test.cc,
 * string_to_number_op_test.py) and C's printf.
 */
class FlexStringOpsCases {

    /** AsString with these attributes (TensorFlow's defaults: -1, false, false, -1, "") of {@code x}. */
    private static String[] asString(
            TensorType type, int precision, boolean scientific, boolean shortest, int width, String fill, Object x) {
        try (Model m = Model.fromBytes(FlexCodecSample.asString(type, precision, scientific, shortest, width, fill));
                Interpreter ip = Interpreter.create(m)) {
            return ip.runner("as_string").run(Map.of("x", x)).get("y").strings();
        }
    }

    private static String[] asString(TensorType type, Object x) {
        return asString(type, -1, false, false, -1, "", x);
    }

    private static final float[] FLOATS = {-42, 0, 3.14159f, 42};

    @Test
    void floatsAsTensorFlowsTests() {
        assertArrayEquals(
                new String[] {"-42.000000", "0.000000", "3.141590", "42.000000"},
                asString(TensorType.FLOAT32, FLOATS),
                "FloatDefault");
        assertArrayEquals(
                new String[] {"-4.200000e+01", "0.000000e+00", "3.141590e+00", "4.200000e+01"},
                asString(TensorType.FLOAT32, -1, true, false, -1, "", FLOATS),
                "FloatScientific");
        assertArrayEquals(
                new String[] {"-42", "0", "3.14159", "42"},
                asString(TensorType.FLOAT32, -1, false, true, -1, "", FLOATS),
                "FloatShortest");
        assertArrayEquals(
                new String[] {"-42.00", "0.00", "3.14", "42.00"},
                asString(TensorType.FLOAT32, 2, false, false, -1, "", FLOATS),
                "FloatPrecisionOnly");
        assertArrayEquals(
                new String[] {"-42.000000", "0.000000", "3.141590", "42.000000"},
                asString(TensorType.FLOAT32, -1, false, false, 5, "", FLOATS),
                "FloatWidthOnly");
        assertArrayEquals(
                new String[] {"-42.00", " 0.00", " 3.14", "42.00"},
                asString(TensorType.FLOAT32, 2, false, false, 5, "", FLOATS),
                "Float_5_2_Format");
        assertArrayEquals(
                new String[] {"-3.14", "2.72"},
                asString(TensorType.FLOAT64, 2, false, false, -1, "", new double[] {-3.14159, 2.71828}),
                "Double");
        assertArrayEquals(
                new String[] {"-1.50", "1.50"},
                asString(
                        TensorType.FLOAT16,
                        2,
                        false,
                        false,
                        -1,
                        "",
                        NdArray.of(
                                DataType.FLOAT16,
                                new short[] {Float.floatToFloat16(-1.5f), Float.floatToFloat16(1.5f)},
                                2)),
                "Half");
        assertArrayEquals(
                new String[] {"(-4.00, 2.00)", "( 0.00, 0.00)", "( 3.14,-1.00)"},
                asString(
                        TensorType.COMPLEX64,
                        2,
                        false,
                        false,
                        5,
                        "",
                        NdArray.of(DataType.COMPLEX64, new float[] {-4, 2, 0, 0, 3.14159f, -1}, 3)),
                "Complex");
    }

    @Test
    void specialFloatValues() {
        float[] x = {1f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0.1f, 1e10f};
        assertArrayEquals(
                new String[] {"1.000000", "-0.000000", "nan", "inf", "-inf", "0.100000", "10000000000.000000"},
                asString(TensorType.FLOAT32, x));
        assertArrayEquals(
                new String[] {"+1", "-0", "+nan", "+inf", "-inf", "+0.1", "+1e+10"},
                asString(TensorType.FLOAT32, -1, false, true, -1, "+", x),
                "shortest with the + flag");
        assertArrayEquals(
                new String[] {"1.", "-0.", "nan", "inf", "-inf", "0.", "10000000000."},
                asString(TensorType.FLOAT32, 0, false, false, -1, "#", x),
                "# keeps the point");
        assertArrayEquals(
                new String[] {"00001.0", "-0000.0", "    nan", "    inf", "   -inf", "00000.1", "10000000000.0"},
                asString(TensorType.FLOAT32, 1, false, false, 7, "0", x),
                "0 pads numbers only");
    }

    @Test
    void integersAndBoolAsTensorFlowsTests() {
        assertArrayEquals(new String[] {"-42", "0", "42"}, asString(TensorType.INT8, new byte[] {-42, 0, 42}), "Int8");
        assertArrayEquals(new String[] {"-10", "10"}, asString(TensorType.INT16, new short[] {-10, 10}));
        assertArrayEquals(new String[] {"-20", "20"}, asString(TensorType.INT32, new int[] {-20, 20}));
        assertArrayEquals(
                new String[] {"-42", "0", "42"}, asString(TensorType.INT64, new long[] {-42, 0, 42}), "Int64");
        assertArrayEquals(
                new String[] {"0", "255"},
                asString(TensorType.UINT8, NdArray.of(DataType.UINT8, new byte[] {0, (byte) 255}, 2)),
                "Uint8");
        assertArrayEquals(
                new String[] {"0", "65535"},
                asString(TensorType.UINT16, NdArray.of(DataType.UINT16, new short[] {0, -1}, 2)),
                "Uint16");
        assertArrayEquals(
                new String[] {"0", "4294967295"},
                asString(TensorType.UINT32, NdArray.of(DataType.UINT32, new int[] {0, -1}, 2)),
                "Uint32");
        assertArrayEquals(
                new String[] {"0", "18446744073709551615"},
                asString(TensorType.UINT64, NdArray.of(DataType.UINT64, new long[] {0, -1}, 2)),
                "Uint64");
        assertArrayEquals(
                new String[] {"true", "false"}, asString(TensorType.BOOL, new boolean[] {true, false}), "Bool");
        assertArrayEquals(
                new String[] {"true", "false"},
                asString(TensorType.BOOL, -1, false, false, 8, "", new boolean[] {true, false}),
                "no width for bool");
    }

    @Test
    void fillAsTensorFlowsTests() {
        long[] x = {-42, 0, 42};
        assertArrayEquals(
                new String[] {"-042", "0000", "0042"},
                asString(TensorType.INT64, -1, false, false, 4, "0", x),
                "FillWithZero");
        assertArrayEquals(
                new String[] {" -42", "   0", "  42"},
                asString(TensorType.INT64, -1, false, false, 4, " ", x),
                "FillWithSpace");
        assertArrayEquals(
                new String[] {"-42 ", "0   ", "42  "},
                asString(TensorType.INT64, -1, false, false, 4, "-", x),
                "FillWithChar1");
        assertArrayEquals(
                new String[] {"-42", "+0", "+42"},
                asString(TensorType.INT64, -1, false, false, -1, "+", x),
                "+ shows the sign");
        assertArrayEquals(
                new String[] {"  abc", "   de"},
                asString(TensorType.STRING, -1, false, false, 5, "", new String[] {"abc", "de"}),
                "StringWidth");
        assertArrayEquals(
                new String[] {"abc", "de"},
                asString(TensorType.STRING, new String[] {"abc", "de"}),
                "a string without width passes through");
    }

    @Test
    void refusedAttributesFailAllocationWithTensorFlowsMessage() {
        String[][] cases = {
            {"precision not supported for datatype int32", "INT32", "5", "false", "false", "-1", ""},
            {"scientific and shortest format not supported for datatype int32", "INT32", "-1", "false", "true", "-1", ""
            },
            {"Cannot select both scientific and shortest notation", "FLOAT32", "-1", "true", "true", "-1", ""},
            {"Fill string must be one or fewer characters", "INT32", "-1", "false", "false", "-1", "asdf"},
            {"Fill argument not supported: \"s\"", "INT32", "-1", "false", "false", "-1", "s"},
            {"width must be between -131072 and 131072", "INT32", "-1", "false", "false", "200000", ""},
        };
        for (String[] c : cases) {
            byte[] model = FlexCodecSample.asString(
                    TensorType.valueOf(c[1]),
                    Integer.parseInt(c[2]),
                    Boolean.parseBoolean(c[3]),
                    Boolean.parseBoolean(c[4]),
                    Integer.parseInt(c[5]),
                    c[6]);
            try (Model m = Model.fromBytes(model);
                    Interpreter ip = Interpreter.create(m)) {
                SignatureRunner r = ip.runner("as_string");
                TfLiteException e = assertThrows(TfLiteException.class, r::allocateTensors, c[0]);
                assertEquals(TfLiteException.Status.ERROR, e.status());
                assertTrue(
                        e.getMessage().contains("Java operator FlexAsString failed in prepare")
                                && e.getMessage().contains(c[0]),
                        e.getMessage());
                assertInstanceOf(IllegalArgumentException.class, e.getCause());
            }
        }
    }

    // ---- StringToNumber ------------------------------------------------------------------------------

    private static NdArray toNumber(TensorType type, String... strings) {
        try (Model m = Model.fromBytes(FlexCodecSample.stringToNumber(type));
                Interpreter ip = Interpreter.create(m)) {
            return ip.runner("to_number").run(Map.of("x", strings)).get("y");
        }
    }

    private static void refused(TensorType type, String... strings) {
        try (Model m = Model.fromBytes(FlexCodecSample.stringToNumber(type));
                Interpreter ip = Interpreter.create(m)) {
            SignatureRunner r = ip.runner("to_number");
            for (String s : strings) {
                TfLiteException e = assertThrows(TfLiteException.class, () -> r.run(Map.of("x", new String[] {s})));
                assertTrue(
                        e.getMessage().contains("Java operator FlexStringToNumber failed in invoke"), e.getMessage());
                assertEquals(
                        "StringToNumberOp could not correctly convert string: " + s,
                        e.getCause().getMessage());
                assertEquals(TfLiteException.Status.ERROR, e.status());
                // The interpreter is still usable.
                assertEquals(1, r.run(Map.of("x", new String[] {"1"})).get("y").elementCount());
            }
        }
    }

    @Test
    void stringToFloatAsTensorFlowsTest() {
        float[] got = toNumber(
                        TensorType.FLOAT32,
                        "0",
                        "3",
                        "-1",
                        "1.12",
                        "0xF",
                        "   -10.5",
                        "3.40282e+38",
                        "3.40283e+38",
                        "-3.40283e+38",
                        "NAN",
                        "INF")
                .floats();
        assertArrayEquals(
                new float[] {
                    0,
                    3,
                    -1,
                    1.12f,
                    15,
                    -10.5f,
                    3.40282e+38f,
                    Float.POSITIVE_INFINITY,
                    Float.NEGATIVE_INFINITY,
                    Float.NaN,
                    Float.POSITIVE_INFINITY
                },
                got);
        refused(TensorType.FLOAT32, "10foobar", "", "1e", "infinity");
    }

    @Test
    void stringToDoubleAsTensorFlowsTest() {
        double[] got = toNumber(
                        TensorType.FLOAT64,
                        "0",
                        "3",
                        "-1",
                        "1.12",
                        "0xF",
                        "   -10.5",
                        "3.40282e+38",
                        "3.40283e+38",
                        "-3.40283e+38",
                        "NAN",
                        "INF")
                .doubles();
        assertArrayEquals(
                new double[] {
                    0,
                    3,
                    -1,
                    1.12,
                    15,
                    -10.5,
                    3.40282e+38,
                    3.40283e+38,
                    -3.40283e+38,
                    Double.NaN,
                    Double.POSITIVE_INFINITY
                },
                got);
        refused(TensorType.FLOAT64, "10foobar");
    }

    @Test
    void stringToIntegersAsTensorFlowsTest() {
        assertArrayEquals(
                new int[] {0, 3, -1, -10, Integer.MIN_VALUE, Integer.MAX_VALUE},
                toNumber(TensorType.INT32, "0", "3", "-1", "    -10", "-2147483648", "2147483647")
                        .ints());
        refused(TensorType.INT32, "-2147483649", "2147483648", "2.9", "10foobar");
        assertArrayEquals(
                new long[] {0, 3, -1, -10, -2147483648L, 2147483647L, -2147483649L, 2147483648L},
                toNumber(
                                TensorType.INT64,
                                "0",
                                "3",
                                "-1",
                                "    -10",
                                "-2147483648",
                                "2147483647",
                                "-2147483649",
                                "2147483648")
                        .longs());
        refused(TensorType.INT64, "2.9", "10foobar");
    }

    @Test
    void anUnsupportedOutTypeIsRefusedAtAllocation() {
        try (Model m = Model.fromBytes(FlexCodecSample.stringToNumber(TensorType.INT16));
                Interpreter ip = Interpreter.create(m)) {
            TfLiteException e = assertThrows(
                    TfLiteException.class, () -> ip.runner("to_number").allocateTensors());
            assertTrue(e.getMessage().contains("out_type int16 is not supported"), e.getMessage());
        }
    }

    @Test
    void turnedOffTheyAreUnresolved() {
        try (Model m = Model.fromBytes(FlexCodecSample.codec());
                Interpreter ip = Interpreter.create(
                        m,
                        dev.tfliteffm.InterpreterOptions.builder()
                                .flexStringOps(false)
                                .build())) {
            TfLiteException e = assertThrows(
                    TfLiteException.class, () -> ip.runner("encode").allocateTensors());
            assertEquals(TfLiteException.Status.UNRESOLVED_OPS, e.status(), e.getMessage());
        }
    }
}

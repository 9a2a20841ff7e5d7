package dev.tfliteffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.internal.bindings.TfLite;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** {@link CApi}'s table against the generated bindings, and its one-shape calls against the C library. */
class CApiTest {

    /** Each entry's letters are those of the C prototype jextract read from the 2.21 headers. */
    @Test
    void everySignatureMatchesTheGeneratedDescriptor() throws ReflectiveOperationException {
        for (CApi f : CApi.values()) {
            if (f == CApi.SET_MINIMUM_LOG_SEVERITY) {
                continue; // C++, not in the C headers
            }
            FunctionDescriptor d = (FunctionDescriptor)
                    TfLite.class.getMethod(f.symbol + "$descriptor").invoke(null);
            StringBuilder expected = new StringBuilder();
            expected.append(d.returnLayout().map(CApiTest::letter).orElse("V")).append('(');
            d.argumentLayouts().forEach(l -> expected.append(letter(l)));
            expected.append(')');
            assertEquals(expected.toString(), f.signature, f.symbol);
            assertTrue(d.argumentLayouts().size() <= 4, f.symbol + ": more arguments than the shape has");
        }
    }

    private static String letter(MemoryLayout layout) {
        if (layout instanceof ValueLayout v) {
            if (v.equals(TfLite.C_POINTER) || v.carrier() == java.lang.foreign.MemorySegment.class) {
                return "P";
            }
            if (v.carrier() == int.class) {
                return "I";
            }
            if (v.carrier() == long.class) {
                return "J";
            }
            if (v.carrier() == boolean.class) {
                return "Z";
            }
        }
        // A float, a struct by value: not callable through the one shape.
        return "?" + layout;
    }

    @Test
    void theLogSettingIsExportedOnThisPlatform() {
        assertTrue(CApi.SET_MINIMUM_LOG_SEVERITY.find().isPresent());
    }

    /** Narrow arguments and results through the 64-bit shape: ints (also negative), bools, size_t. */
    @Test
    void narrowArgumentsAndResultsRoundTrip() {
        long options = CApi.INTERPRETER_OPTIONS_CREATE.call();
        try {
            // TfLiteStatus results: kTfLiteOk (0) whatever the register's upper half holds.
            assertEquals(0, CApi.asInt(CApi.INTERPRETER_OPTIONS_ENABLE_CANCELLATION.call(options, 1)));
            assertEquals(0, CApi.asInt(CApi.INTERPRETER_OPTIONS_ENABLE_CANCELLATION.call(options, 0)));
            CApi.INTERPRETER_OPTIONS_SET_NUM_THREADS.call(options, -1); // "let TFLite decide"
        } finally {
            CApi.INTERPRETER_OPTIONS_DELETE.call(options);
        }
        long array = CApi.INT_ARRAY_CREATE.call(3);
        assertEquals(3, CApi.asPointer(array).reinterpret(4).get(ValueLayout.JAVA_INT, 0), "TfLiteIntArray.size");
        // A bool result: true when XNNPACK finalizes the (empty) cache.
        long cache = CApi.XNNPACK_WEIGHTS_CACHE_CREATE.call();
        try {
            assertTrue(CApi.asBool(CApi.XNNPACK_WEIGHTS_CACHE_FINALIZE_SOFT.call(cache)));
        } finally {
            CApi.XNNPACK_WEIGHTS_CACHE_DELETE.call(cache);
        }
    }

    @Test
    void resultsKeepOnlyTheirOwnBits() {
        assertEquals(-1, CApi.asInt(0x1234_5678_FFFF_FFFFL));
        assertEquals(7, CApi.asInt(0xFFFF_FFFF_0000_0007L));
        assertTrue(CApi.asBool(0xFFFF_FF01L));
        assertFalse(CApi.asBool(0xFFFF_FF00L));
    }

    @Test
    void aCallWithTheWrongArgumentCountIsCaughtWithAssertionsOn() {
        assertThrows(AssertionError.class, () -> CApi.INTERPRETER_CREATE.call(0));
    }
}

package org.tensorflow.lite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.tensorflow.lite.InterpreterTest.assertContains;

import org.junit.jupiter.api.Test;

/** {@link DataType} (the official {@code DataTypeTest}). */
class DataTypeTest {

    @Test
    void elementSize() {
        assertEquals(4, DataType.FLOAT32.byteSize());
        assertEquals(4, DataType.INT32.byteSize());
        assertEquals(1, DataType.UINT8.byteSize());
        assertEquals(8, DataType.INT64.byteSize());
        assertEquals(2, DataType.INT16.byteSize());
        assertEquals(1, DataType.INT8.byteSize());
        assertEquals(-1, DataType.STRING.byteSize());
        assertEquals(-1, DataType.BOOL.byteSize());
    }

    @Test
    void conversion() {
        for (DataType t : DataType.values()) {
            assertEquals(t, DataType.fromC(t.c()));
            assertEquals(
                    t, DataType.fromC(dev.tfliteffm.DataType.valueOf(t.name()).code()), "the runtime's codes");
        }
        assertContains(
                assertThrows(IllegalArgumentException.class, () -> DataType.fromC(10)),
                "DataType error: DataType 10 is not recognized in Java.");
    }

    @Test
    void int8AndUint8AreBothByte() {
        assertEquals("byte", DataType.INT8.javaName());
        assertEquals("byte", DataType.UINT8.javaName());
    }
}

package dev.tfliteffm.tests.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfliteffm.cli.Npy;
import dev.tfliteffm.cli.Npy.NpyArray;
import dev.tfliteffm.cli.Npy.NpyFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Npy}: NumPy's own files, round trips, byte order, Fortran order, strings, header variants, errors. */
class NpyTest {

    static final String[] NAMES = {
        "bool",
        "int8",
        "uint8",
        "int16",
        "uint16",
        "int32",
        "uint32",
        "int64",
        "uint64",
        "float16",
        "float32",
        "float64",
        "complex64",
        "complex128"
    };
    static final String[] DESCRS = {
        "|b1", "|i1", "|u1", "<i2", "<u2", "<i4", "<u4", "<i8", "<u8", "<f2", "<f4", "<f8", "<c8", "<c16"
    };

    // ---------------------------------------------------------------------------------------------
    // Expected contents of the NumPy fixtures, built here with ByteBuffer, independently of Npy.

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The little-endian bytes of the two-by-three fixture of dtype {@code key} (see NumpyFixtures). */
    static byte[] expected(String key) {
        return switch (key) {
            case "b1" -> new byte[] {1, 0, 1, 1, 0, 0};
            case "i1" -> new byte[] {-128, -1, 0, 1, 2, 127};
            case "u1" -> new byte[] {0, 1, 2, 127, (byte) 128, (byte) 255};
            case "i2" -> {
                ByteBuffer b = le(12);
                for (short v : new short[] {Short.MIN_VALUE, -1, 0, 1, 2, Short.MAX_VALUE}) {
                    b.putShort(v);
                }
                yield b.array();
            }
            case "u2" -> {
                ByteBuffer b = le(12);
                for (int v : new int[] {0, 1, 2, 32767, 32768, 65535}) {
                    b.putShort((short) v);
                }
                yield b.array();
            }
            case "i4" -> {
                ByteBuffer b = le(24);
                for (int v : new int[] {Integer.MIN_VALUE, -1, 0, 1, 2, Integer.MAX_VALUE}) {
                    b.putInt(v);
                }
                yield b.array();
            }
            case "u4" -> {
                ByteBuffer b = le(24);
                for (long v : new long[] {0, 1, 2, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL}) {
                    b.putInt((int) v);
                }
                yield b.array();
            }
            case "i8" -> {
                ByteBuffer b = le(48);
                for (long v : new long[] {Long.MIN_VALUE, -1, 0, 1, 2, Long.MAX_VALUE}) {
                    b.putLong(v);
                }
                yield b.array();
            }
            case "u8" -> {
                ByteBuffer b = le(48);
                // 2**63 and 2**64-1 as two's-complement longs.
                for (long v : new long[] {0, 1, 2, Long.MAX_VALUE, Long.MIN_VALUE, -1L}) {
                    b.putLong(v);
                }
                yield b.array();
            }
            case "f2" -> {
                ByteBuffer b = le(12);
                // IEEE half bits of 0, 1, -2, 0.5, 65504 (largest half) and +inf.
                for (int v : new int[] {0x0000, 0x3C00, 0xC000, 0x3800, 0x7BFF, 0x7C00}) {
                    b.putShort((short) v);
                }
                yield b.array();
            }
            case "f4" -> {
                ByteBuffer b = le(24);
                for (float v : new float[] {0, 1.5f, -2.25f, 3.4028235e38f, 1e-45f, Float.NEGATIVE_INFINITY}) {
                    b.putFloat(v);
                }
                yield b.array();
            }
            case "f8" -> {
                ByteBuffer b = le(48);
                for (double v : new double[] {0, 1.5, -2.25, Double.MAX_VALUE, Double.MIN_VALUE, 0.1}) {
                    b.putDouble(v);
                }
                yield b.array();
            }
            case "c8" -> {
                ByteBuffer b = le(48);
                for (float v : new float[] {1, 2, -3.5f, 0, 0, 1, 0, 0, 1e10f, -1e-10f, -1, -1}) {
                    b.putFloat(v);
                }
                yield b.array();
            }
            case "c16" -> {
                ByteBuffer b = le(96);
                for (double v : new double[] {1, 2, -3.5, 0, 0, 1, 0, 0, 1e10, -1e-10, -1, -1}) {
                    b.putDouble(v);
                }
                yield b.array();
            }
            default -> throw new IllegalArgumentException(key);
        };
    }

    private static String descrOfKey(String key) {
        return switch (key) {
            case "b1", "i1", "u1" -> "|" + key;
            default -> "<" + key;
        };
    }

    // ---------------------------------------------------------------------------------------------
    // NumPy's files

    @ParameterizedTest
    @ValueSource(strings = {"b1", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f2", "f4", "f8", "c8", "c16"})
    void readsEveryDtypeAsNumpyWroteIt(String key) {
        NpyArray a = Npy.read(NumpyFixtures.bytes(key), key + ".npy");
        assertEquals(descrOfKey(key), a.descr());
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertArrayEquals(expected(key), a.data());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "b1",
                "i1",
                "u1",
                "i2",
                "u2",
                "i4",
                "u4",
                "i8",
                "u8",
                "f2",
                "f4",
                "f8",
                "c8",
                "c16",
                "scalar_f4",
                "empty_1d",
                "empty_3d",
                "vec5",
                "big_dim",
                "S",
                "U",
                "S_nul",
                "aligned"
            })
    void writesTheSameBytesAsNumpy(String key) {
        byte[] numpy = NumpyFixtures.bytes(key);
        NpyArray a = Npy.read(numpy, key);
        // Rebuilt from its parts, so that nothing of the read bytes can leak into the written ones.
        NpyArray rebuilt = new NpyArray(a.descr(), a.shape(), a.data().clone());
        assertArrayEquals(
                numpy,
                Npy.toBytes(rebuilt),
                () -> "header written: " + new String(Npy.toBytes(rebuilt), 0, 128, StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"b1", "i1", "i2", "u8", "f2", "f4", "c8", "c16"})
    void convertsBigEndianToLittleEndian(String key) {
        byte[] numpy = NumpyFixtures.bytes("be_" + key);
        String header = new String(numpy, 10, 30, StandardCharsets.ISO_8859_1);
        if (key.length() > 2 || key.charAt(1) != '1') {
            assertTrue(header.contains("'>"), "fixture is big-endian: " + header); // guards the fixture itself
        }
        NpyArray a = Npy.read(numpy, "be.npy");
        assertEquals(descrOfKey(key), a.descr());
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertArrayEquals(expected(key), a.data());
    }

    @Test
    void transposesFortranOrderToCOrder() {
        NpyArray a = Npy.read(NumpyFixtures.bytes("fortran_i4"), "f.npy");
        assertArrayEquals(new long[] {2, 3, 4}, a.shape());
        ByteBuffer expected = le(96);
        for (int i = 0; i < 24; i++) {
            expected.putInt(i); // arange(24).reshape(2, 3, 4) in C order
        }
        assertArrayEquals(expected.array(), a.data());

        NpyArray b = Npy.read(NumpyFixtures.bytes("fortran_be_f8"), "fb.npy");
        assertEquals("<f8", b.descr());
        double[] values = new double[6];
        b.buffer().asDoubleBuffer().get(values);
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, values);

        NpyArray c = Npy.read(NumpyFixtures.bytes("fortran_1d"), "f1.npy");
        assertArrayEquals(new byte[] {0, 0, 1, 0, 2, 0}, c.data());
    }

    @Test
    void transposesAHandMadeFortranFile() {
        // [[0, 1, 2], [3, 4, 5]] stored column by column.
        byte[] file =
                npy(1, "{'descr': '|u1', 'fortran_order': True, 'shape': (2, 3), }", new byte[] {0, 3, 1, 4, 2, 5});
        NpyArray a = Npy.read(file, "hand.npy");
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5}, a.data());
        // Writing always gives C order.
        assertTrue(new String(Npy.toBytes(a), StandardCharsets.ISO_8859_1).contains("'fortran_order': False"));
    }

    @Test
    void readsScalarsEmptyArraysAndVectors() {
        NpyArray scalar = Npy.read(NumpyFixtures.bytes("scalar_f4"), "s");
        assertArrayEquals(new long[0], scalar.shape());
        assertEquals(0, scalar.rank());
        assertEquals(1, scalar.elementCount());
        assertEquals(3.5f, scalar.buffer().getFloat(0));

        NpyArray empty = Npy.read(NumpyFixtures.bytes("empty_1d"), "e");
        assertArrayEquals(new long[] {0}, empty.shape());
        assertEquals(0, empty.data().length);

        NpyArray empty3 = Npy.read(NumpyFixtures.bytes("empty_3d"), "e3");
        assertArrayEquals(new long[] {2, 0, 3}, empty3.shape());
        assertEquals("<i8", empty3.descr());
        assertEquals(0, empty3.elementCount());

        NpyArray vec = Npy.read(NumpyFixtures.bytes("vec5"), "v");
        assertArrayEquals(new long[] {5}, vec.shape());
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4}, vec.data());

        NpyArray img = Npy.read(NumpyFixtures.bytes("big_dim"), "img");
        assertArrayEquals(new long[] {1, 28, 28}, img.shape());
        assertEquals(28 * 28 * 4, img.data().length);
    }

    @Test
    void readsByteStrings() {
        NpyArray s = Npy.read(NumpyFixtures.bytes("S"), "s.npy");
        assertEquals("|S11", s.descr());
        assertTrue(s.isString());
        assertEquals("string", s.dtypeName());
        assertArrayEquals(new long[] {1, 3}, s.shape());
        List<byte[]> values = s.byteStrings();
        assertEquals(3, values.size());
        assertArrayEquals("ab".getBytes(StandardCharsets.US_ASCII), values.get(0));
        assertArrayEquals(new byte[0], values.get(1));
        assertArrayEquals("hello world".getBytes(StandardCharsets.US_ASCII), values.get(2));
        assertEquals(List.of("ab", "", "hello world"), s.strings());

        // Only trailing NULs go: an inner one stays, as in numpy.
        NpyArray nul = Npy.read(NumpyFixtures.bytes("S_nul"), "nul.npy");
        assertEquals("|S4", nul.descr());
        assertArrayEquals(new byte[] {'a', 0, 'b'}, nul.byteStrings().get(0));
        assertArrayEquals(new byte[] {'x'}, nul.byteStrings().get(1));
    }

    @Test
    void readsUnicodeStringsInEitherByteOrder() {
        for (String key : List.of("U", "be_U")) {
            NpyArray u = Npy.read(NumpyFixtures.bytes(key), key);
            assertEquals("<U5", u.descr(), key);
            assertEquals(20, u.itemSize());
            assertEquals(List.of("h\u00e9llo", "", "a\uD83D\uDE00"), u.strings(), key);
            assertArrayEquals(
                    "h\u00e9llo".getBytes(StandardCharsets.UTF_8),
                    u.byteStrings().get(0),
                    key);
            assertArrayEquals(
                    "a\uD83D\uDE00".getBytes(StandardCharsets.UTF_8),
                    u.byteStrings().get(2),
                    key);
        }
    }

    @Test
    void writesByteStringsWithTheWidthOfTheLongest() {
        NpyArray fromBytes = NpyArray.ofByteStrings(
                new long[] {1, 3},
                List.of(
                        "ab".getBytes(StandardCharsets.US_ASCII),
                        new byte[0],
                        "hello world".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("|S11", fromBytes.descr());
        assertArrayEquals(NumpyFixtures.bytes("S"), Npy.toBytes(fromBytes));

        NpyArray fromText = NpyArray.ofStrings(new long[] {2}, List.of("\u00e9", "x"));
        assertEquals("|S2", fromText.descr()); // é is two bytes in UTF-8
        assertEquals(
                List.of("\u00e9", "x"), Npy.read(Npy.toBytes(fromText), "t").strings());

        // numpy has no zero-width strings: all-empty values still get width 1.
        NpyArray empties = NpyArray.ofStrings(new long[] {2}, List.of("", ""));
        assertEquals("|S1", empties.descr());
        assertEquals(List.of("", ""), Npy.read(Npy.toBytes(empties), "e").strings());

        assertThrows(IllegalArgumentException.class, () -> NpyArray.ofStrings(new long[] {3}, List.of("a")));
        assertThrows(IllegalStateException.class, () -> new NpyArray("<f4", new long[] {1}, new byte[4]).strings());
        assertFalse(new NpyArray("<f4", new long[] {1}, new byte[4]).isString());
    }

    @Test
    void readsFormatVersions2And3() {
        for (String key : List.of("v2_f4", "v3_f4")) {
            byte[] file = NumpyFixtures.bytes(key);
            assertEquals(key.charAt(1) - '0', file[6], "fixture version"); // guards the fixture itself
            NpyArray a = Npy.read(file, key);
            assertEquals("<f4", a.descr());
            float[] values = new float[3];
            a.buffer().asFloatBuffer().get(values);
            assertArrayEquals(new float[] {1, 2, 3}, values, key);
        }
    }

    @Test
    void writesVersion1UnlessTheHeaderIsTooLongForIt() {
        assertEquals(1, Npy.toBytes(new NpyArray("<f4", new long[] {3}, new byte[12]))[6]);

        // 22000 dimensions of 1: the header passes 65535 bytes, so 2.0 with its 32-bit length.
        long[] shape = new long[22000];
        Arrays.fill(shape, 1);
        NpyArray a = new NpyArray("<i2", shape, new byte[] {7, 0});
        byte[] file = Npy.toBytes(a);
        assertEquals(2, file[6]);
        assertEquals(0, file[7]);
        int headerLength =
                ByteBuffer.wrap(file, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertTrue(headerLength > 0xFFFF);
        assertEquals(0, (12 + headerLength) % 64, "data is 64-byte aligned");
        assertEquals('\n', file[12 + headerLength - 1]);
        assertEquals(a, Npy.read(file, "v2"));
    }

    @Test
    void anAlreadyAlignedHeaderGetsSixtyFourSpacesAsInNumpy() {
        byte[] numpy = NumpyFixtures.bytes("aligned");
        assertEquals(192, numpy.length); // guards the fixture: 64 bytes more than without the extra padding
        long[] shape = new long[14];
        Arrays.fill(shape, 1);
        shape[0] = 0;
        shape[1] = 100;
        assertArrayEquals(numpy, Npy.toBytes(new NpyArray("uint8", shape, new byte[0])));
    }

    @Test
    void headerIsPaddedToSixtyFourBytesWithANewline() {
        byte[] file = Npy.toBytes(new NpyArray("float32", new long[] {1, 28, 28}, new byte[28 * 28 * 4]));
        int headerLength = (file[8] & 0xFF) | (file[9] & 0xFF) << 8;
        assertEquals(0, (10 + headerLength) % 64);
        String header = new String(file, 10, headerLength, StandardCharsets.ISO_8859_1);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 28, 28), }"), header);
        assertTrue(header.endsWith(" \n"), header);
        assertEquals(headerLength - 1, header.indexOf('\n'));
    }

    // ---------------------------------------------------------------------------------------------
    // Round trips

    @Test
    void roundTripsEveryDtypeThroughAFile(@TempDir Path dir) throws IOException {
        Random random = new Random(42);
        for (int i = 0; i < NAMES.length; i++) {
            int itemSize = Integer.parseInt(DESCRS[i].substring(2));
            byte[] data = new byte[3 * 2 * itemSize];
            random.nextBytes(data);
            NpyArray a = new NpyArray(NAMES[i], new long[] {3, 2}, data.clone());
            assertEquals(DESCRS[i], a.descr());
            assertEquals(NAMES[i], a.dtypeName());
            Path file = dir.resolve(NAMES[i] + ".npy");
            Npy.write(file, a);
            NpyArray back = Npy.read(file);
            assertEquals(DESCRS[i], back.descr(), NAMES[i]);
            assertArrayEquals(new long[] {3, 2}, back.shape(), NAMES[i]);
            assertArrayEquals(data, back.data(), NAMES[i]);
            // and through a stream, whose size is not known in advance
            try (var in = Files.newInputStream(file)) {
                assertEquals(a, Npy.read(in, "stream"), NAMES[i]);
            }
        }
    }

    @Test
    void roundTripsStringsThroughAFile(@TempDir Path dir) throws IOException {
        NpyArray a = NpyArray.ofStrings(new long[] {2, 2}, List.of("one", "", "three\u00e9", "4"));
        Path file = dir.resolve("s.npy");
        Npy.write(file, a);
        NpyArray back = Npy.read(file);
        assertEquals(a, back);
        assertEquals(List.of("one", "", "three\u00e9", "4"), back.strings());

        NpyArray u = Npy.read(NumpyFixtures.bytes("U"), "u");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, u);
        assertArrayEquals(NumpyFixtures.bytes("U"), out.toByteArray()); // <U is written as read
    }

    // ---------------------------------------------------------------------------------------------
    // Header variants

    /** A .npy file with {@code header} verbatim (no padding unless it has some) and {@code data}. */
    static byte[] npy(int major, String header, byte[] data) {
        byte[] h = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            out.write(h.length & 0xFF);
            out.write(h.length >>> 8);
        } else {
            out.writeBytes(ByteBuffer.allocate(4)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(h.length)
                    .array());
        }
        out.writeBytes(h);
        out.writeBytes(data);
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'descr': '<i2', 'fortran_order': False, 'shape': (2,), }",
                "{\"descr\": \"<i2\", \"fortran_order\": False, \"shape\": (2,)}",
                "{'shape':(2,),'fortran_order':False,'descr':'<i2'}",
                "  { 'descr' : '<i2' ,\t'fortran_order' : False , 'shape' : ( 2 , ) , }  \n",
                "{'descr': '<i2', 'fortran_order': False, 'shape': (2L,), }",
                "{'descr': u'<i2', 'fortran_order': False, 'shape': [2], }",
                "{'descr': 'i2', 'fortran_order': False, 'shape': (2,), }",
                "{'descr': '\\x3ci2', 'fortran_order': False, 'shape': (2,), }",
            })
    void parsesHeaderVariants(String header) {
        NpyArray a = Npy.read(npy(1, header, new byte[] {1, 0, 2, 0}), "variant.npy");
        assertEquals("<i2", a.descr());
        assertArrayEquals(new long[] {2}, a.shape());
        assertArrayEquals(new byte[] {1, 0, 2, 0}, a.data());
    }

    @Test
    void parsesMultiDimensionalAndEmptyShapes() {
        assertArrayEquals(
                new long[] {1, 2, 3},
                Npy.read(npy(1, "{'descr':'|u1','fortran_order':False,'shape':(1,2,3)}", new byte[6]), "x")
                        .shape());
        assertArrayEquals(
                new long[0],
                Npy.read(npy(1, "{'descr':'|u1','fortran_order':False,'shape':()}", new byte[1]), "x")
                        .shape());
        assertArrayEquals(
                new long[] {0, 4},
                Npy.read(npy(1, "{'descr':'<f8','fortran_order':True,'shape':(0, 4)}", new byte[0]), "x")
                        .shape());
        assertEquals(
                "<U1",
                Npy.read(
                                npy(3, "{'descr': '<U1', 'fortran_order': False, 'shape': (1,), }\n", new byte[] {
                                    65, 0, 0, 0
                                }),
                                "x")
                        .descr());
    }

    @Test
    void version3HeadersAreUtf8() {
        // Non-ASCII can only occur in structured field names, which are refused; the message shows the
        // name decoded as UTF-8 (as latin-1 it would read "Ã©").
        String header = "{'descr': [('\u00e9', '<i4')], 'fortran_order': False, 'shape': (1,), }\n";
        byte[] v3 = npy(3, header, new byte[4]);
        readFails(v3, "[('\u00e9', '<i4')]", "structured");
        v3[6] = 2; // the same bytes as 2.0 are latin-1
        readFails(v3, "[('\u00c3\u00a9', '<i4')]");
    }

    // ---------------------------------------------------------------------------------------------
    // Errors

    private static NpyFormatException readFails(byte[] file, String... fragments) {
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(file, "bad.npy"));
        assertTrue(e.getMessage().startsWith("bad.npy: "), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), () -> "'" + fragment + "' not in: " + e.getMessage());
        }
        return e;
    }

    private static byte[] withHeader(String header, byte[] data) {
        return npy(1, header, data);
    }

    @Test
    void badMagic() {
        readFails("PK\3\4 not numpy".getBytes(StandardCharsets.ISO_8859_1), "not a .npy file", "bad magic", "PK\\x03");
        readFails(new byte[0], "bad magic", "an empty file");
        readFails(new byte[] {(byte) 0x93, 'N', 'U', 'M'}, "bad magic");
    }

    @Test
    void unsupportedVersion() {
        byte[] file = NumpyFixtures.bytes("f4");
        file[6] = 4;
        readFails(file, "unsupported .npy format version 4.0");
        file[6] = 1;
        file[7] = 1;
        readFails(file, "unsupported .npy format version 1.1");
    }

    @Test
    void truncatedHeader() {
        byte[] f4 = NumpyFixtures.bytes("f4");
        readFails(Arrays.copyOf(f4, 6), "truncated header", "version");
        readFails(Arrays.copyOf(f4, 9), "truncated header", "header length");
        readFails(Arrays.copyOf(f4, 60), "truncated header", "header length is 118 bytes");
        // The same through a stream, whose size is unknown.
        NpyFormatException e = assertThrows(
                NpyFormatException.class, () -> Npy.read(new ByteArrayInputStream(Arrays.copyOf(f4, 60)), "<stdin>"));
        assertTrue(e.getMessage().startsWith("<stdin>: truncated header"), e.getMessage());
    }

    @Test
    void truncatedData() {
        byte[] f4 = NumpyFixtures.bytes("f4");
        readFails(
                Arrays.copyOf(f4, f4.length - 1),
                "truncated data",
                "shape (2, 3)",
                "itemsize 4",
                "24 bytes",
                "23 data bytes");
        NpyFormatException e = assertThrows(
                NpyFormatException.class,
                () -> Npy.read(new ByteArrayInputStream(Arrays.copyOf(f4, f4.length - 5)), "<stdin>"));
        assertTrue(e.getMessage().startsWith("<stdin>: truncated data"), e.getMessage());
        assertTrue(e.getMessage().contains("19 data bytes"), e.getMessage());
    }

    @Test
    void dataLongerThanTheShape() {
        byte[] f4 = NumpyFixtures.bytes("f4");
        readFails(Arrays.copyOf(f4, f4.length + 3), "data size 27 bytes does not match", "24 bytes", "3 extra bytes");
        NpyFormatException e = assertThrows(
                NpyFormatException.class,
                () -> Npy.read(new ByteArrayInputStream(Arrays.copyOf(f4, f4.length + 1)), "<stdin>"));
        assertTrue(e.getMessage().contains("1 extra bytes"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"object", "structured", "datetime", "longdouble"})
    void unsupportedDtypesFromNumpy(String key) {
        String expected = switch (key) {
            case "object" -> "'|O'";
            case "structured" -> "structured";
            case "datetime" -> "'<M8[D]'";
            default -> "'<f16'";
        };
        readFails(NumpyFixtures.bytes(key), "unsupported dtype", expected);
    }

    @Test
    void unsupportedDtypesByHand() {
        readFails(
                withHeader("{'descr': '<f3', 'fortran_order': False, 'shape': (1,)}", new byte[3]),
                "unsupported dtype '<f3'",
                "f2, f4, f8");
        readFails(
                withHeader("{'descr': '<c32', 'fortran_order': False, 'shape': (1,)}", new byte[32]),
                "unsupported dtype '<c32'");
        readFails(
                withHeader("{'descr': '|S0', 'fortran_order': False, 'shape': (1,)}", new byte[0]),
                "unsupported dtype '|S0'");
        readFails(
                withHeader("{'descr': '<x4', 'fortran_order': False, 'shape': (1,)}", new byte[4]),
                "unsupported dtype '<x4'");
        readFails(
                withHeader("{'descr': '<i', 'fortran_order': False, 'shape': (1,)}", new byte[4]),
                "unsupported dtype '<i'");
        readFails(withHeader("{'descr': '', 'fortran_order': False, 'shape': (1,)}", new byte[4]), "empty dtype");
        readFails(
                withHeader("{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (1,)}", new byte[4]),
                "unsupported dtype [('a', '<i4')]",
                "structured");
    }

    @Test
    void malformedHeaders() {
        byte[] four = new byte[4];
        readFails(withHeader("['<f4']", four), "invalid header", "not a dict");
        readFails(withHeader("{'descr': '<f4', 'shape': (1,)}", four), "invalid header", "no 'fortran_order' key");
        readFails(withHeader("{'descr': '<f4', 'fortran_order': False}", four), "no 'shape' key");
        readFails(withHeader("{'fortran_order': False, 'shape': (1,)}", four), "no 'descr' key");
        readFails(
                withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}", four),
                "unexpected key 'x'");
        readFails(
                withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1)}", four), "shape is not a tuple: 1");
        readFails(
                withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}", four),
                "shape (-1,) is not a tuple of non-negative integers");
        readFails(
                withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': ('1',)}", four),
                "not a tuple of non-negative integers");
        readFails(
                withHeader("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}", four),
                "fortran_order is not True or False: 0");
        readFails(withHeader("{'descr': 4, 'fortran_order': False, 'shape': (1,)}", four), "descr is not a string");
        readFails(withHeader("{'descr': '<f4, 'fortran_order': False, 'shape': (1,)}", four), "invalid header");
        readFails(
                withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)", four),
                "invalid header",
                "unexpected end");
        readFails(
                withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} x", four),
                "unexpected text after the dict");
        readFails(
                withHeader("{'descr': '<f4', 'fortran_order': false, 'shape': (1,)}", four), "unexpected name 'false'");
        readFails(
                withHeader("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}", four),
                "duplicate key 'descr'");
        readFails(withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1.5,)}", four), "only integers");
        readFails(withHeader("", four), "invalid header", "unexpected end");
    }

    @Test
    void arraysTooLargeForMemoryAreRefusedBeforeAllocating() {
        readFails(
                withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4)}", new byte[8]),
                "too large");
        readFails(
                withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000)}", new byte[8]),
                "too large");
    }

    @Test
    void errorsFromAFileNameTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("input.npy");
        byte[] f4 = NumpyFixtures.bytes("f4");
        Files.write(file, Arrays.copyOf(f4, f4.length - 4));
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(file));
        assertTrue(e.getMessage().startsWith(file + ": truncated data"), e.getMessage());

        Files.write(file, NumpyFixtures.bytes("object"));
        e = assertThrows(NpyFormatException.class, () -> Npy.read(file));
        assertTrue(e.getMessage().startsWith(file + ": unsupported dtype '|O'"), e.getMessage());
    }

    // ---------------------------------------------------------------------------------------------
    // dtype names

    @Test
    void mapsDtypeNamesBothWays() {
        for (int i = 0; i < NAMES.length; i++) {
            assertEquals(NAMES[i], Npy.dtypeName(DESCRS[i]));
            assertEquals(DESCRS[i], Npy.descrOf(NAMES[i]));
        }
        assertEquals("int64", Npy.dtypeName(">i8"));
        assertEquals("float32", Npy.dtypeName("f4"));
        assertEquals("bool", Npy.dtypeName("<b1"));
        assertEquals("string", Npy.dtypeName("|S10"));
        assertEquals("string", Npy.dtypeName("<U5"));
        assertEquals("<f4", Npy.descrOf(">f4"));
        assertEquals("|u1", Npy.descrOf("<u1"));
    }

    @Test
    void unknownDtypeNamesAreErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.descrOf("float"));
        assertTrue(
                e.getMessage().contains("unknown dtype 'float'")
                        && e.getMessage().contains("float32"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Npy.descrOf("string"));
        assertTrue(e.getMessage().contains("width"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Npy.dtypeName("|O"));
        assertTrue(e.getMessage().contains("'|O'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Npy.dtypeName("<f16"));
        assertTrue(e.getMessage().contains("'<f16'"), e.getMessage());
    }

    // ---------------------------------------------------------------------------------------------
    // NpyArray

    @Test
    void arrayChecksItsParts() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new NpyArray("<f4", new long[] {2, 3}, new byte[23]));
        assertTrue(e.getMessage().contains("23 bytes") && e.getMessage().contains("(2, 3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new NpyArray(">f4", new long[] {1}, new byte[4]));
        assertTrue(e.getMessage().contains("big-endian"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NpyArray("<f4", new long[] {-1}, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new NpyArray("|O", new long[] {1}, new byte[8]));
        assertThrows(IllegalArgumentException.class, () -> new NpyArray("float", new long[] {1}, new byte[8]));
        assertEquals("|u1", new NpyArray("=u1", new long[] {1}, new byte[1]).descr());
        assertEquals("<u2", new NpyArray("u2", new long[] {1}, new byte[2]).descr());
    }

    @Test
    void arrayEqualityIsByContentAndShapeIsCopied() {
        long[] shape = {2};
        NpyArray a = new NpyArray("<i2", shape, new byte[] {1, 2, 3, 4});
        shape[0] = 99;
        assertArrayEquals(new long[] {2}, a.shape());
        a.shape()[0] = 77;
        assertArrayEquals(new long[] {2}, a.shape());
        assertEquals(a, new NpyArray("int16", new long[] {2}, new byte[] {1, 2, 3, 4}));
        assertEquals(a.hashCode(), new NpyArray("int16", new long[] {2}, new byte[] {1, 2, 3, 4}).hashCode());
        assertNotEquals(a, new NpyArray("<u2", new long[] {2}, new byte[] {1, 2, 3, 4}));
        assertNotEquals(a, new NpyArray("<i2", new long[] {1, 2}, new byte[] {1, 2, 3, 4}));
        assertNotEquals(a, new NpyArray("<i2", new long[] {2}, new byte[] {1, 2, 3, 5}));
        assertTrue(a.toString().contains("<i2") && a.toString().contains("(2,)"), a.toString());
    }

    @Test
    void unicodeStringsWithInvalidCodePointsDecodeToReplacementCharacters() {
        ByteBuffer data = le(8).putInt(0x41).putInt(0x110000);
        NpyArray a = new NpyArray("<U2", new long[] {1}, data.array());
        assertEquals(List.of("A\uFFFD"), a.strings());
        List<String> many = new ArrayList<>(List.of("a", "bb", "ccc"));
        assertEquals(
                many,
                Npy.read(Npy.toBytes(NpyArray.ofStrings(new long[] {3}, many)), "m")
                        .strings());
    }
}

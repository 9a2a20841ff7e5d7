package dev.tfliteffm.tests.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tfliteffm.cli.Npy;
import dev.tfliteffm.cli.Npy.NpyArray;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Npy} against a live NumPy, both ways: NumPy writes random arrays of every dtype, byte order and
 * layout and {@code Npy} reads them; {@code Npy} writes arrays and NumPy loads and checks them. Skipped
 * when {@code python3} with NumPy is not on the machine ({@link NumpyFixtures} covers NumPy's bytes then).
 */
class NpyNumpyInteropTest {

    private static final String NUMPY_WRITES = """
            import sys, numpy as np
            out = sys.argv[1]
            rng = np.random.default_rng(7)
            cases = []
            def raw(shape, dtype):
                n = int(np.prod(shape)) * np.dtype(dtype).itemsize
                return np.frombuffer(rng.bytes(n), dtype=dtype).reshape(shape)
            for d in ['b1', 'i1', 'u1', 'i2', 'u2', 'i4', 'u4', 'i8', 'u8', 'f2', 'f4', 'f8', 'c8', 'c16']:
                for order in ['<', '>']:
                    if d == 'b1':
                        a = rng.integers(0, 2, size=(3, 4)).astype('?')
                    else:
                        a = raw((3, 4), order + d)
                    cases.append(('%s%s' % ('le' if order == '<' else 'be', d), a))
                    cases.append(('%s%s_f' % ('le' if order == '<' else 'be', d), np.asfortranarray(raw((2, 3, 4), order + d) if d != 'b1' else a.reshape(2, 6))))
            cases.append(('scalar', np.array(2.5, '<f8')))
            cases.append(('empty', np.zeros((3, 0), '<i4')))
            cases.append(('strS', np.array([[b'x', b'', b'longer one'], [b'\\x00mid', b'tail\\x00', b'z']])))
            cases.append(('strU', np.array(['caf\\u00e9', '', '\\U0001F600!'], dtype='<U4')))
            cases.append(('strUbe', np.array(['caf\\u00e9', '', '\\U0001F600!'], dtype='>U4')))
            with open(out + '/meta.txt', 'w') as meta:
                for name, a in cases:
                    np.save(out + '/' + name + '.npy', a)
                    le = np.array(a, order='C')
                    if le.dtype.byteorder == '>':
                        le = le.byteswap().view(le.dtype.newbyteorder('<'))  # bit for bit, NaN payloads too
                    open(out + '/' + name + '.bin', 'wb').write(le.tobytes(order='C'))
                    meta.write('%s %s %s\\n' % (name, le.dtype.str, ','.join(str(x) for x in a.shape)))
            print(len(cases))
            """;

    private static final String NUMPY_CHECKS = """
            import sys, numpy as np
            d = sys.argv[1]
            bad = 0
            count = 0
            for line in open(d + '/meta.txt'):
                parts = line.split()
                name, descr = parts[0], parts[1]
                shape = tuple(int(x) for x in (parts[2] if len(parts) > 2 else '').split(',') if x)
                a = np.load(d + '/' + name + '.npy', allow_pickle=False)
                want = open(d + '/' + name + '.bin', 'rb').read()
                count += 1
                if a.dtype.str != descr or a.shape != shape or a.tobytes() != want:
                    print('MISMATCH', name, a.dtype.str, descr, a.shape, shape)
                    bad += 1
            s = np.load(d + '/texts.npy')
            if s.dtype.str != '|S7' or s.tolist() != [[b'a', b'\\xc3\\xa9'], [b'', b'seven!!']]:
                print('MISMATCH texts', s.dtype.str, s.tolist())
                bad += 1
            print('checked', count + 1, 'bad', bad)
            sys.exit(1 if bad else 0)
            """;

    @BeforeAll
    static void numpyIsAvailable() throws InterruptedException {
        boolean ok;
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            ok = false;
        }
        assumeTrue(ok, "python3 with numpy is not available");
    }

    private static String python(String script, Path dir) throws IOException, InterruptedException {
        Path file = dir.resolve("script.py");
        Files.writeString(file, script);
        Process p = new ProcessBuilder("python3", file.toString(), dir.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "python timed out");
        assertEquals(0, p.exitValue(), () -> "python failed:\n" + output);
        return output.strip();
    }

    @Test
    void readsWhatNumpyWrites(@TempDir Path dir) throws IOException, InterruptedException {
        int cases = Integer.parseInt(python(NUMPY_WRITES, dir));
        List<String> meta = Files.readAllLines(dir.resolve("meta.txt"));
        assertEquals(cases, meta.size());
        assertTrue(cases >= 60, "cases: " + cases);
        for (String line : meta) {
            String[] parts = line.split(" ");
            String name = parts[0];
            NpyArray a = Npy.read(dir.resolve(name + ".npy"));
            assertEquals(parts[1], a.descr(), name);
            long[] shape = parts.length < 3
                    ? new long[0]
                    : Arrays.stream(parts[2].split(","))
                            .mapToLong(Long::parseLong)
                            .toArray();
            assertArrayEquals(shape, a.shape(), name);
            assertArrayEquals(Files.readAllBytes(dir.resolve(name + ".bin")), a.data(), name);
        }
        assertEquals(
                List.of("caf\u00e9", "", "\uD83D\uDE00!"),
                Npy.read(dir.resolve("strUbe.npy")).strings());
        assertEquals(
                List.of("\0mid", "tail", "z"),
                Npy.read(dir.resolve("strS.npy")).strings().subList(3, 6));
    }

    @Test
    void numpyReadsWhatNpyWrites(@TempDir Path dir) throws IOException, InterruptedException {
        Random random = new Random(11);
        List<String> meta = new ArrayList<>();
        long[][] shapes = {{}, {0}, {5}, {2, 3}, {1, 28, 28}, {2, 1, 3, 1}};
        for (int i = 0; i < NpyTest.NAMES.length; i++) {
            for (long[] shape : shapes) {
                String descr = NpyTest.DESCRS[i];
                int count = (int) Arrays.stream(shape).reduce(1, (x, y) -> x * y);
                byte[] data = new byte[count * Integer.parseInt(descr.substring(2))];
                random.nextBytes(data);
                if (descr.equals("|b1")) {
                    for (int j = 0; j < data.length; j++) {
                        data[j] &= 1; // numpy's bools are 0 or 1
                    }
                }
                String name = NpyTest.NAMES[i] + "_" + shape.length + "_" + count;
                Npy.write(dir.resolve(name + ".npy"), new NpyArray(descr, shape, data));
                Files.write(dir.resolve(name + ".bin"), data);
                StringBuilder dims = new StringBuilder();
                for (long d : shape) {
                    dims.append(dims.isEmpty() ? "" : ",").append(d);
                }
                meta.add(name + " " + descr + " " + dims);
            }
        }
        Npy.write(
                dir.resolve("texts.npy"), NpyArray.ofStrings(new long[] {2, 2}, List.of("a", "\u00e9", "", "seven!!")));
        Files.write(dir.resolve("meta.txt"), meta);
        String output = python(NUMPY_CHECKS, dir);
        assertEquals("checked " + (meta.size() + 1) + " bad 0", output);
    }
}

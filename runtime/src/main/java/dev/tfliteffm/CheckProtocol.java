package dev.tfliteffm;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link ModelCheck}'s parent and child JVMs tell each other through files: the sample inputs (binary), and
 * the child's progress, one line per step, written and flushed before the step so that it survives a crash.
 * Lines are fields separated by tabs, escaped so that a field holds any text.
 */
final class CheckProtocol {

    /** The signatures the child will check, once the interpreter exists: {@code signatures, key...}. */
    static final String SIGNATURES = "signatures";
    /** A step begins: {@code begin, stage, signature}. */
    static final String BEGIN = "begin";
    /** A signature passed every step: {@code ok, signature}. */
    static final String OK = "ok";
    /** A step failed: {@code failed, stage, signature, status, message, native messages...}. */
    static final String FAILED = "failed";
    /** The child finished normally. */
    static final String DONE = "done";

    private CheckProtocol() {}

    /** One protocol line of {@code fields}, escaped, with its newline. */
    static String line(String... fields) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                b.append('\t');
            }
            String f = fields[i] == null ? "" : fields[i];
            for (int j = 0; j < f.length(); j++) {
                char c = f.charAt(j);
                switch (c) {
                    case '\\' -> b.append("\\\\");
                    case '\t' -> b.append("\\t");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    default -> b.append(c);
                }
            }
        }
        return b.append('\n').toString();
    }

    /** The fields of one line written by {@link #line}. */
    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\t') {
                fields.add(f.toString());
                f.setLength(0);
            } else if (c == '\\' && i + 1 < line.length()) {
                char n = line.charAt(++i);
                f.append(
                        switch (n) {
                            case 't' -> '\t';
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            default -> n;
                        });
            } else {
                f.append(c);
            }
        }
        fields.add(f.toString());
        return fields;
    }

    /** Writes sample inputs: signature key to input name to value. */
    static void writeSamples(Map<String, Map<String, NdArray>> samples, OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(samples.size());
        for (Map.Entry<String, Map<String, NdArray>> s : samples.entrySet()) {
            data.writeUTF(s.getKey());
            data.writeInt(s.getValue().size());
            for (Map.Entry<String, NdArray> input : s.getValue().entrySet()) {
                NdArray a = input.getValue();
                data.writeUTF(input.getKey());
                data.writeUTF(a.dataType().name());
                data.writeInt(a.shape().length);
                for (int d : a.shape()) {
                    data.writeInt(d);
                }
                if (a.dataType() == DataType.STRING) {
                    byte[][] strings = a.byteStrings();
                    data.writeInt(strings.length);
                    for (byte[] string : strings) {
                        data.writeInt(string.length);
                        data.write(string);
                    }
                } else {
                    byte[] bytes = a.toBytes(ByteOrder.LITTLE_ENDIAN);
                    data.writeInt(bytes.length);
                    data.write(bytes);
                }
            }
        }
        data.flush();
    }

    /** Reads what {@link #writeSamples} wrote. */
    static Map<String, Map<String, NdArray>> readSamples(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        Map<String, Map<String, NdArray>> samples = new LinkedHashMap<>();
        int signatures = data.readInt();
        for (int s = 0; s < signatures; s++) {
            String key = data.readUTF();
            Map<String, NdArray> inputs = new LinkedHashMap<>();
            int n = data.readInt();
            for (int i = 0; i < n; i++) {
                String name = data.readUTF();
                DataType type = DataType.valueOf(data.readUTF());
                int[] shape = new int[data.readInt()];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = data.readInt();
                }
                if (type == DataType.STRING) {
                    byte[][] strings = new byte[data.readInt()][];
                    for (int j = 0; j < strings.length; j++) {
                        strings[j] = data.readNBytes(data.readInt());
                    }
                    inputs.put(name, NdArray.ofStrings(strings, shape));
                } else {
                    byte[] bytes = data.readNBytes(data.readInt());
                    inputs.put(
                            name,
                            NdArray.fromBytes(type, MemorySegment.ofArray(bytes), ByteOrder.LITTLE_ENDIAN, shape));
                }
            }
            samples.put(key, inputs);
        }
        return samples;
    }
}

package dev.tfliteffm.modelwriter;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The custom options of a Flex op (a TensorFlow op the converter keeps, custom code {@code Flex<Op>}), written as
 * the TFLite converter writes them: a FlexBuffer vector of two strings, the op name and the serialized
 * {@code tensorflow.NodeDef} (op, one empty input name per input, attributes, and the original node name as
 * debug info). Pass the result to {@link SubgraphBuilder#customOp}.
 *
 * <pre>{@code
 * byte[] options = FlexOpOptions.of("StringToNumber").inputs(1).typeAttr("out_type", TensorType.FLOAT32).build();
 * g.customOp("FlexStringToNumber", options, List.of(strings), List.of(numbers));
 * }</pre>
 */
public final class FlexOpOptions {

    // tensorflow.NodeDef, AttrValue and NodeDef.ExperimentalDebugInfo field numbers.
    private static final int NODE_OP = 2;
    private static final int NODE_INPUT = 3;
    private static final int NODE_ATTR = 5;
    private static final int NODE_DEBUG_INFO = 6;
    private static final int ATTR_S = 2;
    private static final int ATTR_I = 3;
    private static final int ATTR_F = 4;
    private static final int ATTR_B = 5;
    private static final int ATTR_TYPE = 6;

    // FlexBuffer type codes (flexbuffers.h).
    private static final int FBT_STRING = 5;
    private static final int FBT_VECTOR = 10;

    /** One attribute: which AttrValue field, and its value. */
    private record Attr(int field, Object value) {}

    private final String op;
    private int inputs;
    private String originalName;
    // Sorted, as protobuf's deterministic serialization orders map entries.
    private final Map<String, Attr> attrs = new TreeMap<>();

    private FlexOpOptions(String op) {
        this.op = op;
        this.originalName = op;
    }

    /** Options for TensorFlow op {@code op} (e.g. {@code AsString}); its custom code is {@code "Flex" + op}. */
    public static FlexOpOptions of(String op) {
        Objects.requireNonNull(op, "op");
        return new FlexOpOptions(op);
    }

    /** The number of inputs (the NodeDef lists one empty name per input, as converter output does). */
    public FlexOpOptions inputs(int count) {
        this.inputs = count;
        return this;
    }

    /** The original TensorFlow node name kept as debug info (default: the op name). */
    public FlexOpOptions originalNodeName(String name) {
        this.originalName = Objects.requireNonNull(name, "name");
        return this;
    }

    /** An attribute of kind {@code i}. */
    public FlexOpOptions attr(String name, long value) {
        attrs.put(name, new Attr(ATTR_I, value));
        return this;
    }

    /** An attribute of kind {@code f}. */
    public FlexOpOptions attr(String name, float value) {
        attrs.put(name, new Attr(ATTR_F, value));
        return this;
    }

    /** An attribute of kind {@code b}. */
    public FlexOpOptions attr(String name, boolean value) {
        attrs.put(name, new Attr(ATTR_B, value));
        return this;
    }

    /** An attribute of kind {@code s}, UTF-8. */
    public FlexOpOptions attr(String name, String value) {
        attrs.put(name, new Attr(ATTR_S, value.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /** An attribute of kind {@code type}: the TensorFlow DataType of {@code type}. */
    public FlexOpOptions typeAttr(String name, TensorType type) {
        attrs.put(name, new Attr(ATTR_TYPE, tensorFlowType(type)));
        return this;
    }

    /** The custom code the converter gives this op: {@code Flex<Op>}. */
    public String customCode() {
        return "Flex" + op;
    }

    /** The serialized NodeDef alone. */
    public byte[] nodeDef() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeString(NODE_OP, op);
            for (int i = 0; i < inputs; i++) {
                out.writeString(NODE_INPUT, "");
            }
            for (Map.Entry<String, Attr> e : attrs.entrySet()) {
                out.writeByteArray(NODE_ATTR, attrEntry(e.getKey(), e.getValue()));
            }
            if (!originalName.isEmpty()) {
                out.writeByteArray(NODE_DEBUG_INFO, message(o -> o.writeString(1, originalName)));
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The custom options: the FlexBuffer {@code [op, NodeDef]}. */
    public byte[] build() {
        return stringVector(List.of(op.getBytes(StandardCharsets.UTF_8), nodeDef()));
    }

    private static byte[] attrEntry(String key, Attr attr) throws IOException {
        byte[] value = message(o -> {
            switch (attr.value()) {
                case Long l -> o.writeInt64(attr.field(), l);
                case Float f -> o.writeFloat(attr.field(), f);
                case Boolean b -> o.writeBool(attr.field(), b);
                case byte[] s -> o.writeByteArray(attr.field(), s);
                case Integer t -> o.writeEnum(attr.field(), t);
                default -> throw new IllegalStateException(String.valueOf(attr.value()));
            }
        });
        return message(o -> {
            o.writeString(1, key);
            o.writeByteArray(2, value);
        });
    }

    private interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Writer writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        writer.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    /** TensorFlow's DataType enum value (types.proto) for a TFLite tensor type. */
    static int tensorFlowType(TensorType type) {
        return switch (type) {
            case FLOAT32 -> 1;
            case FLOAT64 -> 2;
            case INT32 -> 3;
            case UINT8 -> 4;
            case INT16 -> 5;
            case INT8 -> 6;
            case STRING -> 7;
            case COMPLEX64 -> 8;
            case INT64 -> 9;
            case BOOL -> 10;
            case BFLOAT16 -> 14;
            case UINT16 -> 17;
            case COMPLEX128 -> 18;
            case FLOAT16 -> 19;
            case RESOURCE -> 20;
            case VARIANT -> 21;
            case UINT32 -> 22;
            case UINT64 -> 23;
            default -> throw new IllegalArgumentException(type + " has no TensorFlow DataType");
        };
    }

    // ---- FlexBuffers ---------------------------------------------------------------------------------
    // Written by hand: flatbuffers-java's FlexBuffersBuilder takes strings only as java.lang.String (UTF-8),
    // but the NodeDef is arbitrary bytes stored as a FlexBuffer string. The layout choices (widths, alignment,
    // offsets) follow flexbuffers::Builder, so the bytes equal the converter's.

    /** A FlexBuffer whose root is an untyped vector of strings. */
    static byte[] stringVector(List<byte[]> strings) {
        Buffer buf = new Buffer();
        long[] locations = new long[strings.size()];
        int[] widths = new int[strings.size()];
        for (int i = 0; i < strings.size(); i++) {
            byte[] s = strings.get(i);
            widths[i] = widthU(s.length);
            buf.align(widths[i]);
            buf.writeUInt(s.length, widths[i]);
            locations[i] = buf.size();
            buf.writeBytes(s);
            buf.write(0);
        }
        int width = widthU(strings.size());
        for (int i = 0; i < strings.size(); i++) {
            width = Math.max(width, offsetWidth(locations[i], buf.size(), i + 1));
        }
        buf.align(width);
        buf.writeUInt(strings.size(), width);
        long vector = buf.size();
        for (long location : locations) {
            buf.writeUInt(buf.size() - location, width);
        }
        for (int w : widths) {
            buf.write(FBT_STRING << 2 | log2(w));
        }
        int rootWidth = offsetWidth(vector, buf.size(), 0);
        buf.align(rootWidth);
        buf.writeUInt(buf.size() - vector, rootWidth);
        buf.write(FBT_VECTOR << 2 | log2(width));
        buf.write(rootWidth);
        return buf.toByteArray();
    }

    /** The smallest byte width (1, 2, 4, 8) of an unsigned value. */
    private static int widthU(long v) {
        return v < (1L << 8) ? 1 : v < (1L << 16) ? 2 : v < (1L << 32) ? 4 : 8;
    }

    /**
     * The byte width of a relative offset to {@code target}, stored as element {@code index} of a vector that
     * starts (after alignment) at the end of a buffer of {@code size} bytes: the first width that fits.
     */
    private static int offsetWidth(long target, long size, int index) {
        for (int w = 1; w <= 8; w *= 2) {
            long at = size + padding(size, w) + (long) index * w;
            if (widthU(at - target) == w) {
                return w;
            }
        }
        return 8;
    }

    private static long padding(long size, int alignment) {
        return (-size) & (alignment - 1);
    }

    private static int log2(int width) {
        return Integer.numberOfTrailingZeros(width);
    }

    /** A growing little-endian byte buffer. */
    private static final class Buffer extends ByteArrayOutputStream {

        void align(int width) {
            for (long p = padding(size(), width); p > 0; p--) {
                write(0);
            }
        }

        void writeUInt(long v, int width) {
            for (int i = 0; i < width; i++) {
                write((int) (v >>> (8 * i)) & 0xff);
            }
        }
    }

    /** Used by {@link #toString()}: what was set. */
    private List<String> describe() {
        List<String> out = new ArrayList<>();
        attrs.forEach((k, v) -> out.add(k + "="
                + (v.value() instanceof byte[] b ? '"' + new String(b, StandardCharsets.UTF_8) + '"' : v.value())));
        return out;
    }

    @Override
    public String toString() {
        return "FlexOpOptions[" + op + ", inputs " + inputs + ", " + describe() + "]";
    }
}

package dev.tfliteffm.flex;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.tfliteffm.DataType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The TensorFlow op behind a Flex custom op, read from the node's custom options as the TFLite converter writes
 * them: a FlexBuffer vector {@code [op name, serialized tensorflow.NodeDef]} (custom options format
 * FLEXBUFFERS). Gives the NodeDef's op, name, inputs and scalar attributes ({@code attr} map entries holding
 * {@code s}, {@code i}, {@code f}, {@code b} or {@code type}; other kinds are listed by {@link #attrNames()}
 * but not decoded).
 *
 * <pre>{@code
 * FlexNodeDef def = FlexNodeDef.parse(customOptions);   // in a JavaOperatorFactory
 * int precision = (int) def.intAttr("precision", -1);
 * }</pre>
 */
public final class FlexNodeDef {

    // tensorflow.NodeDef fields (tensorflow/core/framework/node_def.proto).
    private static final int NODE_NAME = 1;
    private static final int NODE_OP = 2;
    private static final int NODE_INPUT = 3;
    private static final int NODE_ATTR = 5;
    // tensorflow.AttrValue fields (attr_value.proto).
    private static final int ATTR_S = 2;
    private static final int ATTR_I = 3;
    private static final int ATTR_F = 4;
    private static final int ATTR_B = 5;
    private static final int ATTR_TYPE = 6;

    /** An attribute the reader does not decode (list, shape, tensor, func, placeholder). */
    private static final Object OTHER = new Object();

    /** The {@code AttrValue} of {@code type}: a TensorFlow DataType enum value. */
    private record TfType(int code) {}

    private final String flexOpName;
    private final String op;
    private final String name;
    private final List<String> inputs;
    private final Map<String, Object> attrs;

    private FlexNodeDef(String flexOpName, String op, String name, List<String> inputs, Map<String, Object> attrs) {
        this.flexOpName = flexOpName;
        this.op = op;
        this.name = name;
        this.inputs = inputs;
        this.attrs = attrs;
    }

    /**
     * Reads a Flex op's custom options.
     *
     * @throws IllegalArgumentException if they are not a FlexBuffer vector of two strings, or the second is not
     *     a NodeDef
     */
    public static FlexNodeDef parse(byte[] customOptions) {
        Objects.requireNonNull(customOptions, "customOptions");
        if (customOptions.length < 3) {
            throw new IllegalArgumentException(
                    "Flex custom options must be a FlexBuffer [op, NodeDef]; got " + customOptions.length + " bytes");
        }
        List<byte[]> strings;
        try {
            strings = FlexStrings.read(customOptions);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Flex custom options must be a FlexBuffer vector [op, NodeDef] of" + " two strings: "
                            + e.getMessage(),
                    e);
        }
        if (strings.size() < 2) {
            throw new IllegalArgumentException("Flex custom options must be a FlexBuffer vector [op, NodeDef] of"
                    + " two strings; got " + strings.size() + " strings");
        }
        byte[] opName = strings.get(0);
        byte[] nodeDef = strings.get(1);
        try {
            return parseNodeDef(new String(opName, StandardCharsets.UTF_8), nodeDef);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the NodeDef in Flex custom options is malformed: " + e, e);
        }
    }

    private static FlexNodeDef parseNodeDef(String flexOpName, byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        String op = "";
        String name = "";
        List<String> inputs = new ArrayList<>();
        Map<String, Object> attrs = new LinkedHashMap<>();
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case NODE_NAME -> name = in.readStringRequireUtf8();
                case NODE_OP -> op = in.readStringRequireUtf8();
                case NODE_INPUT -> inputs.add(in.readStringRequireUtf8());
                case NODE_ATTR -> readAttrEntry(in, attrs);
                default -> in.skipField(tag);
            }
        }
        return new FlexNodeDef(flexOpName, op, name, List.copyOf(inputs), Collections.unmodifiableMap(attrs));
    }

    /** One {@code map<string, AttrValue>} entry: a message with key (1) and value (2). */
    private static void readAttrEntry(CodedInputStream in, Map<String, Object> attrs) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        String key = "";
        Object value = OTHER;
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> key = in.readStringRequireUtf8();
                case 2 -> {
                    int valueLimit = in.pushLimit(in.readRawVarint32());
                    value = readAttrValue(in);
                    in.popLimit(valueLimit);
                }
                default -> in.skipField(tag);
            }
        }
        in.popLimit(limit);
        attrs.put(key, value);
    }

    /** An {@code AttrValue}: its {@code value} oneof (the last field read wins, as in protobuf). */
    private static Object readAttrValue(CodedInputStream in) throws IOException {
        Object value = OTHER;
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case ATTR_S -> value = in.readByteArray();
                case ATTR_I -> value = in.readInt64();
                case ATTR_F -> value = in.readFloat();
                case ATTR_B -> value = in.readBool();
                case ATTR_TYPE -> value = new TfType(in.readEnum());
                default -> {
                    in.skipField(tag);
                    value = OTHER;
                }
            }
        }
        return value;
    }

    /** The op name the FlexBuffer gives first (e.g. {@code AsString}); in converter output, {@link #op()}. */
    public String flexOpName() {
        return flexOpName;
    }

    /** The NodeDef's {@code op}, e.g. {@code AsString}. */
    public String op() {
        return op;
    }

    /** The NodeDef's {@code name} (the converter often leaves it empty). */
    public String name() {
        return name;
    }

    /** The NodeDef's {@code input} entries. */
    public List<String> inputs() {
        return inputs;
    }

    /** The names of all attributes, in the order the NodeDef lists them. */
    public Set<String> attrNames() {
        return attrs.keySet();
    }

    /** Whether the NodeDef has attribute {@code attr}. */
    public boolean hasAttr(String attr) {
        return attrs.containsKey(attr);
    }

    /** Attribute {@code attr} of kind {@code i}, or {@code dflt} when absent. */
    public long intAttr(String attr, long dflt) {
        return get(attr, Long.class, "i (int)", dflt);
    }

    /** Attribute {@code attr} of kind {@code f}, or {@code dflt} when absent. */
    public float floatAttr(String attr, float dflt) {
        return get(attr, Float.class, "f (float)", dflt);
    }

    /** Attribute {@code attr} of kind {@code b}, or {@code dflt} when absent. */
    public boolean boolAttr(String attr, boolean dflt) {
        return get(attr, Boolean.class, "b (bool)", dflt);
    }

    /** Attribute {@code attr} of kind {@code s} as bytes (a copy), or {@code dflt} when absent. */
    public byte[] bytesAttr(String attr, byte[] dflt) {
        byte[] b = get(attr, byte[].class, "s (bytes)", dflt);
        return b == null ? null : b.clone();
    }

    /** Attribute {@code attr} of kind {@code s} decoded as UTF-8, or {@code dflt} when absent. */
    public String stringAttr(String attr, String dflt) {
        byte[] b = get(attr, byte[].class, "s (bytes)", null);
        return b == null ? dflt : new String(b, StandardCharsets.UTF_8);
    }

    /**
     * Attribute {@code attr} of kind {@code type} as TensorFlow's DataType enum value (1 float, 2 double, 3
     * int32, 7 string, 9 int64, 10 bool, ...), or {@code dflt} when absent.
     */
    public int typeAttrCode(String attr, int dflt) {
        TfType t = get(attr, TfType.class, "type", null);
        return t == null ? dflt : t.code();
    }

    /**
     * Attribute {@code attr} of kind {@code type} as the TFLite type of the same name, or {@code dflt} when
     * absent.
     *
     * @throws IllegalArgumentException if TFLite has no such type (e.g. a quantized TensorFlow type)
     */
    public DataType typeAttr(String attr, DataType dflt) {
        TfType t = get(attr, TfType.class, "type", null);
        return t == null ? dflt : TfDataTypes.toTfLite(t.code());
    }

    private <T> T get(String attr, Class<T> kind, String kindName, T dflt) {
        Object v = attrs.get(Objects.requireNonNull(attr, "attr"));
        if (v == null) {
            return dflt;
        }
        if (!kind.isInstance(v)) {
            throw new IllegalArgumentException("attribute '" + attr + "' of " + op + " is not of kind " + kindName);
        }
        return kind.cast(v);
    }

    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        attrs.forEach((k, v) -> shown.put(
                k,
                switch (v) {
                    case byte[] b -> '"' + new String(b, StandardCharsets.UTF_8) + '"';
                    case TfType t -> TfDataTypes.name(t.code());
                    default -> v == OTHER ? "..." : String.valueOf(v);
                }));
        return "NodeDef[op=" + op + (name.isEmpty() ? "" : ", name=" + name) + ", attr=" + shown + "]";
    }
}

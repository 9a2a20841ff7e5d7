package dev.tfliteffm.flex;

import dev.tfliteffm.DataType;
import java.nio.charset.StandardCharsets;

/**
 * TensorFlow's AsString attributes, checked as its kernel checks them (tensorflow/core/kernels/as_string_op.cc,
 * same messages), and the formatting of one element: {@code %<fill><width>.<precision><conv>} with conv
 * {@code d} for signed integers, {@code u} for unsigned, {@code f}, {@code e} ({@code scientific}) or {@code g}
 * ({@code shortest}) for floating point (complex: {@code (re,im)}), {@code s} for strings (with a width only),
 * and {@code true}/{@code false} for bool, whatever the width.
 *
 * @param type      the input's TFLite type
 * @param precision digits after the point (f, e) or significant digits (g); -1 for C's default
 * @param scientific whether floats use {@code %e}
 * @param shortest  whether floats use {@code %g}
 * @param width     minimum width; &lt;= 0 for none (-1 is TensorFlow's default)
 * @param fill      the one printf flag TensorFlow calls fill: one of {@code ' ' + - 0 #}, or 0 for none
 */
record AsStringFormat(DataType type, int precision, boolean scientific, boolean shortest, int width, char fill) {

    /** TensorFlow's bound on width and precision. */
    private static final int MAX_WIDTH = 131072;

    /**
     * The format of {@code def}'s attributes for input type {@code type} (attribute {@code T} must agree).
     *
     * @throws IllegalArgumentException with TensorFlow's message for attributes TensorFlow refuses
     */
    static AsStringFormat of(FlexNodeDef def, DataType type) {
        int precision = Math.clamp(def.intAttr("precision", -1), Integer.MIN_VALUE, Integer.MAX_VALUE);
        boolean scientific = def.boolAttr("scientific", false);
        boolean shortest = def.boolAttr("shortest", false);
        int width = Math.clamp(def.intAttr("width", -1), Integer.MIN_VALUE, Integer.MAX_VALUE);
        String fill = def.stringAttr("fill", "");
        return of(type, precision, scientific, shortest, width, fill);
    }

    /** The format of explicit attributes (see {@link #of(FlexNodeDef, DataType)}). */
    static AsStringFormat of(
            DataType type, int precision, boolean scientific, boolean shortest, int width, String fill) {
        // TensorFlow bounds both, so a format cannot ask for huge strings.
        if (width < -MAX_WIDTH || width > MAX_WIDTH) {
            throw new IllegalArgumentException(
                    "width must be between -" + MAX_WIDTH + " and " + MAX_WIDTH + "; got " + width);
        }
        if (precision < -MAX_WIDTH || precision > MAX_WIDTH) {
            throw new IllegalArgumentException(
                    "precision must be between -" + MAX_WIDTH + " and " + MAX_WIDTH + "; got " + precision);
        }
        boolean floating = switch (type) {
            case FLOAT16, BFLOAT16, FLOAT32, FLOAT64, COMPLEX64, COMPLEX128 -> true;
            default -> false;
        };
        boolean supported = floating
                || switch (type) {
                    case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, BOOL, STRING -> true;
                    default -> false;
                };
        if (type != DataType.STRING && !floating) {
            if (scientific || shortest) {
                throw new IllegalArgumentException(
                        "scientific and shortest format not supported for datatype " + TfDataTypes.name(type));
            }
            if (precision >= 0) {
                throw new IllegalArgumentException("precision not supported for datatype " + TfDataTypes.name(type));
            }
        }
        byte[] fillBytes = fill.getBytes(StandardCharsets.UTF_8);
        if (fillBytes.length > 1) {
            throw new IllegalArgumentException("Fill string must be one or fewer characters");
        }
        if (scientific && shortest) {
            throw new IllegalArgumentException("Cannot select both scientific and shortest notation");
        }
        char flag = fill.isEmpty() ? CFormat.NO_FLAG : fill.charAt(0);
        if (flag != CFormat.NO_FLAG && " +-0#".indexOf(flag) < 0) {
            throw new IllegalArgumentException("Fill argument not supported: \"" + fill + "\"");
        }
        if (!supported) {
            throw new IllegalArgumentException("Type not supported: " + TfDataTypes.name(type));
        }
        return new AsStringFormat(type, precision, scientific, shortest, width, flag);
    }

    /** A floating-point element (float16 and bfloat16 widened to float first, as TensorFlow does). */
    String formatFloating(double v) {
        return CFormat.floating(v, shortest ? 'g' : scientific ? 'e' : 'f', width, precision, fill);
    }

    /** A complex element: {@code (re,im)}, each formatted as a float. */
    String formatComplex(double re, double im) {
        return "(" + formatFloating(re) + "," + formatFloating(im) + ")";
    }

    /** A signed integer element. */
    String formatSigned(long v) {
        return CFormat.signed(v, width, fill);
    }

    /** An unsigned integer element, {@code v}'s bits read as unsigned. */
    String formatUnsigned(long v) {
        return CFormat.unsigned(v, width, fill);
    }

    /** A bool element: {@code true} or {@code false}; no width or fill applies. */
    static String formatBool(boolean v) {
        return v ? "true" : "false";
    }

    /** A string element: the same bytes unless a width is given, then padded (and cut to a given precision). */
    byte[] formatString(byte[] v) {
        return width <= 0 ? v : CFormat.string(v, width, precision, fill);
    }
}

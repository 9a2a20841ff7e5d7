package dev.tfliteffm;

import java.util.Objects;

/**
 * A Java operator registered with {@link InterpreterOptions}: TFLite resolves the model's custom ops with this
 * custom name and version to kernels made by {@code factory}.
 *
 * @param name    the custom op name as the model stores it ({@code custom_code}), e.g. {@code FlexAddV2}
 * @param version the op version the model's operator code asks for (1 for converter-made custom ops)
 * @param factory makes one kernel per node
 */
public record OperatorRegistration(String name, int version, JavaOperatorFactory factory) {

    /** Validates. */
    public OperatorRegistration {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(factory, "factory");
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(
                    "an operator name must be non-empty and without NUL; given '" + name + "'");
        }
        if (version < 1) {
            throw new IllegalArgumentException("an operator version must be >= 1; given " + version);
        }
    }
}

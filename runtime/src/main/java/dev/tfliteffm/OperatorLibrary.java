package dev.tfliteffm;

import java.util.List;

/**
 * A set of Java operators shipped in a jar, found with {@link java.util.ServiceLoader}: what
 * {@code tflite-ffm run|bench|batch --op-library JAR} loads, so a user adds operators without writing a
 * launcher. Implement it, list the class in {@code META-INF/services/dev.tfliteffm.OperatorLibrary} (or
 * {@code provides dev.tfliteffm.OperatorLibrary with ...} in a module), and give it a public no-argument
 * constructor.
 */
public interface OperatorLibrary {

    /** The operators to register, e.g. {@code List.of(new OperatorRegistration("Sinh", 1, SinhKernel::new))}. */
    List<OperatorRegistration> operators();
}

package org.tensorflow.lite;

import java.io.File;
import java.nio.ByteBuffer;

/**
 * Makes {@link InterpreterApi} instances.
 *
 * @deprecated as in the official API: use {@link InterpreterApi#create(File, InterpreterApi.Options)}
 */
@Deprecated
public class InterpreterFactory {

    /** A factory. */
    public InterpreterFactory() {}

    /** {@link InterpreterApi#create(File, InterpreterApi.Options)}. */
    public InterpreterApi create(File modelFile, InterpreterApi.Options options) {
        return InterpreterApi.create(modelFile, options);
    }

    /** {@link InterpreterApi#create(ByteBuffer, InterpreterApi.Options)}. */
    public InterpreterApi create(ByteBuffer byteBuffer, InterpreterApi.Options options) {
        return InterpreterApi.create(byteBuffer, options);
    }
}

/**
 * Generated FFM bindings of the TensorFlow Lite C API. Internal: exported only to the runtime module,
 * never part of the public API. Regenerate with {@code ./jextract.sh}; never edit by hand.
 */
module dev.tfliteffm.bindings {
    requires transitive dev.tfliteffm.nativelib;

    exports dev.tfliteffm.internal.bindings to
            dev.tfliteffm;
}

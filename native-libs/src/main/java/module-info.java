/**
 * Finds and opens the TensorFlow Lite C API library; see {@link dev.tfliteffm.nativelib.TfLiteLibrary}.
 */
module dev.tfliteffm.nativelib {
    exports dev.tfliteffm.nativelib;
}

/**
 * An application written for the official TensorFlow Lite Java API, on the module path: it requires the compat
 * module only. CompatModulePathTest compiles and runs it.
 */
module example.official {
    requires dev.tfliteffm.compat;
}

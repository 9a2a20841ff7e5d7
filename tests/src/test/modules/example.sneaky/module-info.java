/**
 * An application that reaches for the internal bindings: ModulePathTest expects javac to refuse it, because
 * dev.tfliteffm.bindings exports its package to dev.tfliteffm only.
 */
module example.sneaky {
    requires dev.tfliteffm;
    requires dev.tfliteffm.bindings;
}

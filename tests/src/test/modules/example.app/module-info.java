/**
 * A user's application on the module path: it requires the public module only, as the README tells users to.
 * ModulePathTest compiles and runs it.
 */
module example.app {
    requires dev.tfliteffm;
}

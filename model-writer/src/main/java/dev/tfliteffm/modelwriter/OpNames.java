package dev.tfliteffm.modelwriter;

import org.tensorflow.lite.schema.BuiltinOperator;

/** Names of builtin operator codes, also for codes newer than the generated schema classes know. */
final class OpNames {

    private OpNames() {}

    /** The largest builtin operator code the generated schema classes name. */
    static final int LAST_KNOWN_BUILTIN = BuiltinOperator.names.length - 1;

    static String builtinName(int code) {
        if (code >= 0 && code <= LAST_KNOWN_BUILTIN) {
            String name = BuiltinOperator.name(code);
            if (name != null && !name.isEmpty()) {
                return name;
            }
        }
        return "BUILTIN_" + code;
    }
}

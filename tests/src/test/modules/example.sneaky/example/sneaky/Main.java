package example.sneaky;

import dev.tfliteffm.internal.bindings.TfLite;

/** Calls the generated bindings directly, which the module system must not allow. */
public final class Main {

    private Main() {}

    /** Would print the TFLite version read through the internal bindings. */
    public static void main(String[] args) {
        System.out.println(TfLite.TfLiteVersion().getString(0));
    }
}

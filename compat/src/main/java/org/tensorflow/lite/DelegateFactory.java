package org.tensorflow.lite;

/** Makes a {@link Delegate} for a runtime flavor; interpreters call it with {@link RuntimeFlavor#APPLICATION}. */
public interface DelegateFactory {
    /** A new delegate for {@code runtimeFlavor}; the interpreter that asked for it closes it. */
    Delegate create(RuntimeFlavor runtimeFlavor);
}

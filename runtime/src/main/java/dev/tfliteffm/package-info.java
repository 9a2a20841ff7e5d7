/**
 * tflite-ffm: TensorFlow Lite's C API from Java 22+ through the Foreign Function &amp; Memory API.
 *
 * <p>The nouns: a {@link dev.tfliteffm.Model} (loaded once, shared by any number of interpreters), an
 * {@link dev.tfliteffm.Interpreter} (one thread at a time) with its {@link dev.tfliteffm.SignatureRunner}s and
 * {@link dev.tfliteffm.Tensor}s, and {@link dev.tfliteffm.NdArray} for data on the Java heap. For many threads
 * or many inputs: an {@link dev.tfliteffm.InterpreterPool} lends interpreters of one model to one thread at a
 * time, and a {@link dev.tfliteffm.BatchRunner} runs a signature over a stream of inputs on a pool.
 *
 * <h2>Exceptions: one rule for the whole API</h2>
 * <ul>
 *   <li>A {@code null} argument: {@link java.lang.NullPointerException} naming the parameter.</li>
 *   <li>Misuse of arguments — an unknown signature, input or output name, a value of the wrong type, size or
 *       shape, a number out of range: {@link java.lang.IllegalArgumentException}, whose message shows what was
 *       expected ({@code no input 'y' in signature 'encode'; expected one of [x]}). Checked in Java, before
 *       any native call.</li>
 *   <li>A call that does not fit the object's state: {@link java.lang.IllegalStateException}; in particular
 *       {@link dev.tfliteffm.ClosedException} (the object, or its owner arena, is closed) and
 *       {@link dev.tfliteffm.ConcurrentUseException} (another thread is inside a call on the same
 *       interpreter).</li>
 *   <li>What TensorFlow Lite itself reports, and a model it cannot load: {@link dev.tfliteffm.TfLiteException},
 *       with TFLite's {@linkplain dev.tfliteffm.TfLiteException#status() status} ({@code UNRESOLVED_OPS},
 *       {@code CANCELLED}, {@code INVALID_MODEL}, ...) and {@linkplain
 *       dev.tfliteffm.TfLiteException#nativeMessages() the messages} its error reporter gave during the failed
 *       call.</li>
 * </ul>
 * So {@code catch (IllegalArgumentException | IllegalStateException e)} catches every misuse, and
 * {@code catch (TfLiteException e)} every failure of TFLite. Methods that wait (borrowing from a pool) throw
 * {@code java.util.concurrent}'s checked {@link java.lang.InterruptedException} and
 * {@link java.util.concurrent.TimeoutException}, as its own blocking methods do; and a batch item that fails
 * is a result ({@link dev.tfliteffm.ItemResult.Failure}) holding the item's exception, not a thrown one.
 * TFLite's error reporter never prints: its
 * messages go into the exception of the call that failed, or to {@link java.lang.System.Logger}
 * {@code dev.tfliteffm.tflite} when the call succeeded.
 *
 * <h2>Owner arenas</h2>
 * Factories that take an {@code Arena owner} accept {@code null} for "no owner"; with an owner, closing the
 * arena closes the object (as {@code close()} would; for an interpreter in a call on another thread, once the
 * call returns), and the object keeps its owner reachable. Interpreters and models that are never closed are
 * freed by the garbage collector, with a warning naming where they were created.
 *
 * <h2>Which exception for a read-only tensor</h2>
 * Writing a tensor whose data is constant data of the model is an {@link java.lang.IllegalArgumentException},
 * as the JDK's own write into a read-only {@link java.lang.foreign.MemorySegment} is: the tensor takes no value
 * in any state. An interpreter whose allocation failed with a delegate applied refuses every call with an
 * {@link java.lang.IllegalStateException} (create a new one).
 */
package dev.tfliteffm;

/**
 * The official TensorFlow Lite Java API ({@code org.tensorflow.lite}, as of TFLite 2.16+) on tflite-ffm: swap the
 * official dependency for {@code dev.tfliteffm:tflite-ffm-compat} and code written for
 * {@link org.tensorflow.lite.Interpreter} runs unchanged on a desktop JDK 22+, with no JNI.
 *
 * <p>Types, methods, exceptions and (where the official tests check them) messages are the official ones. What
 * differs, and why:
 * <ul>
 *   <li><b>Delegates</b>: a {@link org.tensorflow.lite.Delegate} made elsewhere cannot be applied (the runtime
 *       takes delegates only as external plugins it loads), so options with delegates fail with the official
 *       "Failed to apply delegate" exception. NNAPI, fp16 precision, buffer-handle output and zero-point
 *       compression are accepted and have no effect.</li>
 *   <li><b>Signature resizes</b> on a signature that does not run the primary subgraph may change only dimensions
 *       that are -1 in the shape signature (the C API resizes signature inputs strictly), where the official full
 *       build changes any.</li>
 *   <li><b>Strings</b> are written as standard UTF-8 without the terminating NUL byte the official API appends,
 *       and read back in full (the official API stops at a NUL); string outputs may also be read into
 *       {@code byte[]} arrays.</li>
 *   <li><b>Threads</b>: a second thread calling an interpreter while another is inside a call gets an
 *       {@link java.lang.IllegalStateException} instead of undefined behaviour.</li>
 *   <li><b>Memory</b>: a model given as a {@link java.nio.ByteBuffer} is copied once (the official API reads the
 *       buffer in place); {@link org.tensorflow.lite.Tensor#asReadOnlyBuffer()} views become unreadable
 *       (IllegalStateException) once the interpreter reallocates, instead of pointing at stale memory.</li>
 *   <li><b>Cancellation</b> is checked before each invoke and stops an invoke in progress between operators, as
 *       in the official API; a {@code setCancelled(true)} racing with the start of an invoke may miss it (the
 *       official API documents cancellation as best-effort too).</li>
 * </ul>
 */
package org.tensorflow.lite;

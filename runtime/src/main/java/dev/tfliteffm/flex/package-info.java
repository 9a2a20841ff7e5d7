/**
 * TensorFlow ops that converter-made models carry as Flex custom ops, implemented in Java:
 * {@link dev.tfliteffm.flex.FlexStringOps} (AsString, StringToNumber; registered by default), and
 * {@link dev.tfliteffm.flex.FlexNodeDef}, which reads a Flex op's custom options (a FlexBuffer holding the
 * TensorFlow NodeDef) for anyone writing another Flex op as a {@link dev.tfliteffm.JavaOperator}.
 */
package dev.tfliteffm.flex;

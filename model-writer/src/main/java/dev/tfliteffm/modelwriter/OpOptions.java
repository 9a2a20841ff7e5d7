package dev.tfliteffm.modelwriter;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.tensorflow.lite.schema.AddOptionsT;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.CallOnceOptionsT;
import org.tensorflow.lite.schema.CastOptionsT;
import org.tensorflow.lite.schema.ConcatenationOptionsT;
import org.tensorflow.lite.schema.Conv2DOptionsT;
import org.tensorflow.lite.schema.DepthwiseConv2DOptionsT;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;
import org.tensorflow.lite.schema.GatherOptionsT;
import org.tensorflow.lite.schema.MulOptionsT;
import org.tensorflow.lite.schema.Pool2DOptionsT;
import org.tensorflow.lite.schema.ReducerOptionsT;
import org.tensorflow.lite.schema.ReshapeOptionsT;
import org.tensorflow.lite.schema.SequenceRNNOptionsT;
import org.tensorflow.lite.schema.SoftmaxOptionsT;
import org.tensorflow.lite.schema.SubOptionsT;
import org.tensorflow.lite.schema.VarHandleOptionsT;

/**
 * The builtin options of an operator (TFLite's {@code BuiltinOptions} union): one of the schema's
 * {@code *OptionsT} tables. The factories below cover the common ops; {@link #of(Object)} takes any other table
 * from {@code org.tensorflow.lite.schema}, e.g. {@code OpOptions.of(new SqueezeOptionsT())}.
 */
public final class OpOptions {

    /** How convolutions and pools pad their input. */
    public enum Padding {
        /** Output size = ceil(input / stride); zero padding split evenly, the extra cell after. */
        SAME(org.tensorflow.lite.schema.Padding.SAME),
        /** No padding: output size = ceil((input − filter + 1) / stride). */
        VALID(org.tensorflow.lite.schema.Padding.VALID);

        final byte code;

        Padding(byte code) {
            this.code = code;
        }
    }

    /** The activation an operator applies to its output. */
    public enum Activation {
        /** None. */
        NONE(org.tensorflow.lite.schema.ActivationFunctionType.NONE),
        /** max(0, x). */
        RELU(org.tensorflow.lite.schema.ActivationFunctionType.RELU),
        /** clamp(x, −1, 1). */
        RELU_N1_TO_1(org.tensorflow.lite.schema.ActivationFunctionType.RELU_N1_TO_1),
        /** clamp(x, 0, 6). */
        RELU6(org.tensorflow.lite.schema.ActivationFunctionType.RELU6),
        /** tanh(x). */
        TANH(org.tensorflow.lite.schema.ActivationFunctionType.TANH);

        final byte code;

        Activation(byte code) {
            this.code = code;
        }
    }

    private final byte unionType;
    private final Object table;

    private OpOptions(byte unionType, Object table) {
        this.unionType = unionType;
        this.table = table;
    }

    /**
     * Wraps any {@code *OptionsT} table of {@code org.tensorflow.lite.schema}; the union member is found from
     * its class name ({@code SqueezeOptionsT} → {@code BuiltinOptions.SqueezeOptions}).
     *
     * @throws ModelBuildException when the object is not such a table
     */
    public static OpOptions of(Object optionsTable) {
        Class<?> type = optionsTable.getClass();
        String simpleName = type.getSimpleName();
        if (!type.getPackageName().equals("org.tensorflow.lite.schema") || !simpleName.endsWith("OptionsT")) {
            throw new ModelBuildException(
                    "Builtin options must be an org.tensorflow.lite.schema.*OptionsT table, not " + type.getName());
        }
        String member = simpleName.substring(0, simpleName.length() - 1);
        try {
            Field field = BuiltinOptions.class.getField(member);
            if (!Modifier.isStatic(field.getModifiers()) || field.getType() != byte.class) {
                throw new NoSuchFieldException(member);
            }
            return new OpOptions(field.getByte(null), optionsTable);
        } catch (NoSuchFieldException | IllegalAccessException e) {
            throw new ModelBuildException(type.getName() + " is not a member of the BuiltinOptions union");
        }
    }

    /** CONV_2D: padding, strides and fused activation (no dilation). */
    public static OpOptions conv2d(Padding padding, int strideH, int strideW, Activation activation) {
        Conv2DOptionsT t = new Conv2DOptionsT();
        t.setPadding(padding.code);
        t.setStrideH(strideH);
        t.setStrideW(strideW);
        t.setDilationHFactor(1);
        t.setDilationWFactor(1);
        t.setFusedActivationFunction(activation.code);
        return new OpOptions(BuiltinOptions.Conv2DOptions, t);
    }

    /** DEPTHWISE_CONV_2D: padding, strides, depth multiplier and fused activation (no dilation). */
    public static OpOptions depthwiseConv2d(
            Padding padding, int strideH, int strideW, int depthMultiplier, Activation activation) {
        DepthwiseConv2DOptionsT t = new DepthwiseConv2DOptionsT();
        t.setPadding(padding.code);
        t.setStrideH(strideH);
        t.setStrideW(strideW);
        t.setDepthMultiplier(depthMultiplier);
        t.setDilationHFactor(1);
        t.setDilationWFactor(1);
        t.setFusedActivationFunction(activation.code);
        return new OpOptions(BuiltinOptions.DepthwiseConv2DOptions, t);
    }

    /** AVERAGE_POOL_2D, MAX_POOL_2D, L2_POOL_2D: padding, strides, filter size and fused activation. */
    public static OpOptions pool2d(
            Padding padding, int strideH, int strideW, int filterH, int filterW, Activation activation) {
        Pool2DOptionsT t = new Pool2DOptionsT();
        t.setPadding(padding.code);
        t.setStrideH(strideH);
        t.setStrideW(strideW);
        t.setFilterHeight(filterH);
        t.setFilterWidth(filterW);
        t.setFusedActivationFunction(activation.code);
        return new OpOptions(BuiltinOptions.Pool2DOptions, t);
    }

    /** FULLY_CONNECTED: fused activation; the input is flattened to [batch, depth] and the output is 2-D. */
    public static OpOptions fullyConnected(Activation activation) {
        FullyConnectedOptionsT t = new FullyConnectedOptionsT();
        t.setFusedActivationFunction(activation.code);
        return new OpOptions(BuiltinOptions.FullyConnectedOptions, t);
    }

    /** SOFTMAX: softmax(beta × x). */
    public static OpOptions softmax(float beta) {
        SoftmaxOptionsT t = new SoftmaxOptionsT();
        t.setBeta(beta);
        return new OpOptions(BuiltinOptions.SoftmaxOptions, t);
    }

    /** ADD: fused activation. */
    public static OpOptions add(Activation activation) {
        AddOptionsT t = new AddOptionsT();
        t.setFusedActivationFunction(activation.code);
        return new OpOptions(BuiltinOptions.AddOptions, t);
    }

    /** SUB: fused activation. */
    public static OpOptions sub(Activation activation) {
        SubOptionsT t = new SubOptionsT();
        t.setFusedActivationFunction(activation.code);
        return new OpOptions(BuiltinOptions.SubOptions, t);
    }

    /** MUL: fused activation. */
    public static OpOptions mul(Activation activation) {
        MulOptionsT t = new MulOptionsT();
        t.setFusedActivationFunction(activation.code);
        return new OpOptions(BuiltinOptions.MulOptions, t);
    }

    /** RESHAPE: the new shape (-1 for one inferred dimension), when it is not given as a second input. */
    public static OpOptions reshape(int... newShape) {
        ReshapeOptionsT t = new ReshapeOptionsT();
        t.setNewShape(newShape.clone());
        return new OpOptions(BuiltinOptions.ReshapeOptions, t);
    }

    /** GATHER: the axis of the params input to gather along. */
    public static OpOptions gather(int axis) {
        GatherOptionsT t = new GatherOptionsT();
        t.setAxis(axis);
        return new OpOptions(BuiltinOptions.GatherOptions, t);
    }

    /** CONCATENATION: the axis to join along, and fused activation. */
    public static OpOptions concatenation(int axis, Activation activation) {
        ConcatenationOptionsT t = new ConcatenationOptionsT();
        t.setAxis(axis);
        t.setFusedActivationFunction(activation.code);
        return new OpOptions(BuiltinOptions.ConcatenationOptions, t);
    }

    /** SUM, MEAN, REDUCE_MAX and the other reductions: whether reduced dimensions stay as size 1. */
    public static OpOptions reducer(boolean keepDims) {
        ReducerOptionsT t = new ReducerOptionsT();
        t.setKeepDims(keepDims);
        return new OpOptions(BuiltinOptions.ReducerOptions, t);
    }

    /** CAST: the input and output element types. */
    public static OpOptions cast(TensorType from, TensorType to) {
        CastOptionsT t = new CastOptionsT();
        t.setInDataType(from.schemaCode());
        t.setOutDataType(to.schemaCode());
        return new OpOptions(BuiltinOptions.CastOptions, t);
    }

    /**
     * VAR_HANDLE: names the resource variable. Handles with the same container and shared name refer to the
     * same variable in every subgraph of one interpreter.
     */
    public static OpOptions varHandle(String container, String sharedName) {
        VarHandleOptionsT t = new VarHandleOptionsT();
        t.setContainer(container);
        t.setSharedName(sharedName);
        return new OpOptions(BuiltinOptions.VarHandleOptions, t);
    }

    /** CALL_ONCE: runs {@code initSubgraph} the first time the operator is invoked in an interpreter. */
    public static OpOptions callOnce(SubgraphBuilder initSubgraph) {
        CallOnceOptionsT t = new CallOnceOptionsT();
        t.setInitSubgraphIndex(initSubgraph.index());
        return new OpOptions(BuiltinOptions.CallOnceOptions, t);
    }

    /** UNIDIRECTIONAL_SEQUENCE_RNN: whether time is the first dimension, and the activation of each step. */
    public static OpOptions sequenceRnn(boolean timeMajor, Activation activation) {
        SequenceRNNOptionsT t = new SequenceRNNOptionsT();
        t.setTimeMajor(timeMajor);
        t.setFusedActivationFunction(activation.code);
        return new OpOptions(BuiltinOptions.SequenceRNNOptions, t);
    }

    /** The BuiltinOptions union member code. */
    byte unionType() {
        return unionType;
    }

    /** The {@code *OptionsT} table. */
    Object table() {
        return table;
    }

    /** The union member's name, e.g. {@code Conv2DOptions}. */
    @Override
    public String toString() {
        return BuiltinOptions.name(unionType);
    }
}

/*
 * MINIMAL STAND-IN -- not the upstream file.
 *
 * The TensorFlow Lite 2.16.1 AAR ships tensorflow/lite/core/c/c_api.h, which
 * #includes "tensorflow/lite/core/async/c/types.h", but the AAR does not ship
 * that header. This stand-in is written by the tflite-ffm project so that the
 * AAR headers can be parsed (jextract / libclang, gcc). It declares only the
 * opaque types and the enum that upstream header provides, copied from
 * google-ai-edge/LiteRT tflite/core/async/c/types.h (TFLite 2.21-era, commit
 * 2a0d2650fbe3ad9017e69007d1d64adcf4c6810c). The tensorflow/tensorflow copy,
 * tensorflow/lite/core/async/c/types.h, declares the same three things.
 */
#ifndef TENSORFLOW_LITE_CORE_ASYNC_C_TYPES_H_
#define TENSORFLOW_LITE_CORE_ASYNC_C_TYPES_H_

#ifdef __cplusplus
extern "C" {
#endif /* __cplusplus */

/* Opaque TfLite async kernel (used via `struct TfLiteAsyncKernel*` in
 * common.h). */
typedef struct TfLiteAsyncKernel TfLiteAsyncKernel;

/* Opaque execution task of the async API. */
typedef struct TfLiteExecutionTask TfLiteExecutionTask;

/* Type of an I/O tensor in the async API. */
typedef enum TfLiteIoType {
  kTfLiteIoTypeUnknown = 0,
  kTfLiteIoTypeInput = 1,
  kTfLiteIoTypeOutput = 2,
} TfLiteIoType;

#ifdef __cplusplus
} /* extern "C" */
#endif /* __cplusplus */

#endif /* TENSORFLOW_LITE_CORE_ASYNC_C_TYPES_H_ */

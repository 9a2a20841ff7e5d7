/*
 * MINIMAL STAND-IN -- not the upstream file.
 *
 * The TensorFlow Lite 2.16.1 AAR ships tensorflow/lite/core/c/c_api.h, which
 * #includes "tensorflow/lite/core/c/registration_external.h", but the AAR does
 * not ship that header. This stand-in is written by the tflite-ffm project so
 * that the AAR headers can be parsed (jextract / libclang, gcc).
 *
 * It declares only the opaque type that c_api.h needs from it (c_api.h uses
 * `TfLiteRegistrationExternal*` without including common.h). The upstream 2.16
 * header (tensorflow/tensorflow tensorflow/lite/core/c/registration_external.h)
 * also declared TfLiteRegistrationExternal{Create,Delete,Set*,Get*} functions;
 * they are deliberately NOT declared here because the TFLite 2.21.0 native
 * library no longer exports them (they were renamed to TfLiteOperator*).
 *
 * The typedef is identical to the one in the AAR's common.h; repeating an
 * identical typedef is valid C11 (and what upstream itself does).
 */
#ifndef TENSORFLOW_LITE_CORE_C_REGISTRATION_EXTERNAL_H_
#define TENSORFLOW_LITE_CORE_C_REGISTRATION_EXTERNAL_H_

#include "tensorflow/lite/core/async/c/types.h"

#ifdef __cplusplus
extern "C" {
#endif /* __cplusplus */

/* Opaque external (stable-ABI) op registration. */
typedef struct TfLiteRegistrationExternal TfLiteRegistrationExternal;

#ifdef __cplusplus
} /* extern "C" */
#endif /* __cplusplus */

#endif /* TENSORFLOW_LITE_CORE_C_REGISTRATION_EXTERNAL_H_ */

/* A TFLite external delegate plugin for tests: claims no nodes, counts Prepare calls, and refuses to be
 * created when given the option fail=yes (reporting why through report_error). */
#include <stdlib.h>
#include <string.h>
#include "tensorflow/lite/core/c/common.h"

static int prepare_calls = 0;
static int destroyed = 0;

static TfLiteStatus Prepare(TfLiteContext* context, TfLiteDelegate* delegate) {
  (void)context;
  (void)delegate;
  prepare_calls++;
  return kTfLiteOk;
}

TfLiteDelegate* tflite_plugin_create_delegate(char** keys, char** values, size_t count,
                                              void (*report_error)(const char*)) {
  for (size_t i = 0; i < count; i++) {
    if (strcmp(keys[i], "fail") == 0 && strcmp(values[i], "yes") == 0) {
      report_error("test plugin refused: fail=yes");
      return NULL;
    }
  }
  TfLiteDelegate* delegate = calloc(1, sizeof(TfLiteDelegate));
  delegate->flags = kTfLiteDelegateFlagsNone;
  delegate->Prepare = Prepare;
  return delegate;
}

void tflite_plugin_destroy_delegate(TfLiteDelegate* delegate) {
  destroyed++;
  free(delegate);
}

int test_plugin_prepare_calls(void) { return prepare_calls; }
int test_plugin_destroyed(void) { return destroyed; }

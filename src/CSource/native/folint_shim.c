/* folint's only native code of its own: memory tree-sitter allocates is freed by tree-sitter's allocator. */
#include "alloc.h"

void folint_ts_free(void *pointer) { ts_free(pointer); }

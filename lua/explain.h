/* explain.h: a decision of the decision log explained as text (see
 * explain.c), shared by `medoffice explain` and the Lua `explain()`. It
 * uses engine.h. */
#ifndef MO_EXPLAIN_H
#define MO_EXPLAIN_H

#include <stdio.h>

#include "engine.h"

/* Writes decision id (0: the latest) of en's practice to f. MO_ENOTFOUND
 * when there is none. */
int mo_explain_write(FILE *f, mo_engine *en, int64_t id, mo_err *e);

#endif

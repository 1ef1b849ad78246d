/* spec.h: the spec runner (`medoffice test`). It finds every *_spec.lua
 * under a practice's policies/ folder and runs each, in the real sandbox,
 * against the practice's policies loaded on a fresh in-memory database,
 * using the embedded module "spec" (describe/it/expect). It uses
 * engine.h and practice.h. */
#ifndef MO_SPEC_H
#define MO_SPEC_H

#include "mo.h"

typedef struct mo_spec_counts {
	int passed, failed, files;
} mo_spec_counts;

/* Runs the specs of the practice in dir, printing failures to stdout.
 * Returns 0 when the run itself worked (see counts for the outcome). */
int mo_spec_run_dir(const char *dir, mo_spec_counts *counts, mo_err *e);

#endif

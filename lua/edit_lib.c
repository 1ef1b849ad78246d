/* edit_lib.c: libedit loaded when the shell runs on a terminal (see
 * edit_lib.h), through dynlib.h. */
#define MO_EDIT_NO_RENAME
#include "edit_lib.h"

#include "dynlib.h"

mo_editlib mo_edit_fn;

#define MO_DYNLIB_TABLE mo_edit_fn
MO_DYNLIB_LOADER(mo_editlib_load, MO_EDIT_NAMES, MO_EDIT_SONAME, "shell",
		 "libedit")

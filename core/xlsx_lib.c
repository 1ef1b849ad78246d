/* xlsx_lib.c: libxlsxwriter loaded on first use (see xlsx_lib.h), through
 * dynlib.h. */
#define MO_XLSX_NO_RENAME
#include "xlsx_lib.h"

#include "dynlib.h"

mo_xlsxlib mo_xlsx_fn;

#define MO_DYNLIB_TABLE mo_xlsx_fn
MO_DYNLIB_LOADER(mo_xlsxlib_load, MO_XLSX_FUNCS, MO_XLSX_SONAME, "XLSX",
		 "libxlsxwriter")

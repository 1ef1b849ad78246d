/* ical_lib.c: libical loaded on first use (see ical_lib.h), through
 * dynlib.h. */
#define MO_ICAL_NO_RENAME
#include "ical_lib.h"

#include "dynlib.h"

mo_icallib mo_ical_fn;

#define MO_DYNLIB_TABLE mo_ical_fn
MO_DYNLIB_LOADER(mo_icallib_load, MO_ICAL_FUNCS, MO_ICAL_SONAME, "calendar",
		 "libical")

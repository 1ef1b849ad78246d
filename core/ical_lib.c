/* ical_lib.c: libical loaded on first use (see ical_lib.h). It uses the
 * C library's dlopen and dlsym. */
#define MO_ICAL_NO_RENAME
#include "ical_lib.h"

#include <dlfcn.h>
#include <string.h>

mo_icallib mo_ical_fn;

static bool loaded;

/* Looks up one function; false when it is missing. */
static bool resolve(void *h, const char *name, void *slot)
{
	void *f = dlsym(h, name);
	if (!f)
		return false;
	memcpy(slot, &f, sizeof f);
	return true;
}

int mo_icallib_load(mo_err *e)
{
	void *h;
	if (loaded)
		return 0;
	if (!(h = dlopen(MO_ICAL_SONAME, RTLD_NOW | RTLD_LOCAL)))
		return mo_err_set(e, MO_EIO, "calendar: cannot load libical: %s",
				  dlerror());
#define MO_ICAL_RESOLVE(f)                                                  \
	if (!resolve(h, #f, &mo_ical_fn.f))                                  \
		return mo_err_set(e, MO_EIO, "calendar: libical lacks %s", #f);
	MO_ICAL_FUNCS(MO_ICAL_RESOLVE)
#undef MO_ICAL_RESOLVE
	loaded = true; /* h stays open for the life of the process */
	return 0;
}

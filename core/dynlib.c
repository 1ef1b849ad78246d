/* dynlib.c: shared libraries loaded on first use (see dynlib.h). */
#include "dynlib.h"

#include <dlfcn.h>
#include <string.h>

int mo_dynlib_load(const char *soname, const char *what, const char *lib,
		   const mo_dynsym *syms, size_t n, bool *loaded, mo_err *e)
{
	void *h;
	if (*loaded)
		return 0;
	if (!(h = dlopen(soname, RTLD_NOW | RTLD_LOCAL)))
		return mo_err_set(e, MO_EIO, "%s: cannot load %s: %s", what, lib,
				  dlerror());
	for (size_t i = 0; i < n; i++) {
		void *f = dlsym(h, syms[i].name);
		if (!f)
			return mo_err_set(e, MO_EIO, "%s: %s lacks %s", what, lib,
					  syms[i].name);
		memcpy(syms[i].slot, &f, sizeof f); /* POSIX: same size */
	}
	*loaded = true; /* h stays open for the life of the process */
	return 0;
}

/* dynlib.h: a shared library loaded on first use (dlopen) instead of
 * linked, for libraries whose dynamic linking would cost every medoffice
 * start more than their one use is worth (libical with ICU and the C++
 * runtime, libxlsxwriter with OpenSSL's libcrypto, minizip and zlib).
 * The caller keeps a table of typed function pointers (ical_lib.h,
 * xlsx_lib.h) and lists its slots here. It uses the C library's dlopen and
 * dlsym. */
#ifndef MO_DYNLIB_H
#define MO_DYNLIB_H

#include <stddef.h>

#include "mo.h"

/* One function to look up, and where its address goes (a field of the
 * caller's table, a function pointer). */
typedef struct mo_dynsym {
	const char *name;
	void *slot;
} mo_dynsym;

/* Loads soname and fills every slot, once (*loaded is the caller's flag;
 * the library stays loaded for the life of the process). Errors:
 * MO_EIO, "WHAT: cannot load LIB: dlerror's message" or "WHAT: LIB lacks
 * NAME". */
int mo_dynlib_load(const char *soname, const char *what, const char *lib,
		   const mo_dynsym *syms, size_t n, bool *loaded, mo_err *e);

/* Defines int NAME(mo_err *e), which loads soname once (mo_dynlib_load)
 * and fills the table MO_DYNLIB_TABLE (#defined by the caller) through
 * the X-macro LIST of its field names. */
#define MO_DYNLIB_SYM(f) {#f, &MO_DYNLIB_TABLE.f},
#define MO_DYNLIB_LOADER(name, list, soname, what, lib)                   \
	int name(mo_err *e)                                               \
	{                                                                 \
		static bool loaded;                                       \
		static const mo_dynsym syms[] = {list(MO_DYNLIB_SYM)};    \
		return mo_dynlib_load(soname, what, lib, syms,            \
				      sizeof syms / sizeof *syms, &loaded, \
				      e);                                 \
	}

#endif

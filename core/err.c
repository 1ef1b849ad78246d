/* err.c: error codes, messages and the small string helpers declared in
 * mo.h. It uses only the C library. */
#include "mo.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *mo_strerror(int code)
{
	switch (code) {
	case MO_OK: return "success";
	case MO_EINVAL: return "invalid input";
	case MO_ENOMEM: return "out of memory";
	case MO_EIO: return "input/output error";
	case MO_EDB: return "database error";
	case MO_ENOTOURS: return "not a medoffice database";
	case MO_ENEWER: return "database is newer than this program";
	case MO_ECONFIG: return "invalid practice configuration";
	case MO_EDENIED: return "denied";
	case MO_ELUA: return "policy error";
	case MO_ENOTFOUND: return "not found";
	case MO_ECORRUPT: return "integrity check failed";
	case MO_EEXIST: return "already exists";
	case MO_EINTR: return "interrupted";
	default: return "unknown error";
	}
}

int mo_err_set(mo_err *e, int code, const char *fmt, ...)
{
	if (e) {
		va_list ap;
		va_start(ap, fmt);
		e->code = code;
		vsnprintf(e->msg, sizeof e->msg, fmt, ap);
		va_end(ap);
	}
	return code;
}

void mo_err_prefix(mo_err *e, const char *fmt, ...)
{
	char old[sizeof e->msg];
	size_t n;
	va_list ap;
	if (!e)
		return;
	memcpy(old, e->msg, sizeof old);
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	n = strlen(e->msg);
	if (n < sizeof e->msg - 1)
		memcpy(e->msg + n, old, strnlen(old, sizeof old - 1 - n) + 1);
	e->msg[sizeof e->msg - 1] = '\0';
}

bool mo_assert_failed(const char *expr, const char *file, int line)
{
	fprintf(stderr, "medoffice: internal check failed: %s (%s:%d)\n", expr,
		file, line);
	return true;
}

char *mo_strdup(const char *s)
{
	return s ? mo_strndup(s, strlen(s)) : NULL;
}

char *mo_strndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *mo_sprintf(const char *fmt, ...)
{
	va_list ap, ap2;
	char *s;
	int n;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = n < 0 ? NULL : malloc((size_t)n + 1);
	if (s)
		vsnprintf(s, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return s;
}

int mo_grow(void *v, size_t *cap, size_t need, size_t size)
{
	void **pv = v, *nv;
	size_t ncap = *cap ? *cap : 16;
	if (need <= *cap)
		return 0;
	while (ncap < need)
		ncap *= 2;
	if (!(nv = realloc(*pv, ncap * size)))
		return MO_ENOMEM;
	*pv = nv;
	*cap = ncap;
	return 0;
}

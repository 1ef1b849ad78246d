/* mo.h: what every core module shares. It provides the error codes
 * (0 or a negative MO_E* value), mo_strerror(), the mo_err message buffer
 * that a failing function fills with a human explanation (field,
 * file:line:col, what was expected), and mo_fails_assert() for recoverable
 * impossibilities. It uses only the C library. */
#ifndef MO_H
#define MO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MO_VERSION "0.1.0"

enum {
	MO_OK = 0,
	MO_EINVAL = -1,   /* bad argument or malformed input */
	MO_ENOMEM = -2,   /* out of memory */
	MO_EIO = -3,      /* file or operating-system error */
	MO_EDB = -4,      /* SQLite failed */
	MO_ENOTOURS = -5, /* the file is not a medoffice database */
	MO_ENEWER = -6,   /* the database is newer than this binary */
	MO_ECONFIG = -7,  /* practice.yaml is invalid */
	MO_EDENIED = -8,  /* a policy or permission denied the action */
	MO_ELUA = -9,     /* a policy raised an error */
	MO_ENOTFOUND = -10, /* no such record */
	MO_ECORRUPT = -11,  /* an integrity check failed */
	MO_EEXIST = -12,    /* the target exists already */
	MO_EINTR = -13,     /* interrupted by the user */
};

/* A failure explained for a person. code is the MO_E* value. */
typedef struct mo_err {
	int code;
	char msg[2048];
} mo_err;

/* The fixed English name of an error code; never NULL, never freed. */
const char *mo_strerror(int code);

/* Sets e (if not NULL) to code and a printf-style message; returns code so
 * that callers can write `return mo_err_set(e, MO_EINVAL, "...")`. */
int mo_err_set(mo_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Puts prefix in front of an existing message ("practice.yaml: ..."). */
void mo_err_prefix(mo_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Reports a broken internal expectation on stderr; true when x is false. */
bool mo_assert_failed(const char *expr, const char *file, int line);
#define mo_fails_assert(x) (!(x) && mo_assert_failed(#x, __FILE__, __LINE__))

/* Small allocation helpers; NULL on failure like malloc. */
char *mo_strdup(const char *s);
char *mo_strndup(const char *s, size_t n);
/* Makes the array *v (of elements of size bytes, *cap of them allocated)
 * hold at least need elements, doubling from 16; 0 or MO_ENOMEM (*v and
 * *cap unchanged then). v is the address of the array pointer. */
int mo_grow(void *v, size_t *cap, size_t need, size_t size);
/* printf into a fresh string; caller frees with free(). */
char *mo_sprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

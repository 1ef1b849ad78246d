/* schema_check.h: the schema engine of config.c, shared with model.c only
 * (an internal header of the config module; nothing else includes it).
 *
 * A mapping is checked against a table of mo_field: each known key names
 * a type (how its value is read and freed) and where the value goes in
 * the object being filled (an offset). mo_sc_fields refuses unknown keys
 * with a "did you mean" suggestion, reads each value in file order and
 * reports missing required keys; mo_sc_release frees everything a table
 * owns, read or not. A table ends with MO_FIELDS_END, or continues in
 * another table with MO_FIELDS_MORE (config.c's practice and top-level
 * tables go on with model.c's sections). Messages have the form
 * "FILE:LINE:COL: KEY.PATH: message". It uses config.h and units.h. */
#ifndef MO_SCHEMA_CHECK_H
#define MO_SCHEMA_CHECK_H

#include "config.h"

#include <stddef.h>

#define MO_PATH_LEN 256 /* key paths in messages ("staff[2].job") */

typedef struct mo_field mo_field;

/* How one kind of value is read and freed. check reads node n (its key
 * path is path) into obj as field f says; release frees what check
 * stored. release is called for every field of a freed object, read or
 * not, so it must accept the zeroed state; NULL when there is nothing to
 * free. */
typedef struct mo_type {
	int (*check)(void *obj, const mo_node *n, const char *path,
	             const mo_field *f, mo_err *e);
	void (*release)(void *obj, const mo_field *f);
} mo_type;

struct mo_field {
	const char *key; /* NULL ends the table (see MO_FIELDS_MORE) */
	bool required;
	const mo_type *type;
	size_t off;       /* where the value goes in obj */
	size_t noff;      /* lists: where their item count goes */
	const void *data; /* what the type needs: a table, words, a format */
	int arg;          /* a small number the type needs */
};

/* clang-format off */
#define MO_FIELDS_END {NULL, false, NULL, 0, 0, NULL, 0}
/* Ends a table by continuing with table t (same object). */
#define MO_FIELDS_MORE(t) {NULL, false, NULL, 0, 0, (t), 0}
/* clang-format on */

/* Where field f's value lives in obj. */
static inline void *mo_sc_at(void *obj, const mo_field *f)
{
	return (char *)obj + f->off;
}

/* Checks mapping n (at path) against fields, filling obj. */
int mo_sc_fields(void *obj, const mo_node *n, const char *path,
                 const mo_field *fields, mo_err *e);
/* Frees what the fields of obj own (the object itself is not freed). */
void mo_sc_release(void *obj, const mo_field *fields);

/* ---- messages ---- */

/* Fails with "FILE:LINE:COL: PATH: message" (no "PATH: " when path is
 * empty) and returns MO_ECONFIG. */
int mo_sc_fail(mo_err *e, const mo_node *n, const char *path, const char *fmt,
               ...) __attribute__((format(printf, 4, 5)));
/* Fails with "expected WHAT, got ..." at n. */
int mo_sc_expect(mo_err *e, const mo_node *n, const char *path,
                 const char *what);
/* 0 when n is of kind, else the "expected a mapping, got ..." error. */
int mo_sc_kind(const mo_node *n, mo_node_kind kind, const char *path,
               mo_err *e);
/* MO_ENOMEM with "out of memory". */
int mo_sc_oom(mo_err *e);
/* True for a plain null scalar ("", "~", "null"). */
bool mo_sc_null(const mo_node *n);
/* out = "path[i]" / "path.key" (cut to fit). */
void mo_sc_path_index(char out[MO_PATH_LEN], const char *path, size_t i);
void mo_sc_path_join(char out[MO_PATH_LEN], const char *path, const char *key);

/* A non-empty scalar copied into *out (replacing an earlier one). */
int mo_sc_string(const mo_node *n, const char *path, char **out, mo_err *e);

/* ---- equal texts among nodes ---- */

typedef struct mo_sc_keyed {
	const mo_node *key; /* a scalar */
	size_t order;       /* its index in the array given to mo_sc_sort */
} mo_sc_keyed;

/* nodes[0..n) (scalars) sorted by (text, index); caller frees with
 * free(); NULL when out of memory. */
mo_sc_keyed *mo_sc_sort(const mo_node *const *nodes, size_t n);
/* Two equal texts among the entries of order < nexp, choosing the pair
 * whose second entry comes first: sets *first and *second (orders). */
bool mo_sc_duplicate(const mo_sc_keyed *ks, size_t n, size_t nexp,
                     size_t *first, size_t *second);
/* The first (lowest order) entry of sorted ks whose text is s, or NULL. */
const mo_sc_keyed *mo_sc_lookup(const mo_sc_keyed *ks, size_t n, const char *s);

/* A release for types that store a malloc'd char * at f->off. */
void mo_sc_release_string(void *obj, const mo_field *f);

/* ---- types config.c provides (see mo_field for off, noff, data) ---- */

/* A non-empty string: char *. */
extern const mo_type mo_sc_text;
/* A mapping kept as it is: const mo_node *. */
extern const mo_type mo_sc_tree;
/* A mapping whose keys are the fields in data, filling obj + off. */
extern const mo_type mo_sc_map;
/* mon..sun to hours: mo_day_hours[7]. */
extern const mo_type mo_sc_hours;
/* One day's hours: mo_day_hours. */
extern const mo_type mo_sc_day;

#endif

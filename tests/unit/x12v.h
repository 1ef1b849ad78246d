/* x12v.h: a small table-driven checker of the structure of X12
 * transaction sets for the unit tests of the writers (test_x837.c,
 * test_x270.c), run on what they write after the x12.h reader has read it
 * back. A test describes a transaction set as a table of loops, each the
 * list of its segments and child loops in the order they must come, with
 * the required ones and how often each may occur, and a table of its HL
 * levels with the level each must hang under; the checker then checks
 * every set of an interchange: the loop structure, the HL numbering
 * (1, 2, 3 ... in order), parent links (an earlier HL of the level above)
 * and child flags (HL04 "1" exactly when an HL names this one as parent),
 * and the SE count. Each refusal is a message naming the segment by its
 * ordinal. It uses x12.h and the C library. */
#ifndef MO_TEST_X12V_H
#define MO_TEST_X12V_H

#include <stdbool.h>
#include <stddef.h>

#include "x12.h"

/* One item of a loop: a segment (id set) or a child loop (loop set). A
 * segment item matches when its id is the segment's and, when qual is
 * set, element el holds qual. A child loop matches by its first item. */
typedef struct x12v_item {
	const char *id;
	unsigned el;
	const char *qual;
	const char *loop;
	bool required;
	unsigned max; /* occurrences; 0: any number */
} x12v_item;

/* A loop: its items in the order they must come; items[0] opens it. A
 * table of loops ends with {NULL, NULL}; its first loop is the set's own
 * (what follows ST). */
typedef struct x12v_loop {
	const char *name;
	const x12v_item *items;
} x12v_loop;

#define SEGR(id, el, q, req, max) {id, el, q, NULL, req, max}
#define LOOPR(name, req, max) {NULL, 0, NULL, name, req, max}
#define ENDR {NULL, 0, NULL, NULL, false, 0}

/* An HL level (HL03) and the level its parent must have ("" for a level
 * without a parent); a table ends with {NULL, NULL}. Levels missing from
 * the table are not checked. */
typedef struct x12v_level {
	const char *level, *parent;
} x12v_level;

/* Each check returns true, or false with a message in err (size bytes).
 * set is an mo_x12_set_at() index. */
bool x12v_check_loops(const mo_x12 *x, size_t set, const x12v_loop *t,
                      char *err, size_t size);
bool x12v_check_hl(const mo_x12 *x, size_t set, const x12v_level *levels,
                   char *err, size_t size);
bool x12v_check_se_count(const mo_x12 *x, size_t set, char *err,
                         size_t size);
/* The three checks on every set of x. */
bool x12v_check(const mo_x12 *x, const x12v_loop *t,
                const x12v_level *levels, char *err, size_t size);
/* The same on text read with the x12.h reader: 1 when it passes, 0 when
 * it fails the checks, -1 when the reader refuses it (its message in
 * err). */
int x12v_check_text(const char *text, const x12v_loop *t,
                    const x12v_level *levels, char *err, size_t size);

/* For mutation tests: text with its first "from" replaced by "to", or
 * NULL when from is not in it or memory runs out; caller frees with
 * free(). */
char *x12v_edit(const char *text, const char *from, const char *to);

#endif

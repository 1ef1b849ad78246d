/* x12v.c: the table-driven checker of X12 transaction-set structure the
 * writers' unit tests share (see x12v.h): loops matched against their
 * tables with a stack of open loops, HL numbering and parent links
 * against a table of levels, and the SE count; and a text edit for
 * mutation tests. It uses x12.h and the C library. */
#include "x12v.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const x12v_loop *x12v_find_loop(const x12v_loop *t, const char *name)
{
	for (; t->name; t++)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}

/* The segment item that opens the loop (its first item). */
static const x12v_item *x12v_opener(const x12v_loop *t, const x12v_item *it)
{
	return it->loop ? x12v_find_loop(t, it->loop)->items : it;
}

static bool x12v_matches(const mo_x12 *x, size_t seg, const x12v_loop *t,
                         const x12v_item *it)
{
	const x12v_item *s = x12v_opener(t, it);
	if (strcmp(mo_x12_id(x, seg), s->id))
		return false;
	return !s->qual || !strcmp(mo_x12_element(x, seg, s->el), s->qual);
}

/* An open loop: which item was matched last and how often. */
typedef struct x12v_frame {
	const x12v_loop *loop;
	size_t pos;
	unsigned count;
	size_t opened; /* its first segment */
} x12v_frame;

static const char *x12v_item_name(const x12v_item *it, char *buf,
                                  size_t size)
{
	if (it->loop)
		snprintf(buf, size, "loop %s", it->loop);
	else if (it->qual)
		snprintf(buf, size, "%s*%s", it->id, it->qual);
	else
		snprintf(buf, size, "%s", it->id);
	return buf;
}

/* Items from `from` up to (not including) `to` that are required. */
static bool x12v_skip(const x12v_frame *f, size_t from, size_t to,
                      char *err, size_t size)
{
	char name[32];
	size_t k;
	for (k = from; k < to; k++)
		if (f->loop->items[k].required) {
			snprintf(err, size, "loop %s opened at segment %zu "
			         "lacks its required %s", f->loop->name,
			         f->opened + 1,
			         x12v_item_name(&f->loop->items[k], name,
			                        sizeof name));
			return false;
		}
	return true;
}

static size_t x12v_nitems(const x12v_loop *l)
{
	size_t n = 0;
	while (l->items[n].id || l->items[n].loop)
		n++;
	return n;
}

/* Places segment seg in frame f: the index of the item it matches at or
 * after f's position, or SIZE_MAX. */
static size_t x12v_place(const mo_x12 *x, size_t seg, const x12v_loop *t,
                         const x12v_frame *f)
{
	size_t n = x12v_nitems(f->loop), r;
	for (r = f->pos; r < n; r++) {
		const x12v_item *it = &f->loop->items[r];
		if (!x12v_matches(x, seg, t, it))
			continue;
		if (r == f->pos && it->max && f->count >= it->max)
			continue;
		return r;
	}
	return SIZE_MAX;
}

/* The first item of frame f not yet passed. */
static size_t x12v_from(const x12v_frame *f)
{
	return f->pos + (f->count ? 1 : 0);
}

/* The deepest open frame (below depth) where segment seg has a place,
 * or SIZE_MAX. */
static size_t x12v_home(const mo_x12 *x, size_t seg, const x12v_loop *t,
                        const x12v_frame *stack, size_t depth)
{
	while (depth-- > 0)
		if (x12v_place(x, seg, t, &stack[depth]) != SIZE_MAX)
			return depth;
	return SIZE_MAX;
}

/* Closes the frames above depth `keep`, each lacking nothing required. */
static bool x12v_close(x12v_frame *stack, size_t *depth, size_t keep,
                       char *why, size_t size)
{
	for (; *depth > keep; (*depth)--) {
		const x12v_frame *f = &stack[*depth - 1];
		if (!x12v_skip(f, x12v_from(f), x12v_nitems(f->loop), why,
		               size))
			return false;
	}
	return true;
}

/* Moves frame f to item r for segment seg, opening r's loop when it is
 * one. */
static bool x12v_enter(x12v_frame *stack, size_t *depth, size_t r,
                       size_t seg, const x12v_loop *t, char *why,
                       size_t size)
{
	x12v_frame *f = &stack[*depth - 1];
	if (r > f->pos && !x12v_skip(f, x12v_from(f), r, why, size))
		return false;
	f->count = r == f->pos ? f->count + 1 : 1;
	f->pos = r;
	if (!f->loop->items[r].loop)
		return true;
	if (*depth == 16)
		return snprintf(why, size, "loops nested too deep"), false;
	stack[(*depth)++] = (x12v_frame){
	    x12v_find_loop(t, f->loop->items[r].loop), 0, 1, seg};
	return true;
}

/* Checks the loop structure of the transaction set at mo_x12_set_at()
 * index set against table t (whose first loop is the set's own). true,
 * or false with a message in err naming the segment. */
bool x12v_check_loops(const mo_x12 *x, size_t set,
                             const x12v_loop *t, char *err, size_t size)
{
	x12v_frame stack[16];
	mo_x12_set s;
	size_t depth = 1, seg, home;
	char why[256];
	if (!mo_x12_set_at(x, set, &s))
		return snprintf(err, size, "no set %zu", set), false;
	stack[0] = (x12v_frame){t, 0, 0, s.first};
	for (seg = s.first + 1; seg < s.last; seg++) {
		home = x12v_home(x, seg, t, stack, depth);
		if (home == SIZE_MAX)
			return snprintf(err, size, "segment %zu (%s): not "
			                "allowed in loop %s here", seg + 1,
			                mo_x12_id(x, seg),
			                stack[depth - 1].loop->name), false;
		if (!x12v_close(stack, &depth, home + 1, why, sizeof why) ||
		    !x12v_enter(stack, &depth,
		                x12v_place(x, seg, t, &stack[home]), seg, t,
		                why, sizeof why))
			return snprintf(err, size, "segment %zu (%s): %s",
			                seg + 1, mo_x12_id(x, seg), why), false;
	}
	if (!x12v_close(stack, &depth, 0, why, sizeof why))
		return snprintf(err, size, "at the SE: %s", why), false;
	return true;
}

/* The level levels gives as the parent of level lv, or NULL when lv is
 * not in the table. */
static const char *x12v_parent_level(const x12v_level *levels,
                                     const char *lv)
{
	for (; levels->level; levels++)
		if (!strcmp(levels->level, lv))
			return levels->parent;
	return NULL;
}

/* HL01 numbers 1, 2, 3 ... in order; HL02 empty for a level without a
 * parent and an earlier HL otherwise, of the level above (levels); HL04
 * "1" exactly when some HL names this one as its parent. */
bool x12v_check_hl(const mo_x12 *x, size_t set, const x12v_level *levels,
                   char *err, size_t size)
{
	char level[1000][3] = {{0}};
	bool has_child[1000] = {false}, said_child[1000] = {false};
	mo_x12_set s;
	unsigned n = 0, parent, k;
	size_t seg;
	if (!mo_x12_set_at(x, set, &s))
		return snprintf(err, size, "no set %zu", set), false;
	for (seg = s.first; seg <= s.last; seg++) {
		const char *p, *lv, *above;
		if (strcmp(mo_x12_id(x, seg), "HL"))
			continue;
		if (++n >= 1000 || strtoul(mo_x12_element(x, seg, 1), NULL,
		                           10) != n)
			return snprintf(err, size, "segment %zu: HL01 is %s, "
			                "expected %u", seg + 1,
			                mo_x12_element(x, seg, 1), n), false;
		p = mo_x12_element(x, seg, 2);
		lv = mo_x12_element(x, seg, 3);
		parent = (unsigned)strtoul(p, NULL, 10);
		snprintf(level[n], sizeof level[n], "%s", lv);
		said_child[n] = !strcmp(mo_x12_element(x, seg, 4), "1");
		if (*p && (parent < 1 || parent >= n))
			return snprintf(err, size, "segment %zu: HL02 %s is "
			                "not an earlier HL", seg + 1, p), false;
		has_child[parent] = true;
		above = x12v_parent_level(levels, lv);
		if (above && strcmp(above, *p ? level[parent] : ""))
			return snprintf(err, size, "segment %zu: HL level %s "
			                "under level %s", seg + 1, lv,
			                *p ? level[parent] : "(none)"), false;
	}
	for (k = 1; k <= n; k++)
		if (has_child[k] != said_child[k])
			return snprintf(err, size, "HL %u: HL04 says %s child, "
			                "found %s", k, said_child[k] ? "a" : "no",
			                has_child[k] ? "one" : "none"), false;
	return true;
}

/* SE01 counts the segments from ST to SE. */
bool x12v_check_se_count(const mo_x12 *x, size_t set, char *err,
                                size_t size)
{
	mo_x12_set s;
	if (!mo_x12_set_at(x, set, &s))
		return snprintf(err, size, "no set %zu", set), false;
	if (strtoul(mo_x12_element(x, s.last, 1), NULL, 10) ==
	    s.last - s.first + 1)
		return true;
	return snprintf(err, size, "SE01 is %s, the set has %zu segments",
	                mo_x12_element(x, s.last, 1), s.last - s.first + 1),
	       false;
}

bool x12v_check(const mo_x12 *x, const x12v_loop *t,
                const x12v_level *levels, char *err, size_t size)
{
	size_t k;
	for (k = 0; k < mo_x12_set_count(x); k++)
		if (!x12v_check_se_count(x, k, err, size) ||
		    !x12v_check_hl(x, k, levels, err, size) ||
		    !x12v_check_loops(x, k, t, err, size))
			return false;
	return true;
}

int x12v_check_text(const char *text, const x12v_loop *t,
                    const x12v_level *levels, char *err, size_t size)
{
	mo_x12 *x = NULL;
	mo_err e = {0};
	int ok;
	if (mo_x12_parse(text, strlen(text), &x, &e) != 0)
		return snprintf(err, size, "%s", e.msg), -1;
	ok = x12v_check(x, t, levels, err, size);
	mo_x12_free(x);
	return ok ? 1 : 0;
}

char *x12v_edit(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	return at ? mo_sprintf("%.*s%s%s", (int)(at - text), text, to,
	                       at + strlen(from))
	          : NULL;
}

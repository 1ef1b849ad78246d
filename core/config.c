/* config.c: practice.yaml read into a node tree and checked against the
 * schema, as declared in config.h.
 *
 * The first half builds the tree from libyaml's event parser: a stack of
 * open containers, each finished node handed to the container on top.
 * Every node is allocated in one arena per tree (a list the tree frees at
 * once), so an alias may simply point at its anchored node. Aliases are
 * weighed: the nodes they add after expansion are counted (saturating) and
 * a document that expands past MAX_EXPANSION is refused, which stops
 * "billion laughs". "<<" merge keys are resolved when their mapping ends,
 * with explicit keys winning over merged ones and earlier merge sources
 * over later ones; duplicate keys are found there too, by sorting.
 *
 * The second half checks the tree: one small table of {key, required,
 * check} per mapping and one generic function (check_fields) that refuses
 * unknown keys with a "did you mean" suggestion, calls each key's check
 * and reports missing required keys. Every message has the form
 * "FILE:LINE:COL: KEY.PATH: message". It uses libyaml and units.h. */
#include "config.h"
#include "units.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define MAX_EXPANSION 100000 /* nodes that aliases may add to a document */
#define SHOW_MAX MO_QUOTE_MAX
#define PATH_LEN 256         /* key paths in messages ("practice.hours.mon") */

const char *const mo_day_names[7] = {"mon", "tue", "wed", "thu",
                                     "fri", "sat", "sun"};

/* ---- the node tree ---- */

typedef struct mo_tree {
	char *file;   /* name used in messages; owned */
	mo_node *all; /* every node of the tree, chained through next */
} mo_tree;

struct mo_node {
	mo_node_kind kind;
	bool plain;      /* plain scalar without a tag */
	int line, col;   /* 1-based */
	mo_tree *tree;   /* the arena that owns this node */
	mo_node *next;   /* next node of the arena */
	char *text;      /* scalar text; NULL for containers */
	size_t text_len; /* bytes of text (it may hold a NUL) */
	size_t len, cap; /* items (and keys) used and allocated */
	mo_node **items; /* sequence items or mapping values; not owned */
	mo_node **keys;  /* mapping keys; not owned */
	size_t weight;   /* nodes after alias expansion, saturated */
};

static void tree_free(mo_tree *t)
{
	mo_node *n, *next;
	if (!t)
		return;
	for (n = t->all; n; n = next) {
		next = n->next;
		free(n->text);
		free(n->items);
		free(n->keys);
		free(n);
	}
	free(t->file);
	free(t);
}

void mo_node_free(mo_node *root)
{
	if (root)
		tree_free(root->tree);
}

mo_node_kind mo_node_type(const mo_node *n)
{
	return n ? n->kind : MO_NODE_SCALAR;
}

const char *mo_node_text(const mo_node *n)
{
	return n && n->kind == MO_NODE_SCALAR ? n->text : "";
}

bool mo_node_plain(const mo_node *n)
{
	return n && n->plain;
}

const char *mo_node_file(const mo_node *n)
{
	return n ? n->tree->file : "";
}

int mo_node_line(const mo_node *n)
{
	return n ? n->line : 0;
}

int mo_node_col(const mo_node *n)
{
	return n ? n->col : 0;
}

size_t mo_node_len(const mo_node *n)
{
	return n && n->kind != MO_NODE_SCALAR ? n->len : 0;
}

const mo_node *mo_node_at(const mo_node *n, size_t i)
{
	return n && n->kind != MO_NODE_SCALAR && i < n->len ? n->items[i]
	                                                    : NULL;
}

const mo_node *mo_node_key(const mo_node *n, size_t i)
{
	return n && n->kind == MO_NODE_MAP && i < n->len ? n->keys[i] : NULL;
}

/* Value for the key of len bytes in mapping n, or NULL. */
static const mo_node *map_get(const mo_node *n, const char *key, size_t len)
{
	size_t i;
	if (!n || n->kind != MO_NODE_MAP)
		return NULL;
	for (i = 0; i < n->len; i++)
		if (n->keys[i]->text_len == len &&
		    memcmp(n->keys[i]->text, key, len) == 0)
			return n->items[i];
	return NULL;
}

const mo_node *mo_node_get(const mo_node *n, const char *key)
{
	return key ? map_get(n, key, strlen(key)) : NULL;
}

/* ---- messages ---- */

static const char *show(const char *s, size_t len, char *buf, size_t size)
{
	return mo_quote(s, len, buf, size);
}

static bool is_null(const mo_node *n)
{
	static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
	size_t i;
	if (n->kind != MO_NODE_SCALAR || !n->plain)
		return false;
	for (i = 0; i < sizeof nulls / sizeof nulls[0]; i++)
		if (strcmp(n->text, nulls[i]) == 0)
			return true;
	return false;
}

/* What n is, for "got ...": "a mapping", "a sequence", "null" or its
 * quoted text. */
static const char *describe(const mo_node *n, char *buf, size_t size)
{
	if (n->kind == MO_NODE_MAP)
		return "a mapping";
	if (n->kind == MO_NODE_SEQ)
		return "a sequence";
	if (is_null(n))
		return "null";
	return show(n->text, n->text_len, buf, size);
}

/* Fails with "FILE:LINE:COL: PATH: message" (no "PATH: " when path is
 * empty) and returns MO_ECONFIG. */
__attribute__((format(printf, 4, 5))) static int
node_fail(mo_err *e, const mo_node *n, const char *path, const char *fmt, ...)
{
	char msg[sizeof e->msg];
	va_list ap;
	if (!e)
		return MO_ECONFIG;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (path && *path)
		return mo_err_set(e, MO_ECONFIG, "%s:%d:%d: %s: %s",
		                  n->tree->file, n->line, n->col, path, msg);
	return mo_err_set(e, MO_ECONFIG, "%s:%d:%d: %s", n->tree->file, n->line,
	                  n->col, msg);
}

/* Fails with "expected WHAT, got ..." at n. */
static int expect_fail(mo_err *e, const mo_node *n, const char *path,
                       const char *what)
{
	char got[SHOW_MAX * 4 + 16];
	return node_fail(e, n, path, "expected %s, got %s", what,
	                 describe(n, got, sizeof got));
}

static const char *kind_name(mo_node_kind kind)
{
	return kind == MO_NODE_MAP   ? "a mapping"
	       : kind == MO_NODE_SEQ ? "a sequence"
	                             : "a scalar";
}

/* 0 when n is of kind, else the "expected a mapping, got ..." error. */
static int expect_kind(const mo_node *n, mo_node_kind kind, const char *path,
                       mo_err *e)
{
	if (n->kind == kind)
		return 0;
	return expect_fail(e, n, path, kind_name(kind));
}

/* ---- building the tree ---- */

typedef struct frame {
	mo_node *node;    /* the container being filled */
	char *anchor;     /* owned; defined when the container ends */
	mo_node *key;     /* mapping: the key waiting for its value */
	bool at_merge;    /* mapping: that key is "<<" */
	int merge_line;   /* mapping: line of the first "<<", or 0 */
	mo_node **merges; /* mapping: maps to merge, first wins; owned */
	size_t nmerges, capmerges;
} frame;

typedef struct anchor_slot {
	char *name; /* owned; NULL for a free slot */
	mo_node *node;
} anchor_slot;

typedef struct builder {
	const char *text;
	size_t len;
	mo_tree *tree; /* owned until handed to the caller */
	frame *stack;  /* open containers; owned */
	size_t depth, cap;
	anchor_slot *anchors; /* open-addressing hash table; owned */
	size_t nanchors, capanchors;
	mo_node *root;
	int docs;
	size_t expanded; /* nodes added by aliases, saturated */
	mo_err *e;
} builder;

static size_t sat_add(size_t a, size_t b)
{
	return a + b > MAX_EXPANSION ? MAX_EXPANSION + 1 : a + b;
}

static int oom(mo_err *e)
{
	return mo_err_set(e, MO_ENOMEM, "out of memory while reading YAML");
}

/* Fails at a libyaml mark (0-based) with a message. */
__attribute__((format(printf, 3, 4))) static int
mark_fail(builder *b, yaml_mark_t m, const char *fmt, ...)
{
	char msg[sizeof b->e->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return mo_err_set(b->e, MO_ECONFIG, "%s:%zu:%zu: %s", b->tree->file,
	                  m.line + 1, m.column + 1, msg);
}

/* A new node in b's arena, or NULL. */
static mo_node *node_new(builder *b, mo_node_kind kind, yaml_mark_t m)
{
	mo_node *n = calloc(1, sizeof *n);
	if (!n)
		return NULL;
	n->kind = kind;
	n->line = (int)(m.line + 1);
	n->col = (int)(m.column + 1);
	n->tree = b->tree;
	n->weight = 1;
	n->next = b->tree->all;
	b->tree->all = n;
	return n;
}

/* Appends an item (key NULL) or a pair to container n. */
static int node_push(mo_node *n, mo_node *key, mo_node *val)
{
	if (n->len == n->cap) {
		size_t cap = n->cap ? n->cap * 2 : 4;
		mo_node **items = realloc(n->items, cap * sizeof *items),
		        **keys;
		if (!items)
			return MO_ENOMEM;
		n->items = items;
		if (key) {
			keys = realloc(n->keys, cap * sizeof *keys);
			if (!keys)
				return MO_ENOMEM;
			n->keys = keys;
		}
		n->cap = cap;
	}
	n->items[n->len] = val;
	if (key)
		n->keys[n->len] = key;
	n->len++;
	n->weight = sat_add(n->weight, val->weight);
	if (key)
		n->weight = sat_add(n->weight, key->weight);
	return 0;
}

/* -- anchors: a small open-addressing hash table -- */

static size_t hash_name(const char *s)
{
	size_t h = 2166136261u;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* The slot holding name, or the free slot where it belongs. */
static anchor_slot *anchor_slot_of(anchor_slot *t, size_t cap, const char *name)
{
	size_t i = hash_name(name) & (cap - 1);
	while (t[i].name && strcmp(t[i].name, name) != 0)
		i = (i + 1) & (cap - 1);
	return &t[i];
}

static int anchors_grow(builder *b)
{
	size_t cap = b->capanchors ? b->capanchors * 2 : 16, i;
	anchor_slot *t = calloc(cap, sizeof *t);
	if (!t)
		return MO_ENOMEM;
	for (i = 0; i < b->capanchors; i++)
		if (b->anchors[i].name)
			*anchor_slot_of(t, cap, b->anchors[i].name) =
			    b->anchors[i];
	free(b->anchors);
	b->anchors = t;
	b->capanchors = cap;
	return 0;
}

/* Defines (or redefines) anchor name as n. */
static int anchor_set(builder *b, const char *name, mo_node *n)
{
	anchor_slot *s;
	if ((b->nanchors + 1) * 2 > b->capanchors && anchors_grow(b))
		return oom(b->e);
	s = anchor_slot_of(b->anchors, b->capanchors, name);
	if (!s->name) {
		s->name = mo_strdup(name);
		if (!s->name)
			return oom(b->e);
		b->nanchors++;
	}
	s->node = n;
	return 0;
}

static mo_node *anchor_get(builder *b, const char *name)
{
	return b->capanchors
	           ? anchor_slot_of(b->anchors, b->capanchors, name)->node
	           : NULL;
}

/* -- merge keys and duplicate keys -- */

typedef struct keyed {
	const mo_node *key;
	size_t order; /* index in the mapping */
} keyed;

static int keyed_cmp(const void *pa, const void *pb)
{
	const keyed *a = pa, *b = pb;
	size_t la = a->key->text_len, lb = b->key->text_len;
	int c = memcmp(a->key->text, b->key->text, la < lb ? la : lb);
	if (c)
		return c;
	if (la != lb)
		return la < lb ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static bool same_text(const mo_node *a, const mo_node *b)
{
	return a->text_len == b->text_len &&
	       memcmp(a->text, b->text, a->text_len) == 0;
}

/* nodes[0..n) sorted by (text, index); caller frees with free(). */
static keyed *sort_by_text(mo_node *const *nodes, size_t n)
{
	keyed *ks = malloc((n ? n : 1) * sizeof *ks);
	size_t i;
	if (!ks)
		return NULL;
	for (i = 0; i < n; i++) {
		ks[i].key = nodes[i];
		ks[i].order = i;
	}
	qsort(ks, n, sizeof *ks, keyed_cmp);
	return ks;
}

/* Finds two equal texts among the first nexp entries, choosing the pair
 * whose second entry comes first; sets *first and *second (indexes) and
 * returns true if there is one. */
static bool find_duplicate(const keyed *ks, size_t n, size_t nexp,
                           size_t *first, size_t *second)
{
	size_t i;
	bool found = false;
	for (i = 1; i < n; i++) {
		if (!same_text(ks[i - 1].key, ks[i].key) ||
		    ks[i].order >= nexp || (found && ks[i].order >= *second))
			continue;
		*first = ks[i - 1].order;
		*second = ks[i].order;
		found = true;
	}
	return found;
}

/* Appends the pairs of every merge source to m (duplicates included). */
static int append_merged(mo_node *m, const frame *f)
{
	size_t i, j;
	for (i = 0; i < f->nmerges; i++)
		for (j = 0; j < f->merges[i]->len; j++)
			if (node_push(m, f->merges[i]->keys[j],
			              f->merges[i]->items[j]))
				return MO_ENOMEM;
	return 0;
}

/* Keeps only the first pair of m for each key (ks is m's keys sorted). */
static int drop_shadowed(mo_node *m, const keyed *ks)
{
	bool *drop = calloc(m->len ? m->len : 1, sizeof *drop);
	size_t i, o = 0;
	if (!drop)
		return MO_ENOMEM;
	for (i = 1; i < m->len; i++)
		if (same_text(ks[i - 1].key, ks[i].key))
			drop[ks[i].order] = true;
	for (i = 0; i < m->len; i++) {
		if (drop[i])
			continue;
		m->keys[o] = m->keys[i];
		m->items[o++] = m->items[i];
	}
	m->len = o;
	free(drop);
	return 0;
}

/* Resolves the merge keys of the mapping in f and refuses duplicate
 * keys. */
static int finish_map(builder *b, frame *f)
{
	mo_node *m = f->node;
	size_t nexp = m->len, first, second;
	keyed *ks = NULL;
	char q[SHOW_MAX * 4 + 16];
	int rc = 0;
	if (append_merged(m, f) || !(ks = sort_by_text(m->keys, m->len))) {
		rc = oom(b->e);
		goto out;
	}
	if (find_duplicate(ks, m->len, nexp, &first, &second)) {
		const mo_node *k = m->keys[second];
		rc = node_fail(b->e, k, "",
		               "duplicate key %s (first at line %d, again at "
		               "line %d)",
		               show(k->text, k->text_len, q, sizeof q),
		               m->keys[first]->line, k->line);
		goto out;
	}
	if (f->nmerges && drop_shadowed(m, ks))
		rc = oom(b->e);
out:
	free(ks);
	return rc;
}

/* Records the value of a "<<" key: a mapping or a sequence of them. */
static int add_merge(builder *b, frame *f, mo_node *v)
{
	size_t i, n = v->kind == MO_NODE_SEQ ? v->len : 1;
	mo_node **src = v->kind == MO_NODE_SEQ ? v->items : &v;
	for (i = 0; i < n; i++)
		if (src[i]->kind != MO_NODE_MAP)
			return expect_fail(b->e, src[i], "<<",
			                   "a mapping or a list of mappings "
			                   "to merge");
	if (f->nmerges + n > f->capmerges) {
		size_t cap = f->nmerges + n + 4;
		mo_node **m = realloc(f->merges, cap * sizeof *m);
		if (!m)
			return oom(b->e);
		f->merges = m;
		f->capmerges = cap;
	}
	memcpy(f->merges + f->nmerges, src, n * sizeof *src);
	f->nmerges += n;
	return 0;
}

/* -- the event handlers -- */

static bool is_merge_key(const mo_node *k)
{
	return k->plain && strcmp(k->text, "<<") == 0;
}

/* A key arrives in the mapping of f. */
static int map_key(builder *b, frame *f, mo_node *k)
{
	if (k->kind != MO_NODE_SCALAR)
		return node_fail(b->e, k, "",
		                 "mapping keys must be scalars, got %s",
		                 kind_name(k->kind));
	if (is_merge_key(k)) {
		if (f->merge_line)
			return node_fail(b->e, k, "",
			                 "duplicate key \"<<\" (first at line "
			                 "%d, again at line %d)",
			                 f->merge_line, k->line);
		f->merge_line = k->line;
		f->at_merge = true;
	}
	f->key = k;
	return 0;
}

/* Hands the finished node n to the container on top of the stack (or
 * makes it the root). */
static int emit(builder *b, mo_node *n)
{
	frame *f = b->depth ? &b->stack[b->depth - 1] : NULL;
	mo_node *k;
	if (!f) {
		b->root = n;
		return 0;
	}
	if (f->node->kind == MO_NODE_SEQ)
		return node_push(f->node, NULL, n) ? oom(b->e) : 0;
	if (!f->key)
		return map_key(b, f, n);
	k = f->key;
	f->key = NULL;
	if (f->at_merge) {
		f->at_merge = false;
		return add_merge(b, f, n);
	}
	return node_push(f->node, k, n) ? oom(b->e) : 0;
}

static int on_scalar(builder *b, const yaml_event_t *ev)
{
	mo_node *n = node_new(b, MO_NODE_SCALAR, ev->start_mark);
	if (!n)
		return oom(b->e);
	n->text = mo_strndup((const char *)ev->data.scalar.value,
	                     ev->data.scalar.length);
	if (!n->text)
		return oom(b->e);
	n->text_len = ev->data.scalar.length;
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	           !ev->data.scalar.tag;
	if (ev->data.scalar.anchor &&
	    anchor_set(b, (const char *)ev->data.scalar.anchor, n))
		return MO_ENOMEM;
	return emit(b, n);
}

static int on_alias(builder *b, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	mo_node *n = anchor_get(b, name);
	if (!n) /* libyaml allows only [A-Za-z0-9_-] in anchor names */
		return mark_fail(b, ev->start_mark,
		                 "unknown alias *%s (no anchor &%s before it)",
		                 name, name);
	b->expanded = sat_add(b->expanded, n->weight);
	if (b->expanded > MAX_EXPANSION)
		return mark_fail(b, ev->start_mark,
		                 "aliases expand to more than %d nodes "
		                 "(an alias bomb?)",
		                 MAX_EXPANSION);
	return emit(b, n);
}

/* A sequence or mapping starts: push a frame for it. */
static int on_start(builder *b, const yaml_event_t *ev, mo_node_kind kind)
{
	const yaml_char_t *anchor = kind == MO_NODE_MAP
	                                ? ev->data.mapping_start.anchor
	                                : ev->data.sequence_start.anchor;
	frame *f;
	if (b->depth == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 16;
		frame *s = realloc(b->stack, cap * sizeof *s);
		if (!s)
			return oom(b->e);
		b->stack = s;
		b->cap = cap;
	}
	f = &b->stack[b->depth];
	memset(f, 0, sizeof *f);
	f->node = node_new(b, kind, ev->start_mark);
	if (!f->node)
		return oom(b->e);
	b->depth++;
	if (anchor && !(f->anchor = mo_strdup((const char *)anchor)))
		return oom(b->e);
	return 0;
}

static void frame_clear(frame *f)
{
	free(f->anchor);
	free(f->merges);
	memset(f, 0, sizeof *f);
}

/* A sequence or mapping ends: finish it, pop it, hand it on. */
static int on_end(builder *b)
{
	frame *f = &b->stack[b->depth - 1];
	mo_node *n = f->node;
	int rc = 0;
	if (n->kind == MO_NODE_MAP)
		rc = finish_map(b, f);
	if (!rc && f->anchor && anchor_set(b, f->anchor, n))
		rc = MO_ENOMEM;
	frame_clear(f);
	b->depth--;
	return rc ? rc : emit(b, n);
}

static int on_event(builder *b, const yaml_event_t *ev, bool *done)
{
	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		*done = true;
		return 0;
	case YAML_DOCUMENT_START_EVENT:
		if (++b->docs > 1)
			return mark_fail(b, ev->start_mark,
			                 "a second document; expected one "
			                 "document per file");
		return 0;
	case YAML_SCALAR_EVENT:
		return on_scalar(b, ev);
	case YAML_ALIAS_EVENT:
		return on_alias(b, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(b, ev, MO_NODE_SEQ);
	case YAML_MAPPING_START_EVENT:
		return on_start(b, ev, MO_NODE_MAP);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_end(b);
	default:
		return 0;
	}
}

/* -- libyaml errors -- */

/* True when the 0-based line of the text is indented with a tab. */
static bool tab_indented(const builder *b, size_t line)
{
	size_t i = 0;
	while (line && i < b->len)
		if (b->text[i++] == '\n')
			line--;
	for (; i < b->len && (b->text[i] == ' ' || b->text[i] == '\t'); i++)
		if (b->text[i] == '\t')
			return true;
	return false;
}

/* Line and column (1-based, in characters) of a byte offset. */
static void offset_pos(const builder *b, size_t off, size_t *line, size_t *col)
{
	size_t i;
	*line = 1;
	*col = 1;
	for (i = 0; i < off && i < b->len; i++) {
		if (b->text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)b->text[i] & 0xc0) != 0x80) {
			(*col)++;
		}
	}
}

static int reader_error(builder *b, const yaml_parser_t *p)
{
	size_t line, col;
	offset_pos(b, p->problem_offset, &line, &col);
	if (p->problem_value != -1)
		return mo_err_set(b->e, MO_ECONFIG, "%s:%zu:%zu: %s (#x%X)",
		                  b->tree->file, line, col, p->problem,
		                  (unsigned)p->problem_value);
	return mo_err_set(b->e, MO_ECONFIG, "%s:%zu:%zu: %s", b->tree->file,
	                  line, col, p->problem);
}

/* Turns the parser's error into "FILE:LINE:COL: problem context". */
static int syntax_error(builder *b, const yaml_parser_t *p)
{
	yaml_mark_t m = p->problem_mark, c = p->context_mark;
	if (p->error == YAML_MEMORY_ERROR)
		return oom(b->e);
	if (p->error == YAML_READER_ERROR)
		return reader_error(b, p);
	if (tab_indented(b, m.line))
		return mark_fail(b, m,
		                 "tab characters are not allowed for "
		                 "indentation; use spaces");
	if (p->context)
		return mark_fail(b, m, "%s %s that starts at %zu:%zu",
		                 p->problem ? p->problem : "syntax error",
		                 p->context, c.line + 1, c.column + 1);
	return mark_fail(b, m, "%s", p->problem ? p->problem : "syntax error");
}

static void builder_free(builder *b)
{
	size_t i;
	for (i = 0; i < b->depth; i++)
		frame_clear(&b->stack[i]);
	free(b->stack);
	for (i = 0; i < b->capanchors; i++)
		free(b->anchors[i].name);
	free(b->anchors);
	tree_free(b->tree);
}

/* Runs the event loop over the whole stream. */
static int build(builder *b, yaml_parser_t *p)
{
	yaml_event_t ev;
	bool done = false;
	int rc = 0;
	while (!done && !rc) {
		if (!yaml_parser_parse(p, &ev))
			return syntax_error(b, p);
		rc = on_event(b, &ev, &done);
		yaml_event_delete(&ev);
	}
	if (!rc && !b->root)
		rc = mo_err_set(b->e, MO_ECONFIG,
		                "%s:1:1: empty file, expected a mapping",
		                b->tree->file);
	return rc;
}

int mo_yaml_parse(const char *text, size_t len, const char *name, mo_node **out,
                  mo_err *e)
{
	builder b = {.text = text, .len = len, .e = e};
	yaml_parser_t parser;
	int rc;
	if (mo_fails_assert(text && out))
		return MO_EINVAL;
	*out = NULL;
	b.tree = calloc(1, sizeof *b.tree);
	if (!b.tree || !(b.tree->file = mo_strdup(name ? name : "<string>"))) {
		builder_free(&b);
		return oom(e);
	}
	if (!yaml_parser_initialize(&parser)) {
		builder_free(&b);
		return oom(e);
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	rc = build(&b, &parser);
	yaml_parser_delete(&parser);
	if (rc == 0) {
		*out = b.root;
		b.tree = NULL; /* now owned by the root */
	}
	builder_free(&b);
	return rc;
}

/* ---- typed reads ---- */

/* 0 when n is a scalar, else an error (a missing n is one too). */
static int need_scalar(const mo_node *n, const char *path, mo_err *e)
{
	if (!n)
		return mo_err_set(e, MO_ECONFIG, "%s: missing",
		                  path ? path : "value");
	if (n->kind != MO_NODE_SCALAR)
		return expect_fail(e, n, path, "a scalar");
	return 0;
}

int mo_node_as_string(const mo_node *n, const char *path, const char **out,
                      mo_err *e)
{
	int rc = need_scalar(n, path, e);
	if (rc)
		return rc;
	*out = n->text;
	return 0;
}

/* Reads the optional sign and decimal digits of s; false if anything
 * else is there or the value does not fit an int64_t. */
static bool parse_int(const char *s, int64_t *out)
{
	bool neg = *s == '-';
	uint64_t v = 0, limit = (uint64_t)INT64_MAX + neg;
	if (*s == '-' || *s == '+')
		s++;
	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned d = (unsigned)(*s - '0');
		if (d > 9 || v > (limit - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return true;
}

int mo_node_as_int(const mo_node *n, const char *path, int64_t *out, mo_err *e)
{
	int rc = need_scalar(n, path, e);
	if (rc)
		return rc;
	if (!n->plain || !parse_int(n->text, out))
		return expect_fail(e, n, path,
		                   n->plain ? "an integer (at most 19 digits)"
		                            : "an integer (without quotes)");
	return 0;
}

int mo_node_as_bool(const mo_node *n, const char *path, bool *out, mo_err *e)
{
	static const char *const yes[] = {"true", "True", "TRUE"};
	static const char *const no[] = {"false", "False", "FALSE"};
	size_t i;
	int rc = need_scalar(n, path, e);
	if (rc)
		return rc;
	for (i = 0; n->plain && i < 3; i++) {
		if (strcmp(n->text, yes[i]) == 0 ||
		    strcmp(n->text, no[i]) == 0) {
			*out = strcmp(n->text, yes[i]) == 0;
			return 0;
		}
	}
	return expect_fail(e, n, path, "true or false (without quotes)");
}

/* The text of scalar n for a units.h parser, or NULL after an error. */
static const char *unit_text(const mo_node *n, const char *path, mo_err *e)
{
	if (need_scalar(n, path, e))
		return NULL;
	if (strlen(n->text) != n->text_len) {
		node_fail(e, n, path, "expected text without NUL characters");
		return NULL;
	}
	return n->text;
}

/* Puts the location and path in front of a units.h error. */
static int unit_result(const mo_node *n, const char *path, int rc,
                       const mo_err *sub, mo_err *e)
{
	return rc ? node_fail(e, n, path, "%s", sub->msg) : 0;
}

int mo_node_as_money(const mo_node *n, const char *path, int64_t *cents,
                     mo_err *e)
{
	const char *s = unit_text(n, path, e);
	mo_err sub;
	if (!s)
		return MO_ECONFIG;
	return unit_result(n, path, mo_money_parse(s, cents, &sub), &sub, e);
}

int mo_node_as_duration(const mo_node *n, const char *path, int64_t *seconds,
                        mo_err *e)
{
	const char *s = unit_text(n, path, e);
	mo_err sub;
	if (!s)
		return MO_ECONFIG;
	return unit_result(n, path, mo_duration_parse(s, seconds, &sub), &sub,
	                   e);
}

int mo_node_as_date(const mo_node *n, const char *path, int32_t *days,
                    mo_err *e)
{
	const char *s = unit_text(n, path, e);
	mo_err sub;
	if (!s)
		return MO_ECONFIG;
	return unit_result(n, path, mo_date_parse(s, days, &sub), &sub, e);
}

int mo_node_as_time(const mo_node *n, const char *path, int *minutes, mo_err *e)
{
	const char *s = unit_text(n, path, e);
	mo_err sub;
	if (!s)
		return MO_ECONFIG;
	return unit_result(n, path, mo_time_parse(s, minutes, &sub), &sub, e);
}

/* Reads a size (for limits.memory). */
static int node_as_size(const mo_node *n, const char *path, int64_t *bytes,
                        mo_err *e)
{
	const char *s = unit_text(n, path, e);
	mo_err sub;
	if (!s)
		return MO_ECONFIG;
	return unit_result(n, path, mo_size_parse(s, bytes, &sub), &sub, e);
}

/* ---- the schema ---- */

typedef struct field {
	const char *key;
	bool required;
	/* Checks the value n of key at path (arg from the table). */
	int (*check)(mo_config *c, const mo_node *n, const char *path, int arg,
	             mo_err *e);
	int arg;
} field;

static void path_join(char out[PATH_LEN], const char *path, const char *key)
{
	snprintf(out, PATH_LEN, "%s%s%.*s", path, *path ? "." : "", 200, key);
}

static const field *field_find(const field *fields, const mo_node *key)
{
	for (; fields->key; fields++)
		if (strlen(fields->key) == key->text_len &&
		    strcmp(fields->key, key->text) == 0)
			return fields;
	return NULL;
}

/* The "unknown key" error, with a suggestion or the list of keys. */
static int unknown_key(const mo_node *key, const char *path,
                       const field *fields, mo_err *e)
{
	const char *names[24], *hint;
	char sub[PATH_LEN], list[256] = "";
	size_t i;
	for (i = 0; fields[i].key && i < 23; i++)
		names[i] = fields[i].key;
	names[i] = NULL;
	path_join(sub, path, key->text);
	hint = mo_suggest(key->text, names);
	if (hint)
		return node_fail(e, key, sub,
		                 "unknown key (did you mean \"%s\"?)", hint);
	for (i = 0; names[i]; i++)
		snprintf(list + strlen(list), sizeof list - strlen(list),
		         "%s%s", i ? ", " : "", names[i]);
	return node_fail(e, key, sub, "unknown key (expected one of: %s)",
	                 list);
}

/* Checks mapping n at path against fields (ended by a NULL key): unknown
 * keys, each value in order, then missing required keys. */
static int check_fields(mo_config *c, const mo_node *n, const char *path,
                        const field *fields, mo_err *e)
{
	char sub[PATH_LEN];
	size_t i;
	int rc = expect_kind(n, MO_NODE_MAP, path, e);
	for (i = 0; !rc && i < n->len; i++) {
		const field *f = field_find(fields, n->keys[i]);
		if (!f)
			return unknown_key(n->keys[i], path, fields, e);
		path_join(sub, path, f->key);
		rc = f->check(c, n->items[i], sub, f->arg, e);
	}
	for (; !rc && fields->key; fields++)
		if (fields->required && !mo_node_get(n, fields->key))
			rc =
			    node_fail(e, n, path, "missing required key \"%s\"",
			              fields->key);
	return rc;
}

/* -- practice -- */

/* A non-empty string copied into *out (replacing an earlier one). */
static int take_string(const mo_node *n, const char *path, char **out,
                       mo_err *e)
{
	char *s;
	int rc = expect_kind(n, MO_NODE_SCALAR, path, e);
	if (rc)
		return rc;
	if (!n->text_len || is_null(n))
		return expect_fail(e, n, path, "a non-empty string");
	s = mo_strdup(n->text);
	if (!s)
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	free(*out);
	*out = s;
	return 0;
}

static int check_name(mo_config *c, const mo_node *n, const char *path, int arg,
                      mo_err *e)
{
	(void)arg;
	return take_string(n, path, &c->name, e);
}

static int check_timezone(mo_config *c, const mo_node *n, const char *path,
                          int arg, mo_err *e)
{
	mo_err sub;
	int rc = take_string(n, path, &c->timezone, e);
	(void)arg;
	if (rc)
		return rc;
	return unit_result(n, path, mo_tz_check(c->timezone, &sub), &sub, e);
}

/* -- practice.hours -- */

#define SPAN_WHAT "\"HH:MM-HH:MM\", \"closed\" or a list of spans"

static const char *span_text(mo_span s, char buf[16])
{
	snprintf(buf, 16, "%02d:%02d-%02d:%02d", s.open / 60 % 100, s.open % 60,
	         s.close / 60 % 100, s.close % 60);
	return buf;
}

/* Copies s[0..len) without surrounding spaces into buf (size bytes);
 * false if it does not fit. */
static bool trimmed(const char *s, size_t len, char *buf, size_t size)
{
	while (len && *s == ' ')
		s++, len--;
	while (len && s[len - 1] == ' ')
		len--;
	if (len >= size)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return true;
}

/* Parses "HH:MM-HH:MM" (spaces allowed around the parts) at s[0..len). */
static bool parse_span(const char *s, size_t len, mo_span *out)
{
	const char *dash = memchr(s, '-', len);
	char a[8], b[8];
	if (!dash || !trimmed(s, (size_t)(dash - s), a, sizeof a) ||
	    !trimmed(dash + 1, len - (size_t)(dash - s) - 1, b, sizeof b))
		return false;
	return mo_time_parse(a, &out->open, NULL) == 0 &&
	       mo_time_parse(b, &out->close, NULL) == 0;
}

/* Adds the span written s[0..len) (at node n, path) to day. */
static int add_span(mo_day_hours *day, const char *s, size_t len,
                    const mo_node *n, const char *path, const char *what,
                    mo_err *e)
{
	char q[SHOW_MAX * 4 + 16], t[16];
	mo_span sp;
	if (!parse_span(s, len, &sp))
		return node_fail(e, n, path, "expected %s, got %s", what,
		                 show(s, len, q, sizeof q));
	if (sp.open >= sp.close)
		return node_fail(e, n, path,
		                 "span %s opens at or after it closes; "
		                 "expected the opening time first",
		                 show(span_text(sp, t), 11, q, sizeof q));
	if (day->n == MO_MAX_SPANS)
		return node_fail(e, n, path,
		                 "expected at most %d spans in a day",
		                 MO_MAX_SPANS);
	day->span[day->n++] = sp;
	return 0;
}

/* Spans written "08:00-12:00, 13:00-17:00" in one scalar. */
static int spans_from_text(mo_day_hours *day, const mo_node *n,
                           const char *path, mo_err *e)
{
	const char *s = n->text, *end = n->text + n->text_len;
	int rc = 0;
	while (!rc) {
		const char *comma = memchr(s, ',', (size_t)(end - s));
		const char *stop = comma ? comma : end;
		rc =
		    add_span(day, s, (size_t)(stop - s), n, path, SPAN_WHAT, e);
		if (!comma)
			break;
		s = comma + 1;
	}
	return rc;
}

/* Spans written as a sequence of "HH:MM-HH:MM" scalars. */
static int spans_from_seq(mo_day_hours *day, const mo_node *n, const char *path,
                          mo_err *e)
{
	char sub[PATH_LEN + 32];
	size_t i;
	int rc = 0;
	for (i = 0; !rc && i < n->len; i++) {
		const mo_node *it = n->items[i];
		snprintf(sub, sizeof sub, "%s[%zu]", path, i);
		if (it->kind != MO_NODE_SCALAR)
			return expect_fail(e, it, sub, "\"HH:MM-HH:MM\"");
		rc = add_span(day, it->text, it->text_len, it, sub,
		              "\"HH:MM-HH:MM\"", e);
	}
	return rc;
}

/* Sorts the spans of day by opening time and refuses overlaps. */
static int sort_spans(mo_day_hours *day, const mo_node *n, const char *path,
                      mo_err *e)
{
	char a[16], b[16];
	int i, j;
	for (i = 1; i < day->n; i++) {
		mo_span s = day->span[i];
		for (j = i; j > 0 && day->span[j - 1].open > s.open; j--)
			day->span[j] = day->span[j - 1];
		day->span[j] = s;
	}
	for (i = 1; i < day->n; i++)
		if (day->span[i].open < day->span[i - 1].close)
			return node_fail(e, n, path,
			                 "spans \"%s\" and \"%s\" overlap",
			                 span_text(day->span[i - 1], a),
			                 span_text(day->span[i], b));
	return 0;
}

static int check_day(mo_config *c, const mo_node *n, const char *path, int day,
                     mo_err *e)
{
	mo_day_hours *h = &c->hours[day];
	int rc;
	h->n = 0;
	if (n->kind == MO_NODE_SCALAR && strcmp(n->text, "closed") == 0)
		return 0;
	if (n->kind == MO_NODE_SCALAR && !is_null(n))
		rc = spans_from_text(h, n, path, e);
	else if (n->kind == MO_NODE_SEQ)
		rc = spans_from_seq(h, n, path, e);
	else
		rc = expect_fail(e, n, path, SPAN_WHAT);
	return rc ? rc : sort_spans(h, n, path, e);
}

static const field hours_fields[] = {
    {"mon", false, check_day, 0}, {"tue", false, check_day, 1},
    {"wed", false, check_day, 2}, {"thu", false, check_day, 3},
    {"fri", false, check_day, 4}, {"sat", false, check_day, 5},
    {"sun", false, check_day, 6}, {NULL, false, NULL, 0},
};

static int check_hours(mo_config *c, const mo_node *n, const char *path,
                       int arg, mo_err *e)
{
	(void)arg;
	return check_fields(c, n, path, hours_fields, e);
}

static const field practice_fields[] = {
    {"name", true, check_name, 0},
    {"timezone", true, check_timezone, 0},
    {"hours", false, check_hours, 0},
    {NULL, false, NULL, 0},
};

static int check_practice(mo_config *c, const mo_node *n, const char *path,
                          int arg, mo_err *e)
{
	(void)arg;
	return check_fields(c, n, path, practice_fields, e);
}

/* -- policies -- */

/* True for a relative path ending in ".lua", with no ".." or empty
 * component, no backslash and no control character. */
static bool policy_path_ok(const mo_node *n)
{
	const char *s = n->text, *p;
	size_t len = n->text_len;
	if (len < 5 || strlen(s) != len || s[0] == '/' ||
	    strcmp(s + len - 4, ".lua") != 0 || strstr(s, "//"))
		return false;
	for (p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\')
			return false;
	for (p = s; p; p = strchr(p, '/')) {
		p += *p == '/';
		if (strncmp(p, "..", 2) == 0 && (p[2] == '/' || !p[2]))
			return false;
	}
	return true;
}

/* Refuses an entry listed twice (the pair whose second comes first). */
static int policies_unique(mo_config *c, const mo_node *n, const char *path,
                           mo_err *e)
{
	char sub[PATH_LEN + 32], q[SHOW_MAX * 4 + 16];
	size_t first, second;
	keyed *ks = sort_by_text(n->items, n->len);
	int rc = 0;
	if (!ks)
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	if (find_duplicate(ks, n->len, n->len, &first, &second)) {
		snprintf(sub, sizeof sub, "%s[%zu]", path, second);
		rc = node_fail(e, n->items[second], sub,
		               "policy %s is listed twice (lines %d and %d)",
		               show(c->policies[second],
		                    n->items[second]->text_len, q, sizeof q),
		               c->policy_line[first], c->policy_line[second]);
	}
	free(ks);
	return rc;
}

static int check_policy(mo_config *c, const mo_node *it, const char *sub,
                        mo_err *e)
{
	if (it->kind != MO_NODE_SCALAR || !policy_path_ok(it))
		return expect_fail(e, it, sub,
		                   "a relative path ending in \".lua\" "
		                   "(not starting with \"/\", without \"..\")");
	c->policies[c->npolicies] = mo_strdup(it->text);
	if (!c->policies[c->npolicies])
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	c->policy_line[c->npolicies++] = it->line;
	return 0;
}

static int check_policies(mo_config *c, const mo_node *n, const char *path,
                          int arg, mo_err *e)
{
	char sub[PATH_LEN + 32];
	size_t i;
	int rc = expect_kind(n, MO_NODE_SEQ, path, e);
	(void)arg;
	if (rc)
		return rc;
	c->policies = calloc(n->len + 1, sizeof *c->policies);
	c->policy_line = calloc(n->len + 1, sizeof *c->policy_line);
	if (!c->policies || !c->policy_line)
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	for (i = 0; !rc && i < n->len; i++) {
		snprintf(sub, sizeof sub, "%s[%zu]", path, i);
		rc = check_policy(c, n->items[i], sub, e);
	}
	return rc ? rc : policies_unique(c, n, path, e);
}

/* -- settings and limits -- */

static int check_settings(mo_config *c, const mo_node *n, const char *path,
                          int arg, mo_err *e)
{
	int rc = expect_kind(n, MO_NODE_MAP, path, e);
	(void)arg;
	if (!rc)
		c->settings = n;
	return rc;
}

static int check_instructions(mo_config *c, const mo_node *n, const char *path,
                              int arg, mo_err *e)
{
	int64_t v;
	int rc = mo_node_as_int(n, path, &v, e);
	(void)arg;
	if (rc)
		return rc;
	if (v <= 0)
		return expect_fail(e, n, path, "a positive integer");
	c->lua_instructions = v;
	return 0;
}

static int check_memory(mo_config *c, const mo_node *n, const char *path,
                        int arg, mo_err *e)
{
	int64_t v;
	int rc = node_as_size(n, path, &v, e);
	(void)arg;
	if (rc)
		return rc;
	if (v < 1024 * 1024)
		return expect_fail(e, n, path, "a size of at least 1MB");
	c->lua_memory = v;
	return 0;
}

static const field limits_fields[] = {
    {"instructions", false, check_instructions, 0},
    {"memory", false, check_memory, 0},
    {NULL, false, NULL, 0},
};

static int check_limits(mo_config *c, const mo_node *n, const char *path,
                        int arg, mo_err *e)
{
	(void)arg;
	return check_fields(c, n, path, limits_fields, e);
}

static const field top_fields[] = {
    {"practice", true, check_practice, 0},
    {"policies", false, check_policies, 0},
    {"settings", false, check_settings, 0},
    {"limits", false, check_limits, 0},
    {NULL, false, NULL, 0},
};

/* ---- loading ---- */

void mo_config_free(mo_config *c)
{
	size_t i;
	if (!c)
		return;
	for (i = 0; c->policies && i < c->npolicies; i++)
		free(c->policies[i]);
	free(c->policies);
	free(c->policy_line);
	free(c->name);
	free(c->timezone);
	free(c->path);
	mo_node_free(c->root);
	free(c);
}

int mo_config_parse(const char *text, size_t len, const char *name,
                    mo_config **out, mo_err *e)
{
	mo_config *c;
	int rc;
	if (mo_fails_assert(text && out))
		return MO_EINVAL;
	*out = NULL;
	c = calloc(1, sizeof *c);
	if (!c || !(c->path = mo_strdup(name ? name : "<string>"))) {
		rc = mo_err_set(e, MO_ENOMEM, "out of memory");
		goto fail;
	}
	c->lua_instructions = MO_DEFAULT_INSTRUCTIONS;
	c->lua_memory = MO_DEFAULT_MEMORY;
	rc = mo_yaml_parse(text, len, c->path, &c->root, e);
	if (rc)
		goto fail;
	rc = check_fields(c, c->root, "", top_fields, e);
	if (rc)
		goto fail;
	*out = c;
	return 0;
fail:
	mo_config_free(c);
	return rc;
}

/* Reads the whole file at path; caller frees *text with free(). */
static int read_file(const char *path, char **text, size_t *len, mo_err *e)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL, *nb;
	size_t cap = 0, n = 0;
	int rc = 0;
	if (!f)
		return mo_err_set(e, MO_EIO, "cannot read %s: %s", path,
		                  strerror(errno));
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8192;
			if (!(nb = realloc(buf, cap))) {
				rc = mo_err_set(e, MO_ENOMEM, "out of memory");
				goto out;
			}
			buf = nb;
		}
		n += fread(buf + n, 1, cap - n, f);
		if (ferror(f)) {
			rc = mo_err_set(e, MO_EIO, "cannot read %s: %s", path,
			                strerror(errno));
			goto out;
		}
		if (feof(f))
			break;
	}
out:
	fclose(f);
	if (rc)
		free(buf);
	*text = rc ? NULL : buf;
	*len = n;
	return rc;
}

int mo_config_load(const char *path, mo_config **out, mo_err *e)
{
	char *text = NULL;
	size_t len = 0;
	int rc;
	if (mo_fails_assert(path && out))
		return MO_EINVAL;
	*out = NULL;
	rc = read_file(path, &text, &len, e);
	if (rc)
		return rc;
	rc = mo_config_parse(text, len, path, out, e);
	free(text);
	return rc;
}

const mo_node *mo_config_setting(const mo_config *c, const char *path)
{
	const mo_node *n = c ? c->settings : NULL;
	const char *p = path;
	if (!p)
		return NULL;
	while (n) {
		const char *dot = strchr(p, '.');
		size_t len = dot ? (size_t)(dot - p) : strlen(p);
		if (!len)
			return NULL;
		n = map_get(n, p, len);
		if (!dot)
			return n;
		p = dot + 1;
	}
	return NULL;
}

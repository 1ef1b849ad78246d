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
 * The second half is the schema engine declared in schema_check.h: one
 * table of mo_field per mapping (key, required, a type that reads and
 * frees the value, where the value goes) and one generic function
 * (mo_sc_fields) that refuses unknown keys with a "did you mean"
 * suggestion, reads each value and reports missing required keys;
 * mo_sc_release frees along the same tables. Then the top level: the
 * practice's name, time zone and hours, policies, settings and limits,
 * whose tables continue with model.c's sections (the practice model and
 * its checks across entities). Every message has the form
 * "FILE:LINE:COL: KEY.PATH: message". It uses libyaml, units.h and
 * model.h. */
#include "config.h"
#include "model.h"
#include "schema_check.h"
#include "units.h"

#include <errno.h>
#include <xxhash.h>
#include <sys/mman.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define MAX_EXPANSION 100000 /* nodes that aliases may add to a document */
#define SHOW_MAX MO_QUOTE_MAX

const char *const mo_day_names[7] = {"mon", "tue", "wed", "thu",
                                     "fri", "sat", "sun"};

/* ---- the node tree ---- */

/* The arena: nodes, scalar texts and item arrays are carved out of large
 * chunks, so building a tree costs few allocations and freeing it frees
 * the chunks alone. */
typedef struct chunk {
	struct chunk *next;
	size_t used, size;
	max_align_t data[];
} chunk;

#define CHUNK_MIN (64 * 1024)
#define CHUNK_MAX (16 * 1024 * 1024)

typedef struct mo_tree {
	char *file;     /* name used in messages; owned */
	mo_node *all;   /* every node of the tree, chained through next */
	chunk *chunks;  /* the arena; owned */
	size_t chunk;   /* size of the next chunk, from the text's length */
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

/* n bytes (aligned) from t's arena, or NULL. Chunks are mapped with
 * their pages populated at once: a tree touches all of its memory, and
 * one populated mapping costs far less than a page fault per page. */
static void *arena_alloc(mo_tree *t, size_t n)
{
	chunk *c = t->chunks;
	void *p;
	n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	if (!c || c->used + n > c->size) {
		size_t size = n > t->chunk ? n : t->chunk;
		c = mmap(NULL, sizeof *c + size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
		if (c == MAP_FAILED)
			return NULL;
		c->next = t->chunks;
		c->used = 0;
		c->size = size;
		t->chunks = c;
	}
	p = (char *)c->data + c->used;
	c->used += n;
	return p;
}

static void tree_free(mo_tree *t)
{
	chunk *c, *next;
	if (!t)
		return;
	for (c = t->chunks; c; c = next) {
		next = c->next;
		munmap(c, sizeof *c + c->size);
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

bool mo_sc_null(const mo_node *n)
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
	if (mo_sc_null(n))
		return "null";
	return show(n->text, n->text_len, buf, size);
}

int mo_sc_fail(mo_err *e, const mo_node *n, const char *path, const char *fmt,
               ...)
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

int mo_sc_expect(mo_err *e, const mo_node *n, const char *path,
                 const char *what)
{
	char got[SHOW_MAX * 4 + 16];
	return mo_sc_fail(e, n, path, "expected %s, got %s", what,
	                  describe(n, got, sizeof got));
}

static const char *kind_name(mo_node_kind kind)
{
	return kind == MO_NODE_MAP   ? "a mapping"
	       : kind == MO_NODE_SEQ ? "a sequence"
	                             : "a scalar";
}

int mo_sc_kind(const mo_node *n, mo_node_kind kind, const char *path, mo_err *e)
{
	if (n->kind == kind)
		return 0;
	return mo_sc_expect(e, n, path, kind_name(kind));
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
	mo_node *n = arena_alloc(b->tree, sizeof *n);
	if (!n)
		return NULL;
	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->line = (int)(m.line + 1);
	n->col = (int)(m.column + 1);
	n->tree = b->tree;
	n->weight = 1;
	n->next = b->tree->all;
	b->tree->all = n;
	return n;
}

/* A copy of the first len entries of old in an array of cap, or NULL. */
static mo_node **grow(mo_tree *t, mo_node **old, size_t len, size_t cap)
{
	mo_node **v = arena_alloc(t, cap * sizeof *v);
	if (v && len)
		memcpy(v, old, len * sizeof *v);
	return v;
}

/* Appends an item (key NULL) or a pair to container n. */
static int node_push(mo_node *n, mo_node *key, mo_node *val)
{
	if (n->len == n->cap) {
		size_t cap = n->cap ? n->cap * 2 : 4;
		mo_node **items = grow(n->tree, n->items, n->len, cap);
		if (!items)
			return MO_ENOMEM;
		n->items = items;
		if (key && !(n->keys = grow(n->tree, n->keys, n->len, cap)))
			return MO_ENOMEM;
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

/* Orders the text of n against s[0..len), bytewise then by length. */
static int text_cmp(const mo_node *n, const char *s, size_t len)
{
	int c = memcmp(n->text, s, n->text_len < len ? n->text_len : len);
	if (c)
		return c;
	return n->text_len < len ? -1 : n->text_len > len;
}

static int keyed_cmp(const void *pa, const void *pb)
{
	const mo_sc_keyed *a = pa, *b = pb;
	int c = text_cmp(a->key, b->key->text, b->key->text_len);
	if (c)
		return c;
	return a->order < b->order ? -1 : a->order > b->order;
}

static bool same_text(const mo_node *a, const mo_node *b)
{
	return a->text_len == b->text_len &&
	       memcmp(a->text, b->text, a->text_len) == 0;
}

mo_sc_keyed *mo_sc_sort(const mo_node *const *nodes, size_t n)
{
	mo_sc_keyed *ks = malloc((n ? n : 1) * sizeof *ks);
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

bool mo_sc_duplicate(const mo_sc_keyed *ks, size_t n, size_t nexp,
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

const mo_sc_keyed *mo_sc_lookup(const mo_sc_keyed *ks, size_t n, const char *s)
{
	size_t lo = 0, hi = n, len = strlen(s);
	while (lo < hi) { /* the first entry not below s */
		size_t mid = lo + (hi - lo) / 2;
		if (text_cmp(ks[mid].key, s, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && text_cmp(ks[lo].key, s, len) == 0 ? &ks[lo] : NULL;
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
static int drop_shadowed(mo_node *m, const mo_sc_keyed *ks)
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
	mo_sc_keyed *ks = NULL;
	char q[SHOW_MAX * 4 + 16];
	int rc = 0;
	if (append_merged(m, f) ||
	    !(ks = mo_sc_sort((const mo_node *const *)m->keys, m->len))) {
		rc = oom(b->e);
		goto out;
	}
	if (mo_sc_duplicate(ks, m->len, nexp, &first, &second)) {
		const mo_node *k = m->keys[second];
		rc = mo_sc_fail(b->e, k, "",
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
			return mo_sc_expect(b->e, src[i], "<<",
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
		return mo_sc_fail(b->e, k, "",
		                  "mapping keys must be scalars, got %s",
		                  kind_name(k->kind));
	if (is_merge_key(k)) {
		if (f->merge_line)
			return mo_sc_fail(b->e, k, "",
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
	n->text = arena_alloc(b->tree, ev->data.scalar.length + 1);
	if (!n->text)
		return oom(b->e);
	memcpy(n->text, ev->data.scalar.value, ev->data.scalar.length);
	n->text[ev->data.scalar.length] = '\0';
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
	if (b.tree) /* about 8 bytes of tree per byte of YAML */
		b.tree->chunk = len * 8 < CHUNK_MIN ? CHUNK_MIN
			: len * 8 > CHUNK_MAX ? CHUNK_MAX : len * 8;
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
		return mo_sc_expect(e, n, path, "a scalar");
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
		return mo_sc_expect(e, n, path,
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
	return mo_sc_expect(e, n, path, "true or false (without quotes)");
}

/* The text of scalar n for a units.h parser, or NULL after an error. */
static const char *unit_text(const mo_node *n, const char *path, mo_err *e)
{
	if (need_scalar(n, path, e))
		return NULL;
	if (strlen(n->text) != n->text_len) {
		mo_sc_fail(e, n, path, "expected text without NUL characters");
		return NULL;
	}
	return n->text;
}

/* Puts the location and path in front of a units.h error. */
static int unit_result(const mo_node *n, const char *path, int rc,
                       const mo_err *sub, mo_err *e)
{
	return rc ? mo_sc_fail(e, n, path, "%s", sub->msg) : 0;
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

int mo_sc_oom(mo_err *e)
{
	return mo_err_set(e, MO_ENOMEM, "out of memory");
}

/* Copies s to out + o, stopping short of the end of the MO_PATH_LEN
 * buffer (keep bytes spare); returns the new offset. These paths are built
 * for every node checked, so no snprintf here. */
static size_t put(char *out, size_t o, const char *s, size_t keep)
{
	size_t room = o + keep < MO_PATH_LEN ? MO_PATH_LEN - keep - o : 0;
	size_t n = strnlen(s, room);
	memcpy(out + o, s, n);
	return o + n;
}

void mo_sc_path_join(char out[MO_PATH_LEN], const char *path, const char *key)
{
	size_t o = put(out, 0, path, 2);
	if (o)
		out[o++] = '.';
	o = put(out, o, key, 1);
	out[o] = '\0';
}

void mo_sc_path_index(char out[MO_PATH_LEN], const char *path, size_t i)
{
	char digits[24];
	size_t o = put(out, 0, path, 24), n = 0;
	do
		digits[n++] = (char)('0' + i % 10);
	while ((i /= 10) && n < sizeof digits);
	out[o++] = '[';
	while (n)
		out[o++] = digits[--n];
	out[o++] = ']';
	out[o] = '\0';
}

/* The first field of a table at or after f, following MO_FIELDS_MORE;
 * NULL at the end. */
static const mo_field *field_first(const mo_field *f)
{
	while (f && !f->key)
		f = f->data;
	return f;
}

#define FOR_FIELDS(f, table)                                                   \
	for (f = field_first(table); f; f = field_first(f + 1))

static const mo_field *field_find(const mo_field *fields, const mo_node *key)
{
	const mo_field *f;
	FOR_FIELDS(f, fields)
	if (strlen(f->key) == key->text_len && strcmp(f->key, key->text) == 0)
		return f;
	return NULL;
}

/* The "unknown key" error, with a suggestion or the list of keys. */
static int unknown_key(const mo_node *key, const char *path,
                       const mo_field *fields, mo_err *e)
{
	const char *names[24], *hint;
	char sub[MO_PATH_LEN], list[320] = "";
	const mo_field *f;
	size_t i = 0;
	FOR_FIELDS(f, fields)
	if (i < 23)
		names[i++] = f->key;
	names[i] = NULL;
	mo_sc_path_join(sub, path, key->text);
	hint = mo_suggest(key->text, names);
	if (hint)
		return mo_sc_fail(e, key, sub,
		                  "unknown key (did you mean \"%s\"?)", hint);
	for (i = 0; names[i]; i++)
		snprintf(list + strlen(list), sizeof list - strlen(list),
		         "%s%s", i ? ", " : "", names[i]);
	return mo_sc_fail(e, key, sub, "unknown key (expected one of: %s)",
	                  list);
}

int mo_sc_fields(void *obj, const mo_node *n, const char *path,
                 const mo_field *fields, mo_err *e)
{
	char sub[MO_PATH_LEN];
	const mo_field *f;
	size_t i;
	int rc = mo_sc_kind(n, MO_NODE_MAP, path, e);
	for (i = 0; !rc && i < n->len; i++) {
		if (!(f = field_find(fields, n->keys[i])))
			return unknown_key(n->keys[i], path, fields, e);
		mo_sc_path_join(sub, path, f->key);
		rc = f->type->check(obj, n->items[i], sub, f, e);
	}
	FOR_FIELDS(f, fields)
	if (!rc && f->required && !mo_node_get(n, f->key))
		rc = mo_sc_fail(e, n, path, "missing required key \"%s\"",
		                f->key);
	return rc;
}

void mo_sc_release(void *obj, const mo_field *fields)
{
	const mo_field *f;
	FOR_FIELDS(f, fields)
	if (f->type->release)
		f->type->release(obj, f);
}

/* -- general types -- */

int mo_sc_string(const mo_node *n, const char *path, char **out, mo_err *e)
{
	char *s;
	int rc = mo_sc_kind(n, MO_NODE_SCALAR, path, e);
	if (rc)
		return rc;
	if (!n->text_len || mo_sc_null(n))
		return mo_sc_expect(e, n, path, "a non-empty string");
	if (strlen(n->text) != n->text_len)
		return mo_sc_fail(e, n, path,
		                  "expected text without NUL characters");
	s = mo_strdup(n->text);
	if (!s)
		return mo_sc_oom(e);
	free(*out);
	*out = s;
	return 0;
}

static int text_check(void *obj, const mo_node *n, const char *path,
                      const mo_field *f, mo_err *e)
{
	return mo_sc_string(n, path, mo_sc_at(obj, f), e);
}

void mo_sc_release_string(void *obj, const mo_field *f)
{
	char **s = mo_sc_at(obj, f);
	free(*s);
	*s = NULL;
}

const mo_type mo_sc_text = {text_check, mo_sc_release_string};

static int tree_check(void *obj, const mo_node *n, const char *path,
                      const mo_field *f, mo_err *e)
{
	int rc = mo_sc_kind(n, MO_NODE_MAP, path, e);
	if (!rc)
		*(const mo_node **)mo_sc_at(obj, f) = n;
	return rc;
}

const mo_type mo_sc_tree = {tree_check, NULL};

static int map_check(void *obj, const mo_node *n, const char *path,
                     const mo_field *f, mo_err *e)
{
	return mo_sc_fields(mo_sc_at(obj, f), n, path, f->data, e);
}

static void map_release(void *obj, const mo_field *f)
{
	mo_sc_release(mo_sc_at(obj, f), f->data);
}

const mo_type mo_sc_map = {map_check, map_release};

/* -- practice -- */

static int timezone_check(void *obj, const mo_node *n, const char *path,
                          const mo_field *f, mo_err *e)
{
	char **tz = mo_sc_at(obj, f);
	mo_err sub;
	int rc = mo_sc_string(n, path, tz, e);
	if (rc)
		return rc;
	return unit_result(n, path, mo_tz_check(*tz, &sub), &sub, e);
}

static const mo_type timezone_type = {timezone_check, mo_sc_release_string};

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
		return mo_sc_fail(e, n, path, "expected %s, got %s", what,
		                  show(s, len, q, sizeof q));
	if (sp.open >= sp.close)
		return mo_sc_fail(e, n, path,
		                  "span %s opens at or after it closes; "
		                  "expected the opening time first",
		                  show(span_text(sp, t), 11, q, sizeof q));
	if (day->n == MO_MAX_SPANS)
		return mo_sc_fail(e, n, path,
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
	char sub[MO_PATH_LEN + 32];
	size_t i;
	int rc = 0;
	for (i = 0; !rc && i < n->len; i++) {
		const mo_node *it = n->items[i];
		snprintf(sub, sizeof sub, "%s[%zu]", path, i);
		if (it->kind != MO_NODE_SCALAR)
			return mo_sc_expect(e, it, sub, "\"HH:MM-HH:MM\"");
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
			return mo_sc_fail(e, n, path,
			                  "spans \"%s\" and \"%s\" overlap",
			                  span_text(day->span[i - 1], a),
			                  span_text(day->span[i], b));
	return 0;
}

static int day_check(void *obj, const mo_node *n, const char *path,
                     const mo_field *f, mo_err *e)
{
	mo_day_hours *h = mo_sc_at(obj, f);
	int rc;
	h->n = 0;
	if (n->kind == MO_NODE_SCALAR && strcmp(n->text, "closed") == 0)
		return 0;
	if (n->kind == MO_NODE_SCALAR && !mo_sc_null(n))
		rc = spans_from_text(h, n, path, e);
	else if (n->kind == MO_NODE_SEQ)
		rc = spans_from_seq(h, n, path, e);
	else
		rc = mo_sc_expect(e, n, path, SPAN_WHAT);
	return rc ? rc : sort_spans(h, n, path, e);
}

const mo_type mo_sc_day = {day_check, NULL};

static const mo_field hours_fields[] = {
    {"mon", false, &mo_sc_day, 0 * sizeof(mo_day_hours), 0, NULL, 0},
    {"tue", false, &mo_sc_day, 1 * sizeof(mo_day_hours), 0, NULL, 0},
    {"wed", false, &mo_sc_day, 2 * sizeof(mo_day_hours), 0, NULL, 0},
    {"thu", false, &mo_sc_day, 3 * sizeof(mo_day_hours), 0, NULL, 0},
    {"fri", false, &mo_sc_day, 4 * sizeof(mo_day_hours), 0, NULL, 0},
    {"sat", false, &mo_sc_day, 5 * sizeof(mo_day_hours), 0, NULL, 0},
    {"sun", false, &mo_sc_day, 6 * sizeof(mo_day_hours), 0, NULL, 0},
    MO_FIELDS_END,
};

static int hours_check(void *obj, const mo_node *n, const char *path,
                       const mo_field *f, mo_err *e)
{
	return mo_sc_fields(mo_sc_at(obj, f), n, path, hours_fields, e);
}

const mo_type mo_sc_hours = {hours_check, NULL};

/* A field of mo_config itself. */
/* clang-format off */
#define CFG(key, req, type, member)                                            \
	{key, req, type, offsetof(mo_config, member), 0, NULL, 0}
/* clang-format on */
static const mo_field practice_fields[] = {
    CFG("name", true, &mo_sc_text, name),
    CFG("timezone", true, &timezone_type, timezone),
    CFG("hours", false, &mo_sc_hours, hours),
    MO_FIELDS_MORE(mo_model_practice_fields),
};

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
	char sub[MO_PATH_LEN], q[SHOW_MAX * 4 + 16];
	size_t first, second;
	mo_sc_keyed *ks = mo_sc_sort((const mo_node *const *)n->items, n->len);
	int rc = 0;
	if (!ks)
		return mo_sc_oom(e);
	if (mo_sc_duplicate(ks, n->len, n->len, &first, &second)) {
		mo_sc_path_index(sub, path, second);
		rc = mo_sc_fail(e, n->items[second], sub,
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
		return mo_sc_expect(
		    e, it, sub,
		    "a relative path ending in \".lua\" "
		    "(not starting with \"/\", without \"..\")");
	c->policies[c->npolicies] = mo_strdup(it->text);
	if (!c->policies[c->npolicies])
		return mo_sc_oom(e);
	c->policy_line[c->npolicies++] = it->line;
	return 0;
}

static int policies_check(void *obj, const mo_node *n, const char *path,
                          const mo_field *f, mo_err *e)
{
	mo_config *c = obj;
	char sub[MO_PATH_LEN];
	size_t i;
	int rc = mo_sc_kind(n, MO_NODE_SEQ, path, e);
	(void)f;
	if (rc)
		return rc;
	c->policies = calloc(n->len + 1, sizeof *c->policies);
	c->policy_line = calloc(n->len + 1, sizeof *c->policy_line);
	if (!c->policies || !c->policy_line)
		return mo_sc_oom(e);
	for (i = 0; !rc && i < n->len; i++) {
		mo_sc_path_index(sub, path, i);
		rc = check_policy(c, n->items[i], sub, e);
	}
	return rc ? rc : policies_unique(c, n, path, e);
}

static void policies_release(void *obj, const mo_field *f)
{
	mo_config *c = obj;
	size_t i;
	(void)f;
	for (i = 0; c->policies && i < c->npolicies; i++)
		free(c->policies[i]);
	free(c->policies);
	free(c->policy_line);
	c->policies = NULL;
	c->policy_line = NULL;
	c->npolicies = 0;
}

static const mo_type policies_type = {policies_check, policies_release};

/* -- settings and limits -- */

static int instructions_check(void *obj, const mo_node *n, const char *path,
                              const mo_field *f, mo_err *e)
{
	int64_t v;
	int rc = mo_node_as_int(n, path, &v, e);
	if (rc)
		return rc;
	if (v <= 0)
		return mo_sc_expect(e, n, path, "a positive integer");
	*(int64_t *)mo_sc_at(obj, f) = v;
	return 0;
}

static int memory_check(void *obj, const mo_node *n, const char *path,
                        const mo_field *f, mo_err *e)
{
	int64_t v;
	int rc = node_as_size(n, path, &v, e);
	if (rc)
		return rc;
	if (v < 1024 * 1024)
		return mo_sc_expect(e, n, path, "a size of at least 1MB");
	*(int64_t *)mo_sc_at(obj, f) = v;
	return 0;
}

static const mo_type instructions_type = {instructions_check, NULL};
static const mo_type memory_type = {memory_check, NULL};

static const mo_field limits_fields[] = {
    CFG("instructions", false, &instructions_type, lua_instructions),
    CFG("memory", false, &memory_type, lua_memory),
    MO_FIELDS_END,
};

/* The top level: config.c's keys, then the practice model's sections. */
static const mo_field top_fields[] = {
    {"practice", true, &mo_sc_map, 0, 0, practice_fields, 0},
    {"policies", false, &policies_type, 0, 0, NULL, 0},
    CFG("settings", false, &mo_sc_tree, settings),
    {"limits", false, &mo_sc_map, 0, 0, limits_fields, 0},
    MO_FIELDS_MORE(mo_model_sections),
};

/* ---- loading ---- */

void mo_config_free(mo_config *c)
{
	if (!c)
		return;
	mo_sc_release(c, top_fields);
	free(c->path);
	mo_node_free(c->root);
	free(c);
}

void mo_config_text_hash(const char *text, size_t len, char out[65])
{
	XXH128_hash_t h = XXH3_128bits(text, len);
	snprintf(out, 65, "xxh3-%016llx%016llx", (unsigned long long)h.high64,
		 (unsigned long long)h.low64);
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
	mo_config_text_hash(text, len, c->source_hash);
	rc = mo_yaml_parse(text, len, c->path, &c->root, e);
	if (rc)
		goto fail;
	rc = mo_sc_fields(c, c->root, "", top_fields, e);
	if (!rc)
		rc = mo_model_link(c, e);
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

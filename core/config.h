/* config.h: practice.yaml loaded into typed C structures with libyaml.
 *
 * The file is first read into a tree of mo_node (scalars, sequences,
 * mappings; each node keeps its file, line and column). Anchors, aliases
 * and "<<" merge keys are resolved; duplicate keys, tab indentation and
 * alias bombs are errors. The tree is then checked against the schema:
 * unknown keys, wrong types and missing required keys are errors, never
 * ignored, and every error message has the form
 *
 *   practice.yaml:12:5: practice.hours.mon: expected "HH:MM-HH:MM" ..., got "8-5"
 *   practice.yaml:3:3: practice.nmae: unknown key (did you mean "name"?)
 *
 * (file:line:column of the offending node, the key path, what was
 * expected). The `settings:` section is kept as a tree so that policies can
 * read it with typed accessors (mo_node_as_*), whose errors also point into
 * the YAML. It uses libyaml and units.h. */
#ifndef MO_CONFIG_H
#define MO_CONFIG_H

#include "mo.h"

/* ---- the node tree ---- */
typedef struct mo_node mo_node;
typedef enum { MO_NODE_SCALAR, MO_NODE_SEQ, MO_NODE_MAP } mo_node_kind;

mo_node_kind mo_node_type(const mo_node *n);
/* Scalar text (never NULL for scalars, "" otherwise); owned by the tree. */
const char *mo_node_text(const mo_node *n);
/* True for a plain (unquoted) scalar: only plain scalars are numbers,
 * booleans or null. */
bool mo_node_plain(const mo_node *n);
/* Position in the source, 1-based. The file name is owned by the tree. */
const char *mo_node_file(const mo_node *n);
int mo_node_line(const mo_node *n);
int mo_node_col(const mo_node *n);
/* Number of items (sequence) or pairs (mapping); 0 for scalars. */
size_t mo_node_len(const mo_node *n);
/* i-th item of a sequence, or i-th value of a mapping; NULL out of range. */
const mo_node *mo_node_at(const mo_node *n, size_t i);
/* i-th key of a mapping (a scalar node); NULL out of range. */
const mo_node *mo_node_key(const mo_node *n, size_t i);
/* Value for key in a mapping, or NULL. */
const mo_node *mo_node_get(const mo_node *n, const char *key);

/* Typed reads of a scalar node. On failure they fill e with
 * "file:line:col: PATH: expected ..., got ..." (path names the value for
 * the message, e.g. "settings.refund_limit"). */
int mo_node_as_string(const mo_node *n, const char *path, const char **out, mo_err *e);
int mo_node_as_int(const mo_node *n, const char *path, int64_t *out, mo_err *e);
int mo_node_as_bool(const mo_node *n, const char *path, bool *out, mo_err *e);
int mo_node_as_money(const mo_node *n, const char *path, int64_t *cents, mo_err *e);
int mo_node_as_duration(const mo_node *n, const char *path, int64_t *seconds, mo_err *e);
int mo_node_as_date(const mo_node *n, const char *path, int32_t *days, mo_err *e);
int mo_node_as_time(const mo_node *n, const char *path, int *minutes, mo_err *e);

/* Parses YAML text into a tree. name is used in messages. Caller frees the
 * result with mo_node_free(). */
int mo_yaml_parse(const char *text, size_t len, const char *name, mo_node **out, mo_err *e);
void mo_node_free(mo_node *root);

/* ---- the practice model ---- */
typedef struct mo_span {
	int open, close; /* minutes after midnight, open < close */
} mo_span;

#define MO_MAX_SPANS 4
typedef struct mo_day_hours {
	int n;                       /* 0 = closed */
	mo_span span[MO_MAX_SPANS];  /* sorted, not overlapping */
} mo_day_hours;

typedef struct mo_config {
	char *path;               /* the file it was read from ("<string>" for text) */
	char *name;               /* practice.name (required) */
	char *timezone;           /* practice.timezone: IANA name (required) */
	mo_day_hours hours[7];    /* practice.hours, [0] = Monday; missing day = closed */
	size_t npolicies;
	char **policies;          /* policies: paths relative to the practice's policies/ */
	int *policy_line;         /* line of each entry in the YAML, for messages */
	const mo_node *settings;  /* settings: a mapping, or NULL; owned by root */
	int64_t lua_instructions; /* limits.instructions (default MO_DEFAULT_INSTRUCTIONS) */
	int64_t lua_memory;       /* limits.memory in bytes (default MO_DEFAULT_MEMORY) */
	mo_node *root;            /* the whole tree; owned */
} mo_config;

#define MO_DEFAULT_INSTRUCTIONS 50000000LL
#define MO_DEFAULT_MEMORY (64LL * 1024 * 1024)

/* Reads and checks a practice.yaml. Caller frees with mo_config_free(). A
 * missing or unreadable file is MO_EIO with the path and the system's
 * reason; anything invalid is MO_ECONFIG. */
int mo_config_load(const char *path, mo_config **out, mo_err *e);
/* The same from text in memory (name is used in messages). */
int mo_config_parse(const char *text, size_t len, const char *name, mo_config **out, mo_err *e);
void mo_config_free(mo_config *c);

/* The settings node at a dotted path ("billing.refund_limit"), or NULL. */
const mo_node *mo_config_setting(const mo_config *c, const char *path);

/* Day names used in hours: "mon".."sun". */
extern const char *const mo_day_names[7];

#endif

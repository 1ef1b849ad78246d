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
 * expected). The practice model (identity, locations and rooms, staff,
 * providers, visit types, fee schedules, payers, CLIA) is read into the
 * typed structures below and its cross-references checked (unknown or
 * duplicate ids, supervision cycles, overlapping fees) with the same kind
 * of message; config.c reads the tree and the top level, model.c the
 * model. The `settings:` section is kept as a tree so that policies can
 * read it with typed accessors (mo_node_as_*), whose errors also point into
 * the YAML. It uses libyaml, units.h and codes.h. */
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

/* ---- hours ---- */
typedef struct mo_span {
	int open, close; /* minutes after midnight, open < close */
} mo_span;

#define MO_MAX_SPANS 4
typedef struct mo_day_hours {
	int n;                       /* 0 = closed */
	mo_span span[MO_MAX_SPANS];  /* sorted, not overlapping */
} mo_day_hours;

/* ---- the practice model (README "practice.yaml") ----
 * Every string below is owned by the mo_config and freed by
 * mo_config_free(); every `node` points into the config's tree (for the
 * file:line:col of later messages) and is owned by it too. Ids are copied
 * as written; dates are days since 1970-01-01; money is cents. */
typedef struct mo_address {
	char *line1, *line2, *city, *state, *zip; /* all NULL when absent */
} mo_address;

/* A staff member's credential (staff[].credentials) or a licence or
 * policy of the practice itself (practice.licences): the same shape. */
typedef struct mo_credential {
	char *kind, *number, *issuer; /* kind required; others may be NULL */
	int32_t issued, expires;      /* days, 0 = none; expires >= issued */
	int notice_days;              /* lead time of its renewal; -1 = the
				       * practice's for its kind (credential.h) */
	const mo_node *node;
} mo_credential;

typedef struct mo_room {
	char *id, *name, *kind; /* name may be NULL; kind one of the room kinds */
	size_t nequipment;
	char **equipment; /* equipment ids */
	const mo_node *node;
} mo_room;

typedef struct mo_location {
	char *id, *name, *phone; /* phone: 10 digits, or NULL */
	char *pos;               /* place-of-service code, default "11" */
	mo_address address;
	mo_day_hours hours[7]; /* default: the practice's hours */
	size_t nrooms;
	mo_room *rooms;
	const mo_node *node;
} mo_location;

typedef struct mo_staff {
	char *id, *name, *job;
	char *supervisor; /* a staff id; NULL = from the job */
	char *employment; /* full_time (default), part_time, per_diem, contractor */
	char *pay_type;   /* hourly, salary or NULL */
	size_t nlocations;
	char **locations; /* location ids; none listed = all locations */
	int32_t hired;    /* days, 0 = unset */
	int64_t pay_rate; /* cents per hour or per year */
	int weekly_hours; /* -1 = unset */
	size_t ncredentials;
	mo_credential *credentials;
	const mo_node *node;
} mo_staff;

/* A provider's enrollment with a payer (providers[].enrollments). */
typedef struct mo_enrollment {
	char *payer;    /* a payer id of the practice */
	char *status;   /* enrolled, pending, denied or terminated */
	char *number;   /* the payer's id for the provider, or NULL */
	int32_t effective, expires; /* days, 0 = none (expires: revalidation) */
	int notice_days;            /* -1 = the practice's for "enrollment" */
	const mo_node *node;
} mo_enrollment;

/* A provider's board certification (providers[].board). */
typedef struct mo_board {
	char *board, *specialty, *number; /* board NULL when there is none */
	int32_t certified, expires;       /* days, 0 = none */
	int notice_days;                  /* -1 = the practice's for "board" */
} mo_board;

typedef struct mo_provider {
	char *staff, *npi, *specialty, *taxonomy; /* taxonomy may be NULL */
	char *license_state, *license_number, *dea; /* NULL when absent */
	int32_t license_expires, dea_expires;       /* days, 0 = none */
	int32_t license_issued, dea_issued;         /* days, 0 = none */
	int license_notice, dea_notice;             /* notice_days, -1 = default */
	mo_board board;
	size_t nenrollments;
	mo_enrollment *enrollments;
	size_t nvisit_types;
	char **visit_types; /* none listed = all visit types */
	size_t navailability;
	struct mo_availability {
		char *location;
		mo_day_hours hours[7]; /* days not listed are closed */
		size_t nvisit_types;
		char **visit_types;    /* none listed = the provider's */
	} *availability;
	const mo_node *node;
} mo_provider;
typedef struct mo_availability mo_availability;

typedef struct mo_visit_type {
	char *id, *name;
	char *room;       /* a room kind, default "exam" */
	int64_t duration; /* seconds */
	bool new_patient;
	size_t ncodes;
	char **codes; /* CPT / HCPCS Level II codes */
	size_t nequipment;
	char **equipment; /* equipment ids the room must have */
	const mo_node *node;
} mo_visit_type;

typedef struct mo_fee {
	char *code;
	size_t nmodifiers;
	char *modifiers[4]; /* as written; [nmodifiers..3] are NULL */
	int64_t charge;     /* cents */
	int32_t from, to;   /* days, inclusive; 0 = open */
	const mo_node *node;
} mo_fee;

typedef struct mo_fee_schedule {
	char *id, *name;
	size_t nfees;
	mo_fee *fees;
	const mo_node *node;
} mo_fee_schedule;

typedef struct mo_payer {
	char *id, *name, *payer_id, *kind, *fee_schedule; /* payer_id may be NULL */
	int percent;           /* of the fee schedule, default 100 */
	int64_t timely_filing; /* seconds, default 365 days */
	const mo_node *claim;  /* mapping or NULL */
	const mo_node *node;
} mo_payer;

/* A test of the practice's CLIA catalogue (clia.catalogue): a test of
 * the built-in catalogue (clia.h) described further or overridden, or a
 * test of the practice's own. A field left out keeps the built-in value
 * (the node tells which were given); numbers are hundredths. */
typedef struct mo_clia_entry {
	char *id, *name, *code, *device, *manufacturer, *complexity;
	char *units, *reference, *storage, *insert;
	size_t nspecimens, nvalues, nqc_each;
	char **specimens, **values, **qc_each; /* qc_each: new_lot... */
	int64_t low, high, critical_low, critical_high;
	bool qw;
	int qc_days;
	bool qc_new_lot, qc_new_shipment, qc_new_operator;
	const mo_node *node;
} mo_clia_entry;

/* Where kits and controls are kept, and the range they need (hundredths
 * of a degree Celsius). */
typedef struct mo_clia_storage {
	char *id, *name;
	int64_t low, high;
	const mo_node *node;
} mo_clia_storage;

typedef struct mo_clia {
	char *certificate, *type, *director; /* certificate NULL when no clia section */
	int32_t effective, expires;          /* days; effective 0 when not given */
	int retention_years;                 /* at least 2 (the default) */
	size_t ntests, ncatalogue, nstorage;
	char **tests;                        /* the test menu: catalogue ids */
	mo_clia_entry *catalogue;
	mo_clia_storage *storage;
	const mo_node *node;
} mo_clia;

/* A holiday is a date (date set, month 0) or a rule (date 0): either
 * "<ordinal> <weekday> of <month>" (ordinal 1..4, or -1 for "last";
 * weekday 0 = Monday .. 6; day 0) or "<month> <day>" (ordinal 0,
 * weekday -1). */
typedef struct mo_holiday {
	char *name;
	int32_t date; /* days, or 0 for a rule */
	int ordinal, weekday, month, day;
	const mo_node *node;
} mo_holiday;

typedef struct mo_config {
	char *path;               /* the file it was read from ("<string>" for text) */
	char *name;               /* practice.name (required) */
	char *legal_name;         /* practice.legal_name, default name */
	char *script_actor;       /* practice.script_actor: who scripts act as
				   * without --as; NULL = "system" */
	char *npi, *tax_id, *taxonomy; /* NULL when absent */
	char *phone;              /* 10 digits, or NULL */
	mo_address address;
	char *timezone;           /* practice.timezone: IANA name (required) */
	mo_day_hours hours[7];    /* practice.hours, [0] = Monday; missing day = closed */
	size_t nholidays;
	mo_holiday *holidays;
	size_t nlicences;         /* practice.licences: the practice's own */
	mo_credential *licences;
	const mo_node *notice_days; /* practice.notice_days: a mapping of
				     * kind (or "default") to days, or NULL;
				     * read by credential.h */
	size_t nlocations;        /* at least 1 */
	mo_location *locations;
	size_t nstaff;            /* at least 1 */
	mo_staff *staff;
	size_t nproviders;
	mo_provider *providers;
	size_t nvisit_types;
	mo_visit_type *visit_types;
	size_t nfee_schedules;
	mo_fee_schedule *fee_schedules;
	size_t npayers;
	mo_payer *payers;
	mo_clia clia;
	size_t npolicies;
	char **policies;          /* policies: paths relative to the practice's policies/ */
	int *policy_line;         /* line of each entry in the YAML, for messages */
	const mo_node *settings;  /* settings: a mapping, or NULL; owned by root */
	int64_t lua_instructions; /* limits.instructions (default MO_DEFAULT_INSTRUCTIONS) */
	int64_t lua_memory;       /* limits.memory in bytes (default MO_DEFAULT_MEMORY) */
	mo_node *root;            /* the whole tree; owned */
	char source_hash[65];    /* mo_config_text_hash of the YAML text */
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

/* A fingerprint of a practice.yaml text ("xxh3-" and 32 hex digits of
 * XXH3-128): equal texts give equal fingerprints; any edit changes it.
 * Used to tell whether the text is the one last applied (sync.h). */
void mo_config_text_hash(const char *text, size_t len, char out[65]);

/* The settings node at a dotted path ("billing.refund_limit"), or NULL. */
const mo_node *mo_config_setting(const mo_config *c, const char *path);

/* Lookups by id (a provider by its staff id); NULL when absent. The
 * result belongs to c. (model.c) */
const mo_staff *mo_config_staff(const mo_config *c, const char *id);
const mo_location *mo_config_location(const mo_config *c, const char *id);
const mo_visit_type *mo_config_visit_type(const mo_config *c, const char *id);
const mo_provider *mo_config_provider(const mo_config *c, const char *staff);
const mo_fee_schedule *mo_config_fee_schedule(const mo_config *c, const char *id);
const mo_payer *mo_config_payer(const mo_config *c, const char *id);

/* The date (days since 1970-01-01) of holiday h in year (1900..2999):
 * a rule gives a date every year, a dated holiday only in its own year.
 * MO_ENOTFOUND when h has no date that year, MO_EINVAL for bad arguments.
 * (model.c) */
int mo_holiday_date(const mo_holiday *h, int year, int32_t *days);

/* Calls cb once per expired credential, and per credential due for
 * renewal (within its lead time, credential.h mo_cred_lead, of
 * today_days): staff credentials, provider licences, DEA registrations,
 * board certifications and payer enrollments, the practice's licences and
 * the CLIA certificate, in the order of credential.h's list, with messages
 *   FILE:LINE:COL: staff[1].credentials[0]: CMA expired on 2026-01-31
 *   FILE:LINE:COL: clia: CLIA certificate 05D1234567 expires on
 *       2027-01-10 (in 48 days)
 * msg is valid during the call only. Returns the number of warnings.
 * (model.c) */
int mo_config_warnings(const mo_config *c, int32_t today_days,
                       void (*cb)(void *ud, const char *msg), void *ud);

/* Whether room r suits visit type v: of its room kind, with every piece
 * of equipment it needs. (model.c) */
bool mo_room_fits(const mo_room *r, const mo_visit_type *v);

/* Day names used in hours: "mon".."sun". */
extern const char *const mo_day_names[7];

#endif

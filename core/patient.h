/* patient.h: the patient register: demographics (name, date of birth,
 * sex, address, phones, e-mail, preferred language, guarantor, emergency
 * contact), search by name, date of birth or phone, a duplicate check on
 * registration and the merge of duplicates. Patients are never deleted: a
 * duplicate is merged into the record that stays (status "merged",
 * merged_into) and everything that pointed at it (appointments, recalls,
 * guarantor references) then points at the record that stays.
 *
 * Every change and every read is an operation (practice.h), checked by
 * the job permissions and the rules and audited with the acting staff
 * member: "patient.register", "patient.update", "patient.merge" and
 * "patient.read" (get: record "patient:ID"; search: record
 * "patient:search" with the query and the ids returned).
 *
 * Names are compared through a name key: Latin letters without accents
 * and in lower case (U+00C0..U+017F are folded to ASCII: "Müller" is
 * "muller", "ß" is "ss"), apostrophes and periods dropped ("O'Brien" is
 * "obrien"), other punctuation and spaces as one space; other scripts are
 * kept as written. The key of a patient is "family given".
 * It uses practice.h. */
#ifndef MO_PATIENT_H
#define MO_PATIENT_H

#include "practice.h"

/* Limits: names, address lines and other text 1..100 characters; e-mail
 * up to 254; a search returns MO_PATIENT_LIMIT records unless told, at
 * most MO_PATIENT_LIMIT_MAX. */
#define MO_PATIENT_TEXT_MAX 100
#define MO_PATIENT_LIMIT 20
#define MO_PATIENT_LIMIT_MAX 200
/* For mo_patient_new.guarantor in an update: remove the guarantor. */
#define MO_PATIENT_CLEAR (-1)

/* A patient record; strings are valid during the callback only. Optional
 * strings are NULL when not recorded. Phones are 10 digits. */
typedef struct mo_patient {
	int64_t id;
	const char *family, *given, *middle;
	int32_t birth_day;      /* days since 1970-01-01 */
	const char *sex;        /* "female", "male", "other", "unknown" */
	const char *line1, *line2, *city, *state, *zip;
	const char *phone_home, *phone_mobile, *phone_work;
	const char *email;
	const char *language;   /* "en", "es", "haw" */
	int64_t guarantor;      /* a patient id, 0 = none (self) */
	const char *emergency_name, *emergency_phone, *emergency_relation;
	const char *status;     /* "active" or "merged" */
	int64_t merged_into;    /* 0 unless merged */
	int64_t created_us, updated_us;
	const char *created_by, *updated_by;
} mo_patient;

/* What to register, or what to change (strings borrowed for the call).
 * A NULL string is "not given". Registration requires family, given,
 * has_birth_day and sex. In an update only given fields change, and ""
 * removes an optional field. Checks (messages name the field as the Lua
 * API does, "phones.mobile"):
 *   family, given, middle, emergency.name: 1..100 characters with a
 *     letter or digit; address lines, city, emergency.relation: 1..100
 *     characters; no control characters, valid UTF-8; spaces around
 *     are trimmed;
 *   birth day: 1900-01-01 up to today; sex: one of the four;
 *   address.state: 2 capital letters; address.zip: 12345 or 12345-6789;
 *   phones and emergency.phone: 10 digits once ( ) - . and spaces and a
 *     leading +1 or 1 are removed (the 10 digits are stored);
 *   email: one @, something before it, a dot inside the domain;
 *   language: a 2 or 3 letter lower-case code (ISO 639);
 *   guarantor: an active patient other than the patient. */
typedef struct mo_patient_new {
	const char *family, *given, *middle;
	bool has_birth_day;
	int32_t birth_day;
	const char *sex;
	const char *line1, *line2, *city, *state, *zip;
	const char *phone_home, *phone_mobile, *phone_work;
	const char *email, *language;
	int64_t guarantor; /* 0: none / unchanged; MO_PATIENT_CLEAR (update) */
	const char *emergency_name, *emergency_phone, *emergency_relation;
} mo_patient_new;

/* Registers a patient as actor; *id (optional) receives the id. Unless
 * allow_duplicate, an active patient with the same birth day and the same
 * name key, or the same birth day and mobile phone, makes it MO_EEXIST
 * with a message naming the existing ids; with allow_duplicate the audit
 * entry records them ("duplicate_of"). */
int mo_patient_register(mo_practice *p, const char *actor,
			const mo_patient_new *in, bool allow_duplicate,
			int64_t *id, mo_err *e);

/* Changes the given fields of patient id (checked as above). The audit
 * detail holds "changed" (the field names) and each changed field's new
 * value and old value ("family", "family_before"). MO_ENOTFOUND for an
 * unknown id, MO_EINVAL for a merged patient (naming merged_into) or
 * when nothing is given. The duplicate check does not run on updates. */
int mo_patient_update(mo_practice *p, const char *actor, int64_t id,
		      const mo_patient_new *changes, mo_err *e);

/* Strings in pt are valid during the call only; a non-zero return stops
 * and is returned. */
typedef int (*mo_patient_cb)(void *ud, const mo_patient *pt);

/* Reads patient id (merged ones too) as actor: the operation
 * "patient.read", audited as "patient:ID". MO_ENOTFOUND when none. */
int mo_patient_get(mo_practice *p, const char *actor, int64_t id,
		   mo_patient_cb cb, void *ud, mo_err *e);

typedef struct mo_patient_query {
	const char *name;     /* matches the start of a word of the name key:
				 "smi" finds Smith, "smith jo" John Smith */
	bool has_birth_day;
	int32_t birth_day;
	const char *phone;    /* any of the three phones, normalized */
	int limit;            /* 0: MO_PATIENT_LIMIT; at most _MAX */
} mo_patient_query;

/* Active patients matching every criterion given (at least one is
 * required), by name key, then birth day, then id. One audit entry
 * "patient.read" (record "patient:search") with the query and the ids
 * passed to cb. */
int mo_patient_search(mo_practice *p, const char *actor,
		      const mo_patient_query *q, mo_patient_cb cb, void *ud,
		      mo_err *e);

/* Merges patient from into patient into as actor: both active and
 * different. from becomes "merged" (merged_into = into) and is kept;
 * the appointments and recalls of from move to into; patients whose
 * guarantor was from get into (into itself, when from was its
 * guarantor, gets none: a patient is not their own guarantor). The
 * demographics of into are not changed. Audited as "patient:FROM" with
 * into and the ids moved ("appointments", "recalls", "guarantor_of"). */
int mo_patient_merge(mo_practice *p, const char *actor, int64_t from_id,
		     int64_t into_id, mo_err *e);

/* Follows merged_into from id to the active record (*active_id = id when
 * id is active). Not audited: for other modules (booking). MO_ENOTFOUND
 * for an unknown id, MO_ECORRUPT for a loop. */
int mo_patient_resolve(mo_practice *p, int64_t id, int64_t *active_id,
		       mo_err *e);

/* 0 when patient id is an active record. Otherwise MO_ENOTFOUND ("no
 * patient N") or MO_EINVAL ("patient N was merged into patient M; "
 * advice), each message after prefix ("payment patient: "). Not audited:
 * for the checks of other modules. */
int mo_patient_active(mo_practice *p, int64_t id, const char *prefix,
		      const char *advice, mo_err *e);

/* Normalizes a phone number as registration does into out (11 bytes).
 * MO_EINVAL (message naming field) when it is not a 10-digit number. */
int mo_patient_phone(const char *field, const char *in, char out[11],
		     mo_err *e);

/* The name key of s (see above) into out; returns the key's length, or
 * -1 when s is not valid UTF-8 or the key would not fit in size. */
int mo_patient_name_key(const char *s, char *out, size_t size);

/* Whether s is one of the sexes a record may have: female, male, other,
 * unknown. */
bool mo_patient_sex_valid(const char *s);

#endif

/* model.h: the sections of practice.yaml that describe the practice
 * itself (README "practice.yaml"): its identity and holidays, locations and
 * rooms, staff, providers, visit types, fee schedules, payers and CLIA.
 * model.c provides their schema tables, which config.c's tables continue
 * with, and the checks across entities run once the whole file is read
 * (mo_model_link); it also implements the lookups, holiday dates and
 * expiry warnings declared in config.h. An internal header of the config
 * module. It uses schema_check.h, codes.h and units.h. */
#ifndef MO_MODEL_H
#define MO_MODEL_H

#include "schema_check.h"

/* practice: legal_name, npi, tax_id, taxonomy, address, phone, holidays. */
extern const mo_field mo_model_practice_fields[];
/* The top level: locations, staff, providers, visit_types, fee_schedules,
 * payers, clia. */
extern const mo_field mo_model_sections[];

/* After the schema: fills the defaults that depend on other values
 * (legal_name, a location's hours) and checks what spans entities:
 * unique ids, references to ids that must exist, supervision cycles.
 * 0, or MO_ECONFIG / MO_ENOMEM with e filled. */
int mo_model_link(mo_config *c, mo_err *e);

#endif

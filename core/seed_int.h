/* seed_int.h: what seed.c shares with the parts of the seed in files of
 * their own: whether someone may do an action, and the staff records and
 * compliance part (seed_staff.c). Internal to the seed. */
#ifndef MO_SEED_INT_H
#define MO_SEED_INT_H

#include "seed.h"

/* The next number of a splitmix64 stream. */
uint64_t mo_seed_mix(uint64_t *state);

/* Whether who may do action now (the jobs and the rules, no facts). */
bool mo_seed_may(mo_practice *p, const char *who, const char *action);

/* The staff records and compliance of a seeding: each staff member's
 * hire in the personnel file and a yearly review; the checklists the
 * policies declare, worked through as each period falls due (with now and
 * then a fail put right at once, and now and then a period missed); a
 * biohazardous waste pickup every four weeks; an incident now and then,
 * followed up and closed. It draws from a random stream of its own. */
typedef struct mo_seed_staff mo_seed_staff;

/* Starts it for the seeding of p as actor from first_day on (*out owned
 * by the caller: mo_seed_staff_free). The hires are recorded at once. */
int mo_seed_staff_new(mo_practice *p, const char *actor, uint64_t seed,
		      int32_t first_day, mo_seed_staff **out, mo_err *e);
/* The office's day (the clock at its closing), on a day it is open. */
int mo_seed_staff_day(mo_seed_staff *s, int32_t day, mo_err *e);
/* Adds what it made to n. */
void mo_seed_staff_count(const mo_seed_staff *s, mo_seed_counts *n);
void mo_seed_staff_free(mo_seed_staff *s);

#endif

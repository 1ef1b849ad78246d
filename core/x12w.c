/* x12w.c: the checks and writing helpers the transaction-set writers
 * share (see x12w.h): refusals that name where a value stands and its
 * field, the envelope of a one-set interchange through the x12.h writer,
 * segments of simple elements, HL numbering, and X12 dates and times. It
 * uses x12.h, codes.h and units.h. */
#include "x12w.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "codes.h"

/* ---- checks ---- */

int mo_x12w_refuse(const mo_x12w_check *v, const char *field,
                   const char *fmt, ...)
{
	char what[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return mo_err_set(v->e, MO_EINVAL, "%s, %s: %s", v->where, field,
	                  what);
}

const char *mo_x12w_quote(const char *s, char buf[MO_X12W_QSIZE])
{
	return mo_quote(s, strlen(s), buf, MO_X12W_QSIZE);
}

bool mo_x12w_present(const char *s)
{
	return s && *s;
}

bool mo_x12w_same(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

int mo_x12w_text(const mo_x12w_check *v, const char *field, const char *s,
                 size_t max)
{
	char qb[MO_X12W_QSIZE];
	if (!mo_x12w_present(s))
		return mo_x12w_refuse(v, field, "required, found nothing");
	if (strlen(s) > max)
		return mo_x12w_refuse(v, field, "expected at most %zu "
		                      "characters, found %zu: %s", max,
		                      strlen(s), mo_x12w_quote(s, qb));
	return 0;
}

int mo_x12w_opt_text(const mo_x12w_check *v, const char *field,
                     const char *s, size_t max)
{
	return mo_x12w_present(s) ? mo_x12w_text(v, field, s, max) : 0;
}

int mo_x12w_code(const mo_x12w_check *v, const char *field, const char *s,
                 bool (*ok)(const char *), const char *what)
{
	char qb[MO_X12W_QSIZE];
	if (!mo_x12w_present(s))
		return mo_x12w_refuse(v, field, "required, found nothing");
	return ok(s) ? 0 : mo_x12w_refuse(v, field, "expected %s, found %s",
	                                  what, mo_x12w_quote(s, qb));
}

int mo_x12w_opt_code(const mo_x12w_check *v, const char *field,
                     const char *s, bool (*ok)(const char *),
                     const char *what)
{
	return mo_x12w_present(s) ? mo_x12w_code(v, field, s, ok, what) : 0;
}

int mo_x12w_day(const mo_x12w_check *v, const char *field, int32_t day)
{
	if (day >= mo_days_from_civil(1900, 1, 1) &&
	    day <= mo_days_from_civil(2999, 12, 31))
		return 0;
	return mo_x12w_refuse(v, field, "expected a day from 1900-01-01 to "
	                      "2999-12-31, found day %ld", (long)day);
}

bool mo_x12w_npi_ok(const char *s)
{
	return mo_codes_npi_valid(s);
}

const mo_x12w_pair mo_x12w_sexes[] = {{"female", "F"}, {"male", "M"},
                                      {"unknown", "U"}, {NULL, NULL}};

const char *mo_x12w_code_of(const mo_x12w_pair *t, const char *name)
{
	for (; name && t->name; t++)
		if (!strcmp(t->name, name))
			return t->code;
	return NULL;
}

int mo_x12w_sex(const mo_x12w_check *v, const char *field, const char *sex)
{
	char qb[MO_X12W_QSIZE];
	if (mo_x12w_code_of(mo_x12w_sexes, sex))
		return 0;
	return mo_x12w_refuse(v, field, "expected \"female\", \"male\" or "
	                      "\"unknown\", found %s",
	                      sex ? mo_x12w_quote(sex, qb) : "nothing");
}

/* ---- the interchange ---- */

int mo_x12w_check_head(const mo_x12w_check *v, const mo_x12w_head *h)
{
	char qb[MO_X12W_QSIZE];
	int rc = mo_x12w_text(v, "sender_id", h->sender_id, 15);
	if (!rc)
		rc = mo_x12w_text(v, "receiver_id", h->receiver_id, 15);
	if (!rc && (h->control < 1 || h->control > MO_X12W_CONTROL_MAX))
		rc = mo_x12w_refuse(v, "control", "expected 1 to %u, found "
		                    "%lu", MO_X12W_CONTROL_MAX,
		                    (unsigned long)h->control);
	if (!rc && h->usage != 'T' && h->usage != 'P')
		rc = mo_x12w_refuse(v, "usage", "expected 'T' (test) or 'P' "
		                    "(production), found %s",
		                    mo_quote(&h->usage, h->usage ? 1 : 0, qb,
		                             sizeof qb));
	if (!rc)
		rc = mo_x12w_day(v, "day", h->day);
	if (!rc && (h->seconds < 0 || h->seconds >= 86400))
		rc = mo_x12w_refuse(v, "seconds", "expected 0 to 86399, found "
		                    "%ld", (long)h->seconds);
	return rc ? rc : mo_x12w_text(v, "reference", h->reference, 50);
}

int mo_x12w_start(const mo_x12w_head *h, const char *functional_id,
                  const char *type, const char *version, mo_x12_writer **w,
                  mo_err *e)
{
	char date[16], time[8], control[16];
	mo_x12_isa isa = {.sender_qual = "ZZ", .sender = h->sender_id,
	                  .receiver_qual = "ZZ", .receiver = h->receiver_id,
	                  .date = mo_x12w_ccyymmdd(h->day, date),
	                  .time = mo_x12w_hhmm(h->seconds, time),
	                  .control = h->control, .usage = h->usage};
	mo_x12_gs gs = {.functional_id = functional_id,
	                .sender = h->sender_id, .receiver = h->receiver_id,
	                .control = h->control, .version = version};
	int rc;
	snprintf(control, sizeof control, "%04lu", (unsigned long)h->control);
	rc = mo_x12_writer_new(&isa, w, e);
	if (!rc)
		rc = mo_x12_writer_gs(*w, &gs, e);
	return rc ? rc : mo_x12_writer_st(*w, type, control, version, e);
}

int mo_x12w_bht(mo_x12_writer *w, const mo_x12w_head *h,
                const char *structure, const char *purpose,
                const char *type, mo_err *e)
{
	char day[16], time[8];
	return MO_X12W_SEG(w, e, "BHT", structure, purpose, h->reference,
	                   mo_x12w_ccyymmdd(h->day, day),
	                   mo_x12w_hhmm(h->seconds, time), type);
}

int mo_x12w_finish(mo_x12_writer *w, char **out, size_t *len, mo_err *e)
{
	int rc = mo_x12_writer_se(w, e);
	if (!rc)
		rc = mo_x12_writer_ge(w, e);
	return rc ? rc : mo_x12_writer_finish(w, out, len, e);
}

int mo_x12w_seg(mo_x12_writer *w, mo_err *e, const char *id,
                const char *const *values, size_t n)
{
	return mo_x12_writer_segment(w, id, n, values, e);
}

int mo_x12w_hl(mo_x12_writer *w, mo_err *e, unsigned *last, unsigned parent,
               const char *level, bool children, unsigned *id)
{
	char n[16], p[16];
	*id = ++*last;
	snprintf(n, sizeof n, "%u", *id);
	snprintf(p, sizeof p, "%u", parent);
	return MO_X12W_SEG(w, e, "HL", n, parent ? p : NULL, level,
	                   children ? "1" : "0");
}

/* ---- formatting ---- */

const char *mo_x12w_ccyymmdd(int32_t day, char buf[16])
{
	int y, m, d;
	mo_civil_from_days(day, &y, &m, &d);
	snprintf(buf, 16, "%04d%02d%02d", y, m, d);
	return buf;
}

const char *mo_x12w_hhmm(int32_t seconds, char buf[8])
{
	unsigned s = (unsigned)seconds % 86400;
	snprintf(buf, 8, "%02u%02u", s / 3600 % 24, s / 60 % 60);
	return buf;
}

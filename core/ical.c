/* ical.c: iCalendar export and import (see ical.h). Export gathers the
 * appointments (mo_sched_day, day by day) and the block occurrences
 * (mo_block_busy) of the range into a list, sorts it and builds the
 * VCALENDAR with libical. Import has three steps: a line scanner of our
 * own (nesting, line shapes, date syntax, UTF-8: libical is lenient and
 * gives no line numbers), then libical's parse (its X-LIC-ERRORs refused),
 * then each VEVENT turned into "pieces" (mo_block_new values) before
 * anything is written; the pieces are written in one transaction. It
 * uses practice.h, block.h, sched.h, recur.h, tz.h, units.h, clock.h,
 * config.h (the text fingerprint) and libical, loaded on first use
 * (ical_lib.h). */
#include "ical.h"

#include <libical/ical.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "block.h"
#include "ical_lib.h"
#include "clock.h"
#include "sched.h"
#include "tz.h"
#include "units.h"

#define US 1000000LL
#define DAY_SEC 86400
#define MAX_DEPTH 8     /* BEGIN nesting */
#define MAX_NAME 32     /* a component's name */
#define MAX_BASE 176    /* a block uid without its suffix */

/* Grows *v (items of size) to hold need items; MO_ENOMEM on failure. */
static int oom(mo_err *e)
{
	return mo_err_set(e, MO_ENOMEM, "out of memory");
}

/* ==== export ==== */

typedef struct xevent {
	int64_t start_us, end_us;
	char *uid, *summary, *description, *location, *category; /* owned */
} xevent;

typedef struct exporter {
	mo_practice *p;
	const mo_config *c;
	const char *actor, *provider, *location;
	const char *block_provider; /* whose blocks are being read */
	char domain[96];
	xevent *v;
	size_t n, cap;
	mo_err *e;
} exporter;

/* "NPI.medoffice", else the practice name as a slug. */
static void make_domain(const mo_config *c, char *buf, size_t size)
{
	size_t n = 0;
	bool dash = false;
	if (c->npi) {
		snprintf(buf, size, "%s.medoffice", c->npi);
		return;
	}
	for (const char *s = c->name; *s && n + 12 < size; s++) {
		char ch = *s;
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
			if (dash && n)
				buf[n++] = '-';
			buf[n++] = ch;
			dash = false;
		} else {
			dash = true;
		}
	}
	snprintf(buf + n, size - n, "%s.medoffice", n ? "" : "practice");
}

/* The first character (UTF-8 sequence) of s into out, ASCII capitalized,
 * then ". "; nothing for an empty s. */
static size_t initial(const char *s, char *out)
{
	size_t n = 1;
	while (*s == ' ')
		s++;
	if (!*s)
		return 0;
	while (n < 4 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n++;
	memcpy(out, s, n);
	if (out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 'a' + 'A');
	out[n] = '.';
	return n + 1;
}

/* "Family, Given" -> "G. F." (given name first); "" when unknown. */
static void initials(const char *name, char out[16])
{
	const char *comma = name ? strchr(name, ',') : NULL;
	char family[8] = "";
	size_t n = 0, f;
	out[0] = '\0';
	if (!name)
		return;
	f = initial(name, family);
	if (comma && (n = initial(comma + 1, out)))
		out[n++] = ' ';
	memcpy(out + n, family, f);
	out[n + f] = '\0';
	if (n + f && out[n + f - 1] == ' ')
		out[n + f - 1] = '\0';
}

static int push_event(exporter *x, int64_t start, int64_t end, char *uid,
		      char *summary, char *description, char *location,
		      char *category)
{
	xevent *ev;
	if (!uid || !summary || !description || !category ||
	    mo_grow(&x->v, &x->cap, x->n + 1, sizeof *x->v)) {
		free(uid), free(summary), free(description), free(location);
		free(category);
		return oom(x->e);
	}
	ev = &x->v[x->n++];
	*ev = (xevent){start, end, uid, summary, description, location,
		       category};
	return 0;
}

static const char *staff_name(const mo_config *c, const char *id)
{
	const mo_staff *s = id ? mo_config_staff(c, id) : NULL;
	return s ? s->name : id ? id : "";
}

static const char *location_name(const mo_config *c, const char *id)
{
	const mo_location *l = id ? mo_config_location(c, id) : NULL;
	return l ? l->name : id;
}

static const char *room_name(const mo_config *c, const char *loc,
			     const char *room)
{
	const mo_location *l = loc ? mo_config_location(c, loc) : NULL;
	for (size_t i = 0; l && room && i < l->nrooms; i++)
		if (strcmp(l->rooms[i].id, room) == 0 && l->rooms[i].name)
			return l->rooms[i].name;
	return room ? room : "none";
}

static int add_appt(void *ud, const mo_appt *a)
{
	exporter *x = ud;
	const mo_visit_type *vt = mo_config_visit_type(x->c, a->visit_type);
	const char *loc = location_name(x->c, a->location);
	char ini[16];
	initials(a->patient_name, ini);
	return push_event(x, a->start_us, a->end_us,
		mo_sprintf("appointment-%lld@%s", (long long)a->id, x->domain),
		mo_sprintf("%s%s%s%s", vt ? vt->name : a->visit_type,
			   ini[0] ? " (" : "", ini, ini[0] ? ")" : ""),
		mo_sprintf("Provider: %s\nRoom: %s\nAppointment %lld (%s)",
			   staff_name(x->c, a->provider),
			   room_name(x->c, a->location, a->room),
			   (long long)a->id, a->status),
		loc ? mo_strdup(loc) : NULL, mo_strdup("APPOINTMENT"));
}

static char *upper(const char *s)
{
	char *u = mo_strdup(s);
	for (char *q = u; q && *q; q++)
		if (*q >= 'a' && *q <= 'z')
			*q = (char)(*q - 'a' + 'A');
	return u;
}

static int add_busy(void *ud, const mo_busy *b)
{
	exporter *x = ud;
	const char *loc = location_name(x->c, b->location);
	const char *who = staff_name(x->c, x->block_provider);
	int y, m, d;
	mo_civil_from_days(b->day, &y, &m, &d);
	return push_event(x, b->start_us, b->end_us,
		mo_sprintf("block-%lld-%04d%02d%02d@%s", (long long)b->block,
			   y, m, d, x->domain),
		x->location ? mo_sprintf("%s: %s", who, b->title)
			    : mo_strdup(b->title),
		mo_sprintf("Provider: %s\nBlock %lld (%s)", who,
			   (long long)b->block, b->kind),
		loc ? mo_strdup(loc) : NULL, upper(b->kind));
}

static bool works_at(const mo_provider *pv, const char *location)
{
	for (size_t i = 0; i < pv->navailability; i++)
		if (strcmp(pv->availability[i].location, location) == 0)
			return true;
	return false;
}

static int read_blocks(exporter *x, int32_t from_day, int32_t to_day)
{
	int64_t from, to;
	int rc;
	if ((rc = mo_tz_day_bounds(x->c->timezone, from_day, to_day, &from, &to,
				   x->e)))
		return rc;
	if (x->provider) {
		x->block_provider = x->provider;
		return mo_block_busy(x->p, x->provider, NULL, from, to, add_busy,
				     x, x->e);
	}
	for (size_t i = 0; i < x->c->nproviders && !rc; i++) {
		const mo_provider *pv = &x->c->providers[i];
		if (!works_at(pv, x->location))
			continue;
		x->block_provider = pv->staff;
		rc = mo_block_busy(x->p, pv->staff, x->location, from, to,
				   add_busy, x, x->e);
	}
	return rc;
}

static int by_start(const void *a, const void *b)
{
	const xevent *x = a, *y = b;
	if (x->start_us != y->start_us)
		return x->start_us < y->start_us ? -1 : 1;
	return strcmp(x->uid, y->uid);
}

/* Adds prop to comp; false when it could not be made. */
static bool add_prop(icalcomponent *comp, icalproperty *prop)
{
	if (!prop)
		return false;
	icalcomponent_add_property(comp, prop);
	return true;
}

static struct icaltimetype utc_time(int64_t us)
{
	time_t t = (time_t)(us / US);
	return icaltime_from_timet_with_zone(t, 0,
					     icaltimezone_get_utc_timezone());
}

static icalcomponent *make_vevent(const xevent *v, int64_t now)
{
	icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
	bool ok = ev &&
		add_prop(ev, icalproperty_new_uid(v->uid)) &&
		add_prop(ev, icalproperty_new_dtstamp(utc_time(now))) &&
		add_prop(ev, icalproperty_new_dtstart(utc_time(v->start_us))) &&
		add_prop(ev, icalproperty_new_dtend(utc_time(v->end_us))) &&
		add_prop(ev, icalproperty_new_summary(v->summary)) &&
		add_prop(ev, icalproperty_new_description(v->description)) &&
		(!v->location ||
		 add_prop(ev, icalproperty_new_location(v->location))) &&
		add_prop(ev, icalproperty_new_categories(v->category)) &&
		add_prop(ev, icalproperty_new_status(ICAL_STATUS_CONFIRMED));
	if (!ok && ev) {
		icalcomponent_free(ev);
		ev = NULL;
	}
	return ev;
}

static icalcomponent *make_calendar(void)
{
	icalcomponent *cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
	bool ok = cal &&
		add_prop(cal, icalproperty_new_prodid(MO_ICAL_PRODID)) &&
		add_prop(cal, icalproperty_new_version("2.0")) &&
		add_prop(cal, icalproperty_new_calscale("GREGORIAN")) &&
		add_prop(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
	if (!ok && cal) {
		icalcomponent_free(cal);
		cal = NULL;
	}
	return cal;
}

/* The sorted events as iCalendar text into *text (ours to free). */
static int render(exporter *x, char **text)
{
	icalcomponent *cal = make_calendar(), *ev;
	int64_t now = mo_clock_now_us();
	char *s = NULL;
	int rc = 0;
	if (!cal)
		return oom(x->e);
	if (x->n) /* qsort must not get NULL */
		qsort(x->v, x->n, sizeof *x->v, by_start);
	for (size_t i = 0; i < x->n && !rc; i++) {
		if ((ev = make_vevent(&x->v[i], now)))
			icalcomponent_add_component(cal, ev);
		else
			rc = oom(x->e);
	}
	if (!rc && !(s = icalcomponent_as_ical_string_r(cal)))
		rc = oom(x->e);
	if (!rc && !(*text = mo_strdup(s)))
		rc = oom(x->e);
	icalmemory_free_buffer(s);
	icalcomponent_free(cal);
	return rc;
}

static int export_checks(const exporter *x, int32_t from_day, int32_t to_day)
{
	char a[11], b[11];
	if (!x->provider == !x->location)
		return mo_err_set(x->e, MO_EINVAL, "calendar: export: give a "
				  "provider or a location (one of them)");
	if (x->provider && !mo_config_provider(x->c, x->provider))
		return mo_err_set(x->e, MO_EINVAL, "calendar: export: provider: "
				  "no provider \"%s\" in practice.yaml",
				  x->provider);
	if (x->location && !mo_config_location(x->c, x->location))
		return mo_err_set(x->e, MO_EINVAL, "calendar: export: location: "
				  "no location \"%s\" in practice.yaml",
				  x->location);
	if (to_day < from_day || to_day - from_day >= MO_ICAL_MAX_DAYS)
		return mo_err_set(x->e, MO_EINVAL, "calendar: export: expected "
				  "1 to %d days, got %s to %s",
				  MO_ICAL_MAX_DAYS, mo_date_format(from_day, a),
				  mo_date_format(to_day, b));
	return 0;
}

int mo_ical_export(mo_practice *p, const char *actor, const char *provider,
		   const char *location, int32_t from_day, int32_t to_day,
		   char **text, mo_err *e)
{
	exporter x = {.p = p, .actor = actor, .provider = provider,
		      .location = location, .e = e};
	int rc;
	if (mo_fails_assert(p && text))
		return mo_err_set(e, MO_EINVAL, "calendar: export: no output");
	*text = NULL;
	if ((rc = mo_icallib_load(e)))
		return rc;
	icalerror_set_errors_are_fatal(0); /* never abort() on bad input */
	x.c = mo_practice_config(p);
	make_domain(x.c, x.domain, sizeof x.domain);
	if ((rc = export_checks(&x, from_day, to_day)))
		return rc;
	for (int32_t day = from_day; day <= to_day && !rc; day++)
		rc = mo_sched_day(p, actor, provider, location, day, false,
				  add_appt, &x, e);
	if (!rc && !(rc = read_blocks(&x, from_day, to_day)))
		rc = render(&x, text);
	for (size_t i = 0; i < x.n; i++) {
		xevent *v = &x.v[i];
		free(v->uid), free(v->summary), free(v->description);
		free(v->location), free(v->category);
	}
	free(x.v);
	icalmemory_free_ring();
	return rc;
}

/* ==== import: the line scanner ==== */

typedef struct comp {
	char name[MAX_NAME + 1]; /* upper case */
	int line, end_line;      /* of BEGIN and END */
	size_t offset;           /* of the BEGIN line */
} comp;

typedef struct scan {
	const char *src, *text;
	size_t len;
	comp *c;
	size_t n, cap;
	size_t *vevent; /* the VEVENTs in VCALENDARs, as indices into c */
	size_t nvevent, capv;
	size_t stack[MAX_DEPTH];
	int depth;
	char *buf;      /* the logical (unfolded) line being read */
	size_t blen, bcap;
	int line;       /* its first physical line */
	size_t offset;
	mo_err *e;
} scan;

static int scan_fail(scan *s, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int scan_fail(scan *s, int line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (line)
		return mo_err_set(s->e, MO_EINVAL, "%s:%d: %s", s->src, line, msg);
	return mo_err_set(s->e, MO_EINVAL, "%s: %s", s->src, msg);
}

/* Length of the valid UTF-8 sequence at s (n bytes left); 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	size_t len = s[0] < 0x80 ? 1 : s[0] >= 0xC2 && s[0] <= 0xDF ? 2
		: s[0] >= 0xE0 && s[0] <= 0xEF ? 3
		: s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;
	if (!len || len > n)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	if ((len == 3 && s[0] == 0xE0 && s[1] < 0xA0) ||
	    (len == 3 && s[0] == 0xED && s[1] >= 0xA0) ||
	    (len == 4 && s[0] == 0xF0 && s[1] < 0x90) ||
	    (len == 4 && s[0] == 0xF4 && s[1] >= 0x90))
		return 0;
	return len;
}

static bool valid_utf8(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0, k; i < n; i += k)
		if (!(k = utf8_seq(u + i, n - i)))
			return false;
	return true;
}

static int append(scan *s, const char *p, size_t n)
{
	if (mo_grow(&s->buf, &s->bcap, s->blen + n + 1, 1))
		return oom(s->e);
	memcpy(s->buf + s->blen, p, n);
	s->blen += n;
	s->buf[s->blen] = '\0';
	return 0;
}

/* The first ':' of the line outside double quotes, or NULL. */
static char *value_colon(char *line)
{
	bool quoted = false;
	for (char *q = line; *q; q++) {
		if (*q == '"')
			quoted = !quoted;
		else if (*q == ':' && !quoted)
			return q;
	}
	return NULL;
}

static bool name_is(const char *s, size_t n, const char *name)
{
	return strlen(name) == n && strncasecmp(s, name, n) == 0;
}

static const char *quote(const char *s, char buf[64])
{
	return mo_quote(s, strlen(s), buf, 64);
}

static int scan_begin(scan *s, const char *v)
{
	size_t n = strlen(v);
	char q[64];
	comp *c;
	if (n == 0 || n > MAX_NAME)
		return scan_fail(s, s->line, "BEGIN: expected a component name, "
				 "got %s", quote(v, q));
	if (s->depth == 0 && !name_is(v, n, "VCALENDAR"))
		return scan_fail(s, s->line, "expected BEGIN:VCALENDAR, got "
				 "BEGIN:%s", v);
	if (s->depth == MAX_DEPTH)
		return scan_fail(s, s->line, "components nested more than %d "
				 "deep", MAX_DEPTH);
	if (mo_grow(&s->c, &s->cap, s->n + 1, sizeof *s->c))
		return oom(s->e);
	c = &s->c[s->n];
	for (size_t i = 0; i <= n; i++)
		c->name[i] = (char)(v[i] >= 'a' && v[i] <= 'z' ? v[i] - 32 : v[i]);
	c->line = s->line;
	c->end_line = 0;
	c->offset = s->offset;
	s->stack[s->depth++] = s->n++;
	if (s->depth != 2 || strcmp(c->name, "VEVENT"))
		return 0;
	if (s->nvevent == MO_ICAL_MAX_EVENTS)
		return scan_fail(s, s->line, "more than %d events",
				 MO_ICAL_MAX_EVENTS);
	if (mo_grow(&s->vevent, &s->capv, s->nvevent + 1, sizeof *s->vevent))
		return oom(s->e);
	s->vevent[s->nvevent++] = s->n - 1;
	return 0;
}

static int scan_end(scan *s, const char *v)
{
	comp *top;
	if (s->depth == 0)
		return scan_fail(s, s->line, "END:%s without its BEGIN", v);
	top = &s->c[s->stack[s->depth - 1]];
	if (strcasecmp(top->name, v) != 0)
		return scan_fail(s, s->line, "END:%s, but BEGIN:%s of line %d is "
				 "still open (END:%s missing?)", v, top->name,
				 top->line, top->name);
	top->end_line = s->line;
	s->depth--;
	return 0;
}

static int days_in_month(int y, int m)
{
	return (int)(mo_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1,
					1) - mo_days_from_civil(y, m, 1));
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int num(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* YYYYMMDD or YYYYMMDDTHHMMSS[Z], a real date and time. */
static bool date_item(const char *v, size_t n)
{
	int m, d;
	if (n != 8 && n != 15 && !(n == 16 && v[15] == 'Z'))
		return false;
	if (!digits(v, 8) || (n > 8 && (v[8] != 'T' || !digits(v + 9, 6))))
		return false;
	m = num(v + 4, 2);
	d = num(v + 6, 2);
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(num(v, 4), m))
		return false;
	return n == 8 || (num(v + 9, 2) <= 23 && num(v + 11, 2) <= 59 &&
			  num(v + 13, 2) <= 59);
}

static int scan_dates(scan *s, const char *name, size_t nlen, const char *v)
{
	char q[64];
	for (const char *item = v;; item++) {
		size_t n = strcspn(item, ",");
		if (!date_item(item, n))
			return scan_fail(s, s->line, "%.*s: expected a date "
					 "(YYYYMMDD) or a date and time "
					 "(YYYYMMDDTHHMMSS, with Z for UTC), "
					 "got %s", (int)nlen, name,
					 mo_quote(item, n, q, sizeof q));
		item += n;
		if (!*item)
			return 0;
	}
}

/* A UTC offset of a VTIMEZONE: [+-]HHMM[SS] (libical reads "plus one"
 * as +0000 without a word). */
static int scan_offset(scan *s, const char *name, size_t nlen, const char *v)
{
	size_t n = strlen(v);
	char q[64];
	if ((n == 5 || n == 7) && (v[0] == '+' || v[0] == '-') &&
	    digits(v + 1, n - 1) && num(v + 1, 2) <= 23 && num(v + 3, 2) <= 59 &&
	    (n == 5 || num(v + 5, 2) <= 59))
		return 0;
	return scan_fail(s, s->line, "%.*s: expected a UTC offset such as "
			 "+0100 or -0500, got %s", (int)nlen, name,
			 quote(v, q));
}

static bool date_prop(const char *s, size_t n)
{
	return name_is(s, n, "DTSTART") || name_is(s, n, "DTEND") ||
	       name_is(s, n, "RECURRENCE-ID") || name_is(s, n, "EXDATE");
}

/* One logical line, in s->buf. */
static int scan_logical(scan *s)
{
	char *line = s->buf, *colon = value_colon(line), q[64];
	size_t nlen = strcspn(line, ";:");
	if (!valid_utf8(line, s->blen))
		return scan_fail(s, s->line, "not UTF-8 text");
	if (!colon || nlen == 0)
		return scan_fail(s, s->line, "expected NAME:VALUE, got %s%s",
				 quote(line, q), s->n ? "" : " (not an iCalendar "
				 "file?)");
	for (char *t = colon + strlen(colon); t > colon + 1 && t[-1] == ' ';)
		*--t = '\0';
	if (name_is(line, nlen, "BEGIN"))
		return scan_begin(s, colon + 1);
	if (name_is(line, nlen, "END"))
		return scan_end(s, colon + 1);
	if (s->depth == 0)
		return scan_fail(s, s->line, "expected BEGIN:VCALENDAR, got %s%s",
				 quote(line, q), s->n ? "" : " (not an "
				 "iCalendar file?)");
	if (date_prop(line, nlen))
		return scan_dates(s, line, nlen, colon + 1);
	if (name_is(line, nlen, "TZOFFSETFROM") ||
	    name_is(line, nlen, "TZOFFSETTO"))
		return scan_offset(s, line, nlen, colon + 1);
	return 0;
}

static int scan_flush(scan *s)
{
	int rc = s->blen ? scan_logical(s) : 0;
	s->blen = 0;
	return rc;
}

/* One physical line [p, p + n) (without its end), number line. */
static int scan_physical(scan *s, size_t at, size_t n, int line)
{
	const char *p = s->text + at;
	int rc;
	if (memchr(p, '\0', n))
		return scan_fail(s, line, "a NUL byte: not a text file");
	if (n && (p[0] == ' ' || p[0] == '\t') && s->blen)
		return append(s, p + 1, n - 1);
	if ((rc = scan_flush(s)) || n == 0)
		return rc;
	s->line = line;
	s->offset = at;
	return append(s, p, n);
}

static int scan_end_checks(scan *s)
{
	if (s->depth) {
		const comp *c = &s->c[s->stack[s->depth - 1]];
		return scan_fail(s, c->line, "BEGIN:%s is never closed (END:%s "
				 "missing; is the file cut short?)", c->name,
				 c->name);
	}
	if (s->n == 0)
		return scan_fail(s, 0, "no BEGIN:VCALENDAR: not an iCalendar "
				 "file");
	if (s->nvevent == 0)
		return scan_fail(s, 0, "no VEVENT in the calendar: nothing to "
				 "import");
	return 0;
}

static int scan_text(scan *s)
{
	size_t at = 0;
	int line = 0, rc = 0;
	while (at < s->len && !rc) {
		const char *nl = memchr(s->text + at, '\n', s->len - at);
		size_t end = nl ? (size_t)(nl - s->text) : s->len, n = end - at;
		if (n && s->text[end - 1] == '\r')
			n--;
		rc = scan_physical(s, at, n, ++line);
		at = end + 1;
	}
	if (!rc)
		rc = scan_flush(s);
	return rc ? rc : scan_end_checks(s);
}

/* The line of property name in component ci (its own lines, not those of
 * components inside it); the component's line when not found. */
static int prop_line(const scan *s, size_t ci, const char *name)
{
	const comp *c = &s->c[ci];
	size_t at = c->offset, n = strlen(name);
	int line = c->line, depth = 0;
	while (at < s->len && line <= c->end_line) {
		const char *p = s->text + at, *nl = memchr(p, '\n', s->len - at);
		size_t len = nl ? (size_t)(nl - p) : s->len - at;
		if (len > 6 && strncasecmp(p, "BEGIN:", 6) == 0)
			depth++;
		else if (len > 4 && strncasecmp(p, "END:", 4) == 0)
			depth--;
		else if (depth == 1 && len > n && strncasecmp(p, name, n) == 0 &&
			 (p[n] == ':' || p[n] == ';'))
			return line;
		at += len + 1;
		line++;
	}
	return c->line;
}

/* ==== import: events into pieces ==== */

typedef enum { Z_DATE, Z_FLOATING, Z_UTC, Z_VTZ, Z_IANA } zkind;

/* How a date or date-time value is read. */
typedef struct tzref {
	zkind k;
	icaltimezone *vtz; /* Z_VTZ: the file's VTIMEZONE */
	const char *iana;  /* Z_IANA: the TZID */
} tzref;

typedef struct ev {
	icalcomponent *c, *cal;
	size_t comp;          /* index into the scanner's components */
	const char *uid;      /* UID, or NULL */
	char *base;           /* the block uid without suffix; owned */
	char *title;          /* owned */
	const char *kind;     /* static */
	bool has_rid, cancelled;
	char rid_text[24];    /* "20261201T140000Z" */
	bool rid_date;
	int32_t rid_day;      /* date of the RECURRENCE-ID */
	int64_t rid_us;       /* its instant (date-time) */
} ev;

/* A block to write. */
typedef struct piece {
	char *uid;            /* owned */
	size_t ev;
	int32_t start_sec, end_sec;
	mo_recur rule;
	int32_t *except;      /* owned; rule.except points here */
} piece;

typedef struct importer {
	mo_practice *p;
	const char *actor, *provider, *zone, *src;
	scan s;
	icalcomponent *root;
	ev *v;
	size_t nv;
	size_t *order;        /* the events sorted by UID, then RECURRENCE-ID */
	piece *pc;
	size_t npc, cappc;
	char **uids;          /* current blocks with our prefix, sorted */
	size_t nuids, capuids;
	size_t added, unchanged, updated;
	mo_err *e;
} importer;

static int ev_fail(importer *im, size_t i, const char *prop, const char *fmt,
		   ...) __attribute__((format(printf, 4, 5)));

/* "SRC:LINE: event "UID": message", the line of prop (NULL: of the
 * event). */
static int ev_fail(importer *im, size_t i, const char *prop, const char *fmt,
		   ...)
{
	const ev *v = &im->v[i];
	char msg[1024], q[64];
	int line = prop ? prop_line(&im->s, v->comp, prop)
			: im->s.c[v->comp].line;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return mo_err_set(im->e, MO_EINVAL, "%s:%d: event %s: %s", im->src,
			  line, v->uid ? quote(v->uid, q) : "(without UID)",
			  msg);
}

static int32_t civil_day(struct icaltimetype t)
{
	return mo_days_from_civil(t.year, t.month, t.day);
}

static int32_t day_sec(struct icaltimetype t)
{
	return t.hour * 3600 + t.minute * 60 + t.second;
}

/* "YYYYMMDD" or "YYYYMMDDTHHMMSS[Z]" of t. */
static void time_text(struct icaltimetype t, char out[24])
{
	if (t.is_date)
		snprintf(out, 24, "%04d%02d%02d", t.year % 10000, t.month % 100,
			 t.day % 100);
	else
		snprintf(out, 24, "%04d%02d%02dT%02d%02d%02d%s", t.year % 10000,
			 t.month % 100, t.day % 100, t.hour % 100,
			 t.minute % 100, t.second % 100,
			 icaltime_is_utc(t) ? "Z" : "");
}

static int resolve_zone(importer *im, size_t i, icalproperty *prop,
			struct icaltimetype t, tzref *z)
{
	icalparameter *tp = icalproperty_get_first_parameter(prop,
							     ICAL_TZID_PARAMETER);
	const char *tzid = tp ? icalparameter_get_tzid(tp) : NULL;
	*z = (tzref){Z_FLOATING, NULL, NULL};
	if (t.is_date || icaltime_is_utc(t) || !tzid) {
		z->k = t.is_date ? Z_DATE : icaltime_is_utc(t) ? Z_UTC
							  : Z_FLOATING;
		return 0;
	}
	if ((z->vtz = icalcomponent_get_timezone(im->v[i].cal, tzid))) {
		z->k = Z_VTZ;
		return 0;
	}
	if (mo_tz_check(tzid, NULL) == 0) {
		*z = (tzref){Z_IANA, NULL, tzid};
		return 0;
	}
	return ev_fail(im, i, icalproperty_get_property_name(prop), "TZID "
		       "\"%s\" has no VTIMEZONE in the file and is not a time "
		       "zone name", tzid);
}

/* The UTC instant of the date-time t read as z. */
static int time_us(importer *im, const tzref *z, struct icaltimetype t,
		   int64_t *us)
{
	int32_t day = civil_day(t), sec = day_sec(t);
	if (z->k == Z_VTZ) {
		t.is_date = 0;
		*us = (int64_t)icaltime_as_timet_with_zone(t, z->vtz) * US;
		return 0;
	}
	if (z->k == Z_IANA || z->k == Z_FLOATING)
		return mo_tz_to_utc(z->k == Z_IANA ? z->iana : im->zone, day, sec,
				    MO_TZ_SHIFT, us, im->e);
	*us = ((int64_t)day * DAY_SEC + sec) * US;
	return 0;
}

/* An event that makes no block (cancelled, zero-length, every
 * occurrence excluded) counts as unchanged. */
static int skipped(importer *im)
{
	im->unchanged++;
	return 0;
}

static int local(importer *im, int64_t us, int32_t *day, int32_t *sec)
{
	return mo_tz_from_utc(im->zone, us, day, sec, im->e);
}

/* ---- titles and kinds ---- */

static const struct {
	const char *word, *kind;
} SYNONYMS[] = {
	{"holiday", "vacation"}, {"out of office", "vacation"},
	{"rounds", "hospital"}, {"lecture", "speaking"}, {"talk", "speaking"},
	{"presentation", "speaking"}, {"course", "training"},
	{"cme", "training"}, {NULL, NULL},
};

static const char *kind_of(const char *category)
{
	char w[40];
	size_t n;
	while (*category == ' ')
		category++;
	n = strlen(category);
	while (n && category[n - 1] == ' ')
		n--;
	if (n >= sizeof w)
		return NULL;
	memcpy(w, category, n);
	w[n] = '\0';
	for (int i = 0; mo_block_kinds[i]; i++)
		if (strcasecmp(w, mo_block_kinds[i]) == 0)
			return mo_block_kinds[i];
	for (int i = 0; SYNONYMS[i].word; i++)
		if (strcasecmp(w, SYNONYMS[i].word) == 0)
			return SYNONYMS[i].kind;
	return NULL;
}

static const char *event_kind(icalcomponent *c)
{
	icalproperty *p;
	const char *k;
	for (p = icalcomponent_get_first_property(c, ICAL_CATEGORIES_PROPERTY);
	     p; p = icalcomponent_get_next_property(c, ICAL_CATEGORIES_PROPERTY))
		if (icalproperty_get_categories(p) &&
		    (k = kind_of(icalproperty_get_categories(p))))
			return k;
	return "meeting";
}

/* SUMMARY with control characters as spaces, trimmed, at most 200
 * characters; "Busy" when empty. Caller frees. */
static char *event_title(icalcomponent *c)
{
	const char *s = icalcomponent_get_summary(c);
	size_t chars = 0, n = 0;
	char *t;
	while (s && *s && (unsigned char)*s <= ' ')
		s++;
	if (!s || !*s)
		return mo_strdup("Busy");
	if (!(t = mo_strdup(s)))
		return NULL;
	for (; t[n] && chars < 200; n++) {
		if ((unsigned char)t[n] < 0x20 || t[n] == 0x7f)
			t[n] = ' ';
		chars += ((unsigned char)t[n] & 0xC0) != 0x80;
	}
	while (t[n] && ((unsigned char)t[n] & 0xC0) == 0x80)
		n++; /* finish the last character */
	while (n && t[n - 1] == ' ')
		n--;
	t[n] = '\0';
	return t;
}

/* ---- the events of the file ---- */

static bool plain_uid(const char *uid)
{
	for (const unsigned char *u = (const unsigned char *)uid; *u; u++)
		if (*u < 0x20 || *u == 0x7f)
			return false;
	return *uid != '\0';
}

/* "ical:PROVIDER:UID", or the UID's (or the event's) fingerprint. */
static int make_base(importer *im, ev *v)
{
	char fp[65], *text = NULL;
	const char *key = v->uid;
	size_t room = MAX_BASE - strlen("ical::") - strlen(im->provider);
	if (!key || !plain_uid(key) || strlen(key) > room) {
		if (!key && !(text = icalcomponent_as_ical_string_r(v->c)))
			return oom(im->e);
		key = text ? text : v->uid;
		mo_config_text_hash(key, strlen(key), fp);
		key = fp;
	}
	v->base = mo_sprintf("ical:%s:%s", im->provider, key);
	icalmemory_free_buffer(text);
	return v->base ? 0 : oom(im->e);
}

static int read_rid(importer *im, size_t i)
{
	ev *v = &im->v[i];
	icalproperty *p = icalcomponent_get_first_property(
		v->c, ICAL_RECURRENCEID_PROPERTY);
	struct icaltimetype t;
	icalparameter *range;
	tzref z;
	int rc;
	if (!(v->has_rid = p != NULL))
		return 0;
	range = icalproperty_get_first_parameter(p, ICAL_RANGE_PARAMETER);
	if (range)
		return ev_fail(im, i, "RECURRENCE-ID", "RANGE=THISANDFUTURE is "
			       "not supported: give the changed events "
			       "separately");
	t = icalproperty_get_recurrenceid(p);
	time_text(t, v->rid_text);
	v->rid_date = t.is_date;
	v->rid_day = civil_day(t);
	if ((rc = resolve_zone(im, i, p, t, &z)))
		return rc;
	return t.is_date ? 0 : time_us(im, &z, t, &v->rid_us);
}

static int read_event(importer *im, size_t i, icalcomponent *c,
		      icalcomponent *cal)
{
	ev *v = &im->v[i];
	int rc;
	memset(v, 0, sizeof *v);
	v->c = c;
	v->cal = cal;
	v->comp = im->s.vevent[i];
	v->uid = icalcomponent_get_uid(c);
	v->cancelled = icalcomponent_get_status(c) == ICAL_STATUS_CANCELLED;
	v->kind = event_kind(c);
	if (!(v->title = event_title(c)))
		return oom(im->e);
	if ((rc = read_rid(im, i)))
		return rc;
	return make_base(im, v);
}

/* The VCALENDARs of the parse: the root, or the children of an XROOT. */
static icalcomponent *next_calendar(icalcomponent *root, icalcomponent *cal)
{
	if (icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT)
		return cal ? NULL : root;
	return cal ? icalcomponent_get_next_component(root,
						     ICAL_VCALENDAR_COMPONENT)
		   : icalcomponent_get_first_component(root,
						       ICAL_VCALENDAR_COMPONENT);
}

static int read_events(importer *im)
{
	icalcomponent *cal = NULL, *c;
	size_t i = 0;
	int rc = 0;
	if (!(im->v = calloc(im->s.nvevent, sizeof *im->v)))
		return oom(im->e);
	im->nv = im->s.nvevent; /* zeroed: freed whatever happens */
	while (!rc && (cal = next_calendar(im->root, cal)))
		for (c = icalcomponent_get_first_component(cal,
							   ICAL_VEVENT_COMPONENT);
		     c && !rc && i < im->s.nvevent;
		     c = icalcomponent_get_next_component(cal,
							  ICAL_VEVENT_COMPONENT))
			rc = read_event(im, i++, c, cal);
	if (!rc && mo_fails_assert(i == im->s.nvevent))
		rc = mo_err_set(im->e, MO_EINVAL, "%s: libical read %zu events "
				"where the file has %zu", im->src, i,
				im->s.nvevent);
	return rc;
}

/* ---- libical's own complaints ---- */

typedef struct walk {
	importer *im;
	size_t seen[64]; /* components met so far, by kind */
} walk;

/* The index of the ordinal-th component called name, or SIZE_MAX. */
static size_t comp_index(const scan *s, const char *name, size_t ordinal)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->c[i].name, name) == 0 && ordinal-- == 0)
			return i;
	return SIZE_MAX;
}

/* The property an X-LIC-ERROR text names ("... in RRULE property"). */
static void named_prop(const char *msg, char out[32])
{
	const char *p = strstr(msg, " property"), *w;
	out[0] = '\0';
	if (!p)
		return;
	for (w = p; w > msg && w[-1] != ' '; w--)
		;
	if (p - w > 0 && p - w < 32)
		snprintf(out, 32, "%.*s", (int)(p - w), w);
}

static int lic_error(walk *w, size_t ci, const char *msg)
{
	const scan *s = &w->im->s;
	char prop[32];
	int line = 0;
	named_prop(msg, prop);
	if (ci != SIZE_MAX)
		line = prop[0] ? prop_line(s, ci, prop) : s->c[ci].line;
	if (line)
		return mo_err_set(w->im->e, MO_EINVAL, "%s:%d: %s", s->src, line,
				  msg);
	return mo_err_set(w->im->e, MO_EINVAL, "%s: %s", s->src, msg);
}

static int walk_errors(walk *w, icalcomponent *c)
{
	icalcomponent_kind k = icalcomponent_isa(c);
	size_t ci = SIZE_MAX;
	icalproperty *p;
	icalcomponent *k2;
	int rc = 0;
	if (k != ICAL_XROOT_COMPONENT && (size_t)k < 64)
		ci = comp_index(&w->im->s, icalcomponent_kind_to_string(k),
				w->seen[k]++);
	p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY);
	if (p)
		return lic_error(w, ci, icalproperty_get_xlicerror(p));
	for (k2 = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT);
	     k2 && !rc;
	     k2 = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
		rc = walk_errors(w, k2);
	return rc;
}

/* Walks only when there is an error somewhere (the walk's component
 * lookup is linear). */
static bool has_errors(icalcomponent *c)
{
	icalcomponent *k;
	if (icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY))
		return true;
	for (k = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); k;
	     k = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
		if (has_errors(k))
			return true;
	return false;
}

static int check_libical(importer *im)
{
	walk w = {.im = im};
	if (!has_errors(im->root))
		return 0;
	return walk_errors(&w, im->root);
}

/* ---- pieces ---- */

static int add_piece(importer *im, size_t i, const char *suffix,
		     int32_t start, int32_t end, const mo_recur *rule,
		     int32_t *except)
{
	piece *pc;
	if (im->npc == MO_ICAL_MAX_BLOCKS) {
		free(except);
		return ev_fail(im, i, NULL, "the file makes more than %d blocks",
			       MO_ICAL_MAX_BLOCKS);
	}
	if (mo_grow(&im->pc, &im->cappc, im->npc + 1, sizeof *im->pc)) {
		free(except);
		return oom(im->e);
	}
	pc = &im->pc[im->npc];
	*pc = (piece){mo_sprintf("%s%s", im->v[i].base, suffix), i, start, end,
		      *rule, except};
	pc->rule.except = except;
	im->npc++;
	return pc->uid ? 0 : oom(im->e);
}

static mo_recur once(int32_t day)
{
	return (mo_recur){MO_RECUR_ONCE, 1, 0, day, 0, 0, NULL, 0};
}

static mo_recur daily(int32_t day, int32_t n)
{
	if (n == 1)
		return once(day);
	return (mo_recur){MO_RECUR_DAILY, 1, 0, day, 0, n, NULL, 0};
}

/* The local span [d0 s0, d1 s1) as up to three pieces: the first day to
 * midnight, the whole days, the last day from midnight. */
static int split(importer *im, size_t i, const char *suffix, int32_t d0,
		 int32_t s0, int32_t d1, int32_t s1)
{
	int32_t full_from = s0 ? d0 + 1 : d0, full_to = d1 - 1;
	int n = (s0 > 0) + (full_to >= full_from) + (s1 > 0), rc = 0;
	mo_recur r;
	char sfx[48];
	if (d1 == d0)
		return (r = once(d0)), add_piece(im, i, suffix, s0, s1, &r, NULL);
	if (s0 > 0) {
		snprintf(sfx, sizeof sfx, "%s%s", suffix, n > 1 ? "/start" : "");
		r = once(d0);
		rc = add_piece(im, i, sfx, s0, DAY_SEC, &r, NULL);
	}
	if (!rc && full_to >= full_from) {
		snprintf(sfx, sizeof sfx, "%s%s", suffix, n > 1 ? "/days" : "");
		r = daily(full_from, full_to - full_from + 1);
		rc = add_piece(im, i, sfx, 0, DAY_SEC, &r, NULL);
	}
	if (!rc && s1 > 0) {
		snprintf(sfx, sizeof sfx, "%s%s", suffix, n > 1 ? "/end" : "");
		r = once(d1);
		rc = add_piece(im, i, sfx, 0, s1, &r, NULL);
	}
	return rc;
}

/* An event's start and length. */
typedef struct times {
	struct icaltimetype start;
	tzref z;
	int32_t ndays;   /* all-day events: days */
	int64_t dur_us;  /* timed events: length */
	int64_t start_us;
} times;

static int read_end_date(importer *im, size_t i, times *t,
			 icalproperty *end, icalproperty *dur)
{
	if (end) {
		struct icaltimetype et = icalproperty_get_dtend(end);
		if (!et.is_date)
			return ev_fail(im, i, "DTEND", "expected a date like "
				       "DTSTART's");
		t->ndays = civil_day(et) - civil_day(t->start);
	} else if (dur) {
		int secs = icaldurationtype_as_int(icalproperty_get_duration(dur));
		if (secs % DAY_SEC)
			return ev_fail(im, i, "DURATION", "expected whole days "
				       "for an all-day event");
		t->ndays = secs / DAY_SEC;
	} else {
		t->ndays = 1;
	}
	if (t->ndays < 0)
		return ev_fail(im, i, end ? "DTEND" : "DURATION", "the event "
			       "ends before it starts");
	if (t->ndays > MO_ICAL_MAX_DAYS)
		return ev_fail(im, i, NULL, "longer than %d days",
			       MO_ICAL_MAX_DAYS);
	return 0;
}

static int read_end_time(importer *im, size_t i, times *t,
			 icalproperty *end, icalproperty *dur)
{
	int64_t end_us;
	tzref z;
	int rc;
	if ((rc = time_us(im, &t->z, t->start, &t->start_us)))
		return rc;
	if (end) {
		struct icaltimetype et = icalproperty_get_dtend(end);
		if (et.is_date)
			return ev_fail(im, i, "DTEND", "expected a date and time "
				       "like DTSTART's");
		if ((rc = resolve_zone(im, i, end, et, &z)) ||
		    (rc = time_us(im, &z, et, &end_us)))
			return rc;
		t->dur_us = end_us - t->start_us;
	} else if (dur) {
		t->dur_us = (int64_t)icaldurationtype_as_int(
				    icalproperty_get_duration(dur)) * US;
	}
	if (t->dur_us < 0)
		return ev_fail(im, i, end ? "DTEND" : "DURATION", "the event "
			       "ends before it starts");
	if (t->dur_us > (int64_t)MO_ICAL_MAX_DAYS * DAY_SEC * US)
		return ev_fail(im, i, NULL, "longer than %d days",
			       MO_ICAL_MAX_DAYS);
	return 0;
}

static int read_times(importer *im, size_t i, times *t)
{
	icalcomponent *c = im->v[i].c;
	icalproperty *start = icalcomponent_get_first_property(
		c, ICAL_DTSTART_PROPERTY);
	icalproperty *end = icalcomponent_get_first_property(
		c, ICAL_DTEND_PROPERTY);
	icalproperty *dur = icalcomponent_get_first_property(
		c, ICAL_DURATION_PROPERTY);
	int rc;
	memset(t, 0, sizeof *t);
	if (!start)
		return ev_fail(im, i, NULL, "DTSTART is missing");
	if (end && dur)
		return ev_fail(im, i, "DURATION", "has both DTEND and DURATION");
	t->start = icalproperty_get_dtstart(start);
	if (t->start.year < 1970 || t->start.year > 2999)
		return ev_fail(im, i, "DTSTART", "expected a year from 1970 to "
			       "2999, got %d", t->start.year);
	if ((rc = resolve_zone(im, i, start, t->start, &t->z)))
		return rc;
	return t->start.is_date ? read_end_date(im, i, t, end, dur)
				: read_end_time(im, i, t, end, dur);
}

/* A single (not recurring) event, or one moved instance. */
static int single(importer *im, size_t i, const times *t, const char *suffix)
{
	int32_t d0, s0, d1, s1;
	int rc;
	if (t->start.is_date) {
		mo_recur r = daily(civil_day(t->start), t->ndays);
		if (t->ndays == 0)
			return skipped(im);
		return add_piece(im, i, suffix, 0, DAY_SEC, &r, NULL);
	}
	if (t->dur_us == 0)
		return skipped(im);
	if ((rc = local(im, t->start_us, &d0, &s0)) ||
	    (rc = local(im, t->start_us + t->dur_us, &d1, &s1)))
		return rc;
	if (d1 == d0 && s1 <= s0) /* in a fall-back overlap */
		s1 = (int32_t)(s0 + t->dur_us / US > DAY_SEC ? DAY_SEC
			       : s0 + t->dur_us / US);
	return split(im, i, suffix, d0, s0, d1, s1);
}

/* ---- recurring events ---- */

typedef struct occ {
	int32_t day, start, end; /* practice-local */
	int32_t edate;           /* the date in the event's own terms */
	int64_t us;              /* the start (timed events) */
	bool excluded;
	char id[24];
} occ;

typedef struct occs {
	occ *o;
	size_t n, cap;
} occs;

static bool weekly_days(const struct icalrecurrencetype *r, unsigned *bits)
{
	*bits = 0;
	for (int k = 0; k < ICAL_BY_DAY_SIZE &&
	     r->by_day[k] != ICAL_RECURRENCE_ARRAY_MAX; k++) {
		int dow = (int)icalrecurrencetype_day_day_of_week(r->by_day[k]);
		if (icalrecurrencetype_day_position(r->by_day[k]) != 0)
			return false;
		*bits |= 1u << ((dow + 5) % 7); /* Sunday 1 -> bit 6 */
	}
	return true;
}

static bool set(const short *v)
{
	return v[0] != ICAL_RECURRENCE_ARRAY_MAX;
}

/* The parts of an RRULE a block rule cannot express; NULL when none. */
static const char *unsupported(const struct icalrecurrencetype *r)
{
	unsigned bits;
	if (set(r->by_second) || set(r->by_minute) || set(r->by_hour))
		return "BYSECOND, BYMINUTE and BYHOUR are";
	if (set(r->by_year_day) || set(r->by_week_no) || set(r->by_month))
		return "BYYEARDAY, BYWEEKNO and BYMONTH are";
	if (set(r->by_set_pos))
		return "BYSETPOS is";
	if (r->rscale)
		return "RSCALE is";
	if (r->freq == ICAL_DAILY_RECURRENCE &&
	    (set(r->by_day) || set(r->by_month_day)))
		return "BYDAY and BYMONTHDAY with FREQ=DAILY are";
	if (r->freq == ICAL_WEEKLY_RECURRENCE &&
	    (set(r->by_month_day) || !weekly_days(r, &bits)))
		return "BYMONTHDAY and numbered BYDAY with FREQ=WEEKLY are";
	if (r->freq == ICAL_MONTHLY_RECURRENCE &&
	    ((set(r->by_day) && set(r->by_month_day)) || r->by_day[1] !=
	     ICAL_RECURRENCE_ARRAY_MAX || r->by_month_day[1] !=
	     ICAL_RECURRENCE_ARRAY_MAX))
		return "more than one BYDAY or BYMONTHDAY with FREQ=MONTHLY is";
	if (r->freq == ICAL_MONTHLY_RECURRENCE && set(r->by_day) &&
	    icalrecurrencetype_day_position(r->by_day[0]) == 0)
		return "BYDAY without a number (\"every Tuesday\") with "
		       "FREQ=MONTHLY is";
	return NULL;
}

static int check_rrule(importer *im, size_t i,
		       const struct icalrecurrencetype *r)
{
	const char *why;
	if (r->freq != ICAL_DAILY_RECURRENCE &&
	    r->freq != ICAL_WEEKLY_RECURRENCE &&
	    r->freq != ICAL_MONTHLY_RECURRENCE)
		return ev_fail(im, i, "RRULE", "FREQ=%s is not supported "
			       "(DAILY, WEEKLY or MONTHLY)",
			       icalrecur_freq_to_string(r->freq));
	if (r->count == 0 && icaltime_is_null_time(r->until))
		return ev_fail(im, i, "RRULE", "the rule never ends: give UNTIL "
			       "or COUNT");
	if ((why = unsupported(r)))
		return ev_fail(im, i, "RRULE", "%s not supported", why);
	return 0;
}

/* An EXDATE or a moved instance's RECURRENCE-ID. */
typedef struct exclusion {
	bool date;
	int32_t day;
	int64_t us;
} exclusion;

typedef struct exclusions {
	exclusion *v;
	size_t n, cap;
} exclusions;

static int push_exclusion(importer *im, exclusions *x, exclusion v)
{
	if (mo_grow(&x->v, &x->cap, x->n + 1, sizeof *x->v))
		return oom(im->e);
	x->v[x->n++] = v;
	return 0;
}

static int read_exdates(importer *im, size_t i, exclusions *x)
{
	icalcomponent *c = im->v[i].c;
	icalproperty *p;
	int rc = 0;
	for (p = icalcomponent_get_first_property(c, ICAL_EXDATE_PROPERTY);
	     p && !rc; p = icalcomponent_get_next_property(c,
							     ICAL_EXDATE_PROPERTY)) {
		struct icaltimetype t = icalproperty_get_exdate(p);
		exclusion v = {t.is_date, civil_day(t), 0};
		tzref z;
		if (!t.is_date && ((rc = resolve_zone(im, i, p, t, &z)) ||
				   (rc = time_us(im, &z, t, &v.us))))
			break;
		rc = push_exclusion(im, x, v);
	}
	return rc;
}

/* The RECURRENCE-IDs of the event's moved instances (events with the
 * same UID, next to it in im->order from position at). */
static int read_moved(importer *im, size_t at, exclusions *x)
{
	const ev *m = &im->v[im->order[at]];
	int rc = 0;
	if (!m->uid)
		return 0;
	for (size_t k = at + 1; k < im->nv && !rc; k++) {
		const ev *v = &im->v[im->order[k]];
		if (!v->has_rid || !v->uid || strcmp(v->uid, m->uid))
			break;
		rc = push_exclusion(im, x, (exclusion){v->rid_date, v->rid_day,
						       v->rid_us});
	}
	return rc;
}

static bool excluded(const exclusions *x, const occ *o, bool date_event)
{
	for (size_t k = 0; k < x->n; k++) {
		const exclusion *v = &x->v[k];
		if ((v->date || date_event) ? v->day == o->edate : v->us == o->us)
			return true;
	}
	return false;
}

/* Fills o from the occurrence t of event i. */
static int make_occ(importer *im, size_t i, const times *t,
		    struct icaltimetype ot, occ *o)
{
	int32_t d1, s1;
	int rc;
	memset(o, 0, sizeof *o);
	o->edate = civil_day(ot);
	time_text(ot, o->id);
	if (t->start.is_date) { /* dates are the practice's days */
		o->day = o->edate;
		o->end = DAY_SEC;
		return 0;
	}
	if ((rc = time_us(im, &t->z, ot, &o->us)) ||
	    (rc = local(im, o->us, &o->day, &o->start)) ||
	    (rc = local(im, o->us + t->dur_us, &d1, &s1)))
		return rc;
	if (d1 == o->day)
		o->end = s1 > o->start ? s1 : o->start + (int32_t)(t->dur_us / US);
	else if (d1 == o->day + 1 && s1 == 0)
		o->end = DAY_SEC;
	else
		return ev_fail(im, i, "DTSTART", "each occurrence must end on its "
			       "local day (the one of %s does not)", o->id);
	if (o->end > DAY_SEC)
		o->end = DAY_SEC;
	return 0;
}

static int expand(importer *im, size_t i, const times *t,
		  struct icalrecurrencetype r, occs *os)
{
	icalrecur_iterator *it = icalrecur_iterator_new(r, t->start);
	struct icaltimetype ot;
	int rc = 0;
	if (!it)
		return ev_fail(im, i, "RRULE", "libical cannot expand the rule");
	while (!rc && !icaltime_is_null_time(ot = icalrecur_iterator_next(it))) {
		if (os->n == MO_RECUR_MAX_COUNT) {
			rc = ev_fail(im, i, "RRULE", "more than %d occurrences",
				     MO_RECUR_MAX_COUNT);
			break;
		}
		if (mo_grow(&os->o, &os->cap, os->n + 1, sizeof *os->o))
			rc = oom(im->e);
		else
			rc = make_occ(im, i, t, ot, &os->o[os->n++]);
	}
	icalrecur_iterator_free(it);
	if (!rc && os->n && os->o[os->n - 1].day - os->o[0].day >
	    MO_RECUR_MAX_YEARS * 366)
		rc = ev_fail(im, i, "RRULE", "the occurrences span more than %d "
			     "years", MO_RECUR_MAX_YEARS);
	return rc;
}

/* The block rule an RRULE would be (in practice days), to be verified. */
static mo_recur candidate(const struct icalrecurrencetype *r, const occs *os)
{
	const occ *first = &os->o[0];
	int offset = first->day - first->edate;
	mo_recur m = {MO_RECUR_DAILY, r->interval, 0, first->day, 0, r->count,
		      NULL, 0};
	unsigned bits = 0;
	if (!r->count)
		m.until_day = os->o[os->n - 1].day;
	if (r->freq == ICAL_WEEKLY_RECURRENCE) {
		m.freq = MO_RECUR_WEEKLY;
		weekly_days(r, &bits);
		for (int d = 0; d < 7; d++)
			if (bits & (1u << d))
				m.weekdays |= 1u << (((d + offset) % 7 + 7) % 7);
	} else if (r->freq == ICAL_MONTHLY_RECURRENCE) {
		m.freq = set(r->by_day) ? MO_RECUR_MONTHLY_WEEKDAY
					: MO_RECUR_MONTHLY_DAY;
	}
	return m;
}

typedef struct cmp_run {
	const occs *os;
	size_t k;
	bool same;
} cmp_run;

static int compare_day(void *ud, int32_t day)
{
	cmp_run *c = ud;
	if (c->k >= c->os->n || c->os->o[c->k].day != day) {
		c->same = false;
		return 1;
	}
	c->k++;
	return 0;
}

/* Whether rule m gives exactly the occurrences' days and every one has
 * the same local times. */
static bool matches(const mo_recur *m, const occs *os)
{
	cmp_run c = {os, 0, true};
	for (size_t k = 1; k < os->n; k++)
		if (os->o[k].start != os->o[0].start ||
		    os->o[k].end != os->o[0].end)
			return false;
	if (mo_recur_check(m, NULL))
		return false;
	mo_recur_expand(m, m->first_day, os->o[os->n - 1].day, compare_day,
			&c, NULL);
	return c.same && c.k == os->n;
}

/* One block with the rule and the excluded days as exceptions. */
static int one_block(importer *im, size_t i, const occs *os, mo_recur *m)
{
	int32_t *ex = NULL;
	size_t n = 0;
	for (size_t k = 0; k < os->n; k++)
		n += os->o[k].excluded;
	if (n && !(ex = malloc(n * sizeof *ex)))
		return oom(im->e);
	n = 0;
	for (size_t k = 0; k < os->n; k++)
		if (os->o[k].excluded)
			ex[n++] = os->o[k].day;
	m->nexcept = n;
	return add_piece(im, i, "", os->o[0].start, os->o[0].end, m, ex);
}

/* A block per occurrence (uid "/" and the occurrence's time). */
static int each_block(importer *im, size_t i, const occs *os)
{
	char sfx[32];
	int rc = 0;
	for (size_t k = 0; k < os->n && !rc; k++) {
		mo_recur r = once(os->o[k].day);
		if (os->o[k].excluded)
			continue;
		snprintf(sfx, sizeof sfx, "/%s", os->o[k].id);
		rc = add_piece(im, i, sfx, os->o[k].start, os->o[k].end, &r,
			       NULL);
	}
	return rc;
}

static int recurring(importer *im, size_t at, const times *t,
		     icalproperty *rp)
{
	size_t i = im->order[at], kept = 0;
	struct icalrecurrencetype r = icalproperty_get_rrule(rp);
	exclusions x = {0};
	occs os = {0};
	mo_recur m;
	int rc;
	if ((rc = check_rrule(im, i, &r)))
		return rc;
	if (t->start.is_date ? t->ndays != 1 : t->dur_us == 0) {
		if (t->ndays || t->dur_us)
			return ev_fail(im, i, "DTEND", "a recurring all-day event "
				       "must last one day");
		return skipped(im);
	}
	if ((rc = read_exdates(im, i, &x)) || (rc = read_moved(im, at, &x)) ||
	    (rc = expand(im, i, t, r, &os)))
		goto out;
	for (size_t k = 0; k < os.n; k++)
		kept += !(os.o[k].excluded = excluded(&x, &os.o[k],
						      t->start.is_date));
	if (kept == 0) {
		rc = skipped(im);
		goto out;
	}
	m = candidate(&r, &os);
	rc = matches(&m, &os) ? one_block(im, i, &os, &m)
			      : each_block(im, i, &os);
out:
	free(x.v);
	free(os.o);
	return rc;
}

/* Event order[at] into pieces. */
static int event_pieces(importer *im, size_t at)
{
	size_t i = im->order[at];
	const ev *v = &im->v[i];
	icalproperty *rp = icalcomponent_get_first_property(v->c,
							    ICAL_RRULE_PROPERTY);
	char sfx[32] = "";
	times t;
	int rc;
	if (v->cancelled)
		return skipped(im);
	if (icalcomponent_get_first_property(v->c, ICAL_RDATE_PROPERTY))
		return ev_fail(im, i, "RDATE", "RDATE is not supported");
	if (rp && (v->has_rid || icalcomponent_get_next_property(
				 v->c, ICAL_RRULE_PROPERTY)))
		return ev_fail(im, i, "RRULE", v->has_rid ? "a moved instance "
			       "(RECURRENCE-ID) may not recur" : "more than "
			       "one RRULE");
	if ((rc = read_times(im, i, &t)))
		return rc;
	if (v->has_rid)
		snprintf(sfx, sizeof sfx, "/%s", v->rid_text);
	return rp ? recurring(im, at, &t, rp) : single(im, i, &t, sfx);
}

/* ---- order, duplicates ---- */

static const ev *sort_events;

static int by_uid(const void *a, const void *b)
{
	const ev *x = &sort_events[*(const size_t *)a];
	const ev *y = &sort_events[*(const size_t *)b];
	int c;
	if (!x->uid || !y->uid)
		return x->uid ? -1 : y->uid ? 1 : x->comp < y->comp ? -1 : 1;
	if ((c = strcmp(x->uid, y->uid)))
		return c;
	if (x->has_rid != y->has_rid)
		return x->has_rid ? 1 : -1;
	if ((c = strcmp(x->rid_text, y->rid_text)))
		return c;
	return x->comp < y->comp ? -1 : x->comp > y->comp;
}

static int order_events(importer *im)
{
	if (!(im->order = malloc(im->nv * sizeof *im->order)))
		return oom(im->e);
	for (size_t k = 0; k < im->nv; k++)
		im->order[k] = k;
	sort_events = im->v;
	qsort(im->order, im->nv, sizeof *im->order, by_uid);
	sort_events = NULL;
	for (size_t k = 1; k < im->nv; k++) {
		const ev *a = &im->v[im->order[k - 1]], *b = &im->v[im->order[k]];
		if (a->uid && b->uid && !strcmp(a->uid, b->uid) &&
		    a->has_rid == b->has_rid && !strcmp(a->rid_text, b->rid_text))
			return ev_fail(im, im->order[k], "UID", "the same event "
				       "as the one of line %d (same UID%s)",
				       im->s.c[a->comp].line,
				       a->has_rid ? " and RECURRENCE-ID" : "");
	}
	return 0;
}

static int make_pieces(importer *im)
{
	int rc = order_events(im);
	for (size_t at = 0; at < im->nv && !rc; at++)
		rc = event_pieces(im, at);
	return rc;
}

/* ---- writing ---- */

static int by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct uid_list {
	importer *im;
	char prefix[80]; /* "ical:PROVIDER:" */
	bool oom;
} uid_list;

static int keep_uid(void *ud, const mo_block *b)
{
	uid_list *u = ud;
	importer *im = u->im;
	char *s;
	if (!b->uid || strncmp(b->uid, u->prefix, strlen(u->prefix)) != 0)
		return 0;
	if (mo_grow(&im->uids, &im->capuids, im->nuids + 1, sizeof *im->uids) ||
	    !(s = mo_strdup(b->uid))) {
		u->oom = true;
		return 1;
	}
	im->uids[im->nuids++] = s;
	return 0;
}

/* The uids of the provider's current blocks that an import made. */
static int known_uids(importer *im)
{
	uid_list u = {im, "", false};
	int rc;
	snprintf(u.prefix, sizeof u.prefix, "ical:%s:", im->provider);
	rc = mo_block_list(im->p, im->provider, keep_uid, &u, im->e);
	if (u.oom)
		return oom(im->e);
	if (!rc && im->nuids)
		qsort(im->uids, im->nuids, sizeof *im->uids, by_str);
	return rc;
}

static bool known(const importer *im, const char *uid)
{
	return im->nuids && bsearch(&uid, im->uids, im->nuids,
				    sizeof *im->uids, by_str) != NULL;
}

static int write_piece(importer *im, const piece *pc)
{
	mo_db *db = mo_practice_db(im->p);
	const ev *v = &im->v[pc->ev];
	mo_block_new in = {im->provider, NULL, v->kind, v->title, pc->start_sec,
			   pc->end_sec, pc->rule, pc->uid};
	int64_t before, after;
	int rc;
	if ((rc = mo_audit_count(db, &before, im->e)))
		return rc;
	rc = mo_block_add(im->p, im->actor, &in, NULL, im->e);
	if (rc == MO_EEXIST) /* cancelled in medoffice: stays cancelled */
		return skipped(im);
	if (rc == MO_EINVAL) {
		char msg[sizeof im->e->msg];
		snprintf(msg, sizeof msg, "%s", im->e->msg);
		return ev_fail(im, pc->ev, NULL, "%s", msg);
	}
	if (rc || (rc = mo_audit_count(db, &after, im->e)))
		return rc;
	if (after == before)
		im->unchanged++;
	else if (known(im, pc->uid))
		im->updated++;
	else
		im->added++;
	return 0;
}

static int write_pieces(importer *im)
{
	mo_db *db = mo_practice_db(im->p);
	int rc = known_uids(im);
	if (rc || (rc = mo_db_begin(db, im->e)))
		return rc;
	for (size_t k = 0; k < im->npc && !rc; k++)
		rc = write_piece(im, &im->pc[k]);
	if (!rc)
		rc = mo_db_commit(db, im->e);
	if (rc)
		mo_db_rollback(db);
	return rc;
}

/* ---- the import ---- */

static int import_checks(importer *im, const char *text, size_t len)
{
	const mo_config *c = mo_practice_config(im->p);
	if (!im->provider || !mo_config_provider(c, im->provider))
		return mo_err_set(im->e, MO_EINVAL, "calendar: import: provider: "
				  "no provider \"%s\" in practice.yaml",
				  im->provider ? im->provider : "");
	if (!text && len)
		return mo_err_set(im->e, MO_EINVAL, "calendar: import: no text");
	if (len > MO_ICAL_MAX_BYTES)
		return mo_err_set(im->e, MO_EINVAL, "%s: %zu bytes: at most %d "
				  "bytes (%d MB) may be imported at once",
				  im->src, len, MO_ICAL_MAX_BYTES,
				  MO_ICAL_MAX_BYTES >> 20);
	return 0;
}

static int parse(importer *im, const char *text, size_t len)
{
	char *copy = mo_strndup(text, len);
	if (!copy)
		return oom(im->e);
	im->root = icalparser_parse_string(copy);
	free(copy);
	if (!im->root)
		return mo_err_set(im->e, MO_EINVAL, "%s: libical could not read "
				  "the file", im->src);
	return check_libical(im);
}

static void importer_free(importer *im)
{
	for (size_t k = 0; k < im->nv; k++)
		free(im->v[k].base), free(im->v[k].title);
	for (size_t k = 0; k < im->npc; k++)
		free(im->pc[k].uid), free(im->pc[k].except);
	for (size_t k = 0; k < im->nuids; k++)
		free(im->uids[k]);
	free(im->v), free(im->order), free(im->pc), free(im->uids);
	free(im->s.c), free(im->s.vevent), free(im->s.buf);
	if (im->root)
		icalcomponent_free(im->root);
	icalmemory_free_ring();
}

int mo_ical_import(mo_practice *p, const char *actor, const char *provider,
		   const char *text, size_t len, const char *source_name,
		   size_t *added, size_t *unchanged, size_t *updated,
		   mo_err *e)
{
	importer im = {.p = p, .actor = actor, .provider = provider, .e = e};
	int rc;
	if (mo_fails_assert(p))
		return mo_err_set(e, MO_EINVAL, "calendar: import: no practice");
	if (text && len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		text += 3, len -= 3; /* a byte-order mark */
	if ((rc = mo_icallib_load(e)))
		return rc;
	icalerror_set_errors_are_fatal(0); /* never abort() on bad input */
	im.zone = mo_practice_config(p)->timezone;
	im.src = source_name ? source_name : "calendar";
	im.s = (scan){.src = im.src, .text = text, .len = len, .e = e};
	if (!(rc = import_checks(&im, text, len)) && !(rc = scan_text(&im.s)) &&
	    !(rc = parse(&im, text, len)) && !(rc = read_events(&im)) &&
	    !(rc = make_pieces(&im)))
		rc = write_pieces(&im);
	if (!rc && added)
		*added = im.added;
	if (!rc && unchanged)
		*unchanged = im.unchanged;
	if (!rc && updated)
		*updated = im.updated;
	importer_free(&im);
	return rc;
}

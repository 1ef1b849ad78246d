/* bind_report.c: Lua bindings of core/report.h and the engine's half of
 * the report DSL (lua/medoffice/report.lua):
 *   reports.query(sql [, params]) -> rows: a read-only query with :named
 *       parameters (policies and scripts; for data functions)
 *   reports.list() -> the declared reports with their parameters
 *   reports.today(), reports.day("2026-11-20") -> day numbers;
 *       reports.date(day) -> "2026-11-20"
 *   reports.run(name [, params [, opts]]) -> rows (scripts): opts.format
 *       ("text", "csv", "json", "html", "xlsx"), opts.output (a file; the
 *       default is standard output), opts.width, opts.quiet (no output)
 *   reports.get(name) -> a copy of the declaration; reports.define(name,
 *       def) declares or (for the session) replaces one (scripts)
 *   report(name [, params]) -> rows, rendered as text (the shell)
 * and, for report.lua, convert(def, raw) -> the parameters' values and
 * exec(def, values, opts, rows) -> rows. Parameters: a date is a day
 * number (given as "2026-11-20", "today", "yesterday", "today-7"); a
 * date_range NAME gives NAME_from and NAME_to ("2026-11-01..2026-11-30",
 * "this_month", "last_month", "last_30_days"); provider, location, payer
 * and staff are ids of practice.yaml; patient and integer are integers;
 * text is text. It uses Lua, engine.h, report.h and render.h. */
#include <lauxlib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "clock.h"
#include "engine.h"
#include "report.h"
#include "tz.h"
#include "units.h"

#define MAX_PARAMS 20
/* exec's stack: 1 the declaration, 2 the values, 3 the options, 4 the
 * data function's rows (or nil), KEEP strings kept alive, then the rows
 * collected for the caller (when asked). */
#define KEEP 5

static mo_practice *practice_of(lua_State *L)
{
	return mo_engine_practice(mo_engine_from(L));
}

static const char *actor_of(lua_State *L)
{
	return mo_engine_actor(mo_engine_from(L));
}

/* Raises the message as it is (no position: the message names the
 * report, the parameter or the query). */
static int raise(lua_State *L, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	lua_pushvfstring(L, fmt, ap);
	va_end(ap);
	return lua_error(L);
}

static int raise_err(lua_State *L, const mo_err *e)
{
	return raise(L, "%s", e->msg);
}

/* ---- parameters ---- */

/* "today", "yesterday", "today-7", "today+3" or a date, into *day. */
static bool relative_day(mo_practice *p, const char *s, int32_t *day)
{
	int32_t today = mo_practice_today(p);
	mo_err ignored;
	char *end;
	if (!strcmp(s, "yesterday")) {
		*day = today - 1;
		return true;
	}
	if (!strncmp(s, "today", 5)) {
		long n = s[5] ? strtol(s + 5, &end, 10) : 0;
		if (s[5] && (*end || (s[5] != '-' && s[5] != '+') ||
			     n < -3660 || n > 3660))
			return false;
		*day = today + (int32_t)n;
		return true;
	}
	return mo_date_parse(s, day, &ignored) == 0;
}

static void month_of(int32_t day, int delta, int32_t *from, int32_t *to)
{
	int y, m, d;
	mo_civil_from_days(day, &y, &m, &d);
	m += delta;
	if (m < 1)
		m += 12, y--;
	*from = mo_days_from_civil(y, m, 1);
	*to = (m == 12 ? mo_days_from_civil(y + 1, 1, 1)
		       : mo_days_from_civil(y, m + 1, 1)) - 1;
}

/* A range: FROM..TO, or a name of one. */
static bool range_of(mo_practice *p, const char *s, int32_t *from,
		     int32_t *to)
{
	int32_t today = mo_practice_today(p);
	const char *dots = strstr(s, "..");
	char a[40];
	if (!strcmp(s, "this_month") || !strcmp(s, "last_month")) {
		month_of(today, s[0] == 'l' ? -1 : 0, from, to);
		return true;
	}
	if (!strcmp(s, "last_30_days")) {
		*from = today - 29, *to = today;
		return true;
	}
	if (!dots || (size_t)(dots - s) >= sizeof a)
		return relative_day(p, s, from) && (*to = *from, true);
	snprintf(a, sizeof a, "%.*s", (int)(dots - s), s);
	return relative_day(p, a, from) && relative_day(p, dots + 2, to) &&
	       *from <= *to;
}

static const char *const EXPECT[] = {
	"date", "a date such as 2026-11-20, today, yesterday or today-7",
	"date_range", "a range such as 2026-11-01..2026-11-30, this_month, "
		      "last_month or last_30_days",
	"provider", "a provider's staff id of practice.yaml",
	"location", "a location id of practice.yaml",
	"payer", "a payer id of practice.yaml",
	"staff", "a staff id of practice.yaml",
	"patient", "a patient's id (an integer)",
	"integer", "an integer",
	"text", "text of 1 to 200 characters",
	NULL,
};

static const char *expected(const char *type)
{
	for (int i = 0; EXPECT[i]; i += 2)
		if (!strcmp(EXPECT[i], type))
			return EXPECT[i + 1];
	return "a value";
}

static bool known_id(const mo_config *c, const char *type, const char *s)
{
	if (!strcmp(type, "provider"))
		return mo_config_provider(c, s) != NULL;
	if (!strcmp(type, "location"))
		return mo_config_location(c, s) != NULL;
	if (!strcmp(type, "payer"))
		return mo_config_payer(c, s) != NULL;
	return mo_config_staff(c, s) != NULL;
}

/* NAME_start_us and NAME_end_us: the instants the local days first..last
 * begin and end (for appointments and other instants). */
static bool day_bounds(lua_State *L, int vals, const char *name,
		       int32_t first, int32_t last)
{
	mo_practice *p = practice_of(L);
	int64_t from, to;
	mo_err ignored;
	char key[80];
	if (mo_tz_day_bounds(mo_practice_config(p)->timezone, first, last,
			     &from, &to, &ignored))
		return false;
	lua_pushinteger(L, from);
	snprintf(key, sizeof key, "%s_start_us", name);
	lua_setfield(L, vals, key);
	lua_pushinteger(L, to);
	snprintf(key, sizeof key, "%s_end_us", name);
	lua_setfield(L, vals, key);
	return true;
}

/* The raw value at -1 as type, set into the values table at vals. */
static bool convert_one(lua_State *L, int vals, const char *name,
			const char *type)
{
	mo_practice *p = practice_of(L);
	const char *s = lua_tostring(L, -1);
	int32_t a, b;
	lua_Integer n;
	char key[80];
	if (!s)
		return false;
	if (!strcmp(type, "date") || !strcmp(type, "date_range")) {
		bool range = type[4] == '_';
		if (range ? !range_of(p, s, &a, &b) : !relative_day(p, s, &a))
			return false;
		lua_pushinteger(L, a);
		snprintf(key, sizeof key, range ? "%s_from" : "%s", name);
		lua_setfield(L, vals, key);
		if (range) {
			lua_pushinteger(L, b);
			snprintf(key, sizeof key, "%s_to", name);
			lua_setfield(L, vals, key);
		}
		return day_bounds(L, vals, name, a, range ? b : a);
	}
	if (!strcmp(type, "patient") || !strcmp(type, "integer")) {
		int ok;
		n = lua_tointegerx(L, -1, &ok);
		if (!ok || (type[0] == 'p' && n < 1))
			return false;
		lua_pushinteger(L, n);
	} else if (!strcmp(type, "text")) {
		if (!*s || strlen(s) > 200)
			return false;
		lua_pushstring(L, s);
	} else {
		if (!known_id(mo_practice_config(p), type, s))
			return false;
		lua_pushstring(L, s);
	}
	lua_setfield(L, vals, name);
	return true;
}

/* Raises "report 'x': parameter 'day' (date): expected ..., got ...". */
static int bad_param(lua_State *L, const char *report, const char *name,
		     const char *type, const char *why)
{
	const char *got = lua_type(L, -1) == LUA_TSTRING ||
			  lua_type(L, -1) == LUA_TNUMBER
		? lua_tostring(L, -1) : luaL_typename(L, -1);
	return raise(L, "report '%s': parameter '%s' (%s): %s%s%s%s",
			  report, name, type, why ? why : "expected ",
			  why ? "" : expected(type), why ? "" : ", got ",
			  why ? "" : got);
}

/* Every raw key must be a declared parameter. */
static void check_raw_keys(lua_State *L, const char *report)
{
	lua_pushnil(L);
	while (lua_next(L, 2)) {
		bool found = false;
		lua_pop(L, 1);
		for (lua_Integer i = 1; !found; i++) {
			if (lua_geti(L, 3, i) != LUA_TTABLE) {
				lua_pop(L, 1);
				break;
			}
			lua_getfield(L, -1, "name");
			found = lua_rawequal(L, -1, -3);
			lua_pop(L, 2);
		}
		if (!found)
			raise(L, "report '%s': no parameter '%s'", report,
				   lua_type(L, -1) == LUA_TSTRING
				   ? lua_tostring(L, -1) : "?");
	}
}

/* convert(def, raw) -> values */
static int l_convert(lua_State *L)
{
	const char *report;
	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_checktype(L, 2, LUA_TTABLE);
	lua_getfield(L, 1, "name");
	report = lua_tostring(L, -1);
	lua_getfield(L, 1, "params");
	lua_replace(L, 3); /* 3: the declared parameters (or nil) */
	lua_settop(L, 3);
	if (lua_isnil(L, 3)) {
		lua_newtable(L);
		lua_replace(L, 3);
	}
	check_raw_keys(L, report);
	lua_newtable(L); /* 4: the values */
	for (lua_Integer i = 1; lua_geti(L, 3, i) == LUA_TTABLE; i++) {
		lua_getfield(L, -1, "name");
		lua_getfield(L, -2, "type");
		const char *name = lua_tostring(L, -2), *type = lua_tostring(L, -1);
		if (lua_getfield(L, 2, name) == LUA_TNIL) {
			lua_pop(L, 1);
			lua_getfield(L, -3, "default");
		}
		if (lua_isnil(L, -1)) {
			lua_getfield(L, -4, "optional");
			if (!lua_toboolean(L, -1))
				return bad_param(L, report, name, type,
						 "missing (no default)");
			lua_pop(L, 1);
		} else if (!convert_one(L, 4, name, type))
			return bad_param(L, report, name, type, NULL);
		lua_pop(L, 4);
	}
	lua_settop(L, 4);
	return 1;
}

/* ---- exec ---- */

static const char *const FORMATS[] = {"text", "money", "date", "time",
				      "percent", "count", NULL};
static const mo_col_format COL_FORMATS[] = {MO_COL_TEXT, MO_COL_MONEY,
	MO_COL_DATE, MO_COL_TIME, MO_COL_PERCENT, MO_COL_COUNT};
static const char *const CHARTS[] = {"bar", "stacked_bar", "line", "pie",
				     NULL};

/* What exec builds from the declaration; strings are the Lua ones, kept
 * alive by the declaration (argument 1) and the values (argument 2). */
typedef struct run {
	lua_State *L;
	mo_render_col cols[MO_REPORT_COLS];
	bool total[MO_REPORT_COLS];
	mo_render_chart charts[8];
	mo_report_spec spec;
	mo_fact params[MAX_PARAMS * 4];
	size_t nparams;
	char params_line[600], generated[120];
	int map[MO_REPORT_COLS]; /* query column of each column, -1 unknown */
	bool mapped;
	mo_report_out *out;
	int rows;                /* Lua index of the rows collected, or 0 */
	long count;              /* data rows */
	mo_err e;
} run;

static int col_index(const run *r, const char *key)
{
	for (size_t i = 0; key && i < r->spec.meta.ncols; i++)
		if (!strcmp(r->cols[i].key, key))
			return (int)i;
	return -1;
}

static void read_columns(lua_State *L, run *r)
{
	int top = lua_gettop(L);
	lua_getfield(L, 1, "columns");
	for (lua_Integer i = 1; i <= MO_REPORT_COLS &&
	     lua_geti(L, -1, i) == LUA_TTABLE; i++) {
		mo_render_col *c = &r->cols[i - 1];
		lua_getfield(L, -1, "key");
		c->key = lua_tostring(L, -1);
		lua_getfield(L, -2, "label");
		c->label = lua_isnil(L, -1) ? c->key : lua_tostring(L, -1);
		lua_getfield(L, -3, "format");
		c->format = MO_COL_TEXT;
		for (int f = 0; FORMATS[f]; f++)
			if (lua_isstring(L, -1) &&
			    !strcmp(FORMATS[f], lua_tostring(L, -1)))
				c->format = COL_FORMATS[f];
		lua_pop(L, 4);
		r->spec.meta.ncols = (size_t)i;
	}
	lua_settop(L, top);
}

static void read_totals(lua_State *L, run *r)
{
	int top = lua_gettop(L);
	if (lua_getfield(L, 1, "totals") != LUA_TTABLE)
		lua_pushnil(L); /* nothing to walk */
	for (lua_Integer i = 1; lua_istable(L, -1) &&
	     lua_geti(L, -1, i) == LUA_TSTRING; i++) {
		int c = col_index(r, lua_tostring(L, -1));
		if (c >= 0)
			r->total[c] = true;
		lua_pop(L, 1);
	}
	lua_settop(L, top);
	lua_getfield(L, 1, "group");
	r->spec.group = col_index(r, lua_tostring(L, -1));
	lua_pop(L, 1);
	r->spec.total = r->total;
}

static void read_chart(lua_State *L, mo_render_chart *ch, const run *r)
{
	int top = lua_gettop(L);
	lua_getfield(L, -1, "type");
	for (int t = 0; CHARTS[t]; t++)
		if (!strcmp(CHARTS[t], lua_tostring(L, -1)))
			ch->type = (mo_chart_type)t;
	lua_getfield(L, -2, "x");
	ch->x = col_index(r, lua_tostring(L, -1));
	lua_getfield(L, -3, "title");
	ch->title = lua_tostring(L, -1);
	lua_getfield(L, -4, "y");
	if (lua_isstring(L, -1))
		ch->y[ch->ny++] = col_index(r, lua_tostring(L, -1));
	for (lua_Integer j = 1; lua_istable(L, -1) && ch->ny < MO_CHART_SERIES &&
	     lua_geti(L, -1, j) == LUA_TSTRING; j++) {
		ch->y[ch->ny++] = col_index(r, lua_tostring(L, -1));
		lua_pop(L, 1);
	}
	lua_settop(L, top);
}

static void read_charts(lua_State *L, run *r)
{
	int top = lua_gettop(L);
	if (lua_getfield(L, 1, "charts") != LUA_TTABLE)
		lua_pushnil(L);
	for (lua_Integer i = 1; lua_istable(L, -1) && i <= 8 &&
	     lua_geti(L, -1, i) == LUA_TTABLE; i++) {
		read_chart(L, &r->charts[i - 1], r);
		lua_pop(L, 1);
		r->spec.meta.ncharts = (size_t)i;
	}
	lua_settop(L, top);
	r->spec.meta.charts = r->charts;
}

static void add_line(char *line, size_t size, const char *name,
		     const char *v)
{
	size_t len = strlen(line);
	if (len + strlen(name) + strlen(v) + 4 < size)
		snprintf(line + len, size - len, "%s%s %s", len ? ", " : "",
			 name, v);
}

/* Every value converted (argument 2) as a bound parameter. */
static void bind_values(lua_State *L, run *r)
{
	int top = lua_gettop(L);
	lua_pushnil(L);
	while (lua_next(L, 2) && r->nparams < MAX_PARAMS * 4) {
		mo_fact *f = &r->params[r->nparams++];
		*f = (mo_fact){lua_tostring(L, -2), MO_FACT_STR, NULL, 0};
		if (lua_isinteger(L, -1)) {
			f->type = MO_FACT_INT;
			f->i = lua_tointeger(L, -1);
		} else
			f->s = lua_tostring(L, -1); /* kept by the values */
		lua_pop(L, 1);
	}
	lua_settop(L, top);
}

/* A declared parameter: NULL when it was not given (optional), and its
 * part of the params line. */
static void declared(lua_State *L, run *r, const char *name, bool date)
{
	char buf[24];
	int t = lua_getfield(L, 2, name);
	if (t == LUA_TNIL && r->nparams < MAX_PARAMS * 4)
		r->params[r->nparams++] = (mo_fact){name, MO_FACT_STR, NULL, 0};
	else if (t == LUA_TNUMBER && date)
		add_line(r->params_line, sizeof r->params_line, name,
			 mo_date_format((int32_t)lua_tointeger(L, -1), buf));
	else if (t != LUA_TNIL)
		add_line(r->params_line, sizeof r->params_line, name,
			 lua_tostring(L, -1));
	lua_pop(L, 1);
}

static void read_params(lua_State *L, run *r)
{
	int top = lua_gettop(L);
	bind_values(L, r);
	if (lua_getfield(L, 1, "params") != LUA_TTABLE)
		lua_pushnil(L);
	for (lua_Integer i = 1; lua_istable(L, -1) && i <= MAX_PARAMS &&
	     lua_geti(L, -1, i) == LUA_TTABLE; i++) {
		lua_getfield(L, -1, "name");
		lua_getfield(L, -2, "type");
		const char *name = lua_tostring(L, -2), *type = lua_tostring(L, -1);
		if (!strcmp(type, "date_range")) {
			lua_pushfstring(L, "%s_from", name);
			declared(L, r, lua_tostring(L, -1), true);
			luaL_ref(L, KEEP);
			lua_pushfstring(L, "%s_to", name);
			declared(L, r, lua_tostring(L, -1), true);
			luaL_ref(L, KEEP);
		} else
			declared(L, r, name, !strcmp(type, "date"));
		lua_pop(L, 3);
	}
	lua_settop(L, top);
}

/* ---- the rows ---- */

/* t[key] = the value shown as the Lua caller gets it: numbers as
 * integers, text as text, dates as "YYYY-MM-DD", nil for null. */
static void collect(run *r, const mo_render_value *v)
{
	lua_State *L = r->L;
	char buf[32];
	lua_createtable(L, 0, (int)r->spec.meta.ncols);
	for (size_t i = 0; i < r->spec.meta.ncols; i++) {
		if (v[i].null)
			continue;
		if (r->cols[i].format == MO_COL_TEXT)
			lua_pushstring(L, v[i].s);
		else if (r->cols[i].format == MO_COL_DATE)
			lua_pushstring(L, mo_date_format((int32_t)v[i].i, buf));
		else
			lua_pushinteger(L, v[i].i);
		lua_setfield(L, -2, r->cols[i].key);
	}
	lua_rawseti(L, r->rows, (lua_Integer)lua_rawlen(L, r->rows) + 1);
}

static int put(run *r, const mo_render_value *v)
{
	r->count++;
	if (r->rows)
		collect(r, v);
	return r->out ? mo_report_put(r->out, v, &r->e) : 0;
}

/* Maps the columns to the query's by name (the first row). */
static int map_columns(run *r, const mo_report_cell *c, size_t n)
{
	for (size_t i = 0; i < r->spec.meta.ncols; i++) {
		r->map[i] = -1;
		for (size_t j = 0; j < n; j++)
			if (!strcmp(c[j].name, r->cols[i].key))
				r->map[i] = (int)j;
		if (r->map[i] < 0)
			return mo_err_set(&r->e, MO_EINVAL, "report '%s': the "
					  "query has no column '%s' (name it "
					  "with AS %s)", r->spec.meta.name,
					  r->cols[i].key, r->cols[i].key);
	}
	r->mapped = true;
	return 0;
}

static int on_query_row(void *ud, const mo_report_cell *c, size_t n)
{
	run *r = ud;
	mo_render_value v[MO_REPORT_COLS];
	int rc = r->mapped ? 0 : map_columns(r, c, n);
	for (size_t i = 0; !rc && i < r->spec.meta.ncols; i++)
		rc = mo_report_value(&r->cols[i], &c[r->map[i]], &v[i], &r->e);
	return rc ? rc : put(r, v);
}

/* The row at -1 (a Lua table) as cells, then put. */
static int lua_row(run *r)
{
	lua_State *L = r->L;
	mo_report_cell c[MO_REPORT_COLS];
	mo_render_value v[MO_REPORT_COLS];
	int rc = 0, top = lua_gettop(L);
	if (!lua_istable(L, -1))
		return mo_err_set(&r->e, MO_EINVAL, "report '%s': a row of the "
				  "data is a %s; expected a table",
				  r->spec.meta.name, luaL_typename(L, -1));
	for (size_t i = 0; !rc && i < r->spec.meta.ncols; i++) {
		int t = lua_getfield(L, top, r->cols[i].key), isint;
		c[i] = (mo_report_cell){r->cols[i].key, t == LUA_TNIL, false,
					lua_tointegerx(L, -1, &isint), NULL};
		c[i].is_int = t == LUA_TNUMBER && isint;
		c[i].s = t == LUA_TSTRING || t == LUA_TNUMBER ? lua_tostring(L, -1)
			 : t == LUA_TBOOLEAN ? (lua_toboolean(L, -1) ? "yes" : "no")
			 : NULL;
		if (!c[i].null && !c[i].s)
			rc = mo_err_set(&r->e, MO_EINVAL, "report '%s': column "
					"%s: a %s", r->spec.meta.name,
					r->cols[i].key, luaL_typename(L, -1));
		if (!rc)
			rc = mo_report_value(&r->cols[i], &c[i], &v[i], &r->e);
	}
	rc = rc ? rc : put(r, v);
	lua_settop(L, top);
	return rc;
}

static int data_rows(run *r)
{
	int rc = 0;
	for (lua_Integer i = 1; !rc && lua_geti(r->L, 4, i) != LUA_TNIL; i++) {
		rc = lua_row(r);
		lua_pop(r->L, 1);
	}
	lua_pop(r->L, 1);
	return rc;
}

/* Keeps the string at -1 alive in KEEP (popping it); returns it. */
static const char *kept(lua_State *L)
{
	const char *v = lua_tostring(L, -1);
	luaL_ref(L, KEEP);
	return v;
}

/* The query (trailing semicolons and blanks cut) and, in order, the
 * group and the sort as an ORDER BY ("" when none). */
static const char *query_and_order(lua_State *L, const run *r, char *order,
				   size_t size)
{
	const char *q;
	size_t len, n = 0;
	order[0] = '\0';
	if (r->spec.group >= 0)
		n = (size_t)snprintf(order, size, "ORDER BY \"%s\"",
				     r->cols[r->spec.group].key);
	if (lua_getfield(L, 1, "sort") != LUA_TTABLE)
		lua_pushnil(L);
	for (lua_Integer i = 1; lua_istable(L, -1) && n + 80 < size &&
	     lua_geti(L, -1, i) == LUA_TSTRING; i++) {
		const char *k = lua_tostring(L, -1);
		n += (size_t)snprintf(order + n, size - n, "%s\"%.63s\"%s",
				      n ? ", " : "ORDER BY ", k + (k[0] == '-'),
				      k[0] == '-' ? " DESC" : "");
		lua_pop(L, 1);
	}
	lua_pop(L, 2);
	lua_getfield(L, 1, "query");
	q = lua_tolstring(L, -1, &len);
	while (len && strchr("; \n\t\r", q[len - 1]))
		len--;
	lua_pushlstring(L, q, len);
	q = kept(L);
	lua_pop(L, 1);
	return q;
}

/* ---- exec ---- */

typedef struct sink {
	run r;
	FILE *file; /* opened here, or NULL */
} sink;

static int sink_gc(lua_State *L)
{
	sink *k = lua_touserdata(L, 1);
	mo_report_abort(k->r.out);
	k->r.out = NULL;
	if (k->file)
		fclose(k->file);
	k->file = NULL;
	return 0;
}

static void describe(lua_State *L, run *r)
{
	mo_practice *p = practice_of(L);
	int32_t day, sec;
	mo_err ignored;
	char d[11];
	lua_getfield(L, 1, "name");
	r->spec.meta.name = kept(L);
	lua_getfield(L, 1, "title");
	r->spec.meta.title = kept(L);
	lua_getfield(L, 1, "description");
	r->spec.meta.description = lua_isnil(L, -1) ? NULL : lua_tostring(L, -1);
	luaL_ref(L, KEEP);
	r->spec.meta.params = r->params_line;
	if (mo_tz_from_utc(mo_practice_config(p)->timezone, mo_clock_now_us(),
			   &day, &sec, &ignored))
		day = mo_practice_today(p), sec = 0;
	snprintf(r->generated, sizeof r->generated, "%s %02d:%02d by %s",
		 mo_date_format(day, d), sec / 3600, sec / 60 % 60, actor_of(L));
	r->spec.meta.generated = r->generated;
	r->spec.meta.cols = r->cols;
}

static int opt_int(lua_State *L, const char *key, int dflt)
{
	int v = lua_getfield(L, 3, key) == LUA_TNUMBER
		? (int)lua_tointeger(L, -1) : dflt;
	lua_pop(L, 1);
	return v;
}

/* Opens the output the options ask for (none when quiet). */
static int open_output(lua_State *L, sink *k)
{
	mo_render_format f = MO_FMT_TEXT;
	const char *path;
	lua_getfield(L, 3, "format");
	if (!lua_isnil(L, -1) && !mo_render_format_parse(lua_tostring(L, -1), &f))
		return raise(L, "report '%s': format: expected text, csv, "
				  "json, html or xlsx, got %s",
				  k->r.spec.meta.name, luaL_tolstring(L, -1, NULL));
	lua_pop(L, 1);
	if (lua_getfield(L, 3, "output") == LUA_TNIL) {
		lua_pop(L, 1);
		path = NULL;
	} else
		path = kept(L);
	if (lua_getfield(L, 3, "quiet"), lua_toboolean(L, -1)) {
		lua_pop(L, 1);
		return 0;
	}
	lua_pop(L, 1);
	if (f == MO_FMT_XLSX && !path)
		return raise(L, "report '%s': xlsx is written to a file: "
				  "give output (-o FILE)", k->r.spec.meta.name);
	if (path && f != MO_FMT_XLSX && !(k->file = fopen(path, "wb")))
		return raise(L, "report '%s': cannot write %s",
				  k->r.spec.meta.name, path);
	k->r.spec.meta.width = opt_int(L, "width", 0);
	if (mo_report_open(&k->r.spec, f, k->file ? k->file : stdout, path,
			   &k->r.out, &k->r.e))
		return raise_err(L, &k->r.e);
	return 0;
}

static int data_fn(void *ud, mo_err *e)
{
	run *r = ud;
	int rc = data_rows(r);
	if (rc)
		*e = r->e;
	return rc;
}

static int fill(lua_State *L, run *r)
{
	mo_practice *p = practice_of(L);
	if (lua_isnil(L, 4)) {
		char order[3200];
		const char *q = query_and_order(L, r, order, sizeof order);
		return mo_report_query(p, actor_of(L), r->spec.meta.name, q,
				       order[0] ? order : NULL, r->params,
				       r->nparams, on_query_row, r, &r->e);
	}
	mo_fact f[] = {{"report", MO_FACT_STR, r->spec.meta.name, 0}};
	char record[96];
	snprintf(record, sizeof record, "report:%s", r->spec.meta.name);
	return mo_op_read(p, actor_of(L), "report.run", f, 1, record, data_fn,
			  r, &r->e);
}

/* exec(def, values, opts, rows) -> the rows (opts.rows) or their count */
static int l_exec(lua_State *L)
{
	sink *k;
	int rc;
	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_checktype(L, 2, LUA_TTABLE);
	luaL_checktype(L, 3, LUA_TTABLE);
	lua_settop(L, 4);
	lua_newtable(L); /* KEEP */
	k = lua_newuserdatauv(L, sizeof *k, 0);
	memset(k, 0, sizeof *k);
	k->r.L = L;
	lua_newtable(L);
	lua_pushcfunction(L, sink_gc);
	lua_setfield(L, -2, "__gc");
	lua_setmetatable(L, -2);
	if (lua_getfield(L, 3, "rows"), lua_toboolean(L, -1)) {
		lua_newtable(L);
		k->r.rows = lua_gettop(L);
	}
	read_columns(L, &k->r);
	read_totals(L, &k->r);
	read_charts(L, &k->r);
	read_params(L, &k->r);
	describe(L, &k->r);
	open_output(L, k);
	rc = fill(L, &k->r);
	if (k->r.out) {
		mo_report_out *o = k->r.out;
		k->r.out = NULL;
		if (rc)
			mo_report_abort(o);
		else
			rc = mo_report_close(o, NULL, &k->r.e);
	}
	if (k->file && fclose(k->file) && !rc)
		rc = mo_err_set(&k->r.e, MO_EIO, "report: writing the output "
				"failed");
	k->file = NULL;
	if (rc)
		return raise_err(L, &k->r.e);
	if (!k->r.rows)
		lua_pushinteger(L, k->r.count);
	else
		lua_pushvalue(L, k->r.rows);
	return 1;
}

/* ---- reports.query, list, run; report() ---- */

typedef struct qrows {
	lua_State *L;
	int list;
} qrows;

static int on_row(void *ud, const mo_report_cell *c, size_t n)
{
	qrows *q = ud;
	lua_State *L = q->L;
	if (!lua_checkstack(L, 4))
		return MO_ENOMEM;
	lua_createtable(L, 0, (int)n);
	for (size_t i = 0; i < n; i++) {
		if (c[i].null)
			continue;
		if (c[i].is_int)
			lua_pushinteger(L, c[i].i);
		else
			lua_pushstring(L, c[i].s);
		lua_setfield(L, -2, c[i].name);
	}
	lua_rawseti(L, q->list, (lua_Integer)lua_rawlen(L, q->list) + 1);
	return 0;
}

/* The query's parameters from the table at idx (names to values). */
static size_t query_params(lua_State *L, int idx, mo_fact *f, size_t max)
{
	size_t n = 0;
	if (lua_isnoneornil(L, idx))
		return 0;
	luaL_checktype(L, idx, LUA_TTABLE);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		if (n == max || lua_type(L, -2) != LUA_TSTRING)
			raise(L, "reports.query: parameters: at most %d, "
				   "each named", (int)max);
		f[n] = (mo_fact){lua_tostring(L, -2), MO_FACT_INT, NULL, 0};
		if (lua_isinteger(L, -1))
			f[n].i = lua_tointeger(L, -1);
		else if (lua_isboolean(L, -1))
			f[n].i = lua_toboolean(L, -1);
		else if (lua_type(L, -1) == LUA_TSTRING) {
			f[n].type = MO_FACT_STR;
			f[n].s = lua_tostring(L, -1);
		} else
			raise(L, "reports.query: parameter %s: expected an "
				   "integer, a boolean or text, got %s",
				   f[n].key, luaL_typename(L, -1));
		n++;
		lua_pop(L, 1); /* the values stay alive in the table */
	}
	return n;
}

static int l_query(lua_State *L)
{
	const char *sql = luaL_checkstring(L, 1);
	mo_fact f[MAX_PARAMS];
	size_t n = query_params(L, 2, f, MAX_PARAMS);
	qrows q = {L, 0};
	const char *name = "query";
	mo_err e;
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.mod.report");
	if (lua_istable(L, -1) && lua_getfield(L, -1, "current") == LUA_TSTRING)
		name = lua_tostring(L, -1); /* kept by the module */
	lua_newtable(L);
	q.list = lua_gettop(L);
	if (mo_report_query(practice_of(L), actor_of(L), name, sql, NULL, f, n,
			    on_row, &q, &e))
		return raise_err(L, &e);
	return 1;
}

/* reports.today() -> today's day number; reports.day("2026-11-20") -> its
 * day number; reports.date(day) -> "2026-11-20". */
static int l_today(lua_State *L)
{
	lua_pushinteger(L, mo_practice_today(practice_of(L)));
	return 1;
}

static int l_day(lua_State *L)
{
	int32_t day;
	mo_err e;
	if (mo_date_parse(luaL_checkstring(L, 1), &day, &e))
		return raise_err(L, &e);
	lua_pushinteger(L, day);
	return 1;
}

static int l_date(lua_State *L)
{
	lua_Integer d = luaL_checkinteger(L, 1);
	char buf[11];
	luaL_argcheck(L, d > -1000000 && d < 3000000, 1, "not a day number");
	lua_pushstring(L, mo_date_format((int32_t)d, buf));
	return 1;
}

/* report.lua's function name(args...) with the arguments on the stack. */
static int call_module(lua_State *L, const char *fn, int nargs)
{
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.mod.report");
	lua_getfield(L, -1, fn);
	lua_remove(L, -2);
	lua_insert(L, -nargs - 1);
	lua_call(L, nargs, 1);
	return 1;
}

static int l_list(lua_State *L)
{
	return call_module(L, "list", 0);
}

static int l_get(lua_State *L)
{
	luaL_checkstring(L, 1);
	lua_settop(L, 1);
	call_module(L, "get", 1);
	return 1;
}

static int l_define(lua_State *L)
{
	luaL_checkstring(L, 1);
	lua_settop(L, 2);
	return call_module(L, "define", 2);
}

static int l_run(lua_State *L)
{
	luaL_checkstring(L, 1);
	lua_settop(L, 3);
	return call_module(L, "run", 3);
}

/* report(name [, params]): the rows, shown as text. */
static int l_report(lua_State *L)
{
	luaL_checkstring(L, 1);
	lua_settop(L, 2);
	lua_createtable(L, 0, 2);
	lua_pushboolean(L, 1);
	lua_setfield(L, -2, "rows");
	return call_module(L, "run", 3);
}

void mo_bind_report(lua_State *L)
{
	static const luaL_Reg funcs[] = {
		{"query", l_query},
		{"list", l_list},
		{"today", l_today},
		{"day", l_day},
		{"date", l_date},
		{NULL, NULL},
	};
	luaL_newlib(L, funcs);
	lua_setfield(L, -2, "reports");
}

void mo_bind_report_script(lua_State *L)
{
	static const luaL_Reg funcs[] = {
		{"query", l_query},
		{"list", l_list},
		{"run", l_run},
		{"get", l_get},
		{"define", l_define},
		{"today", l_today},
		{"day", l_day},
		{"date", l_date},
		{NULL, NULL},
	};
	luaL_newlib(L, funcs);
	lua_setfield(L, -2, "reports");
	lua_pushcfunction(L, l_report);
	lua_setfield(L, -2, "report");
}

/* tools() -> what a report's data function gets besides the policy
 * sandbox: reads that consult the rules, which a rule may not call but a
 * report may (shifts.gaps as gaps). */
static int l_tools(lua_State *L)
{
	lua_createtable(L, 0, 1);
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.base.script");
	if (lua_istable(L, -1) && lua_getfield(L, -1, "shifts") == LUA_TTABLE)
		lua_getfield(L, -1, "gaps");
	else
		lua_pushnil(L);
	lua_setfield(L, -4, "gaps");
	lua_settop(L, 1);
	return 1;
}

void mo_bind_report_module(lua_State *L)
{
	lua_pushcfunction(L, l_tools);
	lua_setfield(L, -2, "tools");
	lua_pushcfunction(L, l_convert);
	lua_setfield(L, -2, "convert");
	lua_pushcfunction(L, l_exec);
	lua_setfield(L, -2, "exec");
}

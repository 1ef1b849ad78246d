/* test_engine.c: unit tests of lua/engine.c and lua/sandbox.c, the Lua
 * host of a practice: chunks that fail to compile or raise (messages name
 * the chunk and line, with a traceback), the instruction budget and the
 * memory cap (which pcall cannot swallow), the engine staying usable after
 * each failure, everything the sandbox forbids (os.execute, io, require,
 * dofile, loadfile, rawset, collectgarbage, debug, string.dump, binary
 * chunks, changing or writing API tables, unknown globals), interrupts;
 * and policies: loading errors (syntax, runtime, unknown actions, endless
 * loops, missing files), on_open, isolation between policy files, and
 * rules (first decision wins, in declaration order; decisions name the
 * rule and its file:line; bad returns and errors fail the operation,
 * which then writes nothing). It uses cmocka, Lua, and a practice in a
 * temporary folder whose practice.yaml sets tight limits. Checks that
 * could hang the process run in a forked child with a deadline. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "unit.h"

#include <ftw.h>
#include <lauxlib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "action.h"
#include "engine.h"
#include "task.h"


#define LIMITS "limits: {instructions: 2000000, memory: 8MB}\n"
/* The locations and staff every practice.yaml needs, at its end. */
#define MODEL                                                                \
	"locations: [{id: main, name: Main}]\n"                               \
	"staff: [{id: t, name: T, job: t}, {id: jdoe, name: J, job: t},\n"  \
	"        {id: asmith, name: A, job: t}, {id: bkim, name: B, job: t}]\n"

/* ---- fixture: a practice folder, opened on demand ---- */

typedef struct fixture {
	char dir[64];
	mo_practice *p;
	mo_engine *en;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	char path[128];
	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/mo-test-engine-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(path, sizeof path, "%s/policies", f->dir);
	if (mkdir(path, 0700))
		return -1;
	*state = f;
	return 0;
}

static void close_practice(fixture *f)
{
	mo_engine_free(f->en);
	mo_practice_close(f->p);
	f->en = NULL;
	f->p = NULL;
}

static int teardown(void **state)
{
	fixture *f = *state;
	close_practice(f);
	nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

/* write_text (unit.h), failing the test when it cannot. */
static void write_ok(const char *path, const char *text)
{
	assert_int_equal(write_text(path, text), 0);
}

/* Writes practice.yaml listing the policies given as name, text pairs
 * (NULL text: listed but not written), ended by NULL; opens the practice
 * and its engine. The policies are not loaded yet. Line 6 of the YAML
 * lists the first policy. */
static void open_with(fixture *f, ...)
{
	char yaml[2048], path[256];
	size_t n;
	const char *name;
	va_list ap;
	mo_err e = {0};
	n = (size_t)snprintf(yaml, sizeof yaml, "practice:\n  name: T\n  "
			     "timezone: UTC\n" LIMITS);
	va_start(ap, f);
	while ((name = va_arg(ap, const char *))) {
		const char *text = va_arg(ap, const char *);
		if (!strstr(yaml, "policies:"))
			n += (size_t)snprintf(yaml + n, sizeof yaml - n,
					      "policies:\n");
		n += (size_t)snprintf(yaml + n, sizeof yaml - n, "  - %s\n",
				      name);
		if (text) {
			snprintf(path, sizeof path, "%s/policies/%s", f->dir,
				 name);
			write_ok(path, text);
		}
	}
	va_end(ap);
	/* the staff member's job, declared by a last policy */
	if (!strstr(yaml, "policies:"))
		n += (size_t)snprintf(yaml + n, sizeof yaml - n, "policies:\n");
	n += (size_t)snprintf(yaml + n, sizeof yaml - n, "  - zz_job.lua\n");
	snprintf(path, sizeof path, "%s/policies/zz_job.lua", f->dir);
	write_ok(path, "job \"t\" { title = \"Tester\", may = { "
		   "\"task.create\", \"task.complete\", \"task.cancel\" } }\n");
	snprintf(yaml + n, sizeof yaml - n, MODEL);
	snprintf(path, sizeof path, "%s/practice.yaml", f->dir);
	write_ok(path, yaml);
	close_practice(f);
	if (mo_practice_open(f->dir, MO_PRACTICE_CREATE, &f->p, &e) ||
	    mo_engine_new(f->p, &f->en, &e))
		fail_msg("open: %s", e.msg);
}

/* Opens with the given policies and loads them; they must load. */
#define load_ok(f, ...)                                                      \
	do {                                                                 \
		mo_err le_ = {0};                                            \
		open_with(f, __VA_ARGS__);                                   \
		if (mo_engine_load_policies((f)->en, &le_) != 0)             \
			fail_msg("load policies: %s", le_.msg);              \
	} while (0)

/* Loads and runs code as a script chunk named "=t"; on success the first
 * result (tostring) goes to out. The stack is left as it was. */
static int run_as(fixture *f, const char *code, const char *chunk,
		  char *out, size_t size, mo_err *e)
{
	lua_State *L = mo_engine_state(f->en);
	int top = lua_gettop(L), rc;
	memset(e, 0, sizeof *e);
	rc = mo_engine_load(f->en, code, strlen(code), chunk, MO_ENV_SCRIPT, e);
	if (!rc)
		rc = mo_engine_call(f->en, 0, 1, e);
	if (!rc) {
		if (out)
			snprintf(out, size, "%s", luaL_tolstring(L, -1, NULL));
		lua_settop(L, top + 1);
		lua_pop(L, 1);
	}
	assert_int_equal(lua_gettop(L), top);
	if (rc)
		assert_int_equal(e->code, rc);
	return rc;
}

/* The same without cmocka assertions, for forked children (a failed
 * assertion there would resume the test runner in the child). */
static int run_raw(fixture *f, const char *code, mo_err *e)
{
	int rc = mo_engine_load(f->en, code, strlen(code), "=t", MO_ENV_SCRIPT,
				e);
	return rc ? rc : mo_engine_call(f->en, 0, 0, e);
}

static int run(fixture *f, const char *code, mo_err *e)
{
	return run_as(f, code, "=t", NULL, 0, e);
}

/* code must run and return something whose tostring is want. */
static void run_ok(fixture *f, const char *code, const char *want)
{
	char got[512];
	mo_err e;
	if (run_as(f, code, "=t", got, sizeof got, &e) != 0)
		fail_msg("%s\nfailed: %s", code, e.msg);
	if (strcmp(got, want) != 0)
		fail_msg("%s\nreturned \"%s\", want \"%s\"", code, got, want);
}

/* code must fail with rc and a message containing msg; then the engine
 * must still run a simple chunk. */
static void run_bad(fixture *f, const char *code, int rc, const char *msg)
{
	mo_err e;
	int got = run(f, code, &e);
	if (got != rc)
		fail_msg("%s\nrc %d (%s), want %d", code, got, e.msg, rc);
	if (!strstr(e.msg, msg))
		fail_msg("%s\nmessage \"%s\" lacks \"%s\"", code, e.msg, msg);
	run_ok(f, "return 1 + 1", "2");
}

static int64_t query_int(fixture *f, const char *sql)
{
	sqlite3 *sq = mo_db_sqlite(mo_practice_db(f->p));
	sqlite3_stmt *st = NULL;
	int64_t v;
	if (sqlite3_prepare_v2(sq, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("prepare %s: %s", sql, sqlite3_errmsg(sq));
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int64_t tasks_n(fixture *f)
{
	return query_int(f, "SELECT count(*) FROM task");
}

static int64_t audit_n(fixture *f)
{
	return query_int(f, "SELECT count(*) FROM audit");
}

static int add_task(fixture *f, const char *actor, const char *title,
		    mo_err *e)
{
	mo_task_new in = {.title = title};
	return mo_task_add(f->p, actor, &in, NULL, e);
}

static void decide(fixture *f, const char *action, const char *title,
		   mo_decision *d)
{
	mo_fact facts[] = {{"title", MO_FACT_STR, title, 0}};
	mo_err e = {0};
	if (mo_practice_decide(f->p, "jdoe", action, facts, 1, d, &e) != 0)
		fail_msg("decide %s: %s", action, e.msg);
}

/* Runs fn(f) in a child process that must exit 0 within seconds; for
 * checks whose failure is a hang. */
static void within(fixture *f, int seconds, int (*fn)(fixture *f),
		   const char *what)
{
	pid_t pid;
	int status = 0;
	struct timespec nap = {0, 20 * 1000 * 1000};
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(fn(f));
	for (int i = 0; i < seconds * 50; i++) {
		if (waitpid(pid, &status, WNOHANG) == pid) {
			if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
				fail_msg("%s: the child failed (status %d)",
					 what, status);
			return;
		}
		nanosleep(&nap, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	fail_msg("%s: still running after %d s", what, seconds);
}

/* ---- engine API ---- */

static void test_engine_api(void **state)
{
	fixture *f = *state;
	mo_err e = {0};
	char long_id[70];
	open_with(f, NULL);
	assert_ptr_equal(mo_engine_practice(f->en), f->p);
	assert_ptr_equal(mo_engine_from(mo_engine_state(f->en)), f->en);
	assert_string_equal(mo_engine_actor(f->en), "system");
	/* bad actors are refused and the actor is kept */
	assert_int_equal(mo_engine_set_actor(f->en, NULL, &e), MO_EINVAL);
	assert_int_equal(mo_engine_set_actor(f->en, "", &e), MO_EINVAL);
	memset(long_id, 'a', 65);
	long_id[65] = '\0';
	assert_int_equal(mo_engine_set_actor(f->en, long_id, &e), MO_EINVAL);
	assert_string_equal(mo_engine_actor(f->en), "system");
	assert_int_equal(mo_engine_set_actor(f->en, "jdoe", &e), 0);
	assert_string_equal(mo_engine_actor(f->en), "jdoe");
	/* the script API acts as the engine's actor */
	run_ok(f, "return tasks.add{ title = 'from a script' }", "1");
	assert_int_equal(query_int(f, "SELECT count(*) FROM task WHERE "
				      "created_by = 'jdoe'"), 1);
	/* unknown host modules and files */
	assert_int_equal(mo_engine_require(f->en, "nosuch", &e), MO_ENOTFOUND);
	assert_int_equal(mo_engine_load_file(f->en, "/nonexistent/x.lua", "x",
					     MO_ENV_SCRIPT, &e), MO_EIO);
	assert_msg(e, "/nonexistent/x.lua");
	/* no policies: no rules, loading succeeds */
	assert_int_equal(mo_engine_load_policies(f->en, &e), 0);
	assert_int_equal(mo_engine_rule_count(f->en), 0);
}

/* ---- compile and runtime errors ---- */

static void test_syntax_error(void **state)
{
	fixture *f = *state;
	lua_State *L;
	mo_err e = {0};
	const char *code = "local x = 1\nlocal y = x +\n\nlocal = 3\n";
	int top;
	open_with(f, NULL);
	L = mo_engine_state(f->en);
	top = lua_gettop(L);
	assert_int_equal(mo_engine_load(f->en, code, strlen(code), "=broken",
					MO_ENV_SCRIPT, &e), MO_ELUA);
	assert_int_equal(lua_gettop(L), top);
	assert_msg(e, "broken:4:");
	/* a file chunk name is shown without its "@" */
	assert_int_equal(mo_engine_load(f->en, code, strlen(code),
					"@scripts/x.lua", MO_ENV_SCRIPT, &e),
			 MO_ELUA);
	assert_msg(e, "scripts/x.lua:4:");
	/* compiled text is never bytecode */
	assert_int_equal(mo_engine_load(f->en, "\x1bLuaT\0\x19\x93", 8, "=bin",
					MO_ENV_SCRIPT, &e), MO_ELUA);
	assert_msg(e, "binary chunk");
	assert_int_equal(lua_gettop(L), top);
	run_bad(f, "return (", MO_ELUA, "t:1:");
	run_ok(f, "return 1 + 1", "2");
}

static void test_runtime_error(void **state)
{
	fixture *f = *state;
	open_with(f, NULL);
	run_bad(f, "local function inner()\n  error('boom')\nend\n"
		   "local function outer() inner() end\nouter()\n",
		MO_ELUA, "t:2: boom");
	run_bad(f, "local function inner()\n  error('boom')\nend\ninner()\n",
		MO_ELUA, "stack traceback");
	run_bad(f, "local t = nil\nreturn t.x\n", MO_ELUA,
		"t:2: attempt to index a nil value");
	run_bad(f, "error({})", MO_ELUA, "(error object is a table value)");
	run_bad(f, "error(setmetatable({}, {__tostring = function() return "
		   "'custom' end}))", MO_ELUA, "custom");
	/* recursion without end: a stack overflow or the memory cap */
	{
		mo_err e;
		assert_int_not_equal(run(f, "local function f(n) return 1 + "
					    "f(n + 1) end\nreturn f(1)", &e), 0);
		run_ok(f, "return 1 + 1", "2");
	}
}

/* ---- the instruction budget ---- */

static void test_instruction_limit(void **state)
{
	fixture *f = *state;
	const char *want = "instruction limit of 2000000 exceeded";
	open_with(f, NULL);
	run_bad(f, "while true do end", MO_ELUA, want);
	run_bad(f, "while true do end", MO_ELUA, "limits.instructions");
	run_bad(f, "for i = 1, math.maxinteger do end", MO_ELUA, want);
	run_bad(f, "local function f() return f() end\nreturn f()", MO_ELUA,
		want);
	/* pcall and xpcall cannot swallow it */
	run_bad(f, "while true do pcall(function() while true do end end) end",
		MO_ELUA, want);
	run_bad(f, "pcall(function() while true do end end)\nreturn 'swallowed'",
		MO_ELUA, want);
	run_bad(f, "xpcall(function() while true do end end, function(m) "
		   "return m end)\nreturn 'swallowed'", MO_ELUA, want);
	run_bad(f, "local ok = pcall(pcall, function() while true do end "
		   "end)\nreturn 'swallowed'", MO_ELUA, want);
	run_bad(f, "local f = load('while true do end')\npcall(f)\n"
		   "return 'swallowed'", MO_ELUA, want);
	/* the budget is per call: many calls under the budget all run */
	for (int i = 0; i < 5; i++)
		run_ok(f, "local n = 0 for i = 1, 200000 do n = n + 1 end "
			  "return n", "200000");
}

/* ---- the memory cap ---- */

static void test_memory_limit(void **state)
{
	fixture *f = *state;
	const char *want = "memory limit of 8192 KiB exceeded";
	open_with(f, NULL);
	run_bad(f, "local s = 'x' while true do s = s .. s end", MO_ENOMEM,
		want);
	run_bad(f, "return string.rep('x', 100 * 1024 * 1024)", MO_ENOMEM,
		want);
	run_bad(f, "local t = {} for i = 1, 1e9 do t[i] = {i, i, i, i} end",
		MO_ENOMEM, want);
	run_bad(f, "local t = {} for i = 1, 1e9 do t[#t + 1] = "
		   "('x'):rep(64) .. i end", MO_ENOMEM, "limits.memory");
	run_bad(f, "local parts = {} for i = 1, 64 do parts[i] = "
		   "('y'):rep(200000) end return table.concat(parts)",
		MO_ENOMEM, want);
	/* pcall cannot swallow it */
	run_bad(f, "pcall(string.rep, 'x', 100 * 1024 * 1024)\nreturn 'swallowed'",
		MO_ENOMEM, want);
	run_bad(f, "while true do pcall(function() local s = 'x' while true do "
		   "s = s .. s end end) end", MO_ENOMEM, want);
	/* memory is given back: a large but allowed string, many times */
	for (int i = 0; i < 5; i++)
		run_ok(f, "return #string.rep('z', 3 * 1024 * 1024)", "3145728");
}

/* ---- the sandbox ---- */

static void test_forbidden(void **state)
{
	fixture *f = *state;
	static const char *const cases[][2] = {
		{"os.execute('true')", "field 'execute'"},
		{"os.exit(1)", "field 'exit'"},
		{"os.getenv('HOME')", "field 'getenv'"},
		{"os.remove('/tmp/x')", "field 'remove'"},
		{"return io", "unknown global 'io'"},
		{"io.open('/etc/passwd')", "unknown global 'io'"},
		{"require('os')", "unknown global 'require'"},
		{"return package", "unknown global 'package'"},
		{"dofile('/etc/passwd')", "unknown global 'dofile'"},
		{"loadfile('/etc/passwd')", "unknown global 'loadfile'"},
		{"rawset(_ENV, 'x', 1)", "unknown global 'rawset'"},
		{"collectgarbage()", "unknown global 'collectgarbage'"},
		{"debug.getinfo(1)", "unknown global 'debug'"},
		{"return debug", "unknown global 'debug'"},
		{"return coroutine", "unknown global 'coroutine'"},
		{"string.dump(function() end)", "field 'dump'"},
		{"('').dump(function() end)", "field 'dump'"},
		{"load('return 1', 'x', 'b')", "only text chunks"},
		{"load('return 1', 'x', 'bt')", "only text chunks"},
		{"setmetatable(tasks, {})", "cannot change a protected metatable"},
		{"setmetatable(string, {})", "cannot change a protected metatable"},
		{"setmetatable(practice, {})", "cannot change a protected "
					       "metatable"},
		{"setmetatable(_ENV, {})", "cannot change a protected metatable"},
		{"tasks.add = nil", "'tasks' is read-only (cannot set 'add')"},
		{"tasks.evil = print", "'tasks' is read-only (cannot set 'evil')"},
		{"string.rep = nil", "'string' is read-only (cannot set 'rep')"},
		{"practice.name = 'x'", "'practice' is read-only (cannot set "
					"'name')"},
		{"practice.hours.mon = {}", "'practice.hours' is read-only"},
		{"practice.policies[1] = 'x'", "'practice.policies' is read-only"},
		{"table.insert = print", "'table' is read-only"},
		{"math.pi = 3", "'math' is read-only"},
		{"os.time = nil", "'os' is read-only"},
		{"getmetatable('').__index = {}", "attempt to index a boolean"},
		{"load('return io')()", "unknown global 'io'"},
		{"local x = 1\nreturn x + nosuch", "t:2: unknown global 'nosuch'"},
		{"\n\nprint(undefined_thing)", "t:3: unknown global "
					       "'undefined_thing'"},
	};
	open_with(f, NULL);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		run_bad(f, cases[i][0], MO_ELUA, cases[i][1]);
	/* what forbidden things return */
	run_ok(f, "return getmetatable('')", "false");
	run_ok(f, "return getmetatable(tasks)", "read-only");
	run_ok(f, "return getmetatable(_ENV)", "false");
	run_ok(f, "local f, msg = load('\\27LuaT\\0\\25\\147\\r\\n\\26\\n')\n"
		  "return tostring(f) .. ' ' .. msg",
	       "nil attempt to load a binary chunk (mode is 't')");
	run_ok(f, "return string.dump == nil and os.execute == nil", "true");
	run_ok(f, "return rawget(string, 'rep') == nil", "true");
	/* what is allowed still works */
	run_ok(f, "return ('x'):rep(3) .. string.upper('y')", "xxxY");
	run_ok(f, "return load('return 40 + 2')()", "42");
	{
		char want[32];
		size_t n = 0;
		while (mo_actions[n].name)
			n++;
		snprintf(want, sizeof want, "integer %zu", n);
		run_ok(f, "return math.type(os.time()) .. ' ' .. #actions",
		       want);
	}
	run_ok(f, "return practice.name .. ' ' .. practice.timezone", "T UTC");
	run_ok(f, "local n = 0 for k in pairs(tasks) do n = n + 1 end return n",
	       "5");
	run_ok(f, "x = 5\nreturn x + _G.x", "10");
	run_ok(f, "return select('#', pcall(error, 'caught'))", "2");
}

static void test_env_isolation(void **state)
{
	fixture *f = *state;
	open_with(f, NULL);
	run_ok(f, "leaked = 'yes'\nfunction helper() end\nreturn leaked", "yes");
	run_bad(f, "return leaked", MO_ELUA, "unknown global 'leaked'");
	run_bad(f, "helper()", MO_ELUA, "unknown global 'helper'");
	/* a chunk loaded with load() gets its own environment too */
	run_ok(f, "mine = 1\nlocal f = load('return mine')\n"
		  "return (pcall(f))", "false");
	/* shadowing a base name stays in the chunk */
	run_ok(f, "print = 5\nreturn print", "5");
	run_ok(f, "return type(print)", "function");
}

/* ---- interrupts ---- */

static void test_interrupt(void **state)
{
	fixture *f = *state;
	lua_State *L;
	mo_err e = {0};
	const char *loop = "while true do end";
	const char *ploop = "while true do pcall(function() while true do end "
			    "end) end";
	load_ok(f, "r.lua", "rule 'task.create' ('spin', function(a)\n"
			    "  if a.title == 'spin' then while true do end "
			    "end\nend)\n", NULL);
	L = mo_engine_state(f->en);
	assert_int_equal(mo_engine_load(f->en, loop, strlen(loop), "=loop",
					MO_ENV_SCRIPT, &e), 0);
	mo_engine_interrupt(f->en);
	assert_int_equal(mo_engine_call(f->en, 0, 0, &e), MO_EINTR);
	assert_int_equal(e.code, MO_EINTR);
	assert_msg(e, "interrupted");
	/* the request stays until cleared */
	assert_int_equal(mo_engine_load(f->en, ploop, strlen(ploop), "=ploop",
					MO_ENV_SCRIPT, &e), 0);
	assert_int_equal(mo_engine_call(f->en, 0, 0, &e), MO_EINTR);
	/* a rule interrupted during an operation: nothing written */
	assert_int_equal(add_task(f, "jdoe", "spin", &e), MO_EINTR);
	assert_int_equal(tasks_n(f), 0);
	assert_int_equal(audit_n(f), 0);
	assert_int_equal(mo_db_tx_depth(mo_practice_db(f->p)), 0);
	mo_engine_clear_interrupt(f->en);
	assert_int_equal(lua_gettop(L), 0);
	run_ok(f, "return 1 + 1", "2");
	run_ok(f, "local n = 0 for i = 1, 100000 do n = n + i end return n",
	       "5000050000");
	/* SQL runs again too */
	assert_int_equal(add_task(f, "jdoe", "after", &e), 0);
	assert_int_equal(tasks_n(f), 1);
}

/* ---- policies: loading ---- */

/* Loading must fail with rc and a message containing each of msgs. */
static void load_bad(fixture *f, int rc, const char *const *msgs)
{
	mo_err e = {0};
	int got = mo_engine_load_policies(f->en, &e);
	if (got != rc)
		fail_msg("rc %d (%s), want %d", got, e.msg, rc);
	for (; *msgs; msgs++)
		assert_msg(e, *msgs);
	assert_int_equal(lua_gettop(mo_engine_state(f->en)), 0);
	run_ok(f, "return 1 + 1", "2");
}

static void test_policy_syntax_error(void **state)
{
	fixture *f = *state;
	open_with(f, "ok.lua", "rule 'task.create' ('fine', function() end)\n",
		  "broken.lua", "-- a comment\nrule 'task.create' ('x', "
				"function(a)\n  return deny 'x'\nend\nlocal = 1\n",
		  NULL);
	load_bad(f, MO_ELUA, (const char *[]){"policies/broken.lua:5:", NULL});
}

static void test_policy_runtime_error(void **state)
{
	fixture *f = *state;
	open_with(f, "a.lua", "local limits = nil\n\nlocal n = limits.max\n",
		  NULL);
	load_bad(f, MO_ELUA,
		 (const char *[]){"policies/a.lua:3: attempt to index a nil "
				  "value", "stack traceback", NULL});
}

static void test_policy_unknown_action(void **state)
{
	fixture *f = *state;
	open_with(f, "a.lua", "-- tasks\n\nrule \"task.craete\" (\"typo\", "
			      "function(a) return nil end)\n", NULL);
	load_bad(f, MO_ELUA,
		 (const char *[]){"policies/a.lua:3:", "unknown action "
				  "'task.craete'", "did you mean "
				  "\"task.create\"", NULL});
}

static void test_policy_dsl_misuse(void **state)
{
	fixture *f = *state;
	open_with(f, "a.lua", "rule(42)\n", NULL);
	load_bad(f, MO_ELUA, (const char *[]){"policies/a.lua:1:",
					       "expected an action name", NULL});
	open_with(f, "a.lua", "\nrule 'task.create' (42)\n", NULL);
	load_bad(f, MO_ELUA, (const char *[]){"policies/a.lua:2:",
					       "expected (\"name\", function)",
					       NULL});
	open_with(f, "a.lua", "rule 'task.create' ('x', 'not a function')\n",
		  NULL);
	load_bad(f, MO_ELUA, (const char *[]){"expected (\"name\", function)",
					       NULL});
}

static void test_policy_endless_at_load(void **state)
{
	fixture *f = *state;
	open_with(f, "a.lua", "while true do end\n", NULL);
	load_bad(f, MO_ELUA, (const char *[]){"instruction limit", NULL});
	open_with(f, "a.lua", "while true do pcall(function() while true do "
			      "end end) end\n", NULL);
	load_bad(f, MO_ELUA, (const char *[]){"instruction limit", NULL});
	open_with(f, "a.lua", "local t = {} for i = 1, 1e9 do t[i] = "
			      "('x'):rep(100) .. i end\n", NULL);
	load_bad(f, MO_ENOMEM, (const char *[]){"memory limit", NULL});
}

static void test_policy_missing_file(void **state)
{
	fixture *f = *state;
	/* practice.yaml: line 5 "policies:", 6 "- a.lua", 7 "- gone.lua" */
	open_with(f, "a.lua", "rule 'task.create' ('x', function() end)\n",
		  "gone.lua", NULL, NULL);
	load_bad(f, MO_EIO, (const char *[]){"practice.yaml:7: policies[1]:",
					      "gone.lua", NULL});
}

static void test_policy_on_open(void **state)
{
	fixture *f = *state;
	mo_decision d;
	load_ok(f, "a.lua",
		"local seen, calls = nil, 0\n"
		"function on_open(p)\n"
		"  seen, calls = p, calls + 1\n"
		"end\n"
		"rule 'task.create' ('report', function(a)\n"
		"  return deny(('%s/%s/%d'):format(seen and seen.name,\n"
		"    tostring(seen == practice), calls))\n"
		"end)\n",
		NULL);
	decide(f, "task.create", "x", &d);
	assert_int_equal(d.verdict, MO_VERDICT_DENY);
	assert_string_equal(d.reason, "T/true/1");

	/* an error in on_open fails loading */
	open_with(f, "a.lua", "function on_open(p)\n  error('cannot open ' .. "
			      "p.name)\nend\n", NULL);
	load_bad(f, MO_ELUA, (const char *[]){"policies/a.lua:2: cannot open T",
					       NULL});
	/* and so does an endless one */
	open_with(f, "a.lua", "function on_open(p) while true do end end\n",
		  NULL);
	load_bad(f, MO_ELUA, (const char *[]){"instruction limit", NULL});
}

static void test_policy_isolation(void **state)
{
	fixture *f = *state;
	mo_decision d;
	load_ok(f, "a.lua",
		"shared = 42\n"
		"rule 'task.create' ('a keeps its own', function()\n"
		"  if shared ~= 42 then return deny 'a lost shared' end\n"
		"end)\n",
		"b.lua",
		"local ok, err = pcall(function() return shared end)\n"
		"rule 'task.create' ('b cannot see it', function()\n"
		"  if ok then return deny 'leak' end\n"
		"  return deny(err)\n"
		"end)\n",
		NULL);
	decide(f, "task.create", "x", &d);
	assert_int_equal(d.verdict, MO_VERDICT_DENY);
	assert_string_equal(d.rule, "'b cannot see it' (policies/b.lua:2)");
	if (!strstr(d.reason, "unknown global 'shared'"))
		fail_msg("reason: %s", d.reason);
	/* scripts do not see policy globals either */
	run_bad(f, "return shared", MO_ELUA, "unknown global 'shared'");
	run_bad(f, "return on_open", MO_ELUA, "unknown global 'on_open'");
}

/* ---- policies: rules ---- */

static const char RULES_A[] =
	"rule 'task.create' ('no opinion', function(a) return nil end)\n"
	"rule 'task.create' ('deny marked', function(a)\n"
	"  if a.title == 'deny me' then return deny('not ' .. a.title) end\n"
	"end)\n"
	"rule 'task.create' ('allow rest', function(a) return allow 'fine' "
	"end)\n";
static const char RULES_B[] =
	"rule 'task.create' ('never reached', function(a) return deny 'b' "
	"end)\n"
	"rule 'task.complete' ('b decides', function(a)\n"
	"  return deny('b says ' .. a.actor .. ' ' .. a.id)\n"
	"end)\n";

static void test_rules_first_wins(void **state)
{
	fixture *f = *state;
	mo_decision d;
	mo_err e = {0};
	char buf[600];
	load_ok(f, "a.lua", RULES_A, "b.lua", RULES_B, NULL);
	assert_int_equal(mo_engine_rule_count(f->en), 5);

	decide(f, "task.create", "deny me", &d);
	assert_int_equal(d.verdict, MO_VERDICT_DENY);
	assert_string_equal(d.reason, "not deny me");
	assert_string_equal(d.rule, "'deny marked' (policies/a.lua:2)");
	decide(f, "task.create", "x", &d);
	assert_int_equal(d.verdict, MO_VERDICT_ALLOW);
	assert_string_equal(d.reason, "fine");
	assert_string_equal(d.rule, "'allow rest' (policies/a.lua:5)");
	decide(f, "task.cancel", "x", &d);
	assert_int_equal(d.verdict, MO_VERDICT_NONE);
	assert_string_equal(d.rule, "");
	assert_string_equal(mo_decision_describe(&d, buf, sizeof buf),
			    "allowed (no rule applies)");

	/* through the core: a denial writes nothing */
	assert_int_equal(add_task(f, "jdoe", "deny me", &e), MO_EDENIED);
	assert_string_equal(e.msg, "jdoe may not task.create: not deny me "
			    "(rule 'deny marked' (policies/a.lua:2))");
	assert_int_equal(tasks_n(f), 0);
	assert_int_equal(audit_n(f), 0);
	/* an allowed action is audited with the rule that allowed it */
	assert_int_equal(add_task(f, "jdoe", "call back", &e), 0);
	assert_int_equal(query_int(f, "SELECT count(*) FROM audit WHERE "
				      "decision = 'allowed by rule ''allow "
				      "rest'' (policies/a.lua:5): fine'"), 1);
	/* the later file decides actions the first has no rules for */
	assert_int_equal(mo_task_close(f->p, "asmith", 1, "done", NULL, &e),
			 MO_EDENIED);
	assert_msg(e, "b says asmith 1");
	assert_msg(e, "'b decides' (policies/b.lua:2)");
	assert_int_equal(query_int(f, "SELECT count(*) FROM task WHERE status "
				      "= 'open'"), 1);
	assert_int_equal(audit_n(f), 1);
}

/* Decisions about actions without rules stay in C; a rule declared
 * later (from a script or the shell) is consulted from then on. */
static void test_rules_declared_later(void **state)
{
	fixture *f = *state;
	mo_decision d;
	mo_err e = {0};
	load_ok(f, "a.lua", RULES_A, NULL);
	decide(f, "task.cancel", "x", &d);
	assert_int_equal(d.verdict, MO_VERDICT_NONE);
	assert_string_equal(d.reason, "");
	assert_string_equal(d.rule, "");
	assert_int_equal(run(f, "rule \"task.cancel\" (\"late\", function(a) "
			     "return deny(\"no cancelling today\") end)", &e),
			 0);
	decide(f, "task.cancel", "x", &d);
	assert_int_equal(d.verdict, MO_VERDICT_DENY);
	assert_string_equal(d.reason, "no cancelling today");
	assert_string_equal(d.rule, "'late' (t:1)");
	/* another action still has none */
	decide(f, "task.complete", "x", &d);
	assert_int_equal(d.verdict, MO_VERDICT_NONE);
}

static void test_rules_see_facts(void **state)
{
	fixture *f = *state;
	mo_task_new in = {.title = "call back", .assignee = "asmith",
			  .note = "urgent", .due_us = 1795392000LL * 1000000};
	mo_err e = {0};
	load_ok(f, "a.lua",
		"rule 'task.create' ('echo', function(a)\n"
		"  if a.title == 'x' then return nil end\n"
		"  return deny(('%s|%s|%s|%s|%s|%s'):format(a.actor, a.title,\n"
		"    a.assignee, math.type(a.due), a.due, a.note))\n"
		"end)\n"
		"rule 'task.cancel' ('echo', function(a)\n"
		"  return deny(('%s|%s|%s|%s'):format(a.actor, a.id,\n"
		"    tostring(a.assignee), tostring(a.note)))\n"
		"end)\n",
		NULL);
	assert_int_equal(mo_task_add(f->p, "jdoe", &in, NULL, &e), MO_EDENIED);
	assert_msg(e, ": jdoe|call back|asmith|integer|1795392000|urgent (");
	/* missing values are nil */
	assert_int_equal(add_task(f, "jdoe", "x", &e), 0);
	assert_int_equal(mo_task_close(f->p, "bkim", 1, "cancelled", NULL, &e),
			 MO_EDENIED);
	assert_msg(e, ": bkim|1|nil|nil (");
}

/* Opens with one policy whose task.create rule body is given, then
 * adding a task must fail with rc and msg, writing nothing. */
static void rule_fails(fixture *f, const char *body, int rc, const char *msg)
{
	char text[512];
	mo_err e = {0};
	snprintf(text, sizeof text, "rule 'task.create' ('bad', function(a)\n"
		 "%s\nend)\n", body);
	load_ok(f, "a.lua", text, NULL);
	if (add_task(f, "jdoe", "call back", &e) != rc)
		fail_msg("%s\nrc %d: %s", body, e.code, e.msg);
	if (!strstr(e.msg, msg))
		fail_msg("%s\nmessage \"%s\" lacks \"%s\"", body, e.msg, msg);
	assert_int_equal(tasks_n(f), 0);
	assert_int_equal(audit_n(f), 0);
	assert_int_equal(mo_db_tx_depth(mo_practice_db(f->p)), 0);
	assert_int_equal(lua_gettop(mo_engine_state(f->en)), 0);
	run_ok(f, "return 1 + 1", "2");
}

/* A claim edit's fix reaches the core as MO_VERDICT_FIX with its change. */
static void test_rules_fix(void **state)
{
	fixture *f = *state;
	mo_fact facts[] = {{"lines", MO_FACT_STR, "87880", 0}};
	mo_decision d;
	mo_err e = {0};
	load_ok(f, "a.lua",
		"rule 'claim.release' ('QW', function(c)\n"
		"  if c.lines == '87880' then\n"
		"    return fix('waived test', { code = '87880', add_modifier = 'QW' })\n"
		"  end\n"
		"end)\n", NULL);
	assert_int_equal(mo_practice_decide(f->p, "system", "claim.release",
					    facts, 1, &d, &e), 0);
	assert_int_equal(d.verdict, MO_VERDICT_FIX);
	assert_string_equal(d.fix, "add_modifier 87880 QW");
	assert_string_equal(d.reason, "waived test");
	assert_string_equal(d.rule, "'QW' (policies/a.lua:1)");
	facts[0].s = "87880:QW";
	assert_int_equal(mo_practice_decide(f->p, "system", "claim.release",
					    facts, 1, &d, &e), 0);
	assert_int_equal(d.verdict, MO_VERDICT_NONE);
	assert_string_equal(d.fix, "");
}

static void test_rules_bad_results(void **state)
{
	fixture *f = *state;
	rule_fails(f, "  return true", MO_ELUA,
		   "rule 'bad' (policies/a.lua:1) returned a boolean; expected "
		   "allow(...), deny(...), fix(...) or nil");
	/* fix is for claim edits only, and takes one known change */
	rule_fails(f, "  return fix('x', { add_modifier = 'QW', code = '87880' })",
		   MO_ELUA, "rule 'bad' (policies/a.lua:1) returned fix(...), "
		   "but only claim edits (rules for claim.release) may fix");
	rule_fails(f, "  return fix('x', { add_modifier = 'qw', code = '87880' })",
		   MO_ELUA, "fix: a modifier is 2 capital letters or digits");
	rule_fails(f, "  return fix('x', { add_modifier = 'QW', code = 'x' })",
		   MO_ELUA, "fix: code: expected a CPT or HCPCS code");
	rule_fails(f, "  return fix('x', { set_units = 2, code = '87880' })",
		   MO_ELUA, "fix: unknown change 'set_units'");
	rule_fails(f, "  return fix('x', { code = '87880' })", MO_ELUA,
		   "fix: expected add_modifier or remove_modifier");
	rule_fails(f, "  return fix('x', { add_modifier = 'QW', "
		   "remove_modifier = '25', code = '87880' })", MO_ELUA,
		   "fix: one change at a time");
	rule_fails(f, "  return fix('x')", MO_ELUA, "fix: expected (reason, {");
	rule_fails(f, "  return 'allow'", MO_ELUA, "returned a string");
	rule_fails(f, "  return { verdict = 'allow', reason = '' }", MO_ELUA,
		   "returned a table");
	rule_fails(f, "  return 0", MO_ELUA, "returned a number");
	rule_fails(f, "  return deny(42)", MO_ELUA,
		   "deny: the reason must be a string");
}

static void test_rules_errors(void **state)
{
	fixture *f = *state;
	rule_fails(f, "  error('kaboom')", MO_ELUA, "policies/a.lua:2: kaboom");
	rule_fails(f, "  return a.nothing.deeper", MO_ELUA,
		   "policies/a.lua:2: attempt to index a nil value");
	rule_fails(f, "  while true do end", MO_ELUA, "instruction limit");
	rule_fails(f, "  local s = 'x' while true do s = s .. s end", MO_ENOMEM,
		   "memory limit");
	/* a rule that writes re-enters the rules without end: it must fail
	 * and leave nothing behind */
	rule_fails(f, "  tasks.add{ title = 'sneaky' }", MO_ELUA,
		   "policies/a.lua:2:");
}

/* ---- hangs: checks run in a child with a deadline ---- */

static int child_gc_loop(fixture *f)
{
	mo_err e = {0};
	int rc = run_raw(f, "setmetatable({}, {__gc = function() while true "
			    "do end end})\nlocal t = {}\nfor i = 1, 200000 do "
			    "t[i] = {} t[i] = nil end\nreturn 1", &e);
	(void)rc; /* finishing or failing is fine; hanging is not */
	close_practice(f);
	return 0;
}

/* Regression (lua/sandbox.c: setmetatable is allow-listed as is): a __gc
 * metamethod runs with debug hooks disabled (Lua 5.4 GCTM sets
 * allowhook = 0), so an endless finalizer escapes the instruction budget
 * and Ctrl-C: the process hangs, in the next collection or in
 * mo_engine_free() (lua_close). Fixed by: wrap setmetatable in the
 * sandbox so that a metatable with a __gc field is refused (or its __gc
 * dropped), as Redis does by not exposing finalizers to scripts. This
 * test guards the fix. */
static void test_gc_finalizer_cannot_hang(void **state)
{
	fixture *f = *state;
	open_with(f, NULL);
	within(f, 5, child_gc_loop, "an endless __gc finalizer");
}

static int child_xpcall_handler(fixture *f)
{
	mo_err e = {0};
	int rc = run_raw(f, "xpcall(function() while true do end end,\n"
			    "  function(m) while true do end end)\n"
			    "return 'swallowed'", &e);
	return rc == MO_ELUA && strstr(e.msg, "instruction limit") ? 0 : 1;
}

/* Regression (lua/sandbox.c, sandbox_xpcall): the instruction-limit and
 * interrupt errors are raised by luaL_error inside the count hook, and
 * Lua runs hooks with hooks disabled (allowhook = 0); the error calls the
 * script's xpcall message handler right there, so a handler that loops
 * is never stopped (not by the budget, not by Ctrl-C) and the process
 * hangs. Fixed by: give lua_pcall in sandbox_xpcall a C message
 * handler that returns the message untouched when mo_sandbox_aborting(L)
 * and calls the script's handler (an upvalue) only for ordinary errors.
 * Fixed; this test guards it. */
static void test_xpcall_handler_cannot_hang(void **state)
{
	fixture *f = *state;
	open_with(f, NULL);
	within(f, 5, child_xpcall_handler, "an endless xpcall handler");
}

static int child_pattern(fixture *f)
{
	mo_err e = {0};
	int rc = run_raw(f, "local s = string.rep('a', 30000)\n"
			    "return s:find('.-.-.-.-.-b')", &e);
	/* must stop: with an error, since it cannot finish in budget */
	return rc != 0 ? 0 : 1;
}

/* Regression (lua/sandbox.c: string.find/match/gmatch/gsub are exposed as is):
 * the instruction budget counts Lua VM instructions only, so a C library
 * call with a backtracking pattern (".-.-.-.-.-b" on 30000 characters is
 * about n^5 steps) runs for hours without the count hook or an interrupt
 * ever firing. Fixed by the cost check of the sandbox's pattern
 * functions (sandbox.c, check_pattern_cost), which refuses such a call.
 * This test guards the fix. */
static void test_pattern_cannot_hang(void **state)
{
	fixture *f = *state;
	open_with(f, NULL);
	within(f, 5, child_pattern, "a backtracking pattern");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_engine_api),
		T(test_syntax_error),
		T(test_runtime_error),
		T(test_instruction_limit),
		T(test_memory_limit),
		T(test_forbidden),
		T(test_env_isolation),
		T(test_interrupt),
		T(test_policy_syntax_error),
		T(test_policy_runtime_error),
		T(test_policy_unknown_action),
		T(test_policy_dsl_misuse),
		T(test_policy_endless_at_load),
		T(test_policy_missing_file),
		T(test_policy_on_open),
		T(test_policy_isolation),
		T(test_rules_first_wins),
		T(test_rules_declared_later),
		T(test_rules_see_facts),
		T(test_rules_fix),
		T(test_rules_bad_results),
		T(test_rules_errors),
		T(test_xpcall_handler_cannot_hang),
		T(test_gc_finalizer_cannot_hang),
		T(test_pattern_cannot_hang),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

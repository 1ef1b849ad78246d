/* shell.c: the interactive Lua shell of a practice (see shell.h). It
 * provides the read-eval-print loop: each chunk is compiled first as
 * "return <chunk>" (so a bare expression shows its values) and then as a
 * statement, more lines are read while the chunk is incomplete, and every
 * chunk of a session runs in one script environment kept in the registry,
 * so that globals persist from line to line. Results are shown with the
 * embedded module "pretty"; errors go to stderr and the shell goes on; a
 * transaction left open is rolled back. Ctrl-C interrupts a running
 * statement (mo_engine_interrupt) or abandons the line being typed. On a
 * terminal it uses libedit's readline interface (history file, tab
 * completion of globals and fields with raw access only, the user's
 * LC_CTYPE while it runs so that UTF-8 input works); otherwise it reads
 * lines with getline and shows no prompt (as it does on a terminal when
 * libedit cannot be loaded, saying so). It uses engine.h, practice.h (for
 * the database's transaction depth) and libedit (loaded on a terminal
 * only: edit_lib.h). */
#include "shell.h"

#include <ctype.h>
#include <lauxlib.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <editline/readline.h>

#include "edit_lib.h"

#define PROMPT "medoffice> "
#define PROMPT_MORE "     ...> "
#define HISTORY_MAX 1000
#define MAX_SHOWN 100 /* results shown of one statement */
#define MAX_HOPS 8    /* __index tables followed when completing */
/* Word breaks for completion: "." and ":" stay inside words so that a
 * whole dotted path (practice.hours.m) is completed. */
#define WORD_BREAKS " \t\n\"\\'`@$><=;|&{}()[],+-*/%^~#"

typedef struct shell {
	mo_engine *en;
	lua_State *L;
	bool tty;
	bool eof;    /* input ended */
	bool quit;   /* .quit */
	bool failed; /* a statement or command failed */
	char *buf;   /* getline buffer */
	size_t cap;
} shell;

/* Completion candidates, built when Tab is pressed. */
typedef struct completion {
	char **v;
	size_t n, cap, next;
} completion;

typedef struct comp_query {
	completion *c;
	const char *text; /* the word being completed */
	size_t split;     /* length of its path and separator */
	char sep;         /* the last separator: '.', ':' or 0 */
} comp_query;

typedef struct dot_cmd {
	const char *name;
	void (*fn)(shell *sh, const char *arg);
	bool has_arg;
} dot_cmd;

/* Signal handlers and libedit callbacks take no user pointer. */
static shell *g_shell;
static completion g_comp;
static volatile sig_atomic_t g_running; /* a statement runs */
static volatile sig_atomic_t g_intr;    /* Ctrl-C outside a statement */
static const char session_key;          /* registry key of the session env */

static void on_sigint(int sig)
{
	(void)sig;
	if (g_running)
		mo_engine_interrupt(g_shell->en);
	else
		g_intr = 1;
}

static void report(shell *sh, const char *msg)
{
	fflush(stdout);
	fprintf(stderr, "%s\n", msg);
	sh->failed = true;
}

/* ---- reading ---- */

static char *read_plain(shell *sh)
{
	ssize_t n;
	if ((n = getline(&sh->buf, &sh->cap, stdin)) < 0) {
		clearerr(stdin);
		return NULL;
	}
	if (n > 0 && sh->buf[n - 1] == '\n')
		sh->buf[--n] = '\0';
	if (n > 0 && sh->buf[n - 1] == '\r')
		sh->buf[--n] = '\0';
	return mo_strndup(sh->buf, (size_t)n);
}

/* Reads one line without its newline; caller frees. NULL when input ended
 * (sh->eof is set) or Ctrl-C abandoned the line. */
static char *read_line(shell *sh, bool more)
{
	char *line;
	g_intr = 0;
	if (sh->tty)
		line = readline(more ? PROMPT_MORE : PROMPT);
	else
		line = read_plain(sh);
	if (line)
		return line;
	/* Ctrl-C or Ctrl-D: the next prompt or shell starts on a new line */
	if (sh->tty)
		fputc('\n', stdout);
	fflush(stdout);
	sh->eof = !g_intr;
	g_intr = 0;
	return NULL;
}

/* Replaces *text by *text "\n" line; frees line. */
static int append_line(char **text, char *line)
{
	char *t = mo_sprintf("%s\n%s", *text, line);
	free(line);
	if (!t)
		return MO_ENOMEM;
	free(*text);
	*text = t;
	return 0;
}

static void remember(shell *sh, const char *text)
{
	if (sh->tty)
		add_history(text);
}

static bool blank(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return *s == '\0';
}

/* ---- compiling ---- */

enum { COMPILED, INCOMPLETE, BROKEN };

/* Whether a syntax error only says that the chunk ended too early (as
 * lua.c's incomplete()). */
static bool incomplete(const mo_err *e)
{
	static const char mark[] = "<eof>";
	size_t n = strlen(e->msg), m = sizeof mark - 1;
	return n >= m && strcmp(e->msg + n - m, mark) == 0;
}

static int load(shell *sh, const char *text, mo_err *e)
{
	return mo_engine_load(sh->en, text, strlen(text), "=stdin",
			      MO_ENV_SCRIPT, e);
}

/* Compiles text as "return text", then as a statement. COMPILED leaves
 * the function on top; BROKEN fills e with the statement's error. */
static int compile(shell *sh, const char *text, mo_err *e)
{
	char *ret = mo_sprintf("return %s", text);
	mo_err re = {0};
	int rc = ret ? load(sh, ret, &re) : MO_ENOMEM;
	free(ret);
	if (rc == 0)
		return COMPILED;
	if ((rc = load(sh, text, e)) == 0)
		return COMPILED;
	if (rc == MO_ELUA && (incomplete(e) || incomplete(&re)))
		return INCOMPLETE;
	return BROKEN;
}

enum { STMT_OK, STMT_BAD, STMT_ABANDONED };

/* Compiles the chunk *text (owned), reading more lines while it is
 * incomplete. STMT_OK leaves the function on top; STMT_BAD fills e. */
static int read_statement(shell *sh, char **text, mo_err *e)
{
	char *line;
	int st;
	while ((st = compile(sh, *text, e)) == INCOMPLETE) {
		if (!(line = read_line(sh, true)))
			return sh->eof ? STMT_BAD : STMT_ABANDONED;
		if (append_line(text, line)) {
			mo_err_set(e, MO_ENOMEM, "out of memory");
			return STMT_BAD;
		}
	}
	return st == COMPILED ? STMT_OK : STMT_BAD;
}

/* ---- the session environment ---- */

/* Makes a fresh session environment: the one mo_engine_load gives an
 * empty chunk. */
static int new_session(shell *sh, mo_err *e)
{
	int rc = load(sh, "", e);
	if (rc)
		return rc;
	lua_getupvalue(sh->L, -1, 1);
	lua_rawsetp(sh->L, LUA_REGISTRYINDEX, &session_key);
	lua_pop(sh->L, 1);
	return 0;
}

static void end_session(shell *sh)
{
	lua_pushnil(sh->L);
	lua_rawsetp(sh->L, LUA_REGISTRYINDEX, &session_key);
}

/* Gives the function on top the session environment as its _ENV. */
static void use_session(shell *sh)
{
	lua_rawgetp(sh->L, LUA_REGISTRYINDEX, &session_key);
	if (!lua_setupvalue(sh->L, -2, 1))
		lua_pop(sh->L, 1);
}

/* ---- running ---- */

/* Writes the string on top (the shown value). */
static void write_shown(lua_State *L, bool tab)
{
	size_t len = 0;
	const char *s = "?";
	if (lua_type(L, -1) == LUA_TSTRING)
		s = lua_tolstring(L, -1, &len);
	else
		len = 1;
	if (tab)
		fputc('\t', stdout);
	fwrite(s, 1, len, stdout);
}

/* A lone string of several lines (explain(), a report) is text for the
 * person: shown as it is rather than quoted. */
static bool show_text(lua_State *L, int base)
{
	size_t len;
	const char *s;
	if (lua_gettop(L) != base + 1 || lua_type(L, -1) != LUA_TSTRING)
		return false;
	s = lua_tolstring(L, -1, &len);
	if (!memchr(s, '\n', len))
		return false;
	fwrite(s, 1, len, stdout);
	if (len && s[len - 1] != '\n')
		fputc('\n', stdout);
	return true;
}

/* Shows the results above base with pretty.show, separated by tabs. */
static int show_results(shell *sh, int base, mo_err *e)
{
	lua_State *L = sh->L;
	int n = lua_gettop(L) - base, shown = n < MAX_SHOWN ? n : MAX_SHOWN;
	int rc = 0;
	if (n == 0 || show_text(L, base))
		return 0;
	if (!lua_checkstack(L, 8))
		return mo_err_set(e, MO_ELUA, "too many results to show");
	if ((rc = mo_engine_require(sh->en, "pretty", e)))
		return rc;
	for (int i = 1; i <= shown && !rc; i++) {
		lua_pushliteral(L, "show");
		lua_rawget(L, -2);
		lua_pushvalue(L, base + i);
		if (!(rc = mo_engine_call(sh->en, 1, 1, e))) {
			write_shown(L, i > 1);
			lua_pop(L, 1);
		}
	}
	if (!rc && n > shown)
		printf("\t... (%d more)", n - shown);
	fputc('\n', stdout);
	return rc;
}

/* Rolls back a transaction that a failed statement left open. */
static void close_transaction(shell *sh)
{
	mo_db *db = mo_practice_db(mo_engine_practice(sh->en));
	if (mo_db_tx_depth(db) > 0) {
		mo_db_rollback_all(db);
		fflush(stdout);
		fprintf(stderr, "rolled back the open transaction\n");
	}
}

/* Runs the compiled chunk on top and shows its results. */
static void run(shell *sh)
{
	lua_State *L = sh->L;
	int base = lua_gettop(L) - 1, rc;
	mo_err e;
	use_session(sh);
	mo_engine_clear_interrupt(sh->en);
	g_running = 1;
	rc = mo_engine_call(sh->en, 0, LUA_MULTRET, &e);
	if (!rc)
		rc = show_results(sh, base, &e);
	g_running = 0;
	lua_settop(L, base);
	if (rc)
		report(sh, e.msg);
	close_transaction(sh);
	fflush(stdout);
}

/* Reads the rest of the chunk that starts with text (owned), runs it. */
static void eval_chunk(shell *sh, char *text)
{
	mo_err e;
	int st = read_statement(sh, &text, &e);
	if (st != STMT_ABANDONED)
		remember(sh, text);
	if (st == STMT_OK)
		run(sh);
	else if (st == STMT_BAD)
		report(sh, e.msg);
	free(text);
}

/* ---- dot commands ---- */

static void dot_help(shell *sh, const char *arg)
{
	(void)sh;
	(void)arg;
	fputs("Type Lua: an expression shows its value, a statement runs;\n"
	      "an unfinished statement continues on the next line.\n"
	      "\n"
	      "Commands:\n"
	      "  .help            this help\n"
	      "  .as STAFF        act as staff member STAFF (like act_as)\n"
	      "  .reset           a fresh session (forgets your variables)\n"
	      "  .quit, .exit     leave the shell (Ctrl-D too)\n"
	      "\n"
	      "Main globals (lua/API.md describes them all):\n"
	      "  tasks            tasks.add{title=...}, tasks.list(), "
	      "tasks.done(id)\n"
	      "  audit            audit.list{...}, audit.verify()\n"
	      "  practice         the practice (name, hours, staff, "
	      "providers, clia, ...)\n"
	      "  settings         the settings of practice.yaml; "
	      "setting(path, type)\n"
	      "  decide           decide(action, facts): what the policies "
	      "say\n"
	      "  rules            rules(): the rules loaded\n"
	      "  jobs, job_chain  jobs(), jobs(id), job_chain(id): the job "
	      "descriptions\n"
	      "  actions          the actions the core checks (jobs "
	      "permit them)\n"
	      "  today            today(): the date, \"YYYY-MM-DD\"\n"
	      "  money, duration  money \"50.00\" -> cents, duration \"48h\" "
	      "-> seconds;\n"
	      "                   format_money(cents) -> \"50.00\"\n"
	      "  act_as, whoami   the acting staff member\n"
	      "  transaction      transaction(fn): fn in one transaction\n"
	      "  db               db.version()\n"
	      "\n"
	      "Tab completes globals and fields (tasks.<Tab>). Ctrl-C stops "
	      "a running\nstatement or clears the line.\n",
	      stdout);
}

static void dot_quit(shell *sh, const char *arg)
{
	(void)arg;
	sh->quit = true;
}

static void dot_as(shell *sh, const char *arg)
{
	mo_err e;
	if (mo_engine_set_actor(sh->en, arg, &e))
		report(sh, e.msg);
	else
		printf("acting as %s\n", mo_engine_actor(sh->en));
}

static void dot_reset(shell *sh, const char *arg)
{
	mo_err e;
	(void)arg;
	if (new_session(sh, &e))
		report(sh, e.msg);
	else
		puts("fresh session");
}

static const dot_cmd DOT_CMDS[] = {
	{"help", dot_help, false},
	{"as", dot_as, true},
	{"reset", dot_reset, false},
	{"quit", dot_quit, false},
	{"exit", dot_quit, false},
	{NULL, NULL, false},
};

/* Whether line is a dot command: "." and a letter (".5" is Lua). */
static bool is_dot(const char *line)
{
	while (isspace((unsigned char)*line))
		line++;
	return line[0] == '.' && isalpha((unsigned char)line[1]);
}

static const dot_cmd *find_dot(const char *name, size_t len)
{
	for (const dot_cmd *d = DOT_CMDS; d->name; d++)
		if (strlen(d->name) == len && memcmp(d->name, name, len) == 0)
			return d;
	return NULL;
}

/* Runs the dot command in line (modified: the argument is trimmed). */
static void dot_command(shell *sh, char *line)
{
	char *name = strchr(line, '.') + 1, *arg, *end;
	size_t len = 0;
	const dot_cmd *d;
	while (isalnum((unsigned char)name[len]))
		len++;
	d = find_dot(name, len);
	for (arg = name + len; isspace((unsigned char)*arg); arg++)
		;
	end = arg + strlen(arg);
	while (end > arg && isspace((unsigned char)end[-1]))
		*--end = '\0';
	if (!d)
		fprintf(stderr, "unknown command '.%.*s' (.help lists the "
			"commands)\n", (int)len, name);
	else if (d->has_arg && !*arg)
		fprintf(stderr, ".%s: expected an argument\n", d->name);
	else if (!d->has_arg && *arg)
		fprintf(stderr, ".%s: expected no argument\n", d->name);
	if (!d || (d->has_arg != (*arg != '\0'))) {
		sh->failed = true;
		return;
	}
	d->fn(sh, arg);
}

/* ---- completion (no Lua code runs: raw access only) ---- */

static void comp_clear(completion *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i]);
	free(c->v);
	memset(c, 0, sizeof *c);
}

/* Adds the text's path prefix followed by key. */
static void comp_add(const comp_query *q, const char *key, size_t len)
{
	completion *c = q->c;
	char *s;
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		char **v = realloc(c->v, cap * sizeof *v);
		if (!v)
			return;
		c->v = v;
		c->cap = cap;
	}
	if (!(s = malloc(q->split + len + 1)))
		return;
	memcpy(s, q->text, q->split);
	memcpy(s + q->split, key, len);
	s[q->split + len] = '\0';
	c->v[c->n++] = s;
}

static bool is_name(const char *s, size_t len)
{
	if (len == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return false;
	for (size_t i = 1; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return false;
	return true;
}

/* Replaces the value on top by its metatable's __index when that is a
 * table; otherwise pops it and returns false. */
static bool next_index(lua_State *L)
{
	if (!lua_getmetatable(L, -1)) {
		lua_pop(L, 1);
		return false;
	}
	lua_pushliteral(L, "__index");
	lua_rawget(L, -2);
	lua_remove(L, -2);
	lua_remove(L, -2);
	if (lua_type(L, -1) == LUA_TTABLE)
		return true;
	lua_pop(L, 1);
	return false;
}

/* Replaces the value on top by its field key, found in it or along its
 * __index tables; otherwise pops it and returns false. */
static bool raw_field(lua_State *L, const char *key, size_t len)
{
	for (int hops = 0; hops < MAX_HOPS; hops++) {
		if (lua_type(L, -1) == LUA_TTABLE) {
			lua_pushlstring(L, key, len);
			if (lua_rawget(L, -2) != LUA_TNIL) {
				lua_remove(L, -2);
				return true;
			}
			lua_pop(L, 1);
		}
		if (!next_index(L))
			return false;
	}
	lua_pop(L, 1);
	return false;
}

/* Adds the matching keys of the table on top. */
static void add_keys(lua_State *L, const comp_query *q)
{
	const char *part = q->text + q->split, *k;
	size_t plen = strlen(part), klen;
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		if (lua_type(L, -2) == LUA_TSTRING &&
		    (k = lua_tolstring(L, -2, &klen)) && klen >= plen &&
		    memcmp(k, part, plen) == 0 && is_name(k, klen) &&
		    (q->sep != ':' || lua_type(L, -1) == LUA_TFUNCTION))
			comp_add(q, k, klen);
		lua_pop(L, 1);
	}
}

/* Pushes the value the path of q names, starting at the session env. */
static bool push_path(lua_State *L, const comp_query *q)
{
	const char *p = q->text, *end = q->text + q->split - 1;
	lua_rawgetp(L, LUA_REGISTRYINDEX, &session_key);
	while (p < end) {
		size_t len = strcspn(p, ".:");
		if (p + len > end)
			len = (size_t)(end - p);
		if (!is_name(p, len) || !raw_field(L, p, len))
			return false;
		p += len + 1;
	}
	return true;
}

static int collect_protected(lua_State *L)
{
	const comp_query *q = lua_touserdata(L, 1);
	if (q->split > 0 && !push_path(L, q))
		return 0;
	if (q->split == 0)
		lua_rawgetp(L, LUA_REGISTRYINDEX, &session_key);
	for (int hops = 0; hops < MAX_HOPS; hops++) {
		if (lua_type(L, -1) == LUA_TTABLE)
			add_keys(L, q);
		if (!next_index(L))
			break;
	}
	return 0;
}

static int comp_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts the candidates and drops duplicates (env shadows base). */
static void comp_unique(completion *c)
{
	size_t j = 0;
	if (c->n == 0)
		return;
	qsort(c->v, c->n, sizeof *c->v, comp_cmp);
	for (size_t i = 1; i < c->n; i++) {
		if (strcmp(c->v[i], c->v[j]) == 0)
			free(c->v[i]);
		else
			c->v[++j] = c->v[i];
	}
	c->n = j + 1;
}

static void collect_lua(const char *text)
{
	const char *s = text + strlen(text);
	comp_query q = {&g_comp, text, 0, 0};
	mo_err e;
	while (s > text && s[-1] != '.' && s[-1] != ':')
		s--;
	q.split = (size_t)(s - text);
	q.sep = q.split ? s[-1] : 0;
	lua_pushcfunction(g_shell->L, collect_protected);
	lua_pushlightuserdata(g_shell->L, &q);
	(void)mo_engine_call(g_shell->en, 1, 0, &e);
}

static void collect_dots(const char *text)
{
	comp_query q = {&g_comp, ".", 1, '.'};
	size_t n = strlen(text + 1);
	for (const dot_cmd *d = DOT_CMDS; d->name; d++)
		if (strncmp(d->name, text + 1, n) == 0)
			comp_add(&q, d->name, strlen(d->name));
}

static char *comp_next(const char *text, int state)
{
	(void)text;
	if (state == 0)
		g_comp.next = 0;
	if (g_comp.next >= g_comp.n)
		return NULL;
	return mo_strdup(g_comp.v[g_comp.next++]);
}

static char **complete(const char *text, int start, int end)
{
	(void)end;
	rl_attempted_completion_over = 1;
	comp_clear(&g_comp);
	if (start == 0 && text[0] == '.')
		collect_dots(text);
	else
		collect_lua(text);
	comp_unique(&g_comp);
	if (g_comp.n == 0)
		return NULL;
	return rl_completion_matches(text, comp_next);
}

/* ---- the loop ---- */

/* Line editing on a terminal; returns the previous LC_CTYPE (caller frees),
 * which is switched to the user's so that libedit reads UTF-8 input. */
static char *setup_editing(const char *history)
{
	char *ctype = mo_strdup(setlocale(LC_CTYPE, NULL));
	setlocale(LC_CTYPE, "");
	rl_readline_name = "medoffice";
	rl_basic_word_break_characters = WORD_BREAKS;
	rl_completer_word_break_characters = (char *)WORD_BREAKS;
	rl_attempted_completion_function = complete;
	rl_completion_append_character = '\0';
	using_history();
	stifle_history(HISTORY_MAX);
	if (history)
		read_history(history);
	return ctype;
}

static void finish_editing(const char *history, char *ctype)
{
	if (history && write_history(history) != 0)
		fprintf(stderr, "medoffice: could not save the history to %s\n",
			history);
	clear_history();
	comp_clear(&g_comp);
	setlocale(LC_CTYPE, ctype ? ctype : "C");
	free(ctype);
}

static void loop(shell *sh)
{
	char *line;
	while (!sh->quit && !sh->eof) {
		if (!(line = read_line(sh, false)))
			continue;
		if (blank(line)) {
			free(line);
		} else if (is_dot(line)) {
			remember(sh, line);
			dot_command(sh, line);
			free(line);
			fflush(stdout);
		} else {
			eval_chunk(sh, line);
		}
	}
}

int mo_shell_run(mo_engine *en, const char *history)
{
	shell sh = {.en = en, .L = mo_engine_state(en)};
	struct sigaction sa = {0}, old;
	char *ctype = NULL;
	mo_err e;
	sh.tty = isatty(STDIN_FILENO);
	if (sh.tty && mo_editlib_load(&e)) { /* then read plain lines */
		fprintf(stderr, "medoffice: no line editing (%s)\n", e.msg);
		sh.tty = false;
	}
	if (new_session(&sh, &e)) {
		report(&sh, e.msg);
		return 1;
	}
	g_shell = &sh;
	sa.sa_handler = on_sigint; /* no SA_RESTART: Ctrl-C ends a read */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);
	if (sh.tty)
		ctype = setup_editing(history);
	loop(&sh);
	if (sh.tty)
		finish_editing(history, ctype);
	sigaction(SIGINT, &old, NULL);
	g_shell = NULL;
	end_session(&sh);
	free(sh.buf);
	return !sh.tty && sh.failed ? 1 : 0;
}

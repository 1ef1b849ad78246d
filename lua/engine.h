/* engine.h: the Lua host of one open practice. It provides a sandboxed
 * lua_State with a memory cap (custom allocator) and an instruction budget
 * (count hook), both from practice.yaml `limits:`; the one protected-call
 * wrapper through which C calls Lua (with a traceback handler); loading of
 * the practice's policies, each in its own environment; and the decision
 * hook (hooks.h) that lets the core consult the policies' rules. It uses
 * core/practice.h, sandbox.h, bind.h and the embedded Lua modules. */
#ifndef MO_ENGINE_H
#define MO_ENGINE_H

#include <lua.h>

#include "org.h"
#include "practice.h"

typedef struct mo_engine mo_engine;

/* Environments a chunk can run in: policies see the sandbox API; scripts,
 * the shell and specs also get the script extras (transaction, act_as...). */
typedef enum { MO_ENV_POLICY, MO_ENV_SCRIPT } mo_env_kind;

/* Creates the engine for p (borrowed: it must outlive the engine) and
 * installs its decision hooks in p. The actor starts as "system". Caller
 * frees with mo_engine_free(), which removes the hooks. */
int mo_engine_new(mo_practice *p, mo_engine **out, mo_err *e);
void mo_engine_free(mo_engine *en);

lua_State *mo_engine_state(mo_engine *en);
mo_practice *mo_engine_practice(mo_engine *en);
/* The engine that owns L (any thread of it). */
mo_engine *mo_engine_from(lua_State *L);

/* The acting staff member used by the bindings; copied. */
int mo_engine_set_actor(mo_engine *en, const char *actor, mo_err *e);
const char *mo_engine_actor(const mo_engine *en);

/* Records that a rule was declared for action (the policy DSL calls it):
 * a decision about an action without rules does not enter Lua. */
void mo_engine_note_rule(mo_engine *en, const char *action);

/* Loads every policy named in practice.yaml from the practice's policies/
 * folder, checks the jobs they declare (reports_to, loops), builds the
 * org chart of practice.yaml's staff against them (each staff member's
 * job must be declared), then calls each policy's on_open(practice) if it
 * defines one. */
int mo_engine_load_policies(mo_engine *en, mo_err *e);

/* The jobs the policies declared, in declaration order; owned by the
 * engine, valid after mo_engine_load_policies(). */
const mo_job *mo_engine_jobs(const mo_engine *en, size_t *n);
/* The jobs' permissions (also installed in the practice); NULL before
 * mo_engine_load_policies(). Owned. */
const mo_perm *mo_engine_perm(const mo_engine *en);
/* The org chart; NULL before mo_engine_load_policies(). Owned. */
const mo_org *mo_engine_org(const mo_engine *en);
/* Calls cb for each approval that job takes part in: the kind and what
 * ("tier 1, up to 500.00", "when unanswered for 2 days"); strings are
 * valid during the call. */
int mo_engine_approvals_of(mo_engine *en, const char *job,
			   void (*cb)(void *ud, const char *kind,
				      const char *what),
			   void *ud, mo_err *e);

/* Number of rules and of approvals loaded (for summaries). */
int mo_engine_rule_count(mo_engine *en);
int mo_engine_approval_count(mo_engine *en);

/* Compiles text (never bytecode) as chunkname ("@file" or "=name") and
 * pushes the function, its _ENV set to a fresh environment of kind. */
int mo_engine_load(mo_engine *en, const char *text, size_t len,
		   const char *chunkname, mo_env_kind kind, mo_err *e);
/* Reads path and does mo_engine_load with chunkname "@shown". */
int mo_engine_load_file(mo_engine *en, const char *path, const char *shown,
			mo_env_kind kind, mo_err *e);

/* The one way C calls Lua: calls the function below nargs arguments with
 * a traceback handler, a fresh instruction budget (outermost call only)
 * and the memory cap. On error nothing is left on the stack and e holds
 * the message and traceback: MO_ELUA, MO_EINTR (interrupted) or
 * MO_ENOMEM (memory cap). */
int mo_engine_call(mo_engine *en, int nargs, int nresults, mo_err *e);

/* Runs a script file in a script environment with the global `arg`. */
int mo_engine_run_file(mo_engine *en, const char *path, int argc,
		       char **argv, mo_err *e);

/* Asks running Lua code and SQL to stop; async-signal-safe. The request
 * stays until mo_engine_clear_interrupt() (the shell clears it before each
 * statement). */
void mo_engine_interrupt(mo_engine *en);
void mo_engine_clear_interrupt(mo_engine *en);
/* Starts a fresh instruction budget inside a running call (the spec
 * runner gives each `it` its own). */
void mo_engine_reset_budget(mo_engine *en);

/* Pushes the registry value of an embedded host module (its return
 * value), loading it on first use: name is "policy", "spec", "pretty". */
int mo_engine_require(mo_engine *en, const char *name, mo_err *e);

#endif

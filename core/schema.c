/* schema.c: the SQL of every schema migration (see schema.h). Tables are
 * STRICT; the audit log is append-only, enforced by triggers (UPDATE,
 * DELETE and INSERT OR REPLACE); times are
 * UTC instants in microseconds (*_us). It uses nothing. */
#include "schema.h"

const char *const mo_schema_migrations[] = {
	/* 1: metadata, the audit log, office tasks */
	"CREATE TABLE meta(\n"
	"  key TEXT PRIMARY KEY,\n"
	"  value TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE TABLE audit(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  at_us INTEGER NOT NULL,\n"
	"  actor TEXT NOT NULL,\n"
	"  action TEXT NOT NULL,\n"
	"  record TEXT NOT NULL,\n"
	"  decision TEXT NOT NULL,\n"
	"  detail TEXT NOT NULL,\n"
	"  prev TEXT NOT NULL,\n"
	"  hash TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE INDEX audit_by_actor ON audit(actor, id);\n"
	"CREATE INDEX audit_by_record ON audit(record, id);\n"
	"CREATE INDEX audit_by_time ON audit(at_us);\n"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit\n"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit\n"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n"
	"CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit\n"
	"  WHEN EXISTS (SELECT 1 FROM audit WHERE id = NEW.id)\n"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n"
	"CREATE TABLE task(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  title TEXT NOT NULL CHECK(length(title) BETWEEN 1 AND 200),\n"
	"  assignee TEXT,\n"
	"  due_us INTEGER,\n"
	"  status TEXT NOT NULL DEFAULT 'open'\n"
	"    CHECK(status IN ('open', 'done', 'cancelled')),\n"
	"  created_us INTEGER NOT NULL,\n"
	"  created_by TEXT NOT NULL,\n"
	"  closed_us INTEGER,\n"
	"  closed_by TEXT,\n"
	"  note TEXT\n"
	") STRICT;\n"
	"CREATE INDEX task_open_by_due ON task(status, due_us);\n",
	/* 2: the practice's structure from practice.yaml (core/sync.c) */
	"CREATE TABLE entity(\n"
	"  kind TEXT NOT NULL,\n"
	"  id TEXT NOT NULL,\n"
	"  data TEXT NOT NULL CHECK(json_valid(data)),\n"
	"  active INTEGER NOT NULL DEFAULT 1 CHECK(active IN (0, 1)),\n"
	"  created_us INTEGER NOT NULL,\n"
	"  updated_us INTEGER NOT NULL,\n"
	"  PRIMARY KEY(kind, id)\n"
	") STRICT, WITHOUT ROWID;\n"
	"CREATE TRIGGER entity_no_delete BEFORE DELETE ON entity\n"
	"  BEGIN SELECT RAISE(ABORT, 'practice entities are deactivated, "
	"never deleted'); END;\n",
	/* 3: the decision log (core/declog.c) */
	"CREATE TABLE decision(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  at_us INTEGER NOT NULL,\n"
	"  actor TEXT NOT NULL,\n"
	"  action TEXT NOT NULL,\n"
	"  verdict TEXT NOT NULL CHECK(verdict IN ('allow', 'deny')),\n"
	"  reason TEXT NOT NULL,\n"
	"  rule TEXT NOT NULL,\n"
	"  policy_hash TEXT NOT NULL,\n"
	"  inputs TEXT NOT NULL CHECK(json_valid(inputs))\n"
	") STRICT;\n"
	"CREATE INDEX decision_by_actor ON decision(actor, id);\n",
};

const int mo_schema_count =
	(int)(sizeof mo_schema_migrations / sizeof mo_schema_migrations[0]);

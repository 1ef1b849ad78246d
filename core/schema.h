/* schema.h: the database schema as an ordered list of migrations, embedded
 * in the binary. Migration i (1-based) brings a database from version i-1
 * to version i; db.c applies the missing ones in one transaction. Each new
 * capability adds a migration at the end; released migrations never
 * change. It uses nothing. */
#ifndef MO_SCHEMA_H
#define MO_SCHEMA_H

extern const char *const mo_schema_migrations[];
extern const int mo_schema_count;

#endif

/* embed.h: files built into the binary (cmake/embed.cmake writes the
 * table): the Lua standard library of medoffice (lua/medoffice/NAME.lua,
 * and NAME.luac: its bytecode, compiled at build time by cmake/luac.c),
 * the templates (config/templates/...) and the shipped policies
 * (policies/...). Paths are relative to the source tree. */
#ifndef MO_EMBED_H
#define MO_EMBED_H

#include <stddef.h>

typedef struct mo_embedded_file {
	const char *path; /* "lua/medoffice/policy.lua"; NULL ends the table */
	const char *data; /* NUL-terminated; static */
	size_t len;
} mo_embedded_file;

extern const mo_embedded_file mo_embedded[];

/* The embedded file at path, or NULL. */
const mo_embedded_file *mo_embed_find(const char *path);

#endif

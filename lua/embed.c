/* embed.c: look-up in the table of embedded files (see embed.h). */
#include "embed.h"

#include <string.h>

const mo_embedded_file *mo_embed_find(const char *path)
{
	for (const mo_embedded_file *f = mo_embedded; f->path; f++)
		if (strcmp(f->path, path) == 0)
			return f;
	return NULL;
}

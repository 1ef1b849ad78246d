/* unit.h: what the unit tests share: assert_msg (an mo_err's message
 * holds a text), write_text (a file with some text), slurp (a fixture
 * file read whole) and rm_entry (for
 * nftw, to remove a test's temporary folder). Include it after cmocka.h.
 * It uses the C library. */
#ifndef MO_TEST_UNIT_H
#define MO_TEST_UNIT_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define assert_msg(e, s)                                                     \
	do {                                                                 \
		if (!strstr((e).msg, (s)))                                   \
			fail_msg("message \"%s\" lacks \"%s\"", (e).msg, (s)); \
	} while (0)

/* Writes text to path; 0, or -1 when it cannot. */
static inline int write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	if (!fp)
		return -1;
	fputs(text, fp);
	return fclose(fp);
}

/* The whole file at path (under 64 KiB), NUL-terminated, its length in
 * *len (optional); the test fails when it cannot be read. The caller
 * frees it with free(). */
static inline char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *text = calloc(1, 1 << 16);
	size_t n = 0;
	if (f && text)
		n = fread(text, 1, (1 << 16) - 1, f);
	if (f)
		fclose(f);
	if (!text || n == 0 || n >= (1 << 16) - 1)
		fail_msg("%s: cannot read it whole", path);
	if (len)
		*len = n;
	return text;
}

#ifdef FTW_PHYS /* nftw's extensions are on (_GNU_SOURCE) */
/* For nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS): removes each entry. */
static inline int rm_entry(const char *path, const struct stat *sb, int flag,
			   struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}
#endif

#endif

/* unit.h: what the unit tests share: assert_msg (an mo_err's message
 * holds a text), write_text (a file with some text) and rm_entry (for
 * nftw, to remove a test's temporary folder). Include it after cmocka.h.
 * It uses the C library. */
#ifndef MO_TEST_UNIT_H
#define MO_TEST_UNIT_H

#include <ftw.h>
#include <stdio.h>
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

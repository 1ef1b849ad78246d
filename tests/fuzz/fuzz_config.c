/* fuzz_config.c: a libFuzzer target for the input paths that read text a
 * person wrote: practice.yaml (mo_config_parse, which also exercises the
 * node tree, anchors, merge keys and every schema check) and the unit
 * parsers (money, durations, dates, times, sizes). The first input byte
 * picks the parser. Built by `make fuzz` with clang; not part of ctest. */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "units.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/* The input after its first byte as a NUL-terminated string. */
static char *text_of(const unsigned char *data, size_t size)
{
	char *s = malloc(size);
	if (s && size > 0) {
		memcpy(s, data + 1, size - 1);
		s[size - 1] = '\0';
	}
	return s;
}

static void units(int which, const char *s)
{
	int64_t i64;
	int32_t days;
	int minutes;
	mo_err e;
	switch (which % 5) {
	case 0: mo_money_parse(s, &i64, &e); break;
	case 1: mo_duration_parse(s, &i64, &e); break;
	case 2: mo_date_parse(s, &days, &e); break;
	case 3: mo_time_parse(s, &minutes, &e); break;
	default: mo_size_parse(s, &i64, &e); break;
	}
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	mo_config *c = NULL;
	mo_err e;
	char *s;
	if (size == 0 || !(s = text_of(data, size)))
		return 0;
	if (data[0] < 200)
		mo_config_parse((const char *)data + 1, size - 1, "fuzz.yaml",
				&c, &e);
	else
		units(data[0], s);
	mo_config_free(c);
	free(s);
	return 0;
}

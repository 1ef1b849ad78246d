/* fuzz_x835.c: a libFuzzer target for the 835 reader and writer
 * (core/x835.h). Each input is parsed as X12 and read as 835 remittances;
 * when that succeeds, the sets are written again with mo_x835_write and
 * read back: the rewrite must read (its balances hold) with the same
 * payments, claims, lines, adjustments and amounts. A difference aborts.
 * Built by `make fuzz` with clang; not part of ctest. */
#include <stdlib.h>
#include <string.h>

#include "x12.h"
#include "x12w.h"
#include "x835.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static void same(const mo_x835 *a, const mo_x835 *b)
{
	if (a->amount != b->amount || a->nclaims != b->nclaims ||
	    a->nlines != b->nlines || a->nadjs != b->nadjs ||
	    a->nplbs != b->nplbs || strcmp(a->trace, b->trace))
		abort();
	for (size_t k = 0; k < a->nclaims; k++)
		if (a->claims[k].paid != b->claims[k].paid ||
		    a->claims[k].charged != b->claims[k].charged ||
		    strcmp(a->claims[k].id, b->claims[k].id))
			abort();
	for (size_t k = 0; k < a->nadjs; k++)
		if (a->adjs[k].amount != b->adjs[k].amount ||
		    a->adjs[k].line != b->adjs[k].line)
			abort();
}

static void rewrite(const mo_x835 *sets, size_t n)
{
	static const mo_x12w_head h = {"FUZZ", "PRACTICE", 1, 'T', 20000, 0,
				       "R"};
	mo_x12 *x = NULL;
	mo_x835 *back = NULL;
	size_t len, bn = 0;
	char *text = NULL;
	mo_err e;
	/* values holding a delimiter of ours cannot be written: not a bug */
	if (mo_x835_write(sets, n, &h, &text, &len, &e))
		return;
	if (mo_x12_parse(text, len, &x, &e) ||
	    mo_x835_read(x, &back, &bn, &e) || bn != n)
		abort();
	for (size_t k = 0; k < n; k++)
		same(&sets[k], &back[k]);
	mo_x835_free(back, bn);
	mo_x12_free(x);
	free(text);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	mo_x12 *x = NULL;
	mo_x835 *sets = NULL;
	size_t n = 0;
	mo_err e;
	if (mo_x12_parse((const char *)data, size, &x, &e))
		return 0;
	if (!mo_x835_read(x, &sets, &n, &e)) {
		rewrite(sets, n);
		mo_x835_free(sets, n);
	}
	mo_x12_free(x);
	return 0;
}

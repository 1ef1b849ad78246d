/* test_dynlib.c: unit tests of core/dynlib.c, the libraries loaded on
 * first use (libical, libxlsxwriter, libedit): a missing library and a
 * missing function each give MO_EIO naming what was being done, the
 * library and the function, and fill nothing; a library found fills its
 * table once (libm's cos as the stand-in); and the three real tables load
 * with every name they list. It uses cmocka. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "unit.h"

/* the tables' fields by their names, not through them */
#define MO_EDIT_NO_RENAME
#define MO_ICAL_NO_RENAME
#define MO_XLSX_NO_RENAME
#include "dynlib.h"
#include "edit_lib.h"
#include "ical_lib.h"
#include "xlsx_lib.h"

typedef struct table {
	double (*cos)(double);
	double (*sqrt)(double);
} table;

static void test_missing_library(void **state)
{
	table t = {0};
	const mo_dynsym syms[] = {{"cos", &t.cos}};
	bool loaded = false;
	mo_err e = {0};
	(void)state;
	assert_int_equal(mo_dynlib_load("libmo-no-such.so.9", "calendar",
					"libical", syms, 1, &loaded, &e),
			 MO_EIO);
	assert_msg(e, "calendar: cannot load libical: ");
	assert_msg(e, "libmo-no-such.so.9");
	assert_false(loaded);
	assert_null(t.cos);
}

static void test_missing_function(void **state)
{
	table t = {0};
	const mo_dynsym syms[] = {{"cos", &t.cos},
				  {"mo_no_such_function", &t.sqrt}};
	bool loaded = false;
	mo_err e = {0};
	(void)state;
	assert_int_equal(mo_dynlib_load("libm.so.6", "XLSX", "libxlsxwriter",
					syms, 2, &loaded, &e),
			 MO_EIO);
	assert_msg(e, "XLSX: libxlsxwriter lacks mo_no_such_function");
	assert_false(loaded);
}

static void test_loads_once(void **state)
{
	table t = {0};
	const mo_dynsym syms[] = {{"cos", &t.cos}, {"sqrt", &t.sqrt}};
	bool loaded = false;
	mo_err e = {0};
	(void)state;
	assert_int_equal(mo_dynlib_load("libm.so.6", "test", "libm", syms, 2,
					&loaded, &e), 0);
	assert_true(loaded);
	assert_true(t.cos(0.0) == 1.0);
	assert_true(t.sqrt(49.0) == 7.0);
	/* loaded: nothing is looked up again */
	t.cos = NULL;
	assert_int_equal(mo_dynlib_load("libmo-no-such.so.9", "test", "libm",
					syms, 2, &loaded, &e), 0);
	assert_null(t.cos);
}

/* The real tables: every name listed is in the installed library. */
static void test_real_tables(void **state)
{
	mo_err e = {0};
	(void)state;
	if (mo_icallib_load(&e) || mo_xlsxlib_load(&e) || mo_editlib_load(&e))
		fail_msg("%s", e.msg);
	assert_non_null(mo_ical_fn.icalcomponent_new);
	assert_non_null(mo_xlsx_fn.workbook_new_opt);
	assert_non_null(mo_edit_fn.readline);
	assert_non_null(mo_edit_fn.rl_readline_name);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_library),
		cmocka_unit_test(test_missing_function),
		cmocka_unit_test(test_loads_once),
		cmocka_unit_test(test_real_tables),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* xlsx_lib.h: libxlsxwriter, loaded on first use. libxlsxwriter brings
 * OpenSSL's libcrypto, minizip and zlib with it, whose loading cost every
 * medoffice start about a millisecond (more than the whole start-up
 * floor's SQLite, Lua and libyaml); so the core does not link it but loads
 * it (dlopen) when a report is first rendered as XLSX, and calls it
 * through a table of the functions render_xlsx.c uses. Including this
 * header after <xlsxwriter.h> makes those names call through the table
 * (unless MO_XLSX_NO_RENAME is defined). It uses libxlsxwriter's headers
 * and dynlib.h. */
#ifndef MO_XLSX_LIB_H
#define MO_XLSX_LIB_H

#include <xlsxwriter.h>

#include "mo.h"

/* The shared object loaded (its run-time name). */
#define MO_XLSX_SONAME "libxlsxwriter.so.4"

#define MO_XLSX_FUNCS(X) \
	X(format_set_bold) \
	X(format_set_bottom) \
	X(format_set_num_format) \
	X(lxw_strerror) \
	X(workbook_add_format) \
	X(workbook_add_worksheet) \
	X(workbook_close) \
	X(workbook_new_opt) \
	X(workbook_set_properties) \
	X(workbook_validate_sheet_name) \
	X(worksheet_freeze_panes) \
	X(worksheet_set_column) \
	X(worksheet_write_number) \
	X(worksheet_write_string)

typedef struct mo_xlsxlib {
#define MO_XLSX_FIELD(f) __typeof__(&f) f;
	MO_XLSX_FUNCS(MO_XLSX_FIELD)
#undef MO_XLSX_FIELD
} mo_xlsxlib;

extern mo_xlsxlib mo_xlsx_fn;

/* Loads libxlsxwriter and fills mo_xlsx_fn, once; MO_EIO with dlerror's
 * message when it cannot. */
int mo_xlsxlib_load(mo_err *e);

#ifndef MO_XLSX_NO_RENAME
#define format_set_bold (*mo_xlsx_fn.format_set_bold)
#define format_set_bottom (*mo_xlsx_fn.format_set_bottom)
#define format_set_num_format (*mo_xlsx_fn.format_set_num_format)
#define lxw_strerror (*mo_xlsx_fn.lxw_strerror)
#define workbook_add_format (*mo_xlsx_fn.workbook_add_format)
#define workbook_add_worksheet (*mo_xlsx_fn.workbook_add_worksheet)
#define workbook_close (*mo_xlsx_fn.workbook_close)
#define workbook_new_opt (*mo_xlsx_fn.workbook_new_opt)
#define workbook_set_properties (*mo_xlsx_fn.workbook_set_properties)
#define workbook_validate_sheet_name (*mo_xlsx_fn.workbook_validate_sheet_name)
#define worksheet_freeze_panes (*mo_xlsx_fn.worksheet_freeze_panes)
#define worksheet_set_column (*mo_xlsx_fn.worksheet_set_column)
#define worksheet_write_number (*mo_xlsx_fn.worksheet_write_number)
#define worksheet_write_string (*mo_xlsx_fn.worksheet_write_string)
#endif

#endif

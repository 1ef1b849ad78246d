/* stmt_print.h: a patient statement (core/statement.h) as the practice
 * mails it: plain text, or HTML (one self-contained page with a print
 * stylesheet, every value escaped). Used by `medoffice statements` and
 * the benchmark. It uses cli.h and core/statement.h. */
#ifndef MO_STMT_PRINT_H
#define MO_STMT_PRINT_H

#include <stdio.h>

#include "statement.h"

/* One statement as text (ends with the tear-off remittance part). */
void mo_cli_statement_text(FILE *f, const mo_statement *s);

/* An HTML page: the head (with title, escaped), then any number of
 * statements (one printed page each), then the tail. */
void mo_cli_statement_html_head(FILE *f, const char *title);
void mo_cli_statement_html(FILE *f, const mo_statement *s);
void mo_cli_statement_html_tail(FILE *f);

#endif

/* shell.h: the interactive Lua shell of a practice (`medoffice shell`).
 * It provides a read-eval-print loop over an engine: libedit line editing
 * with a history file, multi-line statements, printing of bare expressions
 * with the pretty printer, tab completion of globals and fields, .help,
 * and Ctrl-C that interrupts a running statement and rolls back any open
 * transaction. When stdin is not a terminal it reads statements from it
 * without line editing, so tests can drive it. It uses engine.h, libedit
 * and the embedded module "pretty". */
#ifndef MO_SHELL_H
#define MO_SHELL_H

#include "engine.h"

/* Runs until end of input or .quit. history is the history file path
 * (NULL for none). Returns 0, or 1 when input was not a terminal and a
 * statement failed (so scripts piped into the shell can detect errors). */
int mo_shell_run(mo_engine *en, const char *history);

#endif

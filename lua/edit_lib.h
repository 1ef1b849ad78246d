/* edit_lib.h: libedit, loaded when the shell runs on a terminal.
 * libedit brings libtinfo, libbsd and libmd with it, whose loading cost
 * every medoffice start about a quarter of a millisecond; only the
 * interactive shell edits lines, so medoffice does not link it but loads
 * it (dlopen) then, and uses its readline interface through a table of
 * the functions and variables shell.c uses. Including this header after
 * <editline/readline.h> makes those names go through the table (unless
 * MO_EDIT_NO_RENAME is defined). It uses libedit's headers and dynlib.h. */
#ifndef MO_EDIT_LIB_H
#define MO_EDIT_LIB_H

#include <stdio.h>
#include <editline/readline.h>

#include "mo.h"

/* The shared object loaded (its run-time name). */
#define MO_EDIT_SONAME "libedit.so.2"

#define MO_EDIT_NAMES(X) \
	X(readline) \
	X(add_history) \
	X(using_history) \
	X(stifle_history) \
	X(read_history) \
	X(write_history) \
	X(clear_history) \
	X(rl_completion_matches) \
	X(rl_attempted_completion_function) \
	X(rl_attempted_completion_over) \
	X(rl_basic_word_break_characters) \
	X(rl_completer_word_break_characters) \
	X(rl_completion_append_character) \
	X(rl_readline_name)

typedef struct mo_editlib {
#define MO_EDIT_FIELD(f) __typeof__(&f) f;
	MO_EDIT_NAMES(MO_EDIT_FIELD)
#undef MO_EDIT_FIELD
} mo_editlib;

extern mo_editlib mo_edit_fn;

/* Loads libedit and fills mo_edit_fn, once; MO_EIO with dlerror's message
 * when it cannot. */
int mo_editlib_load(mo_err *e);

#ifndef MO_EDIT_NO_RENAME
#define readline (*mo_edit_fn.readline)
#define add_history (*mo_edit_fn.add_history)
#define using_history (*mo_edit_fn.using_history)
#define stifle_history (*mo_edit_fn.stifle_history)
#define read_history (*mo_edit_fn.read_history)
#define write_history (*mo_edit_fn.write_history)
#define clear_history (*mo_edit_fn.clear_history)
#define rl_completion_matches (*mo_edit_fn.rl_completion_matches)
#define rl_attempted_completion_function (*mo_edit_fn.rl_attempted_completion_function)
#define rl_attempted_completion_over (*mo_edit_fn.rl_attempted_completion_over)
#define rl_basic_word_break_characters (*mo_edit_fn.rl_basic_word_break_characters)
#define rl_completer_word_break_characters (*mo_edit_fn.rl_completer_word_break_characters)
#define rl_completion_append_character (*mo_edit_fn.rl_completion_append_character)
#define rl_readline_name (*mo_edit_fn.rl_readline_name)
#endif

#endif

/* request_print.h: the approval request a command just filed for its own
 * action (a time-card correction, a pay change, time off), printed the
 * same way by every such command: its summary, its route and the rule
 * that chose it, then what it awaits and the command that decides it, or
 * what ran at once when no approval was needed. It uses
 * core/approval.h. */
#ifndef MO_REQUEST_PRINT_H
#define MO_REQUEST_PRINT_H

#include "approval.h"

/* An mo_request_cb for mo_approval_get: ud is the practice folder as
 * typed (for the `medoffice approve DIR ID` hint). */
int mo_cli_print_filed(void *ud, const mo_request *r);

#endif

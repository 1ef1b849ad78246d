/* task.h: the office task list: things someone must do (call a patient
 * back, order supplies, renew a licence), with an assignee and a due
 * instant. Later modules create tasks for overdue items. Each change is an
 * operation (practice.h): checked by the policies ("task.create",
 * "task.complete", "task.cancel") and audited. It uses practice.h. */
#ifndef MO_TASK_H
#define MO_TASK_H

#include "practice.h"

typedef struct mo_task {
	int64_t id;
	const char *title;
	const char *assignee;   /* staff id or NULL */
	const char *status;     /* "open", "done", "cancelled" */
	const char *created_by;
	const char *closed_by;  /* NULL while open */
	const char *note;       /* NULL when none */
	int64_t due_us;         /* 0 = no due date */
	int64_t created_us;
	int64_t closed_us;      /* 0 while open */
} mo_task;

typedef struct mo_task_new {
	const char *title;    /* 1..200 characters */
	const char *assignee; /* optional staff id */
	int64_t due_us;       /* optional */
	const char *note;     /* optional */
} mo_task_new;

/* Creates a task as actor; *id (optional) receives its id. */
int mo_task_add(mo_practice *p, const char *actor, const mo_task_new *in,
		int64_t *id, mo_err *e);

/* Closes an open task: status is "done" or "cancelled". MO_ENOTFOUND for
 * an unknown id, MO_EINVAL when the task is closed already. */
int mo_task_close(mo_practice *p, const char *actor, int64_t id,
		  const char *status, const char *note, mo_err *e);

/* Strings in t are valid during the call only; a non-zero return stops. */
typedef int (*mo_task_cb)(void *ud, const mo_task *t);

/* The task with id, passed to cb; MO_ENOTFOUND when none. */
int mo_task_get(mo_practice *p, int64_t id, mo_task_cb cb, void *ud,
		mo_err *e);
/* Tasks in due order (undated last); only open ones when open_only. */
int mo_task_list(mo_practice *p, bool open_only, mo_task_cb cb, void *ud,
		 mo_err *e);

#endif

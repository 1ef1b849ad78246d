/* request_print.c: a request just filed, printed (see request_print.h).
 * It uses core/approval.h and jansson (the stored route). */
#include "request_print.h"

#include <jansson.h>
#include <stdio.h>

int mo_cli_print_filed(void *ud, const mo_request *r)
{
	json_t *route = json_loads(r->route, 0, NULL), *v;
	json_t *jobs = json_array_get(json_object_get(route, "steps"),
				      (size_t)r->step);
	size_t i;
	printf("request %lld filed: %s\n  route:  %s (%s)\n", (long long)r->id,
	       r->summary, json_string_value(json_object_get(route, "reason")),
	       json_string_value(json_object_get(route, "rule")));
	if (r->closed_us) {
		printf("  %s at once: %s\n", r->status,
		       r->result ? r->result : "nothing run");
	} else {
		printf("  awaits: ");
		json_array_foreach(jobs, i, v)
			printf("%s%s", i ? " or " : "", json_string_value(v));
		printf(" (step %d of %d)\n  decide: medoffice approve %s %lld "
		       "--as STAFF\n", r->step + 1, r->nsteps, (const char *)ud,
		       (long long)r->id);
	}
	json_decref(route);
	return 0;
}

/* ical_lib.h: libical, loaded on first use. libical brings ICU and the
 * C++ runtime with it, whose dynamic linking cost every medoffice start
 * about a third of its instructions; so the core does not link it but
 * loads it (dlopen) when a calendar is exported or imported, and calls it
 * through a table of the functions ical.c uses. Including this header
 * after <libical/ical.h> makes those names call through the table (unless
 * MO_ICAL_NO_RENAME is defined). It uses libical's headers and
 * dynlib.h. */
#ifndef MO_ICAL_LIB_H
#define MO_ICAL_LIB_H

#include <libical/ical.h>

#include "mo.h"

/* The shared object loaded (its run-time name). */
#define MO_ICAL_SONAME "libical.so.3"

#define MO_ICAL_FUNCS(X) \
	X(icalcomponent_add_component) \
	X(icalcomponent_add_property) \
	X(icalcomponent_as_ical_string_r) \
	X(icalcomponent_free) \
	X(icalcomponent_get_first_component) \
	X(icalcomponent_get_first_property) \
	X(icalcomponent_get_next_component) \
	X(icalcomponent_get_next_property) \
	X(icalcomponent_get_status) \
	X(icalcomponent_get_summary) \
	X(icalcomponent_get_timezone) \
	X(icalcomponent_get_uid) \
	X(icalcomponent_isa) \
	X(icalcomponent_kind_to_string) \
	X(icalcomponent_new) \
	X(icaldurationtype_as_int) \
	X(icalerror_set_errors_are_fatal) \
	X(icalmemory_free_buffer) \
	X(icalmemory_free_ring) \
	X(icalparameter_get_tzid) \
	X(icalparser_parse_string) \
	X(icalproperty_get_categories) \
	X(icalproperty_get_dtend) \
	X(icalproperty_get_dtstart) \
	X(icalproperty_get_duration) \
	X(icalproperty_get_exdate) \
	X(icalproperty_get_first_parameter) \
	X(icalproperty_get_property_name) \
	X(icalproperty_get_recurrenceid) \
	X(icalproperty_get_rrule) \
	X(icalproperty_get_xlicerror) \
	X(icalproperty_new_calscale) \
	X(icalproperty_new_categories) \
	X(icalproperty_new_description) \
	X(icalproperty_new_dtend) \
	X(icalproperty_new_dtstamp) \
	X(icalproperty_new_dtstart) \
	X(icalproperty_new_location) \
	X(icalproperty_new_method) \
	X(icalproperty_new_prodid) \
	X(icalproperty_new_status) \
	X(icalproperty_new_summary) \
	X(icalproperty_new_uid) \
	X(icalproperty_new_version) \
	X(icalrecur_freq_to_string) \
	X(icalrecur_iterator_free) \
	X(icalrecur_iterator_new) \
	X(icalrecur_iterator_next) \
	X(icalrecurrencetype_day_day_of_week) \
	X(icalrecurrencetype_day_position) \
	X(icaltime_as_timet_with_zone) \
	X(icaltime_from_timet_with_zone) \
	X(icaltime_is_null_time) \
	X(icaltime_is_utc) \
	X(icaltimezone_get_utc_timezone)

typedef struct mo_icallib {
#define MO_ICAL_FIELD(f) __typeof__(&f) f;
	MO_ICAL_FUNCS(MO_ICAL_FIELD)
#undef MO_ICAL_FIELD
} mo_icallib;

extern mo_icallib mo_ical_fn;

/* Loads libical and fills mo_ical_fn, once; MO_EIO with dlerror's message
 * when it cannot. */
int mo_icallib_load(mo_err *e);

#ifndef MO_ICAL_NO_RENAME
#define icalcomponent_add_component (*mo_ical_fn.icalcomponent_add_component)
#define icalcomponent_add_property (*mo_ical_fn.icalcomponent_add_property)
#define icalcomponent_as_ical_string_r (*mo_ical_fn.icalcomponent_as_ical_string_r)
#define icalcomponent_free (*mo_ical_fn.icalcomponent_free)
#define icalcomponent_get_first_component (*mo_ical_fn.icalcomponent_get_first_component)
#define icalcomponent_get_first_property (*mo_ical_fn.icalcomponent_get_first_property)
#define icalcomponent_get_next_component (*mo_ical_fn.icalcomponent_get_next_component)
#define icalcomponent_get_next_property (*mo_ical_fn.icalcomponent_get_next_property)
#define icalcomponent_get_status (*mo_ical_fn.icalcomponent_get_status)
#define icalcomponent_get_summary (*mo_ical_fn.icalcomponent_get_summary)
#define icalcomponent_get_timezone (*mo_ical_fn.icalcomponent_get_timezone)
#define icalcomponent_get_uid (*mo_ical_fn.icalcomponent_get_uid)
#define icalcomponent_isa (*mo_ical_fn.icalcomponent_isa)
#define icalcomponent_kind_to_string (*mo_ical_fn.icalcomponent_kind_to_string)
#define icalcomponent_new (*mo_ical_fn.icalcomponent_new)
#define icaldurationtype_as_int (*mo_ical_fn.icaldurationtype_as_int)
#define icalerror_set_errors_are_fatal (*mo_ical_fn.icalerror_set_errors_are_fatal)
#define icalmemory_free_buffer (*mo_ical_fn.icalmemory_free_buffer)
#define icalmemory_free_ring (*mo_ical_fn.icalmemory_free_ring)
#define icalparameter_get_tzid (*mo_ical_fn.icalparameter_get_tzid)
#define icalparser_parse_string (*mo_ical_fn.icalparser_parse_string)
#define icalproperty_get_categories (*mo_ical_fn.icalproperty_get_categories)
#define icalproperty_get_dtend (*mo_ical_fn.icalproperty_get_dtend)
#define icalproperty_get_dtstart (*mo_ical_fn.icalproperty_get_dtstart)
#define icalproperty_get_duration (*mo_ical_fn.icalproperty_get_duration)
#define icalproperty_get_exdate (*mo_ical_fn.icalproperty_get_exdate)
#define icalproperty_get_first_parameter (*mo_ical_fn.icalproperty_get_first_parameter)
#define icalproperty_get_property_name (*mo_ical_fn.icalproperty_get_property_name)
#define icalproperty_get_recurrenceid (*mo_ical_fn.icalproperty_get_recurrenceid)
#define icalproperty_get_rrule (*mo_ical_fn.icalproperty_get_rrule)
#define icalproperty_get_xlicerror (*mo_ical_fn.icalproperty_get_xlicerror)
#define icalproperty_new_calscale (*mo_ical_fn.icalproperty_new_calscale)
#define icalproperty_new_categories (*mo_ical_fn.icalproperty_new_categories)
#define icalproperty_new_description (*mo_ical_fn.icalproperty_new_description)
#define icalproperty_new_dtend (*mo_ical_fn.icalproperty_new_dtend)
#define icalproperty_new_dtstamp (*mo_ical_fn.icalproperty_new_dtstamp)
#define icalproperty_new_dtstart (*mo_ical_fn.icalproperty_new_dtstart)
#define icalproperty_new_location (*mo_ical_fn.icalproperty_new_location)
#define icalproperty_new_method (*mo_ical_fn.icalproperty_new_method)
#define icalproperty_new_prodid (*mo_ical_fn.icalproperty_new_prodid)
#define icalproperty_new_status (*mo_ical_fn.icalproperty_new_status)
#define icalproperty_new_summary (*mo_ical_fn.icalproperty_new_summary)
#define icalproperty_new_uid (*mo_ical_fn.icalproperty_new_uid)
#define icalproperty_new_version (*mo_ical_fn.icalproperty_new_version)
#define icalrecur_freq_to_string (*mo_ical_fn.icalrecur_freq_to_string)
#define icalrecur_iterator_free (*mo_ical_fn.icalrecur_iterator_free)
#define icalrecur_iterator_new (*mo_ical_fn.icalrecur_iterator_new)
#define icalrecur_iterator_next (*mo_ical_fn.icalrecur_iterator_next)
#define icalrecurrencetype_day_day_of_week (*mo_ical_fn.icalrecurrencetype_day_day_of_week)
#define icalrecurrencetype_day_position (*mo_ical_fn.icalrecurrencetype_day_position)
#define icaltime_as_timet_with_zone (*mo_ical_fn.icaltime_as_timet_with_zone)
#define icaltime_from_timet_with_zone (*mo_ical_fn.icaltime_from_timet_with_zone)
#define icaltime_is_null_time (*mo_ical_fn.icaltime_is_null_time)
#define icaltime_is_utc (*mo_ical_fn.icaltime_is_utc)
#define icaltimezone_get_utc_timezone (*mo_ical_fn.icaltimezone_get_utc_timezone)
#endif

#endif

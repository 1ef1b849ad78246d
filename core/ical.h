/* ical.h: iCalendar (RFC 5545) export and import of a schedule, through
 * libical. The choices (README "Calendars"):
 *
 * Export writes one VCALENDAR (PRODID "-//medoffice//medoffice//EN",
 * VERSION 2.0, CALSCALE GREGORIAN, METHOD PUBLISH) of a provider's or a
 * location's local days from_day..to_day (at most 366):
 *   - one VEVENT per appointment that is not cancelled, read through
 *     mo_sched_day (one audited read per day, action appointment.read),
 *     UID "appointment-ID@DOMAIN", SUMMARY the visit type's name and the
 *     patient's initials only ("Established patient visit (A. L.)": a
 *     calendar app is no place for a patient's name), DESCRIPTION the
 *     provider, room and appointment number, LOCATION the location's
 *     name, CATEGORIES APPOINTMENT;
 *   - one VEVENT per block occurrence (not one per block with an RRULE:
 *     a local time that recurs is not a fixed UTC time across a clock
 *     change), UID "block-ID-YYYYMMDD@DOMAIN" (the local day), SUMMARY
 *     the block's title (after the provider's name in a location's
 *     calendar), CATEGORIES the block's kind in capitals;
 *   - times in UTC ("DTSTART:20261124T150000Z"), so no VTIMEZONE is
 *     needed; STATUS CONFIRMED; DTSTAMP the clock (clock.h, so that
 *     MEDOFFICE_NOW makes the output reproducible); events in order of
 *     start, then UID. DOMAIN is "NPI.medoffice" with the practice's NPI,
 *     else the practice name in lower case with runs of other characters
 *     made "-" ("starter-family-clinic.medoffice"). The same schedule
 *     exports the same UIDs every time.
 *
 * Import reads a calendar file (at most MO_ICAL_MAX_BYTES, UTF-8, at
 * most MO_ICAL_MAX_EVENTS VEVENTs) into blocks (block.h) of one
 * provider, in ONE transaction: any error rolls everything back and
 * names the file, the line and the event's UID. The file is first
 * checked line by line (BEGIN/END nesting, NAME:VALUE lines, the syntax
 * of DTSTART, DTEND, RECURRENCE-ID, EXDATE, TZOFFSETFROM and TZOFFSETTO
 * values, UTF-8), then parsed by libical, whose X-LIC-ERROR properties
 * are refused too.
 *   - every VEVENT becomes blocks of kind "meeting", or of the kind a
 *     CATEGORIES value names (any kind of block.h, in any case, and
 *     "holiday", "out of office" -> vacation, "rounds" -> hospital,
 *     "lecture", "talk", "presentation" -> speaking, "course", "cme" ->
 *     training); title the SUMMARY (control characters made spaces, cut
 *     to 200 characters; "Busy" without one); every location;
 *   - block uid "ical:PROVIDER:UID" (the provider is in it because one
 *     meeting has one UID in every attendee's calendar; a UID longer
 *     than fits is replaced by its XXH3 fingerprint; an event without a
 *     UID gets the fingerprint of its text). Importing the same file
 *     again changes nothing; an event changed in the file updates its
 *     block; an event removed from the file leaves its block alone; a
 *     block cancelled in medoffice stays cancelled (counted unchanged);
 *   - times: UTC, a TZID with the file's VTIMEZONE, a TZID that is an
 *     IANA zone name without a VTIMEZONE (the system's zoneinfo), or
 *     floating (the practice's zone); converted to the practice's local
 *     day and time of day. A DATE (all-day) event is 00:00-24:00 of each
 *     of its days (one block, daily, when it spans several). A timed
 *     event over several local days is split: the first day to 24:00,
 *     the whole days between (one daily block), the last day from 00:00
 *     (uids with "/start", "/days", "/end"). An event at most 366 days
 *     long; a zero-length event and one with STATUS:CANCELLED are
 *     skipped (counted unchanged);
 *   - RRULE: FREQ=DAILY, WEEKLY (BYDAY without numbers) or MONTHLY (on
 *     the day of DTSTART, BYMONTHDAY of that day, or BYDAY=nWD of
 *     DTSTART's weekday), with INTERVAL and UNTIL or COUNT, and EXDATE
 *     as exceptions. Anything else (YEARLY, BYSETPOS, BYMONTH, ...),
 *     RDATE, an RRULE without an end, or more than 1000 occurrences or
 *     5 years is refused. Occurrences are computed by libical and
 *     compared with the block's rule: when an event in another zone
 *     falls at different practice times through the year (clocks change
 *     on different dates), each occurrence becomes its own block (uid
 *     "/" and the occurrence's time). Each occurrence must fit in one
 *     local day;
 *   - RECURRENCE-ID (one moved or cancelled instance of a recurring
 *     event): the instance is removed from its event's block (an
 *     exception) and, unless cancelled, imported as its own block (uid
 *     "/" and the RECURRENCE-ID); RANGE=THISANDFUTURE is refused.
 * The counts are of blocks (an event can make several).
 * It uses practice.h, block.h, sched.h, recur.h, tz.h, units.h, clock.h
 * and libical. */
#ifndef MO_ICAL_H
#define MO_ICAL_H

#include "practice.h"

#define MO_ICAL_MAX_BYTES (5 * 1024 * 1024)
#define MO_ICAL_MAX_EVENTS 10000
#define MO_ICAL_MAX_BLOCKS 20000 /* blocks one import may write */
#define MO_ICAL_MAX_DAYS 366     /* an export's days; an event's length */
#define MO_ICAL_PRODID "-//medoffice//medoffice//EN"

/* The schedule of provider or location (exactly one of them) on the
 * local days from_day..to_day as iCalendar text (CRLF lines); *text is
 * NUL-terminated, caller frees with free(). Reading the appointments is
 * actor's audited read (appointment.read), one per day. */
int mo_ical_export(mo_practice *p, const char *actor, const char *provider,
		   const char *location, int32_t from_day, int32_t to_day,
		   char **text, mo_err *e);

/* Imports the calendar text (len bytes; need not be NUL-terminated) into
 * provider's blocks as actor (schedule.block), in one transaction.
 * source_name (a file name, NULL: "calendar") starts the messages:
 * "cal.ics:14: event \"x@y\": DTSTART: ...". The counts (each optional)
 * receive the blocks added, unchanged and updated. */
int mo_ical_import(mo_practice *p, const char *actor, const char *provider,
		   const char *text, size_t len, const char *source_name,
		   size_t *added, size_t *unchanged, size_t *updated,
		   mo_err *e);

#endif

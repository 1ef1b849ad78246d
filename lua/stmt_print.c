/* stmt_print.c: patient statements as text and as HTML (see
 * stmt_print.h). Both show the same parts in the same order: the
 * practice (who is paid, where to send the payment, the phone), the
 * statement's number, date, account and due date with the amount due, to
 * whom it goes and for which patient, the visit lines (date of service,
 * code only, charged, what insurance paid, adjusted and still owes, what
 * the patient paid and owes), the payments and credits, the balance, the
 * aging and a tear-off part to send back with the payment. Money is
 * printed with mo_money_format; every value in HTML goes through
 * mo_render_html_put (render.h). It uses cli.h, core/statement.h and units.h. */
#include "stmt_print.h"

#include <string.h>

#include "cli.h"
#include "render.h"
#include "units.h"

static const char *const BUCKET_NAMES[MO_AGING_BUCKETS] = {
	"0-30", "31-60", "61-90", "91-120", "over 120"};

/* How a payment or credit not applied to a visit is described. */
static const char *credit_label(const char *kind)
{
	static const char *const map[][2] = {
		{"payment", "Payment, thank you"},
		{"refund", "Refund"},
		{"transfer", "Balance transferred"},
		{"adjustment", "Adjustment"},
		{"writeoff", "Write-off"},
		{"void", "Correction"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], kind) == 0)
			return map[i][1];
	return kind;
}

/* The statement's number, or that it is a draft. */
static const char *number(const mo_statement *s, char buf[32])
{
	if (!s->id)
		return "DRAFT (dry run, not sent)";
	snprintf(buf, 32, "%lld", (long long)s->id);
	return buf;
}

/* The address lines of whom the statement goes to (name first), into
 * out; returns how many. city is the buffer of the city line. */
static int to_lines(const mo_statement *s, const char *out[4],
		    char city[160])
{
	int n = 0;
	out[n++] = s->to_name;
	if (s->line1)
		out[n++] = s->line1;
	if (s->line2)
		out[n++] = s->line2;
	if (s->city || s->zip) {
		snprintf(city, 160, "%s%s%s %s", s->city ? s->city : "",
			 s->city ? ", " : "", s->state ? s->state : "",
			 s->zip ? s->zip : "");
		out[n++] = city;
	}
	return n;
}

/* The amount due: the balance, never below 0.00. */
static const char *due_text(const mo_statement *s, char buf[32])
{
	return mo_money_format(s->balance > 0 ? s->balance : 0, buf);
}

/* ---- text ---- */

static void text_head(FILE *f, const mo_statement *s)
{
	char n[32], d[2][11], m[32], cr[32];
	mo_cli_print_letterhead(f, s->practice, s->remit, s->phone);
	fprintf(f, "\nSTATEMENT\nStatement no.   %s\nDate            %s\n"
		"Account         patient %lld\nPay by          %s\n",
		number(s, n), mo_date_format(s->day, d[0]),
		(long long)s->patient, mo_date_format(s->due_day, d[1]));
	fprintf(f, "Amount due      %s", due_text(s, m));
	if (s->balance < 0)
		fprintf(f, " (a credit of %s)",
			mo_money_format(-s->balance, cr));
	fputs("\n\n", f);
}

static void text_to(FILE *f, const mo_statement *s)
{
	const char *lines[4];
	char city[160];
	int n = to_lines(s, lines, city);
	for (int i = 0; i < n; i++)
		fprintf(f, "%-16s%s%s\n", i ? "" : "To", lines[i],
			i == 0 && s->guarantor ? " (guarantor)" : "");
	fprintf(f, "Patient         %s (patient %lld)\n\n", s->patient_name,
		(long long)s->patient);
}

static void text_line(FILE *f, const mo_stmt_line *l)
{
	char d[11], v[6][32];
	int64_t x[] = {l->charged, l->insurance_paid, l->adjusted, l->pending,
		       l->patient_paid, l->due};
	for (int i = 0; i < 6; i++)
		mo_money_format(x[i], v[i]);
	fprintf(f, "%-10s  %-11s %9s %9s %9s %9s %9s %9s\n",
		mo_date_format(l->service_day, d), l->code, v[0], v[1], v[2],
		v[3], v[4], v[5]);
	if (l->units > 1)
		fprintf(f, "%-10s  %d units\n", "", l->units);
}

static void text_lines(FILE *f, const mo_statement *s)
{
	fputs("Visits\n", f);
	if (!s->nlines) {
		fputs("  (none in this period)\n\n", f);
		return;
	}
	fprintf(f, "%-10s  %-11s %9s %9s %9s %9s %9s %9s\n", "Date", "Code",
		"Charged", "Ins. paid", "Adjusted", "Pending", "You paid",
		"You owe");
	for (size_t i = 0; i < s->nlines; i++)
		text_line(f, &s->lines[i]);
	fputc('\n', f);
}

static void text_credits(FILE *f, const mo_statement *s)
{
	char d[11], m[32];
	if (!s->ncredits && !s->earlier)
		return;
	fputs("Payments and credits\n", f);
	if (s->earlier)
		fprintf(f, "%-10s  %-62s %9s\n", "",
			"Earlier payments and credits",
			mo_money_format(s->earlier, m));
	for (size_t i = 0; i < s->ncredits; i++)
		fprintf(f, "%-10s  %-62s %9s\n",
			mo_date_format(s->credits[i].day, d),
			credit_label(s->credits[i].kind),
			mo_money_format(s->credits[i].amount, m));
	fputc('\n', f);
}

static void text_total(FILE *f, const mo_statement *s)
{
	char m[32];
	fprintf(f, "%-74s %9s\n", "Balance due", mo_money_format(s->balance,
								 m));
	if (s->pending > 0)
		fprintf(f, "Your insurance has yet to pay %s of these visits; "
			"it is not in the balance.\n",
			mo_money_format(s->pending, m));
	fputc('\n', f);
}

static void text_aging(FILE *f, const mo_statement *s)
{
	char m[32];
	fputs("Aging (days since the service)\n", f);
	for (int b = 0; b < MO_AGING_BUCKETS; b++)
		fprintf(f, "%9s ", BUCKET_NAMES[b]);
	fprintf(f, "%9s %9s\n", "credits", "total");
	for (int b = 0; b < MO_AGING_BUCKETS; b++)
		fprintf(f, "%9s ", mo_money_format(s->aging.bucket[b], m));
	fprintf(f, "%9s ", mo_money_format(s->aging.unapplied, m));
	fprintf(f, "%9s\n\n", mo_money_format(s->aging.total, m));
}

static void text_closing(FILE *f, const mo_statement *s)
{
	char m[32], d[11], ph[16];
	if (s->balance > 0)
		fprintf(f, "Please pay %s by %s.\nMake checks payable to %s "
			"and mail them with the part below.\n",
			due_text(s, m), mo_date_format(s->due_day, d),
			s->legal_name);
	else
		fputs("Nothing is due. Thank you.\n", f);
	if (mo_cli_phone(s->phone, ph))
		fprintf(f, "Questions about this statement: call %s.\n", ph);
}

static void text_stub(FILE *f, const mo_statement *s)
{
	char n[32], m[32];
	fputs("\n- - - - - - - - - - - - - - - - - - - - - - - - - - - - - "
	      "- - - - - - - - - - -\nReturn this part with your payment\n"
	      "Remit to\n", f);
	mo_cli_print_letterhead(f, s->legal_name, s->remit, NULL);
	fprintf(f, "Account         patient %lld\nStatement no.   %s\n"
		"Amount due      %s\nAmount enclosed ____________\n",
		(long long)s->patient, number(s, n), due_text(s, m));
}

void mo_cli_statement_text(FILE *f, const mo_statement *s)
{
	text_head(f, s);
	text_to(f, s);
	text_lines(f, s);
	text_credits(f, s);
	text_total(f, s);
	text_aging(f, s);
	text_closing(f, s);
	text_stub(f, s);
}

/* ---- HTML ---- */

static const char CSS[] =
	"body{font:13px/1.4 system-ui,sans-serif;color:#222;margin:0;"
	"background:#eee}"
	".statement{background:#fff;max-width:52em;margin:1.5em auto;"
	"padding:2em 2.5em;box-shadow:0 1px 4px #0002}"
	".top{display:flex;justify-content:space-between;gap:2em}"
	"h1{font-size:18px;margin:0 0 .3em}h2{font-size:14px;margin:1.4em 0 "
	".4em;border-bottom:1px solid #999}"
	".practice p,.to p{margin:0}.meta th{text-align:left;padding-right:"
	"1em;font-weight:normal;color:#555}.meta .due td{font-weight:bold;"
	"font-size:15px}"
	".to{margin-top:1.5em}table.grid{border-collapse:collapse;width:100%}"
	".grid th,.grid td{padding:.2em .4em;border-bottom:1px solid #ddd}"
	".grid th{text-align:left;background:#f4f4f4}.grid .num{text-align:"
	"right}.num,.date{white-space:nowrap}.balance td{font-weight:bold;"
	"border-top:2px solid #222}.note{color:#555}"
	".stub{margin-top:2em;padding-top:1em;border-top:2px dashed #888}"
	".stub h1{font-size:14px}"
	".stub table td{padding-right:2em}.draft{color:#b00;font-weight:bold}"
	"@media print{body{background:#fff}.statement{box-shadow:none;"
	"margin:0;max-width:none;padding:0;page-break-after:always;"
	"break-after:page}.grid th{background:none}}";

static void esc(FILE *f, const char *s)
{
	mo_render_html_put(f, s ? s : "");
}

/* <tag class="cls">text</tag> with text escaped; cls may be NULL. */
static void cell(FILE *f, const char *tag, const char *cls, const char *text)
{
	fprintf(f, "<%s%s%s%s>", tag, cls ? " class=\"" : "", cls ? cls : "",
		cls ? "\"" : "");
	esc(f, text);
	fprintf(f, "</%s>", tag);
}

static void money_cell(FILE *f, int64_t cents)
{
	char m[32];
	cell(f, "td", "num", mo_money_format(cents, m));
}

static void html_practice(FILE *f, const mo_statement *s)
{
	const mo_address *a = s->remit;
	const char *parts[] = {a->line1, a->line2};
	char city[160], ph[16];
	fputs("<div class=\"practice\"><h1>", f);
	esc(f, s->practice);
	fputs("</h1>", f);
	for (int i = 0; i < 2; i++)
		if (parts[i])
			cell(f, "p", NULL, parts[i]);
	snprintf(city, sizeof city, "%s, %s %s", a->city ? a->city : "",
		 a->state ? a->state : "", a->zip ? a->zip : "");
	if (a->city)
		cell(f, "p", NULL, city);
	if (mo_cli_phone(s->phone, ph)) {
		fputs("<p>Phone ", f);
		esc(f, ph);
		fputs("</p>", f);
	}
	fputs("</div>\n", f);
}

static void meta_row(FILE *f, const char *cls, const char *label,
		     const char *value)
{
	fprintf(f, "<tr%s%s%s>", cls ? " class=\"" : "", cls ? cls : "",
		cls ? "\"" : "");
	cell(f, "th", NULL, label);
	cell(f, "td", NULL, value);
	fputs("</tr>\n", f);
}

static void html_meta(FILE *f, const mo_statement *s)
{
	char n[32], d[2][11], acct[40], m[32], due[80], cr[32];
	snprintf(acct, sizeof acct, "patient %lld", (long long)s->patient);
	snprintf(due, sizeof due, "%s%s%s%s", due_text(s, m),
		 s->balance < 0 ? " (a credit of " : "", s->balance < 0
		 ? mo_money_format(-s->balance, cr) : "",
		 s->balance < 0 ? ")" : "");
	fputs("<table class=\"meta\">\n", f);
	meta_row(f, s->id ? NULL : "draft", "Statement no.", number(s, n));
	meta_row(f, NULL, "Date", mo_date_format(s->day, d[0]));
	meta_row(f, NULL, "Account", acct);
	meta_row(f, NULL, "Pay by", mo_date_format(s->due_day, d[1]));
	meta_row(f, "due", "Amount due", due);
	fputs("</table>\n", f);
}

static void html_to(FILE *f, const mo_statement *s)
{
	const char *lines[4];
	char city[160], pt[280];
	int n = to_lines(s, lines, city);
	fputs("<div class=\"to\"><b>To</b>", f);
	for (int i = 0; i < n; i++)
		cell(f, "p", NULL, lines[i]);
	if (s->guarantor)
		cell(f, "p", "note", "(guarantor)");
	snprintf(pt, sizeof pt, "Patient: %s (patient %lld)", s->patient_name,
		 (long long)s->patient);
	cell(f, "p", NULL, pt);
	fputs("</div>\n", f);
}

static void html_line(FILE *f, const mo_stmt_line *l)
{
	char d[11], units[24];
	int64_t x[] = {l->charged, l->insurance_paid, l->adjusted, l->pending,
		       l->patient_paid, l->due};
	fputs("<tr>", f);
	cell(f, "td", "date", mo_date_format(l->service_day, d));
	snprintf(units, sizeof units, " x%d", l->units);
	fputs("<td>", f);
	esc(f, l->code);
	if (l->units > 1)
		esc(f, units);
	fputs("</td>", f);
	for (int i = 0; i < 6; i++)
		money_cell(f, x[i]);
	fputs("</tr>\n", f);
}

static void html_lines(FILE *f, const mo_statement *s)
{
	static const char *const heads[] = {"Date of service", "Code",
		"Charged", "Insurance paid", "Adjusted", "Pending", "You paid",
		"You owe"};
	fputs("<h2>Visits</h2>\n", f);
	if (!s->nlines) {
		fputs("<p class=\"note\">None in this period.</p>\n", f);
		return;
	}
	fputs("<table class=\"grid\"><thead><tr>", f);
	for (int i = 0; i < 8; i++)
		cell(f, "th", i > 1 ? "num" : NULL, heads[i]);
	fputs("</tr></thead><tbody>\n", f);
	for (size_t i = 0; i < s->nlines; i++)
		html_line(f, &s->lines[i]);
	fputs("</tbody></table>\n", f);
}

static void credit_row(FILE *f, const char *day, const char *label,
		       int64_t amount)
{
	fputs("<tr>", f);
	cell(f, "td", "date", day);
	cell(f, "td", NULL, label);
	money_cell(f, amount);
	fputs("</tr>\n", f);
}

static void html_credits(FILE *f, const mo_statement *s)
{
	char d[11];
	fputs("<h2>Payments and credits</h2>\n<table class=\"grid\"><tbody>\n",
	      f);
	if (s->earlier || !s->ncredits)
		credit_row(f, "", s->earlier ? "Earlier payments and credits"
			   : "None in this period", s->earlier);
	for (size_t i = 0; i < s->ncredits; i++)
		credit_row(f, mo_date_format(s->credits[i].day, d),
			   credit_label(s->credits[i].kind),
			   s->credits[i].amount);
	fputs("<tr class=\"balance\"><td></td>", f);
	cell(f, "td", NULL, "Balance due");
	money_cell(f, s->balance);
	fputs("</tr>\n</tbody></table>\n", f);
}

static void html_aging(FILE *f, const mo_statement *s)
{
	char m[32], note[120];
	fputs("<h2>Aging (days since the service)</h2>\n<table class=\"grid\">"
	      "<thead><tr>", f);
	for (int b = 0; b < MO_AGING_BUCKETS; b++)
		cell(f, "th", "num", BUCKET_NAMES[b]);
	cell(f, "th", "num", "Credits");
	cell(f, "th", "num", "Total");
	fputs("</tr></thead><tbody><tr>", f);
	for (int b = 0; b < MO_AGING_BUCKETS; b++)
		money_cell(f, s->aging.bucket[b]);
	money_cell(f, s->aging.unapplied);
	money_cell(f, s->aging.total);
	fputs("</tr></tbody></table>\n", f);
	if (s->pending > 0) {
		snprintf(note, sizeof note, "Your insurance has yet to pay %s "
			 "of these visits; it is not in the balance.",
			 mo_money_format(s->pending, m));
		cell(f, "p", "note", note);
	}
}

static void html_closing(FILE *f, const mo_statement *s)
{
	char m[32], d[11], ph[16], text[400];
	if (s->balance > 0)
		snprintf(text, sizeof text, "Please pay %s by %s. Make checks "
			 "payable to %s and mail them with the part below.",
			 due_text(s, m), mo_date_format(s->due_day, d),
			 s->legal_name);
	else
		snprintf(text, sizeof text, "Nothing is due. Thank you.");
	cell(f, "p", NULL, text);
	if (mo_cli_phone(s->phone, ph)) {
		snprintf(text, sizeof text, "Questions about this statement: "
			 "call %s.", ph);
		cell(f, "p", NULL, text);
	}
}

static void stub_row(FILE *f, const char *label, const char *value)
{
	fputs("<tr>", f);
	cell(f, "td", NULL, label);
	cell(f, "td", NULL, value);
	fputs("</tr>", f);
}

static void html_stub(FILE *f, const mo_statement *s)
{
	char n[32], m[32], acct[40];
	snprintf(acct, sizeof acct, "patient %lld", (long long)s->patient);
	fputs("<div class=\"stub\"><b>Return this part with your payment"
	      "</b><div class=\"top\"><div><p>Remit to</p>", f);
	html_practice(f, &(mo_statement){.practice = s->legal_name,
					 .remit = s->remit});
	fputs("</div><table>", f);
	stub_row(f, "Account", acct);
	stub_row(f, "Statement no.", number(s, n));
	stub_row(f, "Amount due", due_text(s, m));
	stub_row(f, "Amount enclosed", "____________");
	fputs("</table></div></div>\n", f);
}

void mo_cli_statement_html_head(FILE *f, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset="
	      "\"utf-8\"><meta name=\"viewport\" content=\"width=device-"
	      "width\"><title>", f);
	esc(f, title);
	fprintf(f, "</title><style>%s</style></head><body>\n", CSS);
}

void mo_cli_statement_html(FILE *f, const mo_statement *s)
{
	fputs("<section class=\"statement\">\n<div class=\"top\">", f);
	html_practice(f, s);
	fputs("<div><h1>Statement</h1>", f);
	html_meta(f, s);
	fputs("</div></div>\n", f);
	html_to(f, s);
	html_lines(f, s);
	html_credits(f, s);
	html_aging(f, s);
	html_closing(f, s);
	html_stub(f, s);
	fputs("</section>\n", f);
}

void mo_cli_statement_html_tail(FILE *f)
{
	fputs("</body></html>\n", f);
}

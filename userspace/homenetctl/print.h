/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One printer for text and JSON: each value is printed with its JSON key
 * and its text format, and the printer decides which one shows.
 */
#ifndef HN_PRINT_H
#define HN_PRINT_H

#include <stdbool.h>
#include <stdio.h>

#define PRINT_MAX_DEPTH 8

struct printer {
	FILE *out;
	bool json;
	int depth;
	bool need_comma[PRINT_MAX_DEPTH]; /* a member precedes */
	char closer[PRINT_MAX_DEPTH];	  /* '}' or ']' */
};

void print_init(struct printer *p, FILE *out, bool json);
/* Close everything still open and end the output. */
void print_finish(struct printer *p);

/* JSON containers: @key is NULL inside arrays and at the top level. */
void print_open_object(struct printer *p, const char *key);
void print_close_object(struct printer *p);
void print_open_array(struct printer *p, const char *key);
void print_close_array(struct printer *p);

/* A value: @fmt is its text form (may be NULL: JSON only). */
void print_string(struct printer *p, const char *key, const char *fmt, const char *value);
void print_uint(struct printer *p, const char *key, const char *fmt, unsigned long long value);
void print_bool(struct printer *p, const char *key, const char *fmt, bool value);
/* Text only: separators, headings, newlines. */
void print_text(struct printer *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * A text line built in place, for lists of a million entries: appending
 * bytes costs far less than one fprintf() per field.  Output that would
 * not fit is cut (the buffer holds any line homenetctl makes).
 */
struct line {
	size_t n;
	char buf[256];
};

void line_str(struct line *l, const char *s);
void line_uint(struct line *l, unsigned long v);
/* @addr in network order, dotted quad */
void line_ipv4(struct line *l, unsigned int addr);
/* The line to the printer's stream, in text mode only. */
void print_line(struct printer *p, const struct line *l);

/* Write @s as a JSON string literal, quotes included. */
void print_json_string(FILE *out, const char *s);

#endif /* HN_PRINT_H */

// SPDX-License-Identifier: GPL-2.0
#include <assert.h>
#include <stdarg.h>
#include <string.h>

#include "print.h"

/*
 * The text formats are the callers' literals passed through, one value
 * each: the point of this printer, so their non-literal use is allowed here.
 */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

void print_init(struct printer *p, FILE *out, bool json)
{
	p->out = out;
	p->json = json;
	p->depth = 0;
	p->need_comma[0] = false;
}

void print_json_string(FILE *out, const char *s)
{
	const unsigned char *c;

	fputc('"', out);
	for (c = (const unsigned char *)s; *c; c++) {
		switch (*c) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			if (*c < 0x20)
				fprintf(out, "\\u%04x", *c);
			else
				fputc(*c, out);
		}
	}
	fputc('"', out);
}

/* Comma and key before a JSON member or element. */
static void print_json_key(struct printer *p, const char *key)
{
	if (p->need_comma[p->depth])
		fputc(',', p->out);
	p->need_comma[p->depth] = true;
	if (key) {
		print_json_string(p->out, key);
		fputc(':', p->out);
	}
}

static void print_open(struct printer *p, const char *key, char open, char close)
{
	if (!p->json)
		return;
	assert(p->depth + 1 < PRINT_MAX_DEPTH);
	print_json_key(p, key);
	fputc(open, p->out);
	p->depth++;
	p->need_comma[p->depth] = false;
	p->closer[p->depth] = close;
}

static void print_close(struct printer *p)
{
	if (!p->json)
		return;
	assert(p->depth > 0);
	fputc(p->closer[p->depth], p->out);
	p->depth--;
}

void print_open_object(struct printer *p, const char *key)
{
	print_open(p, key, '{', '}');
}

void print_close_object(struct printer *p)
{
	print_close(p);
}

void print_open_array(struct printer *p, const char *key)
{
	print_open(p, key, '[', ']');
}

void print_close_array(struct printer *p)
{
	print_close(p);
}

void print_string(struct printer *p, const char *key, const char *fmt, const char *value)
{
	if (p->json) {
		print_json_key(p, key);
		print_json_string(p->out, value);
	} else if (fmt) {
		fprintf(p->out, fmt, value);
	}
}

void print_uint(struct printer *p, const char *key, const char *fmt, unsigned long long value)
{
	if (p->json) {
		print_json_key(p, key);
		fprintf(p->out, "%llu", value);
	} else if (fmt) {
		fprintf(p->out, fmt, value);
	}
}

void print_bool(struct printer *p, const char *key, const char *fmt, bool value)
{
	if (p->json) {
		print_json_key(p, key);
		fputs(value ? "true" : "false", p->out);
	} else if (fmt && value) {
		fputs(fmt, p->out);
	}
}

void print_text(struct printer *p, const char *fmt, ...)
{
	va_list ap;

	if (p->json)
		return;
	va_start(ap, fmt);
	vfprintf(p->out, fmt, ap);
	va_end(ap);
}

void print_finish(struct printer *p)
{
	if (!p->json)
		return;
	while (p->depth > 0)
		print_close(p);
	if (p->need_comma[0])
		fputc('\n', p->out);
}

static void line_put(struct line *l, const char *s, size_t k)
{
	size_t room = sizeof(l->buf) - l->n;

	if (k > room)
		k = room;
	memcpy(l->buf + l->n, s, k);
	l->n += k;
}

void line_str(struct line *l, const char *s)
{
	line_put(l, s, strlen(s));
}

void line_uint(struct line *l, unsigned long v)
{
	char d[24];
	size_t i = sizeof(d);

	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	line_put(l, d + i, sizeof(d) - i);
}

void line_ipv4(struct line *l, unsigned int addr)
{
	const unsigned char *b = (const unsigned char *)&addr;
	int i;

	for (i = 0; i < 4; i++) {
		if (i)
			line_put(l, ".", 1);
		line_uint(l, b[i]);
	}
}

void print_line(struct printer *p, const struct line *l)
{
	if (!p->json)
		fwrite(l->buf, 1, l->n, p->out);
}

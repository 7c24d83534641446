// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * print.c - one printer for text and JSON
 *
 * Each command's output is described once, as a sequence of calls that name
 * a JSON key and a text format for the same value.  A text printer formats
 * into the caller's FILE; a JSON printer builds a json-c tree and ignores the
 * text formats.  Either side can be left out of a call (VNET_PRINT_FP,
 * VNET_PRINT_JSON) where the two layouts differ.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "internal.h"

#define STACK_DEPTH 16

struct vnet_printer {
	FILE *out;			/* text; NULL for JSON */
	struct json_object *root;
	struct json_object *stack[STACK_DEPTH];
	unsigned int depth;		/* open containers; deeper ones are dropped */
	const char *unknown;		/* text placeholder of an unknown value */
	int col;			/* text column after the last newline */
	int wrap_indent;
	bool wrap_any;			/* something already stands after the indent */
};

VNET_EXPORT struct vnet_printer *vnet_printer_new_text(FILE *out)
{
	struct vnet_printer *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->out = out;
	p->unknown = "?";
	return p;
}

VNET_EXPORT struct vnet_printer *vnet_printer_new_json(void)
{
	struct vnet_printer *p = vnet_printer_new_text(NULL);

	return p;
}

VNET_EXPORT void vnet_printer_free(struct vnet_printer *p)
{
	if (!p)
		return;
	json_object_put(p->root);
	free(p);
}

VNET_EXPORT bool vnet_printer_is_json(const struct vnet_printer *p)
{
	return !p->out;
}

VNET_EXPORT struct json_object *vnet_printer_take(struct vnet_printer *p)
{
	struct json_object *root = p->root;

	p->root = NULL;
	p->depth = 0;
	return root;
}

VNET_EXPORT const char *vnet_printer_set_unknown(struct vnet_printer *p, const char *text)
{
	const char *old = p->unknown;

	p->unknown = text;
	return old;
}

/* ---- text side ------------------------------------------------------------ */

static bool text_on(const struct vnet_printer *p, enum vnet_print_to to)
{
	return p->out && (to & VNET_PRINT_FP);
}

static bool json_on(const struct vnet_printer *p, enum vnet_print_to to)
{
	return !p->out && (to & VNET_PRINT_JSON);
}

static void text_put(struct vnet_printer *p, const char *s, size_t len)
{
	const char *nl = memrchr(s, '\n', len);

	fwrite(s, 1, len, p->out);
	p->col = nl ? (int)(len - (size_t)(nl - s) - 1) : p->col + (int)len;
}

static void text_vprintf(struct vnet_printer *p, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
static void text_vprintf(struct vnet_printer *p, const char *fmt, va_list ap)
{
	char small[512], *buf = small;
	va_list again;
	int len;

	va_copy(again, ap);
	len = vsnprintf(small, sizeof(small), fmt, ap);
	if (len >= (int)sizeof(small)) {
		buf = malloc(len + 1);
		if (buf)
			vsnprintf(buf, len + 1, fmt, again);
	}
	va_end(again);
	if (len > 0 && buf)
		text_put(p, buf, len);
	if (buf != small)
		free(buf);
}

/*
 * The value formats are the caller's (one conversion each), so they cannot be
 * string literals here.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void text_value(struct vnet_printer *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	text_vprintf(p, fmt, ap);
	va_end(ap);
}
#pragma GCC diagnostic pop

/*
 * @fmt with its one conversion turned into "%s" (flags and width kept, so a
 * column stays aligned) and printed with the placeholder.
 */
static void text_unknown(struct vnet_printer *p, const char *fmt, const char *placeholder)
{
	char buf[256];
	size_t o = 0;
	const char *s = fmt;

	while (*s && o < sizeof(buf) - 8) {
		if (s[0] == '%' && s[1] == '%') {
			buf[o++] = *s++;
			buf[o++] = *s++;
			continue;
		}
		if (*s != '%') {
			buf[o++] = *s++;
			continue;
		}
		buf[o++] = *s++;
		while (*s && strchr("-+ #0123456789", *s) && o < sizeof(buf) - 8)
			buf[o++] = *s++;
		if (*s == '.')		/* a precision would cut the placeholder */
			for (s++; *s >= '0' && *s <= '9'; s++)
				;
		while (*s && strchr("hlLqjzt", *s))
			s++;
		if (*s)
			s++;
		buf[o++] = 's';
		break;
	}
	while (*s && o < sizeof(buf) - 1)
		buf[o++] = *s++;
	buf[o] = '\0';
	text_value(p, buf, placeholder);
}

VNET_EXPORT void vnet_print_fp(struct vnet_printer *p, const char *fmt, ...)
{
	va_list ap;

	if (!p->out)
		return;
	va_start(ap, fmt);
	text_vprintf(p, fmt, ap);
	va_end(ap);
}

/* ---- JSON side ------------------------------------------------------------ */

static void json_add(struct vnet_printer *p, const char *key, struct json_object *v)
{
	struct json_object *cur;

	if (!p->depth) {
		if (!p->root) {
			p->root = v;
			return;
		}
		json_object_put(v);	/* a second root has nowhere to go */
		return;
	}
	cur = p->stack[p->depth - 1];
	if (!cur || !key || json_object_is_type(cur, json_type_array)) {
		if (cur && json_object_is_type(cur, json_type_array))
			json_object_array_add(cur, v);
		else
			json_object_put(v);
		return;
	}
	json_object_object_add(cur, key, v);
}

static void json_open(struct vnet_printer *p, const char *key, struct json_object *c)
{
	if (p->depth >= STACK_DEPTH) {
		json_object_put(c);
		p->depth++;
		return;
	}
	json_add(p, key, json_object_get(c));
	p->stack[p->depth++] = c;
	json_object_put(c);	/* the parent (or the root) holds it now */
}

VNET_EXPORT void vnet_print_open_object(struct vnet_printer *p, const char *key)
{
	if (!p->out)
		json_open(p, key, json_object_new_object());
}

VNET_EXPORT void vnet_print_open_array(struct vnet_printer *p, const char *key)
{
	if (!p->out)
		json_open(p, key, json_object_new_array());
}

VNET_EXPORT void vnet_print_close(struct vnet_printer *p)
{
	if (!p->out && p->depth)
		p->depth--;
}

/* ---- values --------------------------------------------------------------- */

/*
 * One value: JSON null or what @make builds from @v; in text the placeholder
 * when unknown.  Returns true when the caller still formats the known value
 * as text (its type is the caller's).
 */
static bool value(struct vnet_printer *p, enum vnet_print_to to, const char *key, const char *fmt,
		  bool known, struct json_object *(*make)(const void *v), const void *v)
{
	if (json_on(p, to))
		json_add(p, key, known ? make(v) : NULL);
	if (!text_on(p, to))
		return false;
	if (!known)
		text_unknown(p, fmt, p->unknown);
	return known;
}

static struct json_object *make_str(const void *v)
{
	return json_object_new_string(v);
}

static struct json_object *make_u32(const void *v)
{
	return json_object_new_int64(*(const uint32_t *)v);
}

static struct json_object *make_u64(const void *v)
{
	return json_object_new_uint64(*(const uint64_t *)v);
}

static struct json_object *make_double(const void *v)
{
	return json_object_new_double(*(const double *)v);
}

VNET_EXPORT void vnet_print_str(struct vnet_printer *p, enum vnet_print_to to, const char *key,
				const char *fmt, const char *v)
{
	if (value(p, to, key, fmt, v, make_str, v))
		text_value(p, fmt, v);
}

VNET_EXPORT void vnet_print_u32(struct vnet_printer *p, enum vnet_print_to to, const char *key,
				const char *fmt, uint32_t v)
{
	if (value(p, to, key, fmt, v != VNET_UNKNOWN, make_u32, &v))
		text_value(p, fmt, v);
}

VNET_EXPORT void vnet_print_u64(struct vnet_printer *p, enum vnet_print_to to, const char *key,
				const char *fmt, uint64_t v)
{
	if (value(p, to, key, fmt, v != VNET_UNKNOWN64, make_u64, &v))
		text_value(p, fmt, v);
}

VNET_EXPORT void vnet_print_double(struct vnet_printer *p, enum vnet_print_to to,
				   const char *key, const char *fmt, double v)
{
	if (value(p, to, key, fmt, !isnan(v), make_double, &v))
		text_value(p, fmt, v);
}

VNET_EXPORT void vnet_print_bool(struct vnet_printer *p, enum vnet_print_to to, const char *key,
				 const char *fmt, bool v)
{
	vnet_print_tri(p, to, key, fmt, v ? VNET_TRI_YES : VNET_TRI_NO);
}

VNET_EXPORT void vnet_print_tri(struct vnet_printer *p, enum vnet_print_to to, const char *key,
				const char *fmt, enum vnet_tri v)
{
	if (json_on(p, to))
		json_add(p, key, v == VNET_TRI_UNKNOWN ? NULL :
				 json_object_new_boolean(v == VNET_TRI_YES));
	else if (text_on(p, to))
		text_value(p, fmt, v == VNET_TRI_YES ? "on" : v == VNET_TRI_NO ? "off" : p->unknown);
}

VNET_EXPORT void vnet_print_null(struct vnet_printer *p, enum vnet_print_to to, const char *key,
				 const char *text)
{
	if (json_on(p, to))
		json_add(p, key, NULL);
	else if (text_on(p, to))
		text_put(p, text, strlen(text));
}

VNET_EXPORT void vnet_print_json(struct vnet_printer *p, const char *key, struct json_object *v)
{
	if (!p->out)
		json_add(p, key, json_object_get(v));
}

/* ---- word wrapping -------------------------------------------------------- */

VNET_EXPORT void vnet_print_wrap_begin(struct vnet_printer *p, int indent, int col)
{
	if (!p->out)
		return;
	p->wrap_indent = indent;
	if (col >= 0)
		p->col = col;
	p->wrap_any = p->col > indent;
}

VNET_EXPORT void vnet_print_word(struct vnet_printer *p, enum vnet_print_to to, const char *word)
{
	int len = strlen(word);

	if (json_on(p, to))
		json_add(p, NULL, json_object_new_string(word));
	if (!text_on(p, to))
		return;
	if (p->wrap_any && p->col + 1 + len > VNET_PRINT_WIDTH)
		text_value(p, "\n%*s", p->wrap_indent, "");
	else if (p->wrap_any)
		text_put(p, " ", 1);
	text_put(p, word, len);
	p->wrap_any = true;
}

VNET_EXPORT void vnet_print_wrap_end(struct vnet_printer *p, const char *none)
{
	if (!p->out)
		return;
	if (!p->wrap_any && none)
		text_put(p, none, strlen(none));
	text_put(p, "\n", 1);
}

/* The JSON of one description, for the *_to_json() calls. */
struct json_object *vnet_print_json_of(void (*describe)(struct vnet_printer *p, const void *arg),
				       const void *arg)
{
	struct vnet_printer *p = vnet_printer_new_json();
	struct json_object *o;

	if (!p)
		return NULL;
	describe(p, arg);
	o = vnet_printer_take(p);
	vnet_printer_free(p);
	return o;
}

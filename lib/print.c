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
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "internal.h"

#define STACK_DEPTH 16

static void json_fix_utf8(struct json_object *o);

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
	/* one place for every string that went in, whichever call added it */
	json_fix_utf8(root);
	return root;
}

VNET_EXPORT const char *vnet_printer_set_unknown(struct vnet_printer *p, const char *text)
{
	const char *old = p->unknown;

	p->unknown = text;
	return old;
}

/* ---- escaping what the system names --------------------------------------- */

/*
 * Interface names (the kernel's dev_valid_name() accepts ESC, BEL and
 * newline), driver names, affinity strings, QMP ids and file contents come
 * from the system or from a file someone sent: they must not drive the
 * terminal or forge lines.  The convention is systemd's
 * utf8_escape_non_printable() (what systemctl and journalctl show): valid
 * UTF-8 that prints stays as it is, every other byte becomes \xHH.  Escaped:
 * C0 controls (newline and tab too: a value never spans lines or columns),
 * DEL, the C1 controls U+0080..U+009F (8-bit CSI and friends; both bytes of
 * their UTF-8 form), and each byte of invalid UTF-8 (stray continuation
 * bytes, overlong forms, surrogates, beyond U+10FFFF, cut sequences).  Unlike
 * systemd's cescape() there are no \n or \a shorthands (one form to read)
 * and a backslash is not doubled, so ordinary text such as the shell
 * fragments of explain ('\'' quoting) stays byte for byte as it was; a name
 * that really contains the four characters "\x1b" reads like one with ESC,
 * which the JSON output (lossless for valid UTF-8) tells apart.
 */

/* Length of the valid UTF-8 sequence at @s (at most @n bytes), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;	/* continuation byte, overlong lead C0/C1, F5..FF */
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/* Bytes at @s to show as they are (0: escape the byte at @s). */
static size_t printable_len(const unsigned char *s, size_t n)
{
	size_t len = utf8_len(s, n);

	if (len == 1 && (s[0] < 0x20 || s[0] == 0x7f))
		return 0;
	if (len == 2 && s[0] == 0xc2 && s[1] <= 0x9f)
		return 0;	/* C1 control */
	return len;
}

static size_t escape_mem(const char *in, size_t n, char *out, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)in;
	size_t o = 0, i = 0;
	bool full = !size;

	while (i < n) {
		size_t len = printable_len(s + i, n - i);
		char esc[4];
		const char *piece = (const char *)s + i;

		if (!len) {
			esc[0] = '\\';
			esc[1] = 'x';
			esc[2] = hex[s[i] >> 4];
			esc[3] = hex[s[i] & 15];
			piece = esc;
			len = 4;
			i++;
		} else {
			i += len;
		}
		/* never half an escape or half a character */
		if (!full && o + len < size) {
			memcpy(out + o, piece, len);
		} else if (!full) {
			out[o] = '\0';
			full = true;
		}
		o += len;
	}
	if (!full)
		out[o] = '\0';
	return o;
}

VNET_EXPORT size_t vnet_escape_text(const char *in, char *out, size_t size)
{
	return escape_mem(in ? in : "", in ? strlen(in) : 0, out, size);
}

/* The escaped copy of @n bytes at @in, or NULL without memory. */
static char *escape_dup(const char *in, size_t n)
{
	size_t len = escape_mem(in, n, NULL, 0);
	char *out = malloc(len + 1);

	if (out)
		escape_mem(in, n, out, len + 1);
	return out;
}

/*
 * JSON: json-c escapes the C0 controls itself (\u001b) but copies other bytes
 * as they are, so invalid UTF-8 would make the whole document invalid.  Each
 * invalid byte becomes U+FFFD, the replacement character, as decoders do.
 */
static bool utf8_valid(const char *s, size_t n)
{
	for (size_t i = 0, len; i < n; i += len)
		if (!(len = utf8_len((const unsigned char *)s + i, n - i)))
			return false;
	return true;
}

static char *utf8_fix(const char *s, size_t n)
{
	char *out = malloc(3 * n + 1), *o = out;

	if (!out)
		return NULL;
	for (size_t i = 0, len; i < n; i += len) {
		len = utf8_len((const unsigned char *)s + i, n - i);
		if (len) {
			memcpy(o, s + i, len);
			o += len;
			continue;
		}
		memcpy(o, "\xef\xbf\xbd", 3);
		o += 3;
		len = 1;
	}
	*o = '\0';
	return out;
}

/* Keys cannot be renamed in place: each invalid one is added again, fixed. */
static void json_fix_keys(struct json_object *o)
{
	size_t n = (size_t)json_object_object_length(o), k = 0;
	char **keys = calloc(n ? n : 1, sizeof(*keys));
	struct json_object_iterator it = json_object_iter_begin(o);
	struct json_object_iterator end = json_object_iter_end(o);

	if (!keys)
		return;
	for (; !json_object_iter_equal(&it, &end) && k < n; json_object_iter_next(&it)) {
		const char *name = json_object_iter_peek_name(&it);

		if (!utf8_valid(name, strlen(name)))
			keys[k++] = strdup(name);
	}
	for (size_t i = 0; i < k; i++) {
		struct json_object *v = NULL;
		char *fixed = keys[i] ? utf8_fix(keys[i], strlen(keys[i])) : NULL;

		if (keys[i] && json_object_object_get_ex(o, keys[i], &v)) {
			json_object_get(v);
			json_object_object_del(o, keys[i]);
			if (fixed)
				json_object_object_add(o, fixed, v);
			else
				json_object_put(v);
		}
		free(fixed);
		free(keys[i]);
	}
	free(keys);
}

VNET_EXPORT void vnet_json_make_utf8(struct json_object *o)
{
	json_fix_utf8(o);
}

/* Make every string and key of @o valid UTF-8, in place. */
static void json_fix_utf8(struct json_object *o)
{
	switch (json_object_get_type(o)) {
	case json_type_string: {
		const char *s = json_object_get_string(o);
		size_t n = (size_t)json_object_get_string_len(o);
		char *fixed;

		if (utf8_valid(s, n))
			return;
		fixed = utf8_fix(s, n);
		json_object_set_string(o, fixed ? fixed : "");
		free(fixed);
		return;
	}
	case json_type_array:
		for (size_t i = 0; i < json_object_array_length(o); i++)
			json_fix_utf8(json_object_array_get_idx(o, i));
		return;
	case json_type_object: {
		struct json_object_iterator it = json_object_iter_begin(o);
		struct json_object_iterator end = json_object_iter_end(o);
		bool bad_key = false;

		for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
			const char *k = json_object_iter_peek_name(&it);

			json_fix_utf8(json_object_iter_peek_value(&it));
			bad_key |= !utf8_valid(k, strlen(k));
		}
		if (bad_key)
			json_fix_keys(o);
		return;
	}
	default:
		return;
	}
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

/* Text being formatted; after a failed append it is dropped, not printed cut. */
struct strbuf {
	struct vnet_buf buf;
	bool oom;
};

static void sb_add(struct strbuf *b, const char *s, size_t n)
{
	if (!b->oom && vnet_buf_add(&b->buf, s, n))
		b->oom = true;
}

/*
 * One conversion of @spec, which has no '*' left, with its argument; the
 * argument types are what printf takes for the conversion and length.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void sb_printf(struct strbuf *b, const char *spec, ...)
{
	char small[128];
	va_list ap, again;
	int len;

	va_start(ap, spec);
	va_copy(again, ap);
	len = vsnprintf(small, sizeof(small), spec, ap);
	va_end(ap);
	if (len >= (int)sizeof(small)) {
		char *big = malloc((size_t)len + 1);

		if (big) {
			vsnprintf(big, (size_t)len + 1, spec, again);
			sb_add(b, big, (size_t)len);
		} else {
			b->oom = true;
		}
		free(big);
	} else if (len > 0) {
		sb_add(b, small, (size_t)len);
	}
	va_end(again);
}
#pragma GCC diagnostic pop

/* Printable ASCII only: nothing to escape (the common case, kept cheap). */
static bool plain_ascii(const char *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20 || (unsigned char)v[i] >= 0x7f)
			return false;
	return true;
}

/* Spaces up to @width for @n bytes of text (printf counts bytes too). */
static void pad(struct strbuf *b, int width, size_t n)
{
	static const char spaces[] = "                                ";

	for (size_t k = n; width > 0 && k < (size_t)width;) {
		size_t chunk = (size_t)width - k < sizeof(spaces) - 1 ? (size_t)width - k :
									  sizeof(spaces) - 1;

		sb_add(b, spaces, chunk);
		k += chunk;
	}
}

/*
 * vsnprintf() with every %s argument escaped (vnet_escape_text()): the text
 * formats are the library's own, the strings they carry are the system's.
 * Precision cuts the raw string; width pads the escaped one.  Supports the
 * C99 conversions and lengths; %n is not (and never used).
 */
static void format_escaped(struct strbuf *b, const char *fmt, va_list ap)
{
	const char *s = fmt;

	while (*s) {
		const char *pct = strchr(s, '%');
		char spec[64], len_mod[3] = "";
		size_t o = 0;
		int width = 0, prec = -1;
		bool has_width = false, left = false;

		if (!pct) {
			sb_add(b, s, strlen(s));
			return;
		}
		sb_add(b, s, (size_t)(pct - s));
		s = pct + 1;
		if (*s == '%') {
			sb_add(b, "%", 1);
			s++;
			continue;
		}
		spec[o++] = '%';
		while (*s && strchr("-+ #0", *s)) {
			left |= *s == '-';
			if (o < 8)
				spec[o++] = *s;
			s++;
		}
		if (*s == '*') {
			width = va_arg(ap, int);
			has_width = true;
			if (width < 0) {
				left = true;
				width = -width;
			}
			s++;
		} else {
			for (; *s >= '0' && *s <= '9'; s++) {
				width = width * 10 + (*s - '0');
				has_width = true;
			}
		}
		if (*s == '.') {
			s++;
			prec = 0;
			if (*s == '*') {
				prec = va_arg(ap, int);
				s++;
			} else {
				for (; *s >= '0' && *s <= '9'; s++)
					prec = prec * 10 + (*s - '0');
			}
		}
		for (size_t k = 0; *s && strchr("hljztL", *s) && k < 2; k++)
			len_mod[k] = *s++;
		if (!*s)
			return;
		if (*s == 's') {
			const char *v = va_arg(ap, const char *);
			size_t n;
			char *esc;

			if (!v)
				v = "(null)";
			n = prec >= 0 ? strnlen(v, (size_t)prec) : strlen(v);
			esc = plain_ascii(v, n) ? NULL : escape_dup(v, n);
			if (esc)
				n = strlen(esc);
			pad(b, left ? 0 : width, n);
			sb_add(b, esc ? esc : v, n);
			pad(b, left ? width : 0, n);
			free(esc);
			s++;
			continue;
		}
		if (has_width)
			o += (size_t)snprintf(spec + o, sizeof(spec) - o, "%d", width);
		if (prec >= 0)
			o += (size_t)snprintf(spec + o, sizeof(spec) - o, ".%d", prec);
		o += (size_t)snprintf(spec + o, sizeof(spec) - o, "%s%c", len_mod, *s);
		switch (*s) {
		case 'd':
		case 'i':
			if (!strcmp(len_mod, "l"))
				sb_printf(b, spec, va_arg(ap, long));
			else if (!strcmp(len_mod, "ll"))
				sb_printf(b, spec, va_arg(ap, long long));
			else if (!strcmp(len_mod, "j"))
				sb_printf(b, spec, va_arg(ap, intmax_t));
			else if (!strcmp(len_mod, "z"))
				sb_printf(b, spec, va_arg(ap, ssize_t));
			else if (!strcmp(len_mod, "t"))
				sb_printf(b, spec, va_arg(ap, ptrdiff_t));
			else
				sb_printf(b, spec, va_arg(ap, int));
			break;
		case 'u':
		case 'o':
		case 'x':
		case 'X':
			if (!strcmp(len_mod, "l"))
				sb_printf(b, spec, va_arg(ap, unsigned long));
			else if (!strcmp(len_mod, "ll"))
				sb_printf(b, spec, va_arg(ap, unsigned long long));
			else if (!strcmp(len_mod, "j"))
				sb_printf(b, spec, va_arg(ap, uintmax_t));
			else if (!strcmp(len_mod, "z"))
				sb_printf(b, spec, va_arg(ap, size_t));
			else if (!strcmp(len_mod, "t"))
				sb_printf(b, spec, va_arg(ap, ptrdiff_t));
			else
				sb_printf(b, spec, va_arg(ap, unsigned int));
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);
			char *esc = escape_dup(&c, 1);

			if (esc)
				sb_printf(b, left ? "%-*s" : "%*s", has_width ? width : 0, esc);
			free(esc);
			break;
		}
		case 'e':
		case 'E':
		case 'f':
		case 'F':
		case 'g':
		case 'G':
		case 'a':
		case 'A':
			if (!strcmp(len_mod, "L"))
				sb_printf(b, spec, va_arg(ap, long double));
			else
				sb_printf(b, spec, va_arg(ap, double));
			break;
		case 'p':
			sb_printf(b, spec, va_arg(ap, void *));
			break;
		default:
			return;		/* unknown conversion: the rest cannot be trusted */
		}
		s++;
	}
}

/* Whether @fmt has a %s or %c conversion (text that may be the system's). */
static bool has_text_conversion(const char *fmt)
{
	for (const char *s = strchr(fmt, '%'); s; s = strchr(s, '%')) {
		s++;
		if (*s == '%') {
			s++;
			continue;
		}
		s += strspn(s, "-+ #0123456789.*hljztL");
		if (*s == 's' || *s == 'c')
			return true;
	}
	return false;
}

static void text_vprintf(struct vnet_printer *p, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
static void text_vprintf(struct vnet_printer *p, const char *fmt, va_list ap)
{
	struct strbuf b = { 0 };

	if (!has_text_conversion(fmt)) {
		/* numbers only: nothing of the system's to escape, one vsnprintf() */
		char small[256];
		va_list again;
		int len;

		va_copy(again, ap);
		len = vsnprintf(small, sizeof(small), fmt, ap);
		if (len > 0 && len < (int)sizeof(small))
			text_put(p, small, (size_t)len);
		else if (len > 0)
			format_escaped(&b, fmt, again);
		va_end(again);
	} else {
		format_escaped(&b, fmt, ap);
	}
	if (b.buf.len && !b.oom)
		text_put(p, (const char *)b.buf.data, b.buf.len);
	free(b.buf.data);
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
	char *esc;
	int len;

	if (json_on(p, to))
		json_add(p, NULL, json_object_new_string(word));
	if (!text_on(p, to))
		return;
	esc = escape_dup(word, strlen(word));
	if (!esc)
		return;
	len = (int)strlen(esc);
	if (p->wrap_any && p->col + 1 + len > VNET_PRINT_WIDTH)
		text_value(p, "\n%*s", p->wrap_indent, "");
	else if (p->wrap_any)
		text_put(p, " ", 1);
	text_put(p, esc, len);
	free(esc);
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

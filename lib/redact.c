// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * redact.c - replace MACs, IP addresses and host names by consistent tokens
 *
 * The collector names the machine's secrets; every form of each is replaced
 * in every member by the same token, so the bundle still shows which
 * device, route or log line talks about the same address.  Tokens are given
 * in the order the secrets were added, once, at the first apply (adding a
 * secret after that is -EBUSY: a later token could otherwise change), so
 * the same secrets added in the same order always give the same tokens.  A
 * token never equals a secret (one that would is skipped), which also
 * makes a second pass over redacted data change nothing.
 *
 * MAC addresses.  Forms replaced: "52:54:00:12:34:56" and
 * "52-54-00-12-34-56" in any letter case (the token takes upper case when
 * the text had an upper-case letter), the bare "525400123456" between
 * non-hex characters, and the 6 raw bytes (netlink's IFLA_ADDRESS) anywhere.
 * Tokens keep the class, not the address: a QEMU address (OUI 52:54:00)
 * becomes 52:54:00:NN:NN:NN; any other keeps only the multicast (bit 0) and
 * locally administered (bit 1) bits of its first octet, which becomes 00 to
 * 03 (so never 52), then 00:00:NN:NN:NN; NN:NN:NN counts the MACs added,
 * from 1.  00:00:00:00:00:00 and ff:ff:ff:ff:ff:ff identify no machine and
 * are not secrets.
 *
 * IPv4: the dotted text (inet_ntop()) between characters that are neither
 * digits nor a dot next to a digit, so 10.0.0.1 is not found in 110.0.0.12
 * or 10.0.0.123, becomes 192.0.2.N, then 198.51.100.N and 203.0.113.N (the
 * documentation networks of RFC 5737: 762 addresses).  The 4 raw bytes are
 * not replaced: any counter or length can hold them, and bundles carry no
 * binary address dumps.  0.0.0.0 and 127.0.0.0/8 are not secrets.
 *
 * IPv6: the inet_ntop() text and the fully expanded text, in any case,
 * between characters that are neither hex digits nor colons (fe80::1 is not
 * found in fe80::10 or fe80::1:2); the 32 hex digits of /proc/net/if_inet6
 * between non-hex characters; and the 16 raw bytes anywhere.  Tokens:
 * 2001:db8::N (RFC 3849's documentation prefix) in the same forms.  :: and
 * ::1 are not secrets.  An address derived from a MAC (EUI-64) is replaced
 * only when it is itself given as a secret.
 *
 * Host names: in any case, as a whole sequence of labels (the characters
 * around it are not letters, digits, '-' or '_'; a dot is a boundary, so
 * "vm1" is found in "vm1.example.org" but not in "vm10" or "my-vm1").
 * Tokens: host-N.  The boundary rule is also what keeps a short name from
 * wiping text: a host named "a" is replaced where "a" stands as a word (in
 * prose too: the price of not leaking it), never inside another word.  A
 * name of digits and dots only is refused (it would be an address), and
 * "localhost" (with ".localdomain") is not a secret.
 *
 * Members' names are not redacted; symbolic link targets are (the writer
 * passes them here).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef _WIN32
/* inet_ntop(), AF_INET6: Winsock's (no WSAStartup() needed for them) */
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#include <sys/socket.h>
#endif

#include "bundle.h"

enum secret_kind { S_MAC, S_IP4, S_IP6, S_NAME };

struct secret {
	enum secret_kind kind;
	unsigned char addr[16];
	char *name;
};

/* Where a match may start and end. */
enum boundary {
	B_NONE,		/* anywhere (raw bytes, separated MAC text) */
	B_HEX,		/* not next to a hex digit */
	B_IP4,		/* not next to a digit, nor to a dot next to a digit */
	B_IP6,		/* not next to a hex digit or a colon */
	B_NAME,		/* not next to a letter, digit, '-' or '_' */
};

struct pattern {
	unsigned char *needle, *token;
	size_t len, token_len;
	bool icase;
	bool keep_case;	/* an upper-case match gets the token in upper case */
	enum boundary boundary;
};

struct vnet_redactor {
	struct vnet_ctx *ctx;
	struct secret *secrets;
	size_t n, cap;
	struct pattern *patterns;
	size_t n_patterns, cap_patterns;
	size_t *by_byte[256];	/* indices of patterns by first byte, longest first */
	size_t n_by_byte[256];
	bool frozen;
};

#define IP4_TOKENS_MAX (3 * 254)

int vnet_redactor_new(struct vnet_ctx *ctx, struct vnet_redactor **out)
{
	struct vnet_redactor *r = calloc(1, sizeof(*r));

	*out = r;
	if (!r)
		return vnet_oom(ctx);
	r->ctx = ctx;
	return 0;
}

void vnet_redactor_free(struct vnet_redactor *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		free(r->secrets[i].name);
	free(r->secrets);
	for (size_t i = 0; i < r->n_patterns; i++) {
		free(r->patterns[i].needle);
		free(r->patterns[i].token);
	}
	free(r->patterns);
	for (size_t i = 0; i < 256; i++)
		free(r->by_byte[i]);
	free(r);
}

static bool secret_same(const struct secret *a, const struct secret *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case S_MAC:
		return !memcmp(a->addr, b->addr, 6);
	case S_IP4:
		return !memcmp(a->addr, b->addr, 4);
	case S_IP6:
		return !memcmp(a->addr, b->addr, 16);
	case S_NAME:
		return !strcasecmp(a->name, b->name);
	}
	return false;
}

/* Add @s (its name owned by the redactor from here on) unless known. */
static int secret_add(struct vnet_redactor *r, struct secret *s)
{
	if (r->frozen) {
		free(s->name);
		return vnet_set_error(r->ctx, -EBUSY, "redaction: a secret added after "
				      "redaction started");
	}
	for (size_t i = 0; i < r->n; i++)
		if (secret_same(&r->secrets[i], s)) {
			free(s->name);
			return 0;
		}
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 16;
		void *p = realloc(r->secrets, cap * sizeof(*r->secrets));

		if (!p) {
			free(s->name);
			return vnet_oom(r->ctx);
		}
		r->secrets = p;
		r->cap = cap;
	}
	r->secrets[r->n++] = *s;
	return 0;
}

int vnet_redactor_add_mac(struct vnet_redactor *r, const uint8_t mac[6])
{
	static const uint8_t zero[6], bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct secret s = { .kind = S_MAC };

	if (!memcmp(mac, zero, 6) || !memcmp(mac, bcast, 6))
		return 0;
	memcpy(s.addr, mac, 6);
	return secret_add(r, &s);
}

int vnet_redactor_add_ip(struct vnet_redactor *r, int family, const void *addr)
{
	struct secret s = { 0 };
	size_t n4 = 0;

	if (family == AF_INET) {
		const uint8_t *a = addr;

		if (a[0] == 127 || !(a[0] | a[1] | a[2] | a[3]))
			return 0;
		for (size_t i = 0; i < r->n; i++)
			n4 += r->secrets[i].kind == S_IP4;
		/* room for a token for each, even when some tokens are secrets */
		if (n4 >= IP4_TOKENS_MAX / 2)
			return vnet_set_error(r->ctx, -ENOSPC, "redaction: more than %d IPv4 "
					      "addresses", IP4_TOKENS_MAX / 2);
		s.kind = S_IP4;
		memcpy(s.addr, addr, 4);
	} else if (family == AF_INET6) {
		static const uint8_t any[16], loop[16] = { [15] = 1 };

		if (!memcmp(addr, any, 16) || !memcmp(addr, loop, 16))
			return 0;
		s.kind = S_IP6;
		memcpy(s.addr, addr, 16);
	} else {
		return vnet_set_error(r->ctx, -EAFNOSUPPORT, "redaction: address family %d",
				      family);
	}
	return secret_add(r, &s);
}

static bool name_char(unsigned char c)
{
	return isalnum(c) || c == '-' || c == '_';
}

int vnet_redactor_add_name(struct vnet_redactor *r, const char *hostname)
{
	struct secret s = { .kind = S_NAME };
	size_t len = strlen(hostname);
	bool address = true;

	if (!strcasecmp(hostname, "localhost") || !strcasecmp(hostname, "localhost.localdomain"))
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)hostname[i];

		if (!name_char(c) && c != '.')
			return vnet_set_error(r->ctx, -EINVAL, "redaction: host name \"%.64s\": "
					      "not letters, digits, '-', '_' and dots", hostname);
		address &= isdigit(c) || c == '.';
	}
	if (!len || len > 253 || hostname[0] == '.' || hostname[len - 1] == '.')
		return vnet_set_error(r->ctx, -EINVAL, "redaction: host name \"%.64s\": empty, "
				      "longer than 253 or starting or ending with a dot", hostname);
	if (address)
		return vnet_set_error(r->ctx, -EINVAL, "redaction: host name \"%s\": digits and "
				      "dots only, an address", hostname);
	s.name = strdup(hostname);
	if (!s.name)
		return vnet_oom(r->ctx);
	return secret_add(r, &s);
}

/* ---- tokens and their forms ------------------------------------------------ */

static int pattern_add(struct vnet_redactor *r, const void *needle, size_t len,
		       const void *token, size_t token_len, bool icase, bool keep_case,
		       enum boundary b)
{
	struct pattern *p;

	if (r->n_patterns == r->cap_patterns) {
		size_t cap = r->cap_patterns ? 2 * r->cap_patterns : 32;
		void *q = realloc(r->patterns, cap * sizeof(*r->patterns));

		if (!q)
			return -ENOMEM;
		r->patterns = q;
		r->cap_patterns = cap;
	}
	p = &r->patterns[r->n_patterns];
	p->needle = malloc(len);
	p->token = malloc(token_len);
	if (!p->needle || !p->token) {
		free(p->needle);
		free(p->token);
		return -ENOMEM;
	}
	memcpy(p->needle, needle, len);
	memcpy(p->token, token, token_len);
	p->len = len;
	p->token_len = token_len;
	p->icase = icase;
	p->keep_case = keep_case;
	p->boundary = b;
	r->n_patterns++;
	return 0;
}

static int str_pattern(struct vnet_redactor *r, const char *needle, const char *token,
		       bool keep_case, enum boundary b)
{
	return pattern_add(r, needle, strlen(needle), token, strlen(token), true, keep_case, b);
}

static void mac_text(const uint8_t *m, char sep, char *out)
{
	if (sep)
		sprintf(out, "%02x%c%02x%c%02x%c%02x%c%02x%c%02x", m[0], sep, m[1], sep, m[2], sep,
			m[3], sep, m[4], sep, m[5]);
	else
		sprintf(out, "%02x%02x%02x%02x%02x%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

static void ip6_expanded(const uint8_t *a, bool colons, char *out)
{
	for (int i = 0; i < 16; i += 2)
		out += sprintf(out, "%s%02x%02x", colons && i ? ":" : "", a[i], a[i + 1]);
}

static bool is_secret(const struct vnet_redactor *r, enum secret_kind kind, const uint8_t *addr,
		      const char *name)
{
	struct secret s = { .kind = kind, .name = (char *)name };

	if (addr)
		memcpy(s.addr, addr, kind == S_IP6 ? 16 : kind == S_MAC ? 6 : 4);
	for (size_t i = 0; i < r->n; i++)
		if (secret_same(&r->secrets[i], &s))
			return true;
	return false;
}

static int mac_forms(struct vnet_redactor *r, const uint8_t *mac, const uint8_t *tok)
{
	char a[18], b[18];
	int err = 0;

	mac_text(mac, ':', a);
	mac_text(tok, ':', b);
	err = err ?: str_pattern(r, a, b, true, B_NONE);
	mac_text(mac, '-', a);
	mac_text(tok, '-', b);
	err = err ?: str_pattern(r, a, b, true, B_NONE);
	mac_text(mac, 0, a);
	mac_text(tok, 0, b);
	err = err ?: str_pattern(r, a, b, true, B_HEX);
	err = err ?: pattern_add(r, mac, 6, tok, 6, false, false, B_NONE);
	return err;
}

static int ip6_forms(struct vnet_redactor *r, const uint8_t *ip, const uint8_t *tok)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], ea[40], eb[40];
	int err = 0;

	inet_ntop(AF_INET6, ip, a, sizeof(a));
	inet_ntop(AF_INET6, tok, b, sizeof(b));
	err = err ?: str_pattern(r, a, b, false, B_IP6);
	ip6_expanded(ip, true, ea);
	ip6_expanded(tok, true, eb);
	if (strcmp(ea, a))
		err = err ?: str_pattern(r, ea, eb, false, B_IP6);
	ip6_expanded(ip, false, ea);
	ip6_expanded(tok, false, eb);
	err = err ?: str_pattern(r, ea, eb, false, B_HEX);
	err = err ?: pattern_add(r, ip, 16, tok, 16, false, false, B_NONE);
	return err;
}

static int pattern_cmp_len(const void *a, const void *b, void *arg)
{
	const struct pattern *p = arg;
	size_t la = p[*(const size_t *)a].len, lb = p[*(const size_t *)b].len;

	return la < lb ? 1 : la > lb ? -1 : 0;
}

/* The token of every secret, in the order added, and the index by first byte. */
static int freeze(struct vnet_redactor *r)
{
	uint32_t n_mac = 0, n_ip4 = 0, n_ip6 = 0, n_name = 0;
	int err = 0;

	r->frozen = true;
	for (size_t i = 0; i < r->n && !err; i++) {
		const struct secret *s = &r->secrets[i];
		uint8_t tok[16] = { 0 };
		char text[64];

		switch (s->kind) {
		case S_MAC:
			do {
				n_mac++;
				if (s->addr[0] == 0x52 && s->addr[1] == 0x54 && s->addr[2] == 0)
					memcpy(tok, s->addr, 3);
				else
					tok[0] = s->addr[0] & 0x03, tok[1] = tok[2] = 0;
				tok[3] = (uint8_t)(n_mac >> 16);
				tok[4] = (uint8_t)(n_mac >> 8);
				tok[5] = (uint8_t)n_mac;
			} while (is_secret(r, S_MAC, tok, NULL));
			err = mac_forms(r, s->addr, tok);
			break;
		case S_IP4: {
			static const uint8_t nets[3][3] = { { 192, 0, 2 }, { 198, 51, 100 },
							    { 203, 0, 113 } };
			char a[INET_ADDRSTRLEN];

			do {
				memcpy(tok, nets[n_ip4 / 254], 3);
				tok[3] = (uint8_t)(n_ip4 % 254 + 1);
				n_ip4++;
			} while (is_secret(r, S_IP4, tok, NULL));
			inet_ntop(AF_INET, s->addr, a, sizeof(a));
			inet_ntop(AF_INET, tok, text, sizeof(text));
			err = str_pattern(r, a, text, false, B_IP4);
			break;
		}
		case S_IP6:
			do {
				n_ip6++;
				tok[0] = 0x20, tok[1] = 0x01, tok[2] = 0x0d, tok[3] = 0xb8;
				tok[12] = (uint8_t)(n_ip6 >> 24);
				tok[13] = (uint8_t)(n_ip6 >> 16);
				tok[14] = (uint8_t)(n_ip6 >> 8);
				tok[15] = (uint8_t)n_ip6;
			} while (is_secret(r, S_IP6, tok, NULL));
			err = ip6_forms(r, s->addr, tok);
			break;
		case S_NAME:
			do
				snprintf(text, sizeof(text), "host-%u", ++n_name);
			while (is_secret(r, S_NAME, NULL, text));
			err = str_pattern(r, s->name, text, false, B_NAME);
			break;
		}
	}
	for (size_t i = 0; i < r->n_patterns && !err; i++) {
		const struct pattern *p = &r->patterns[i];
		unsigned char first[2] = { p->needle[0], p->needle[0] };

		if (p->icase) {
			first[0] = (unsigned char)tolower(first[0]);
			first[1] = (unsigned char)toupper(first[1]);
		}
		for (int k = 0; k < (first[0] != first[1] ? 2 : 1); k++) {
			size_t **v = &r->by_byte[first[k]];
			void *q = realloc(*v, (r->n_by_byte[first[k]] + 1) * sizeof(**v));

			if (!q) {
				err = -ENOMEM;
				break;
			}
			*v = q;
			(*v)[r->n_by_byte[first[k]]++] = i;
		}
	}
	for (int b = 0; b < 256 && !err; b++)
		if (r->n_by_byte[b] > 1)
			qsort_r(r->by_byte[b], r->n_by_byte[b], sizeof(size_t), pattern_cmp_len,
				r->patterns);
	return err == -ENOMEM ? vnet_oom(r->ctx) : err;
}

/* ---- applying them ------------------------------------------------------------ */

static bool hex_digit(unsigned char c)
{
	return isxdigit(c);
}

/* Whether the byte next to a match (@c, @beyond the one after it outward) ends it. */
static bool boundary_ok(enum boundary b, int c, int beyond)
{
	switch (b) {
	case B_NONE:
		return true;
	case B_HEX:
		return c < 0 || !hex_digit((unsigned char)c);
	case B_IP4:
		return c < 0 || (!isdigit(c) && !(c == '.' && beyond >= 0 && isdigit(beyond)));
	case B_IP6:
		return c < 0 || (!hex_digit((unsigned char)c) && c != ':');
	case B_NAME:
		return c < 0 || !name_char((unsigned char)c);
	}
	return false;
}

static bool matches(const struct pattern *p, const unsigned char *d, size_t len, size_t at)
{
	if (len - at < p->len)
		return false;
	if (p->icase) {
		for (size_t i = 0; i < p->len; i++)
			if (tolower(d[at + i]) != tolower(p->needle[i]))
				return false;
	} else if (memcmp(d + at, p->needle, p->len)) {
		return false;
	}
	return boundary_ok(p->boundary, at ? d[at - 1] : -1, at > 1 ? d[at - 2] : -1) &&
	       boundary_ok(p->boundary, at + p->len < len ? d[at + p->len] : -1,
			   at + p->len + 1 < len ? d[at + p->len + 1] : -1);
}

int vnet_redactor_apply(struct vnet_redactor *r, unsigned char **data, size_t *len)
{
	const unsigned char *d = *data;
	struct vnet_buf o = { 0 };
	size_t copied = 0;	/* bytes of @d already in @o */
	int err;

	if (!r->frozen && (err = freeze(r)))
		return err;
	for (size_t at = 0; at < *len;) {
		const size_t *cand = r->by_byte[d[at]];
		const struct pattern *p = NULL;

		for (size_t k = 0; k < r->n_by_byte[d[at]]; k++)
			if (matches(&r->patterns[cand[k]], d, *len, at)) {
				p = &r->patterns[cand[k]];
				break;
			}
		if (!p) {
			at++;
			continue;
		}
		err = vnet_buf_add(&o, d + copied, at - copied);
		if (!err && p->keep_case) {
			bool upper = false;
			unsigned char tok[64];

			for (size_t i = 0; i < p->len; i++)
				upper |= isupper(d[at + i]) != 0;
			for (size_t i = 0; i < p->token_len; i++)
				tok[i] = (unsigned char)(upper ? toupper(p->token[i]) :
							 p->token[i]);
			err = vnet_buf_add(&o, tok, p->token_len);
		} else if (!err) {
			err = vnet_buf_add(&o, p->token, p->token_len);
		}
		if (err) {
			free(o.data);
			return vnet_oom(r->ctx);
		}
		at += p->len;
		copied = at;
	}
	if (!o.data)
		return 0;
	if (vnet_buf_add(&o, d + copied, *len - copied)) {
		free(o.data);
		return vnet_oom(r->ctx);
	}
	free(*data);
	*data = o.data;
	*len = o.len;
	return 0;
}

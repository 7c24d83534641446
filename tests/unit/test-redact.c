// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-redact.c - the redactor: every form of every secret replaced, the
 * same token everywhere, MAC classes kept, boundaries respected, tokens never
 * secrets, a second pass a no-op
 *
 * The forms searched for are written here with printf() from the secret's
 * bytes (as ip, ethtool and sysfs print them), not taken from lib/redact.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <strings.h>
#include <sys/socket.h>

#include "../../lib/bundle.h"

static struct vnet_ctx *ctx;

static int setup(void **state)
{
	(void)state;
	ctx = vnet_ctx_new();
	return ctx ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	vnet_ctx_free(ctx);
	return 0;
}

struct buf {
	unsigned char *p;
	size_t len;
};

/* @text (len bytes, or strlen when -1) redacted by @r */
static struct buf apply(struct vnet_redactor *r, const void *text, size_t len)
{
	struct buf b;

	b.len = len == (size_t)-1 ? strlen(text) : len;
	b.p = malloc(b.len + 1);
	memcpy(b.p, text, b.len);
	b.p[b.len] = '\0';
	assert_int_equal(vnet_redactor_apply(r, &b.p, &b.len), 0);
	assert_int_equal(b.p[b.len], '\0');
	return b;
}

static char *apply_str(struct vnet_redactor *r, const char *text)
{
	return (char *)apply(r, text, (size_t)-1).p;
}

static bool contains(const struct buf *b, const void *needle, size_t n)
{
	return n <= b->len && memmem(b->p, b->len, needle, n) != NULL;
}

static bool contains_str(const struct buf *b, const char *needle)
{
	return contains(b, needle, strlen(needle));
}

static bool contains_icase(const struct buf *b, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= b->len; i++)
		if (!strncasecmp((const char *)b->p + i, needle, n))
			return true;
	return false;
}

/* A MAC token printed as "xx:xx:xx:xx:xx:xx" back into bytes. */
static void parse_mac(const char *s, uint8_t m[6])
{
	assert_int_equal(sscanf(s, "%2hhx:%2hhx:%2hhx:%2hhx:%2hhx:%2hhx", &m[0], &m[1], &m[2],
				&m[3], &m[4], &m[5]), 6);
}

static const uint8_t qemu[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t local[6] = { 0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee };
static const uint8_t mcast[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb };
static const uint8_t mcast_local[6] = { 0x33, 0x33, 0xff, 0x12, 0x34, 0x56 };
static const uint8_t global[6] = { 0x00, 0x16, 0x3e, 0x11, 0x22, 0x33 };
static const uint8_t *const macs[] = { qemu, local, mcast, mcast_local, global };

static struct vnet_redactor *mac_redactor(void)
{
	struct vnet_redactor *r;

	assert_int_equal(vnet_redactor_new(ctx, &r), 0);
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(vnet_redactor_add_mac(r, macs[i]), 0);
	return r;
}

/* Every printed form of @m, and its 6 bytes, in one text. */
static size_t mac_forms(const uint8_t *m, char *out)
{
	size_t n = (size_t)sprintf(out,
		"ip: link/ether %02x:%02x:%02x:%02x:%02x:%02x brd ff:ff:ff:ff:ff:ff\n"
		"upper %02X:%02X:%02X:%02X:%02X:%02X\n"
		"windows %02X-%02X-%02X-%02X-%02X-%02X and %02x-%02x-%02x-%02x-%02x-%02x\n"
		"netkvm Assign MAC=%02x%02x%02x%02x%02x%02x, %02X%02X%02X%02X%02X%02X;\n"
		"mixed %02x:%02X:%02x:%02X:%02x:%02X\nbinary ",
		m[0], m[1], m[2], m[3], m[4], m[5], m[0], m[1], m[2], m[3], m[4], m[5],
		m[0], m[1], m[2], m[3], m[4], m[5], m[0], m[1], m[2], m[3], m[4], m[5],
		m[0], m[1], m[2], m[3], m[4], m[5], m[0], m[1], m[2], m[3], m[4], m[5],
		m[0], m[1], m[2], m[3], m[4], m[5]);

	memcpy(out + n, m, 6);
	return n + 6;
}

static void mac_every_form(void **state)
{
	struct vnet_redactor *r = mac_redactor();
	char text[1024], form[32];

	(void)state;
	for (size_t i = 0; i < 5; i++) {
		const uint8_t *m = macs[i];
		size_t n = mac_forms(m, text);
		struct buf b = apply(r, text, n);

		snprintf(form, sizeof(form), "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
			 m[3], m[4], m[5]);
		assert_false(contains_icase(&b, form));
		snprintf(form, sizeof(form), "%02x-%02x-%02x-%02x-%02x-%02x", m[0], m[1], m[2],
			 m[3], m[4], m[5]);
		assert_false(contains_icase(&b, form));
		snprintf(form, sizeof(form), "%02x%02x%02x%02x%02x%02x", m[0], m[1], m[2], m[3],
			 m[4], m[5]);
		assert_false(contains_icase(&b, form));
		assert_false(contains(&b, m, 6));
		/* the words around are kept, the broadcast address is no secret */
		assert_true(contains_str(&b, "ip: link/ether "));
		assert_true(contains_str(&b, " brd ff:ff:ff:ff:ff:ff\nupper "));
		assert_true(contains_str(&b, "netkvm Assign MAC="));
		free(b.p);
	}
	vnet_redactor_free(r);
}

/* The token of @m as the redactor prints it in colon form. */
static void token_of(struct vnet_redactor *r, const uint8_t *m, uint8_t tok[6])
{
	char text[32];
	char *out;

	snprintf(text, sizeof(text), "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3],
		 m[4], m[5]);
	out = apply_str(r, text);
	assert_int_equal(strlen(out), 17);
	parse_mac(out, tok);
	free(out);
}

static void mac_class_kept(void **state)
{
	struct vnet_redactor *r = mac_redactor();
	uint8_t tok[6];

	(void)state;
	for (size_t i = 0; i < 5; i++) {
		const uint8_t *m = macs[i];

		token_of(r, m, tok);
		for (size_t j = 0; j < 5; j++)
			assert_memory_not_equal(tok, macs[j], 6);
		/* multicast and locally administered bits */
		assert_int_equal(tok[0] & 3, m[0] & 3);
		if (m == qemu)
			assert_memory_equal(tok, qemu, 3);
		else
			assert_memory_not_equal(tok, qemu, 3);
	}
	vnet_redactor_free(r);
}

/* Text and binary forms, in two members, give the same token. */
static void mac_consistent(void **state)
{
	struct vnet_redactor *r = mac_redactor(), *again = mac_redactor();
	uint8_t tok[6], tok2[6];
	unsigned char msg[32] = "IFLA_ADDRESS:";
	struct buf b;
	char upper[32], *out;

	(void)state;
	token_of(r, local, tok);
	memcpy(msg + 13, local, 6);
	b = apply(r, msg, 19);
	assert_int_equal(b.len, 19);
	assert_memory_equal(b.p + 13, tok, 6);
	free(b.p);
	out = apply_str(r, "02-AA-BB-CC-DD-EE");
	snprintf(upper, sizeof(upper), "%02X-%02X-%02X-%02X-%02X-%02X", tok[0], tok[1], tok[2],
		 tok[3], tok[4], tok[5]);
	assert_string_equal(out, upper);
	free(out);
	/* the same secrets in the same order: the same tokens */
	token_of(again, local, tok2);
	assert_memory_equal(tok, tok2, 6);
	vnet_redactor_free(r);
	vnet_redactor_free(again);
}

static void mac_not_secrets(void **state)
{
	static const uint8_t zero[6], bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct vnet_redactor *r;
	const char *text = "00:00:00:00:00:00 ff:ff:ff:ff:ff:ff";
	char *out;

	(void)state;
	assert_int_equal(vnet_redactor_new(ctx, &r), 0);
	assert_int_equal(vnet_redactor_add_mac(r, zero), 0);
	assert_int_equal(vnet_redactor_add_mac(r, bcast), 0);
	out = apply_str(r, text);
	assert_string_equal(out, text);
	free(out);
	vnet_redactor_free(r);
}

/* A secret that is what a token would be: skipped, never produced. */
static void token_never_secret(void **state)
{
	static const uint8_t q1[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x01 };
	static const uint8_t q2[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x02 };
	static const uint8_t l1[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
	struct vnet_redactor *r;
	uint8_t a[4];
	char *out;

	(void)state;
	assert_int_equal(vnet_redactor_new(ctx, &r), 0);
	assert_int_equal(vnet_redactor_add_mac(r, qemu), 0);
	assert_int_equal(vnet_redactor_add_mac(r, local), 0);
	assert_int_equal(vnet_redactor_add_mac(r, q1), 0);
	assert_int_equal(vnet_redactor_add_mac(r, q2), 0);
	assert_int_equal(vnet_redactor_add_mac(r, l1), 0);
	inet_pton(AF_INET, "10.0.0.1", a);
	assert_int_equal(vnet_redactor_add_ip(r, AF_INET, a), 0);
	inet_pton(AF_INET, "192.0.2.1", a);
	assert_int_equal(vnet_redactor_add_ip(r, AF_INET, a), 0);
	inet_pton(AF_INET, "192.0.2.2", a);
	assert_int_equal(vnet_redactor_add_ip(r, AF_INET, a), 0);
	assert_int_equal(vnet_redactor_add_name(r, "web"), 0);
	assert_int_equal(vnet_redactor_add_name(r, "host-1"), 0);
	out = apply_str(r, "52:54:00:12:34:56 02:aa:bb:cc:dd:ee 52:54:00:00:00:01 "
			"52:54:00:00:00:02 02:00:00:00:00:01 10.0.0.1 192.0.2.1 192.0.2.2 web "
			"host-1");
	for (const char *s = "52:54:00:12:34:56\0" "02:aa:bb:cc:dd:ee\0" "52:54:00:00:00:01\0"
			     "52:54:00:00:00:02\0" "02:00:00:00:00:01\0" "10.0.0.1 \0"
			     "192.0.2.1 \0" "192.0.2.2 \0" "web\0" "host-1\0";
	     *s; s += strlen(s) + 1)
		if (strstr(out, s))
			fail_msg("secret %s in \"%s\"", s, out);
	/* still one distinct token per secret */
	{
		char *save, *tok, *copy = strdup(out);
		char seen[16][32];
		int n = 0;

		for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
			for (int i = 0; i < n; i++)
				assert_string_not_equal(seen[i], tok);
			snprintf(seen[n++], sizeof(seen[0]), "%s", tok);
		}
		assert_int_equal(n, 10);
		free(copy);
	}
	free(out);
	vnet_redactor_free(r);
}

static void ipv4_boundaries(void **state)
{
	struct vnet_redactor *r;
	uint8_t a[4];
	char *out, want[256];
	const char *tok;

	(void)state;
	assert_int_equal(vnet_redactor_new(ctx, &r), 0);
	inet_pton(AF_INET, "10.0.0.1", a);
	assert_int_equal(vnet_redactor_add_ip(r, AF_INET, a), 0);
	out = apply_str(r, "10.0.0.1");
	assert_int_equal(strncmp(out, "192.0.2.", 8), 0);
	assert_int_equal(inet_pton(AF_INET, out, a), 1);
	tok = strdup(out);
	free(out);
	out = apply_str(r, "inet 10.0.0.1/24 110.0.0.12 10.0.0.123 at 10.0.0.1. "
			"[10.0.0.1]:22 ::ffff:10.0.0.1 1.10.0.0.1 10.0.0.1.5 x10.0.0.1");
	snprintf(want, sizeof(want), "inet %s/24 110.0.0.12 10.0.0.123 at %s. [%s]:22 ::ffff:%s "
		 "1.10.0.0.1 10.0.0.1.5 x%s", tok, tok, tok, tok, tok);
	assert_string_equal(out, want);
	free(out);
	/* binary is left alone (documented: counters would collide) */
	{
		struct buf b = apply(r, "\x0a\x00\x00\x01", 4);

		assert_memory_equal(b.p, "\x0a\x00\x00\x01", 4);
		free(b.p);
	}
	free((void *)tok);
	vnet_redactor_free(r);
}

static void ipv6_forms(void **state)
{
	struct vnet_redactor *r;
	uint8_t a[16], t[16];
	char text[512], ntop[64];
	struct buf b;
	size_t n;

	(void)state;
	assert_int_equal(vnet_redactor_new(ctx, &r), 0);
	inet_pton(AF_INET6, "fe80::5054:ff:fe12:3456", a);
	assert_int_equal(vnet_redactor_add_ip(r, AF_INET6, a), 0);
	n = (size_t)sprintf(text, "inet6 fe80::5054:ff:fe12:3456/64 FE80::5054:FF:FE12:3456%%eth0 "
			    "fe80:0000:0000:0000:5054:00ff:fe12:3456 "
			    "fe80000000000000505400fffe123456 02 40 20 80     eth0 "
			    "fe80::5054:ff:fe12:34567 fe80::5054:ff:fe12:3456:1 bin:");
	memcpy(text + n, a, 16);
	b = apply(r, text, n + 16);
	assert_false(contains_icase(&b, "fe80::5054:ff:fe12:3456/"));
	assert_false(contains_icase(&b, "fe80::5054:ff:fe12:3456%"));
	assert_false(contains_icase(&b, "fe80:0000:0000:0000:5054:00ff:fe12:3456 "));
	assert_false(contains_icase(&b, "fe80000000000000505400fffe123456"));
	assert_false(contains(&b, a, 16));
	/* other addresses that start the same are not this one */
	assert_true(contains_str(&b, "fe80::5054:ff:fe12:34567 fe80::5054:ff:fe12:3456:1 bin:"));
	/* the token is 2001:db8::/32, the same in every form */
	assert_true(contains_str(&b, "inet6 2001:db8::1/64 2001:db8::1%eth0 "
			     "2001:0db8:0000:0000:0000:0000:0000:0001 "
			     "20010db8000000000000000000000001 02"));
	inet_pton(AF_INET6, "2001:db8::1", t);
	assert_memory_equal(b.p + b.len - 16, t, 16);
	inet_ntop(AF_INET6, t, ntop, sizeof(ntop));
	assert_string_equal(ntop, "2001:db8::1");
	free(b.p);
	vnet_redactor_free(r);
}

static void names(void **state)
{
	struct vnet_redactor *r;
	char *out;

	(void)state;
	assert_int_equal(vnet_redactor_new(ctx, &r), 0);
	assert_int_equal(vnet_redactor_add_name(r, "vm1"), 0);
	assert_int_equal(vnet_redactor_add_name(r, "VM1.Example.ORG"), 0);
	assert_int_equal(vnet_redactor_add_name(r, "a"), 0);
	assert_int_equal(vnet_redactor_add_name(r, "vm1"), 0);	/* known: same token */
	assert_int_equal(vnet_redactor_add_name(r, "localhost"), 0);
	assert_int_equal(vnet_redactor_add_name(r, "10.0.0.1"), -EINVAL);
	assert_int_equal(vnet_redactor_add_name(r, ""), -EINVAL);
	assert_int_equal(vnet_redactor_add_name(r, "a b"), -EINVAL);
	out = apply_str(r, "vm1 VM1 vm10 my-vm1 vm1_x vm1.example.org /etc/vm1/x \"vm1\" "
			"a cat is a pet, localhost");
	assert_string_equal(out, "host-1 host-1 vm10 my-vm1 vm1_x host-2 /etc/host-1/x "
			    "\"host-1\" host-3 cat is host-3 pet, localhost");
	free(out);
	vnet_redactor_free(r);
}

/* Redacted data holds no secret: a second pass changes nothing. */
static void idempotent(void **state)
{
	struct vnet_redactor *r = mac_redactor();
	uint8_t a4[4], a6[16];
	char text[2048];
	size_t n = 0;
	struct buf once, twice;

	(void)state;
	inet_pton(AF_INET, "10.1.2.3", a4);
	inet_pton(AF_INET6, "2a01:4f8::1", a6);
	assert_int_equal(vnet_redactor_add_ip(r, AF_INET, a4), 0);
	assert_int_equal(vnet_redactor_add_ip(r, AF_INET6, a6), 0);
	assert_int_equal(vnet_redactor_add_name(r, "db1"), 0);
	for (size_t i = 0; i < 5; i++)
		n += mac_forms(macs[i], text + n);
	n += (size_t)sprintf(text + n, " 10.1.2.3 2a01:4f8::1 db1.example.com");
	once = apply(r, text, n);
	twice = apply(r, once.p, once.len);
	assert_int_equal(twice.len, once.len);
	assert_memory_equal(twice.p, once.p, once.len);
	free(once.p);
	free(twice.p);
	/* no secret after the first pass */
	assert_int_equal(vnet_redactor_add_name(r, "late"), -EBUSY);
	vnet_redactor_free(r);
}

static void nothing_to_do(void **state)
{
	struct vnet_redactor *r = mac_redactor();
	unsigned char *p = (unsigned char *)strdup("no secret here");
	unsigned char *before = p;
	size_t len = strlen((char *)p);

	(void)state;
	assert_int_equal(vnet_redactor_apply(r, &p, &len), 0);
	assert_ptr_equal(p, before);
	assert_int_equal(len, 14);
	free(p);
	assert_int_equal(vnet_redactor_add_ip(r, AF_UNIX, "x"), -EAFNOSUPPORT);
	vnet_redactor_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(mac_every_form, setup, teardown),
		cmocka_unit_test_setup_teardown(mac_class_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(mac_consistent, setup, teardown),
		cmocka_unit_test_setup_teardown(mac_not_secrets, setup, teardown),
		cmocka_unit_test_setup_teardown(token_never_secret, setup, teardown),
		cmocka_unit_test_setup_teardown(ipv4_boundaries, setup, teardown),
		cmocka_unit_test_setup_teardown(ipv6_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(names, setup, teardown),
		cmocka_unit_test_setup_teardown(idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(nothing_to_do, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

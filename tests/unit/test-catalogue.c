// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-catalogue.c - the check rule catalogue: one entry per finding id, each
 * naming the rule that emits it; every id a check emits (on every replayed
 * fixture tree) is one of the catalogue's, and every finding carries its
 * remedy as actions.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../lib/internal.h"

static size_t catalogue_size(void)
{
	size_t n = 0;

	while (vnet_rule_at(n))
		n++;
	return n;
}

static void test_entries_complete(void **state)
{
	size_t n = catalogue_size();

	(void)state;
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		const struct vnet_rule_info *r = vnet_rule_at(i);

		/* a slot of the catalogue nobody filled would have no id */
		assert_non_null(r->id);
		assert_non_null(r->title);
		assert_true(strlen(r->id) > 2);
		assert_int_equal(strspn(r->id, "abcdefghijklmnopqrstuvwxyz0123456789-"),
				 strlen(r->id));
		assert_non_null(vnet_rule_emitter(i, NULL));
	}
	assert_null(vnet_rule_emitter(n, NULL));
}

static void test_ids_unique(void **state)
{
	size_t n = catalogue_size();

	(void)state;
	for (size_t i = 0; i < n; i++)
		for (size_t k = i + 1; k < n; k++)
			assert_string_not_equal(vnet_rule_at(i)->id, vnet_rule_at(k)->id);
}

/* A rule that emits several ids is named by each; they agree on what it looks at. */
static void test_emitters_consistent(void **state)
{
	size_t n = catalogue_size();

	(void)state;
	for (size_t i = 0; i < n; i++) {
		bool mi, mk;
		const char *fi = vnet_rule_emitter(i, &mi);

		assert_true(!strncmp(fi, "rule_", 5));
		for (size_t k = 0; k < n; k++) {
			const char *fk = vnet_rule_emitter(k, &mk);

			if (!strcmp(fi, fk))
				assert_int_equal(mi, mk);
		}
	}
}

static bool in_catalogue(const char *id)
{
	const struct vnet_rule_info *r;

	for (size_t i = 0; (r = vnet_rule_at(i)); i++)
		if (!strcmp(r->id, id))
			return true;
	return false;
}

static void assert_action_complete(const struct vnet_action *a)
{
	assert_non_null(a->key);
	assert_non_null(a->value);
	assert_non_null(a->text);
	assert_non_null(a->note);
	switch (a->kind) {
	case VNET_ACT_GUEST_PROP:
		assert_int_equal(a->side, VNET_SIDE_GUEST);
		assert_true(*a->key && *a->value);
		break;
	case VNET_ACT_VMM_SET:
	case VNET_ACT_VMM_UNSET:
		assert_int_equal(a->side, VNET_SIDE_VMM);
		assert_int_not_equal(a->scope, VNET_SCOPE_NONE);
		assert_true(*a->key && *a->value);
		break;
	case VNET_ACT_GUEST_CMD:
	case VNET_ACT_LIBVIRT:
	case VNET_ACT_NOTE:
		assert_true(*a->text);
		break;
	}
}

/* Check every fixture tree: each finding's id is a catalogue id, its remedy is data. */
static void test_emitted_ids_in_catalogue(void **state)
{
	const char *top = getenv("top_srcdir");
	char dir[4096];
	struct dirent *de;
	unsigned int trees = 0, findings = 0;
	DIR *d;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/tests/fixtures", top ? top : ".");
	d = opendir(dir);
	if (!d)
		fail_msg("%s: %s", dir, strerror(errno));
	while ((de = readdir(d))) {
		struct vnet_ctx *ctx;
		struct vnet_dev_list list;
		struct vnet_findings *out;
		char root[4096 + 256];

		if (de->d_name[0] == '.')
			continue;
		snprintf(root, sizeof(root), "%s/%s", dir, de->d_name);
		ctx = vnet_ctx_new();
		assert_non_null(ctx);
		assert_int_equal(vnet_ctx_set_param(ctx, "linux.root", root), 0);
		assert_int_equal(vnet_dev_find(ctx, NULL, &list), 0);
		assert_int_equal(vnet_check(ctx, &list, NULL, &out), 0);
		for (size_t i = 0; i < out->n; i++) {
			const struct vnet_finding *f = &out->items[i];

			assert_true(in_catalogue(f->id));
			assert_non_null(f->summary);
			assert_non_null(f->remedy.guest);
			assert_non_null(f->remedy.qemu);
			assert_non_null(f->remedy.libvirt);
			assert_true(f->n_actions > 0);
			for (size_t k = 0; k < f->n_actions; k++)
				assert_action_complete(&f->actions[k]);
			findings++;
		}
		vnet_findings_free(out);
		vnet_dev_list_free(&list);
		vnet_ctx_free(ctx);
		trees++;
	}
	closedir(d);
	assert_true(trees > 0);
	assert_true(findings > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entries_complete),
		cmocka_unit_test(test_ids_unique),
		cmocka_unit_test(test_emitters_consistent),
		cmocka_unit_test(test_emitted_ids_in_catalogue),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-stats.c - counter name classification and rate computation
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vnet/vnet.h"

/* ethtool -S names of a 2-queue device on Debian's 6.1 (rx_queue_%u_%s). */
static const char *const names_61[] = {
	"rx_queue_0_packets", "rx_queue_0_bytes", "rx_queue_0_drops", "rx_queue_0_xdp_packets",
	"rx_queue_0_xdp_tx", "rx_queue_0_xdp_redirects", "rx_queue_0_xdp_drops",
	"rx_queue_0_kicks", "rx_queue_1_packets", "rx_queue_1_bytes", "rx_queue_1_drops",
	"rx_queue_1_xdp_packets", "rx_queue_1_xdp_tx", "rx_queue_1_xdp_redirects",
	"rx_queue_1_xdp_drops", "rx_queue_1_kicks", "tx_queue_0_packets", "tx_queue_0_bytes",
	"tx_queue_0_xdp_tx", "tx_queue_0_xdp_tx_drops", "tx_queue_0_kicks",
	"tx_queue_0_tx_timeouts", "tx_queue_1_packets", "tx_queue_1_bytes", "tx_queue_1_xdp_tx",
	"tx_queue_1_xdp_tx_drops", "tx_queue_1_kicks", "tx_queue_1_tx_timeouts",
};

/* The same device on 6.12 (observed in a guest): totals, then rx%u_/tx%u_, no packets/bytes. */
static const char *const names_612[] = {
	"rx_drops", "rx_xdp_packets", "rx_xdp_tx", "rx_xdp_redirects", "rx_xdp_drops", "rx_kicks",
	"tx_xdp_tx", "tx_xdp_tx_drops", "tx_kicks", "tx_tx_timeouts", "rx0_drops",
	"rx0_xdp_packets", "rx0_xdp_tx", "rx0_xdp_redirects", "rx0_xdp_drops", "rx0_kicks",
	"rx1_drops", "rx1_xdp_packets", "rx1_xdp_tx", "rx1_xdp_redirects", "rx1_xdp_drops",
	"rx1_kicks", "tx0_xdp_tx", "tx0_xdp_tx_drops", "tx0_kicks", "tx0_tx_timeouts",
	"tx1_xdp_tx", "tx1_xdp_tx_drops", "tx1_kicks", "tx1_tx_timeouts",
};

static void test_classify_61(void **state)
{
	unsigned int per_dir_queue[2][2] = { { 0 } };

	(void)state;
	for (size_t i = 0; i < sizeof(names_61) / sizeof(names_61[0]); i++) {
		enum vnet_dir dir;
		enum vnet_metric m;
		int q;

		assert_true(vnet_stat_classify(names_61[i], &dir, &q, &m));
		assert_true(q == 0 || q == 1);
		assert_int_not_equal(m, VNET_METRICS);	/* every 6.1 counter is a known metric */
		assert_non_null(vnet_metric_name(dir, m));
		per_dir_queue[dir][q]++;
	}
	assert_int_equal(per_dir_queue[VNET_RX][0], 8);
	assert_int_equal(per_dir_queue[VNET_RX][1], 8);
	assert_int_equal(per_dir_queue[VNET_TX][0], 6);
	assert_int_equal(per_dir_queue[VNET_TX][1], 6);
}

static void test_classify_612(void **state)
{
	unsigned int totals = 0, queue1 = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(names_612) / sizeof(names_612[0]); i++) {
		enum vnet_dir dir;
		enum vnet_metric m;
		int q;

		assert_true(vnet_stat_classify(names_612[i], &dir, &q, &m));
		assert_int_not_equal(m, VNET_METRICS);
		assert_true(m != VNET_M_PACKETS && m != VNET_M_BYTES);
		totals += q == -1;
		queue1 += q == 1;
	}
	assert_int_equal(totals, 10);
	assert_int_equal(queue1, 10);
}

static void test_classify_details(void **state)
{
	enum vnet_dir dir;
	enum vnet_metric m;
	int q;

	(void)state;
	assert_true(vnet_stat_classify("tx_queue_12_tx_timeouts", &dir, &q, &m));
	assert_int_equal(dir, VNET_TX);
	assert_int_equal(q, 12);
	assert_int_equal(m, VNET_M_TIMEOUTS);
	assert_true(vnet_stat_classify("rx10_kicks", &dir, &q, &m));
	assert_int_equal(dir, VNET_RX);
	assert_int_equal(q, 10);
	assert_int_equal(m, VNET_M_KICKS);
	/* device statistics (VIRTIO_NET_F_DEVICE_STATS): directional, not ours */
	assert_true(vnet_stat_classify("rx3_hw_packets", &dir, &q, &m));
	assert_int_equal(q, 3);
	assert_int_equal(m, VNET_METRICS);
	assert_true(vnet_stat_classify("tx_hw_bytes", &dir, &q, &m));
	assert_int_equal(q, -1);
	/* a metric that exists only in the other direction is not taken */
	assert_true(vnet_stat_classify("rx0_tx_timeouts", &dir, &q, &m));
	assert_int_equal(m, VNET_METRICS);
	/* outside the rx/tx scheme */
	assert_false(vnet_stat_classify("cq_hw_command_num", &dir, &q, &m));
	assert_false(vnet_stat_classify("rxfoo", &dir, &q, &m));
	assert_false(vnet_stat_classify("bytes", &dir, &q, &m));
}

static void test_metric_names(void **state)
{
	(void)state;
	assert_string_equal(vnet_metric_name(VNET_RX, VNET_M_PACKETS), "packets");
	assert_string_equal(vnet_metric_name(VNET_TX, VNET_M_TIMEOUTS), "tx_timeouts");
	assert_null(vnet_metric_name(VNET_RX, VNET_M_TIMEOUTS));
	assert_null(vnet_metric_name(VNET_TX, VNET_M_DROPS));
	assert_null(vnet_metric_name(VNET_RX, VNET_METRICS));
	for (unsigned int m = 0; m < VNET_METRICS; m++)
		assert_true(vnet_metric_name(VNET_RX, m) || vnet_metric_name(VNET_TX, m));
	assert_string_equal(vnet_source_name(VNET_SRC_QSTATS), "qstats");
}

/* A sample with @n queues, every known counter set to @base + queue. */
static struct vnet_sample *make_sample(uint64_t t_ns, unsigned int n, uint64_t base)
{
	struct vnet_sample *s = calloc(1, sizeof(*s));

	s->mono_ns = t_ns;
	s->n_queues = n;
	s->queues = calloc(n, sizeof(*s->queues));
	for (unsigned int q = 0; q < n; q++) {
		s->queues[q].index = q;
		s->queues[q].irq[0] = 30 + 2 * q;
		s->queues[q].irq[1] = 31 + 2 * q;
		for (unsigned int d = 0; d < 2; d++)
			for (unsigned int m = 0; m < VNET_METRICS; m++)
				s->queues[q].v[d][m] = vnet_metric_name(d, m) ? base + q : VNET_UNKNOWN64;
	}
	return s;
}

static void test_rates_measured_interval(void **state)
{
	struct vnet_sample *a = make_sample(1000000000ULL, 2, 100);
	struct vnet_sample *b = make_sample(3500000000ULL, 2, 100);
	struct vnet_rates *r;

	(void)state;
	b->queues[0].v[VNET_RX][VNET_M_PACKETS] = 100 + 250;	/* +250 in 2.5 s */
	b->queues[1].v[VNET_RX][VNET_M_PACKETS] = 101 + 50;
	assert_int_equal(vnet_rates_compute(a, b, &r), 0);
	assert_true(fabs(r->interval - 2.5) < 1e-9);
	assert_int_equal(r->n_queues, 2);
	assert_true(fabs(r->queues[0].r[VNET_RX][VNET_M_PACKETS] - 100.0) < 1e-9);
	assert_true(fabs(r->queues[1].r[VNET_RX][VNET_M_PACKETS] - 20.0) < 1e-9);
	assert_true(fabs(r->total[VNET_RX][VNET_M_PACKETS] - 120.0) < 1e-9);
	assert_true(r->queues[0].r[VNET_TX][VNET_M_BYTES] == 0.0);
	assert_true(isnan(r->queues[0].r[VNET_RX][VNET_M_TIMEOUTS]));	/* no such counter */
	assert_true(isnan(r->total[VNET_TX][VNET_M_DROPS]));
	assert_false(r->queues[0].reset);
	vnet_rates_free(r);
	/* time must move forward */
	assert_int_equal(vnet_rates_compute(b, a, &r), -EINVAL);
	vnet_sample_free(a);
	vnet_sample_free(b);
}

static void test_rates_reset_and_wrap(void **state)
{
	struct vnet_sample *a = make_sample(1000000000ULL, 1, 0);
	struct vnet_sample *b = make_sample(2000000000ULL, 1, 0);
	struct vnet_rates *r;

	(void)state;
	/* a 64-bit counter that went backwards was reset: count what it shows now */
	a->queues[0].v[VNET_TX][VNET_M_PACKETS] = 1000000;
	b->queues[0].v[VNET_TX][VNET_M_PACKETS] = 40;
	/* interrupts: 32-bit per CPU, the sum wraps modulo 2^32 */
	a->queues[0].v[VNET_RX][VNET_M_INTERRUPTS] = 0xfffffff0ULL;
	b->queues[0].v[VNET_RX][VNET_M_INTERRUPTS] = 0x10;
	assert_int_equal(vnet_rates_compute(a, b, &r), 0);
	assert_true(r->queues[0].reset);
	assert_true(fabs(r->queues[0].r[VNET_TX][VNET_M_PACKETS] - 40.0) < 1e-9);
	assert_true(fabs(r->queues[0].r[VNET_RX][VNET_M_INTERRUPTS] - 32.0) < 1e-9);
	vnet_rates_free(r);
	/* a different vector is a different counter: no rate for that interval */
	b->queues[0].irq[VNET_RX] = 99;
	assert_int_equal(vnet_rates_compute(a, b, &r), 0);
	assert_true(isnan(r->queues[0].r[VNET_RX][VNET_M_INTERRUPTS]));
	vnet_rates_free(r);
	vnet_sample_free(a);
	vnet_sample_free(b);
}

/* ethtool -L between samples: queues come and go. */
static void test_rates_queue_count_change(void **state)
{
	struct vnet_sample *a = make_sample(1000000000ULL, 4, 10);
	struct vnet_sample *b = make_sample(2000000000ULL, 2, 20);
	struct vnet_sample *c = make_sample(3000000000ULL, 3, 30);
	struct vnet_rates *r;

	(void)state;
	assert_int_equal(vnet_rates_compute(a, b, &r), 0);
	assert_int_equal(r->n_queues, 2);
	assert_true(fabs(r->total[VNET_RX][VNET_M_PACKETS] - 20.0) < 1e-9);
	vnet_rates_free(r);
	assert_int_equal(vnet_rates_compute(b, c, &r), 0);
	assert_int_equal(r->n_queues, 3);
	assert_false(r->queues[1].is_new);
	assert_true(r->queues[2].is_new);
	assert_true(isnan(r->queues[2].r[VNET_RX][VNET_M_PACKETS]));
	/* the total covers the queues seen in both samples */
	assert_true(fabs(r->total[VNET_RX][VNET_M_PACKETS] - 20.0) < 1e-9);
	vnet_rates_free(r);
	vnet_sample_free(a);
	vnet_sample_free(b);
	vnet_sample_free(c);
}

static void test_total(void **state)
{
	struct vnet_sample *a = make_sample(1, 3, 5);

	(void)state;
	assert_int_equal(vnet_sample_total(a, VNET_RX, VNET_M_BYTES), 5 + 6 + 7);
	a->queues[1].v[VNET_RX][VNET_M_BYTES] = VNET_UNKNOWN64;
	assert_int_equal(vnet_sample_total(a, VNET_RX, VNET_M_BYTES), 5 + 7);
	assert_true(vnet_sample_total(a, VNET_RX, VNET_M_TIMEOUTS) == VNET_UNKNOWN64);
	vnet_sample_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify_61),
		cmocka_unit_test(test_classify_612),
		cmocka_unit_test(test_classify_details),
		cmocka_unit_test(test_metric_names),
		cmocka_unit_test(test_rates_measured_interval),
		cmocka_unit_test(test_rates_reset_and_wrap),
		cmocka_unit_test(test_rates_queue_count_change),
		cmocka_unit_test(test_total),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

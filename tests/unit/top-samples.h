/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * top-samples.h - recorded counter samples for vnettop's model tests
 * (test-top-model.c, test-top-batch.c): one definition of what a sample
 * pair holds, so the two tests' expected rates come from the same data.
 */
#ifndef VNET_TEST_TOP_SAMPLES_H
#define VNET_TEST_TOP_SAMPLES_H

#include <math.h>
#include <stdlib.h>

#include "../../tui/model.h"

#define NS 1000000000ull

/* cmocka 1.1.5 compares floats only */
#define assert_double_equal(a, b, eps)                                                  \
	do {                                                                              \
		double a_ = (a), b_ = (b);                                                \
		if (!(fabs(a_ - b_) <= (eps)))                                            \
			fail_msg("%s = %g, expected %g", #a, a_, b_);                     \
	} while (0)

/* @nq queues; queue q counted @base * (q + 1) rx packets, 100 bytes each, @base tx
 * packets (bytes unknown), rx drops base / 10 on queue 1; kicks and IRQs unknown */
static inline struct vnet_sample *fake_sample(uint64_t mono_ns, unsigned int nq, uint64_t base)
{
	struct vnet_sample *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	s->mono_ns = mono_ns;
	s->n_queues = nq;
	s->queues = calloc(nq, sizeof(*s->queues));
	assert_non_null(s->queues);
	for (unsigned int q = 0; q < nq; q++) {
		struct vnet_queue_sample *qs = &s->queues[q];

		qs->index = q;
		for (int d = 0; d < 2; d++)
			for (int k = 0; k < VNET_METRICS; k++)
				qs->v[d][k] = VNET_UNKNOWN64;
		qs->v[VNET_RX][VNET_M_PACKETS] = base * (q + 1);
		qs->v[VNET_RX][VNET_M_BYTES] = 100 * base * (q + 1);
		qs->v[VNET_TX][VNET_M_PACKETS] = base;
		qs->v[VNET_RX][VNET_M_DROPS] = q == 1 ? base / 10 : 0;
	}
	return s;
}

/* One tick of the model: every device fed its sample, none gone. */
static inline void tick(struct top_model *m, struct vnet_dev **devs,
			struct vnet_sample **samples, size_t n)
{
	top_model_begin(m);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(top_model_feed(m, devs[i], samples[i], NULL), 0);
	assert_int_equal(top_model_end(m), 0);
}

#endif /* VNET_TEST_TOP_SAMPLES_H */

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-features.c - the sysfs "features" string (vnet_features_parse) and
 * the names of what it decodes
 */
#include <stdlib.h>

#include "vnet/vnet.h"
#include "tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strdup(data, size), name[VNET_FEATURE_NAME_LEN];
	uint64_t bits[2] = { 0 };
	unsigned int nbits = 0;

	if (!vnet_features_parse(text, bits, &nbits)) {
		if (nbits > 128)
			abort();
		for (unsigned int b = 0; b < nbits; b++)
			if (bits[b / 64] >> (b % 64) & 1)
				vnet_feature_name(b, name);
	}
	free(text);
	return 0;
}

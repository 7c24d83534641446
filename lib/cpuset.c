// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cpuset.c - CPU sets as the kernel writes them: lists ("0-3,6") and hex
 *            masks ("ff,00000001"), for IRQ affinity, XPS and RPS
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void vnet_cpuset_add(struct vnet_cpuset *s, unsigned int cpu)
{
	s->bits[cpu / 64] |= 1ull << (cpu % 64);
}

bool vnet_cpuset_has(const struct vnet_cpuset *s, unsigned int cpu)
{
	return cpu < VNET_MAX_CPUS && s->bits[cpu / 64] >> (cpu % 64) & 1;
}

bool vnet_cpuset_empty(const struct vnet_cpuset *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(s->bits); i++)
		if (s->bits[i])
			return false;
	return true;
}

int vnet_cpuset_highest(const struct vnet_cpuset *s)
{
	for (int c = VNET_MAX_CPUS - 1; c >= 0; c--)
		if (vnet_cpuset_has(s, c))
			return c;
	return -1;
}

bool vnet_cpuset_equal(const struct vnet_cpuset *a, const struct vnet_cpuset *b)
{
	return !memcmp(a->bits, b->bits, sizeof(a->bits));
}

int vnet_cpulist_parse(const char *text, struct vnet_cpuset *set)
{
	const char *p = text;

	memset(set, 0, sizeof(*set));
	if (!*p)
		return -EINVAL;
	while (*p) {
		unsigned long a, b;
		char *end;

		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		a = b = strtoul(p, &end, 10);
		p = end;
		if (*p == '-') {
			if (!isdigit((unsigned char)p[1]))
				return -EINVAL;
			b = strtoul(p + 1, &end, 10);
			p = end;
		}
		if (a > b || b >= VNET_MAX_CPUS)
			return -EINVAL;
		for (unsigned long c = a; c <= b; c++)
			vnet_cpuset_add(set, c);
		if (*p == ',' && p[1])
			p++;
		else if (*p)
			return -EINVAL;
	}
	return 0;
}

int vnet_cpumask_parse(const char *text, struct vnet_cpuset *set)
{
	size_t len = strlen(text);
	unsigned int bit = 0;

	memset(set, 0, sizeof(*set));
	while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
		len--;
	if (len > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		text += 2;
		len -= 2;
	}
	if (!len)
		return -EINVAL;
	for (size_t i = len; i-- > 0;) {
		int v;

		if (text[i] == ',')
			continue;
		if (!isxdigit((unsigned char)text[i]))
			return -EINVAL;
		v = isdigit((unsigned char)text[i]) ? text[i] - '0' :
						      tolower((unsigned char)text[i]) - 'a' + 10;
		for (int k = 0; k < 4; k++, bit++)
			if (v >> k & 1) {
				if (bit >= VNET_MAX_CPUS)
					return -EINVAL;
				vnet_cpuset_add(set, bit);
			}
	}
	return 0;
}

void vnet_cpulist_format(const struct vnet_cpuset *set, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (unsigned int c = 0; c < VNET_MAX_CPUS; c++) {
		unsigned int e = c;
		int n;

		if (!vnet_cpuset_has(set, c))
			continue;
		while (vnet_cpuset_has(set, e + 1))
			e++;
		n = e == c ? snprintf(buf + off, len - off, "%s%u", off ? "," : "", c) :
			     snprintf(buf + off, len - off, "%s%u-%u", off ? "," : "", c, e);
		if (n < 0 || (size_t)n >= len - off)
			return;
		off += n;
		c = e;
	}
}

/* As the kernel prints a cpumask: 32-bit groups, high first, separated by commas. */
void vnet_cpumask_format(const struct vnet_cpuset *set, char *buf, size_t len)
{
	int top = vnet_cpuset_highest(set);
	size_t off = 0;

	if (top < 0) {
		snprintf(buf, len, "0");
		return;
	}
	for (int g = top / 32; g >= 0; g--) {
		uint32_t w = set->bits[g / 2] >> (g % 2 * 32);
		int n = snprintf(buf + off, len - off, g == top / 32 ? "%" PRIx32 : ",%08" PRIx32,
				 w);

		if (n < 0 || (size_t)n >= len - off)
			return;
		off += n;
	}
}

VNET_EXPORT int vnet_cpumask_to_list(const char *mask, char *buf, size_t len)
{
	struct vnet_cpuset set;
	int err;

	if (!len)
		return -EINVAL;
	buf[0] = '\0';
	err = vnet_cpumask_parse(mask, &set);
	if (err)
		return err;
	vnet_cpulist_format(&set, buf, len);
	return 0;
}

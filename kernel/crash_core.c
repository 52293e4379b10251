/* crashkernel= parsing, after Linux kernel/crash_core.c (docs/cmdline.md). */
#include "kernel/crash_core.h"

#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "lib/errno.h"
#include "lib/string.h"

struct resource crashk_res = {
    .name = "Crash kernel",
    .flags = IORESOURCE_BUSY | IORESOURCE_SYSTEM_RAM,
    .desc = IORES_DESC_CRASH_KERNEL,
};
struct resource crashk_low_res = {
    .name = "Crash kernel",
    .flags = IORESOURCE_BUSY | IORESOURCE_SYSTEM_RAM,
    .desc = IORES_DESC_CRASH_KERNEL,
};

static const char suffix_high[] = ",high";
static const char suffix_low[] = ",low";

static int unrecognized(char c)
{
	printk(KERN_WARNING "crashkernel: unrecognized char: %c\n", c);
	return -EINVAL;
}

/* memparse() that must consume something. */
static int parse_value(const char *s, unsigned long long *out, const char **end)
{
	char *e;

	*out = memparse(s, &e);
	if (e == s) {
		printk(KERN_WARNING "crashkernel: memory value expected\n");
		return -EINVAL;
	}
	*end = e;
	return 0;
}

int parse_crashkernel_simple(const char *val, unsigned long long *size, unsigned long long *base)
{
	unsigned long long sz, at = 0;
	const char *cur;
	int err;

	if (strchr(val, ':')) {
		printk(KERN_WARNING "crashkernel: the range form (START-[END]:SIZE) is not "
				    "supported, ignored\n");
		return -EINVAL;
	}
	err = parse_value(val, &sz, &cur);
	if (err)
		return err;
	if (*cur == '@') {
		err = parse_value(cur + 1, &at, &cur);
		if (err)
			return err;
	}
	if (*cur)
		return unrecognized(*cur);
	*size = sz;
	*base = at;
	return 0;
}

int parse_crashkernel_suffix(const char *val, const char *suffix, unsigned long long *size)
{
	size_t n = strlen(suffix);
	unsigned long long sz;
	const char *cur;
	int err = parse_value(val, &sz, &cur);

	if (err)
		return err;
	if (strncmp(cur, suffix, n))
		return unrecognized(*cur);
	cur += n;
	if (*cur)
		return unrecognized(*cur);
	*size = sz;
	return 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && !strcmp(s + ls - lx, suffix);
}

int parse_crashkernel(const char *const *vals, size_t n, struct crashkernel_spec *spec)
{
	const char *plain = NULL, *high = NULL, *low = NULL;
	unsigned long long size = 0, base = 0;
	bool malformed = false;

	*spec = (struct crashkernel_spec){0};
	/* Linux's get_last_crashkernel(): one last value per kind. */
	for (size_t i = 0; i < n; i++) {
		if (ends_with(vals[i], suffix_high))
			high = vals[i];
		else if (ends_with(vals[i], suffix_low))
			low = vals[i];
		else
			plain = vals[i];
	}
	if (plain && parse_crashkernel_simple(plain, &size, &base))
		malformed = true;
	if (size) {
		spec->size = size;
		spec->base = base;
	} else if (high) {
		/* Linux falls back to ",high" when the plain form gave nothing. */
		if (parse_crashkernel_suffix(high, suffix_high, &size))
			malformed = true;
		spec->size = size;
		spec->high = size != 0;
	}
	if (low && !parse_crashkernel_suffix(low, suffix_low, &spec->low_size))
		spec->low_given = true;
	else if (low)
		malformed = true;
	if (spec->size)
		return 0;
	return malformed ? -EINVAL : -ENOENT;
}

/* MDNR lookup by byte pattern (see dsdt_scan.h). */
#include "drivers/acpi/dsdt_scan.h"

#include "kernel/kalloc.h"
#include "lib/errno.h"
#include "lib/string.h"

/* Little-endian integer of n bytes at p (the caller checked the bounds). */
static uint64_t aml_le(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	for (size_t i = n; i > 0; i--)
		v = (v << 8) | p[i - 1];
	return v;
}

/* Decodes the integer constant at aml[pos, len): 0 and *val, or -ENOENT
 * when it is truncated or not an integer constant opcode. */
static int aml_const_int(const uint8_t *aml, size_t len, size_t pos, uint64_t *val)
{
	size_t n;

	if (pos >= len)
		return -ENOENT;
	switch (aml[pos]) {
	case AML_ZERO_OP:
		*val = 0;
		return 0;
	case AML_ONE_OP:
		*val = 1;
		return 0;
	case AML_BYTE_PREFIX:
		n = 1;
		break;
	case AML_WORD_PREFIX:
		n = 2;
		break;
	case AML_DWORD_PREFIX:
		n = 4;
		break;
	case AML_QWORD_PREFIX:
		n = 8;
		break;
	default:
		/* OnesOp, Package, a method call...: not a slot count. */
		return -ENOENT;
	}
	if (len - pos - 1 < n)
		return -ENOENT;
	*val = aml_le(aml + pos + 1, n);
	return 0;
}

int dsdt_find_mdnr(const uint8_t *aml, size_t len)
{
	static const uint8_t name[4] = {'M', 'D', 'N', 'R'};
	uint64_t val;

	if (!aml)
		return -ENOENT;
	for (size_t i = 0; i < len; i++) {
		size_t pos = i + 1;

		if (aml[i] != AML_NAME_OP)
			continue;
		/* A NameString may start with one root or several parent prefixes. */
		if (pos < len && aml[pos] == AML_ROOT_CHAR)
			pos++;
		else
			while (pos < len && aml[pos] == AML_PARENT_PREFIX)
				pos++;
		if (len - pos < sizeof(name) || memcmp(aml + pos, name, sizeof(name)) != 0)
			continue;
		if (aml_const_int(aml, len, pos + sizeof(name), &val) != 0)
			continue;
		return val > DSDT_MDNR_MAX ? DSDT_MDNR_MAX : (int)val;
	}
	return -ENOENT;
}

int dsdt_read_mdnr(const struct acpi_tables *t, const struct acpi_mem_ops *ops)
{
	const struct acpi_table_info *dsdt = acpi_find_table(t, "DSDT", 0);
	uint8_t *buf;
	int ret;

	if (!dsdt || dsdt->length < ACPI_HDR_LEN)
		return -ENOENT;
	buf = kzalloc(dsdt->length);
	if (!buf)
		return -ENOMEM;
	ret = ops->read(ops->ctx, dsdt->phys, buf, dsdt->length);
	if (ret == 0)
		ret = dsdt_find_mdnr(buf + ACPI_HDR_LEN, dsdt->length - ACPI_HDR_LEN);
	kfree(buf);
	return ret;
}

/* Multiboot2 boot-information parser (see kernel/multiboot2.h for the rules).
 *
 * Every multi-byte field is read with memcpy: on the host a test blob may
 * start anywhere, and a map entry may sit at any offset when entry_size is
 * not a multiple of 8. All reads are bounds-checked against `end` first. */
#include "kernel/multiboot2.h"

#include "lib/errno.h"
#include "lib/kernel.h"
#include "lib/string.h"

/* Minimum tag sizes (header included) for the types we read; 0 = not read. */
static const uint32_t tag_min_size[] = {
    [MB2_TAG_CMDLINE] = 8,	    /* + NUL-terminated string, checked apart */
    [MB2_TAG_BOOT_LOADER_NAME] = 8, /* same */
    [MB2_TAG_MODULE] = 16,	    /* start, end, + string */
    [MB2_TAG_BASIC_MEMINFO] = 16,   [MB2_TAG_MMAP] = 16, /* entry_size, entry_version, entries */
    [MB2_TAG_FRAMEBUFFER] = 32,				 /* common part; RGB needs 6 more bytes */
    [MB2_TAG_EFI64] = 16,	    [MB2_TAG_ACPI_OLD] = 8 + 20, /* an ACPI 1.0 RSDP is 20 bytes */
    [MB2_TAG_ACPI_NEW] = 8 + 36,				 /* an ACPI 2.0+ RSDP is 36 bytes */
    [MB2_TAG_EFI_MMAP] = 16, /* descriptor size and version, descriptors */
    [MB2_TAG_EFI_BS] = 8,	    [MB2_TAG_LOAD_BASE_ADDR] = 12,
};

#define FB_RGB_MIN_SIZE 38

static const char *const error_names[MB2_ERR_COUNT] = {
    [MB2_OK] = "MB2_OK",
    [MB2_ERR_TOO_SMALL] = "MB2_ERR_TOO_SMALL",
    [MB2_ERR_TRUNCATED] = "MB2_ERR_TRUNCATED",
    [MB2_ERR_TOTAL_UNALIGNED] = "MB2_ERR_TOTAL_UNALIGNED",
    [MB2_ERR_BUF_UNALIGNED] = "MB2_ERR_BUF_UNALIGNED",
    [MB2_ERR_TAG_OVERRUN] = "MB2_ERR_TAG_OVERRUN",
    [MB2_ERR_TAG_TOO_SMALL] = "MB2_ERR_TAG_TOO_SMALL",
    [MB2_ERR_TAG_SIZE] = "MB2_ERR_TAG_SIZE",
    [MB2_ERR_NO_NUL] = "MB2_ERR_NO_NUL",
    [MB2_ERR_ENTRY_SIZE] = "MB2_ERR_ENTRY_SIZE",
    [MB2_ERR_PARTIAL_ENTRY] = "MB2_ERR_PARTIAL_ENTRY",
    [MB2_ERR_MODULE_RANGE] = "MB2_ERR_MODULE_RANGE",
    [MB2_ERR_END_SIZE] = "MB2_ERR_END_SIZE",
    [MB2_ERR_NO_END] = "MB2_ERR_NO_END",
    [MB2_WARN_DUPLICATE] = "MB2_WARN_DUPLICATE",
    [MB2_WARN_TOO_MANY_MODULES] = "MB2_WARN_TOO_MANY_MODULES",
    [MB2_WARN_AFTER_END] = "MB2_WARN_AFTER_END",
};

static const char *const tag_names[] = {
    [MB2_TAG_END] = "end",
    [MB2_TAG_CMDLINE] = "cmdline",
    [MB2_TAG_BOOT_LOADER_NAME] = "boot_loader_name",
    [MB2_TAG_MODULE] = "module",
    [MB2_TAG_BASIC_MEMINFO] = "basic_meminfo",
    [MB2_TAG_BOOTDEV] = "bootdev",
    [MB2_TAG_MMAP] = "mmap",
    [MB2_TAG_VBE] = "vbe",
    [MB2_TAG_FRAMEBUFFER] = "framebuffer",
    [MB2_TAG_ELF_SECTIONS] = "elf_sections",
    [MB2_TAG_APM] = "apm",
    [MB2_TAG_EFI32] = "efi32",
    [MB2_TAG_EFI64] = "efi64",
    [MB2_TAG_SMBIOS] = "smbios",
    [MB2_TAG_ACPI_OLD] = "acpi_old",
    [MB2_TAG_ACPI_NEW] = "acpi_new",
    [MB2_TAG_NETWORK] = "network",
    [MB2_TAG_EFI_MMAP] = "efi_mmap",
    [MB2_TAG_EFI_BS] = "efi_bs",
    [MB2_TAG_EFI32_IH] = "efi32_ih",
    [MB2_TAG_EFI64_IH] = "efi64_ih",
    [MB2_TAG_LOAD_BASE_ADDR] = "load_base_addr",
};

struct walk {
	const uint8_t *base;
	struct mb2_info *info;
	int ret;       /* -errno of the first error, 0 so far */
	uint32_t seen; /* bit per single-instance type already taken */
};

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

const char *mb2_error_name(enum mb2_error e)
{
	if ((unsigned int)e >= MB2_ERR_COUNT)
		return "MB2_ERR_?";
	return error_names[e];
}

bool mb2_error_is_warning(enum mb2_error e)
{
	return e == MB2_WARN_DUPLICATE || e == MB2_WARN_TOO_MANY_MODULES || e == MB2_WARN_AFTER_END;
}

int mb2_error_errno(enum mb2_error e)
{
	switch (e) {
	case MB2_OK:
		return 0;
	case MB2_ERR_TOO_SMALL:
	case MB2_ERR_TRUNCATED:
	case MB2_ERR_TOTAL_UNALIGNED:
	case MB2_ERR_BUF_UNALIGNED:
		return -EINVAL;
	default:
		return mb2_error_is_warning(e) ? 0 : -EBADMSG;
	}
}

const char *mb2_tag_name(uint32_t type)
{
	if (type >= ARRAY_SIZE(tag_names) || !tag_names[type])
		return "unknown";
	return tag_names[type];
}

bool mb2_has_problem(const struct mb2_info *info, enum mb2_error e)
{
	for (size_t i = 0; i < info->nproblems; i++)
		if (info->problems[i].code == e)
			return true;
	return false;
}

static void note(struct walk *w, enum mb2_error code, size_t off, uint32_t type)
{
	struct mb2_info *info = w->info;

	if (info->nproblems < MB2_MAX_PROBLEMS) {
		struct mb2_problem *p = &info->problems[info->nproblems++];

		p->code = code;
		p->offset = (uint32_t)off; /* off < total_size, a u32 */
		p->type = type;
	} else {
		info->problems_dropped++;
	}
	if (w->ret == 0)
		w->ret = mb2_error_errno(code);
}

/* Takes the first valid tag of a single-instance type; later ones are
 * duplicates (see the header for why first wins). */
static bool claim(struct walk *w, size_t off, uint32_t type)
{
	uint32_t bit = 1u << type; /* callers pass known types, all < 32 */

	if (w->seen & bit) {
		note(w, MB2_WARN_DUPLICATE, off, type);
		return false;
	}
	w->seen |= bit;
	return true;
}

/* The NUL-terminated string at tag offset `at`, or NULL (error noted). */
static const char *tag_string(struct walk *w, size_t off, uint32_t type, uint32_t size, size_t at)
{
	const char *s = (const char *)(w->base + off + at);
	size_t n = size - at;

	if (strnlen(s, n) == n) {
		note(w, MB2_ERR_NO_NUL, off, type);
		return NULL;
	}
	return s;
}

/* Common checks of tags 6 and 17: a header (entry size, version) then
 * entries. Returns false (error noted) when the map must be ignored. */
static bool map_geometry(struct walk *w, size_t off, uint32_t type, uint32_t size,
			 uint32_t min_entry, bool need_align8, uint32_t *esize, size_t *count)
{
	const uint8_t *t = w->base + off;
	size_t body = size - 16;

	*esize = rd32(t + 8);
	/* A stride that is too small would read fields from the next entry. */
	if (*esize < min_entry || (need_align8 && *esize % 8) || (body && *esize > body)) {
		note(w, MB2_ERR_ENTRY_SIZE, off, type);
		return false;
	}
	*count = body / *esize;
	if (body % *esize)
		note(w, MB2_ERR_PARTIAL_ENTRY, off, type);
	return true;
}

static void parse_mmap(struct walk *w, size_t off, uint32_t size)
{
	struct mb2_info *info = w->info;
	uint32_t esize;
	size_t count;

	/* Multiboot2 says entry_size is a multiple of 8; later versions may
	 * grow the entry, so only the stride, never sizeof, walks the map. */
	if (!map_geometry(w, off, MB2_TAG_MMAP, size, MB2_MMAP_ENTRY_MIN, true, &esize, &count))
		return;
	if (!claim(w, off, MB2_TAG_MMAP))
		return;
	info->has_mmap = true;
	info->mmap_entry_size = esize;
	info->mmap_entry_version = rd32(w->base + off + 12);
	info->mmap = w->base + off + 16;
	info->mmap_count = count;
}

static void parse_efi_mmap(struct walk *w, size_t off, uint32_t size)
{
	struct mb2_info *info = w->info;
	uint32_t esize;
	size_t count;

	/* UEFI only promises DescriptorSize >= sizeof(EFI_MEMORY_DESCRIPTOR),
	 * so no alignment rule here (reads are memcpy anyway). */
	if (!map_geometry(w, off, MB2_TAG_EFI_MMAP, size, MB2_EFI_DESC_MIN, false, &esize, &count))
		return;
	if (!claim(w, off, MB2_TAG_EFI_MMAP))
		return;
	info->has_efi_mmap = true;
	info->efi_desc_size = esize;
	info->efi_desc_version = rd32(w->base + off + 12);
	info->efi_mmap = w->base + off + 16;
	info->efi_mmap_count = count;
}

static void parse_framebuffer(struct walk *w, size_t off, uint32_t size)
{
	const uint8_t *t = w->base + off;
	struct mb2_info *info = w->info;
	uint8_t fbtype = t[29];

	if (fbtype == MB2_FB_TYPE_RGB && size < FB_RGB_MIN_SIZE) {
		note(w, MB2_ERR_TAG_SIZE, off, MB2_TAG_FRAMEBUFFER);
		return;
	}
	if (!claim(w, off, MB2_TAG_FRAMEBUFFER))
		return;
	info->fb.present = true;
	info->fb.addr = rd64(t + 8);
	info->fb.pitch = rd32(t + 16);
	info->fb.width = rd32(t + 20);
	info->fb.height = rd32(t + 24);
	info->fb.bpp = t[28];
	info->fb.type = fbtype;
	/* Color info starts at 32: GRUB writes a u16 "reserved" after type. */
	if (fbtype == MB2_FB_TYPE_RGB) {
		info->fb.red_pos = t[32];
		info->fb.red_size = t[33];
		info->fb.green_pos = t[34];
		info->fb.green_size = t[35];
		info->fb.blue_pos = t[36];
		info->fb.blue_size = t[37];
	}
}

static void parse_module(struct walk *w, size_t off, uint32_t size)
{
	const uint8_t *t = w->base + off;
	struct mb2_info *info = w->info;
	uint32_t start = rd32(t + 8), end = rd32(t + 12);
	const char *cmd;

	cmd = tag_string(w, off, MB2_TAG_MODULE, size, 16);
	if (!cmd)
		return;
	if (end < start) {
		note(w, MB2_ERR_MODULE_RANGE, off, MB2_TAG_MODULE);
		return;
	}
	info->modules_found++;
	if (info->nmodules == MB2_MAX_MODULES) {
		/* One warning is enough to say the list is incomplete. */
		if (info->modules_found == MB2_MAX_MODULES + 1)
			note(w, MB2_WARN_TOO_MANY_MODULES, off, MB2_TAG_MODULE);
		return;
	}
	info->modules[info->nmodules].start = start;
	info->modules[info->nmodules].end = end;
	info->modules[info->nmodules].cmdline = cmd;
	info->nmodules++;
}

/* One tag whose header and size are already known to fit in the buffer. */
static void parse_tag(struct walk *w, size_t off, uint32_t type, uint32_t size)
{
	const uint8_t *t = w->base + off;
	struct mb2_info *info = w->info;
	const char *s;

	if (type >= ARRAY_SIZE(tag_min_size) || tag_min_size[type] == 0) {
		info->skipped_tags++;
		return;
	}
	if (size < tag_min_size[type]) {
		note(w, MB2_ERR_TAG_SIZE, off, type);
		return;
	}
	switch (type) {
	case MB2_TAG_CMDLINE:
	case MB2_TAG_BOOT_LOADER_NAME:
		s = tag_string(w, off, type, size, 8);
		if (s && claim(w, off, type)) {
			if (type == MB2_TAG_CMDLINE)
				info->cmdline = s;
			else
				info->loader_name = s;
		}
		break;
	case MB2_TAG_MODULE:
		parse_module(w, off, size);
		break;
	case MB2_TAG_BASIC_MEMINFO:
		if (claim(w, off, type)) {
			info->has_meminfo = true;
			info->mem_lower = rd32(t + 8);
			info->mem_upper = rd32(t + 12);
		}
		break;
	case MB2_TAG_MMAP:
		parse_mmap(w, off, size);
		break;
	case MB2_TAG_FRAMEBUFFER:
		parse_framebuffer(w, off, size);
		break;
	case MB2_TAG_EFI64:
		if (claim(w, off, type)) {
			info->has_efi64 = true;
			info->efi64_system_table = rd64(t + 8);
		}
		break;
	case MB2_TAG_ACPI_OLD:
		if (claim(w, off, type)) {
			info->rsdp_old = t + 8;
			info->rsdp_old_len = size - 8;
		}
		break;
	case MB2_TAG_ACPI_NEW:
		if (claim(w, off, type)) {
			info->rsdp_new = t + 8;
			info->rsdp_new_len = size - 8;
		}
		break;
	case MB2_TAG_EFI_MMAP:
		parse_efi_mmap(w, off, size);
		break;
	case MB2_TAG_EFI_BS:
		if (claim(w, off, type))
			info->efi_bs_not_terminated = true;
		break;
	case MB2_TAG_LOAD_BASE_ADDR:
		if (claim(w, off, type)) {
			info->has_load_base = true;
			info->load_base_addr = rd32(t + 8);
		}
		break;
	}
}

int mb2_parse(const void *buf, size_t buf_avail, struct mb2_info *out)
{
	struct walk w = {.base = buf, .info = out};
	size_t end, off;
	uint32_t total;

	memset(out, 0, sizeof(*out));
	if (!buf || buf_avail < 8) {
		note(&w, MB2_ERR_TOO_SMALL, 0, 0);
		return w.ret;
	}
	total = rd32(w.base);
	out->total_size = total;
	/* 16 = the 8-byte header plus the mandatory end tag. */
	if (total < 16) {
		note(&w, MB2_ERR_TOO_SMALL, 0, 0);
		return w.ret;
	}
	if ((uintptr_t)buf % 8)
		note(&w, MB2_ERR_BUF_UNALIGNED, 0, 0);
	if (total % 8)
		note(&w, MB2_ERR_TOTAL_UNALIGNED, 0, 0);
	end = total;
	if (end > buf_avail) {
		note(&w, MB2_ERR_TRUNCATED, 0, 0);
		end = buf_avail;
	}

	off = 8;
	for (;;) {
		uint32_t type, size;

		if (off >= end) {
			note(&w, MB2_ERR_NO_END, end, 0);
			break;
		}
		if (end - off < 8) {
			note(&w, MB2_ERR_TAG_OVERRUN, off, 0);
			break;
		}
		type = rd32(w.base + off);
		size = rd32(w.base + off + 4);
		if (type == MB2_TAG_END) {
			if (size != 8)
				note(&w, MB2_ERR_END_SIZE, off, type);
			/* An oversized end tag covers its own extra bytes. */
			if (end - off > (size > 8 ? size : 8))
				note(&w, MB2_WARN_AFTER_END, off, type);
			break;
		}
		/* Without a sane size there is no way to find the next tag. */
		if (size < 8) {
			note(&w, MB2_ERR_TAG_TOO_SMALL, off, type);
			break;
		}
		if (size > end - off) {
			note(&w, MB2_ERR_TAG_OVERRUN, off, type);
			break;
		}
		parse_tag(&w, off, type, size);
		/* off + size <= end, so this cannot wrap. */
		off += ((size_t)size + 7) & ~(size_t)7;
	}
	return w.ret;
}

int mb2_mmap_entry(const struct mb2_info *info, size_t i, struct mb2_mmap_entry *out)
{
	const uint8_t *e;

	if (!info->has_mmap || i >= info->mmap_count)
		return -ENOENT;
	e = (const uint8_t *)info->mmap + i * info->mmap_entry_size;
	out->base = rd64(e);
	out->len = rd64(e + 8);
	out->type = rd32(e + 16);
	return 0;
}

int mb2_efi_desc(const struct mb2_info *info, size_t i, struct mb2_efi_desc *out)
{
	const uint8_t *d;

	if (!info->has_efi_mmap || i >= info->efi_mmap_count)
		return -ENOENT;
	/* EFI_MEMORY_DESCRIPTOR: u32 type, u32 pad, u64 physical start,
	 * u64 virtual start, u64 number of pages, u64 attribute. */
	d = (const uint8_t *)info->efi_mmap + i * info->efi_desc_size;
	out->type = rd32(d);
	out->phys_start = rd64(d + 8);
	out->num_pages = rd64(d + 24);
	out->attribute = rd64(d + 32);
	return 0;
}

/* Multiboot2 boot-information parser.
 *
 * The boot loader hands the kernel a buffer (its address in EBX, the magic
 * 0x36d76289 in EAX):
 *
 *   u32 total_size, u32 reserved, then tags { u32 type; u32 size; body }
 *
 * Each tag starts at an 8-byte aligned offset (the previous tag's size rounded
 * up to 8); `size` counts the 8-byte header and the body but not the padding.
 * The list ends with a tag of type 0 and size 8.
 *
 * mb2_parse() checks all of this without ever reading outside
 * [buf, buf + min(total_size, buf_avail)), and keeps whatever is valid:
 *
 *   - buf_avail < 8 or total_size < 16: nothing is parsed (-EINVAL).
 *   - total_size > buf_avail (truncated): tags are walked within buf_avail
 *     only (-EINVAL).
 *   - total_size not a multiple of 8, or buf not 8-byte aligned: recorded as
 *     errors (-EINVAL), but the walk goes on; every read is a memcpy, so
 *     alignment never matters for safety. GRUB always aligns and pads.
 *   - a tag whose header or size runs past the end, or whose size is below 8
 *     (size 0 included): the walk stops there; tags before it are kept
 *     (-EBADMSG).
 *   - a known tag that is too small for its type, a string without a NUL
 *     inside its tag, a bad memory-map entry size: that tag alone is ignored
 *     (-EBADMSG) and the walk goes on.
 *   - no end tag: -EBADMSG, everything before is kept.
 *   - tag types this parser does not use are skipped (counted in
 *     skipped_tags); that is normal, loaders add tags over time.
 *
 * Duplicates: the FIRST valid occurrence of a tag type wins; later ones are
 * recorded as the warning MB2_WARN_DUPLICATE and ignored. The spec allows one
 * tag per type (modules excepted), so a second one is the loader's mistake,
 * and first-wins means such a stray tag cannot override good data.
 *
 * Every problem is recorded (offset and type of the tag concerned) in
 * info->problems; warnings do not change the return value. The return value
 * is 0 when no error was found, else the -errno of the first error
 * (mb2_error_errno()).
 *
 * Pointers in struct mb2_info point into the caller's buffer, which must stay
 * alive and unchanged while they are used. */
#ifndef KERNEL_MULTIBOOT2_H
#define KERNEL_MULTIBOOT2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the boot loader puts in EAX. */
#define MB2_BOOTLOADER_MAGIC 0x36d76289u

enum mb2_tag_type {
	MB2_TAG_END = 0,
	MB2_TAG_CMDLINE = 1,
	MB2_TAG_BOOT_LOADER_NAME = 2,
	MB2_TAG_MODULE = 3,
	MB2_TAG_BASIC_MEMINFO = 4,
	MB2_TAG_BOOTDEV = 5,
	MB2_TAG_MMAP = 6,
	MB2_TAG_VBE = 7,
	MB2_TAG_FRAMEBUFFER = 8,
	MB2_TAG_ELF_SECTIONS = 9,
	MB2_TAG_APM = 10,
	MB2_TAG_EFI32 = 11,
	MB2_TAG_EFI64 = 12,
	MB2_TAG_SMBIOS = 13,
	MB2_TAG_ACPI_OLD = 14,
	MB2_TAG_ACPI_NEW = 15,
	MB2_TAG_NETWORK = 16,
	MB2_TAG_EFI_MMAP = 17,
	MB2_TAG_EFI_BS = 18,
	MB2_TAG_EFI32_IH = 19,
	MB2_TAG_EFI64_IH = 20,
	MB2_TAG_LOAD_BASE_ADDR = 21,
};

/* Framebuffer types (tag 8). */
#define MB2_FB_TYPE_INDEXED  0
#define MB2_FB_TYPE_RGB	     1
#define MB2_FB_TYPE_EGA_TEXT 2

/* Memory map entry types (tag 6), the e820 numbering. */
#define MB2_MMAP_AVAILABLE 1
#define MB2_MMAP_RESERVED  2
#define MB2_MMAP_ACPI	   3
#define MB2_MMAP_NVS	   4
#define MB2_MMAP_BADRAM	   5

/* Smallest entry sizes we accept: the fields we read must fit. */
#define MB2_MMAP_ENTRY_MIN 24
#define MB2_EFI_DESC_MIN   40

#define MB2_MAX_MODULES	 8
#define MB2_MAX_PROBLEMS 8

enum mb2_error {
	MB2_OK = 0,
	/* Header level (-EINVAL). */
	MB2_ERR_TOO_SMALL,	 /* buf_avail < 8 or total_size < 16: nothing parsed */
	MB2_ERR_TRUNCATED,	 /* total_size > buf_avail: walked buf_avail only */
	MB2_ERR_TOTAL_UNALIGNED, /* total_size not a multiple of 8 */
	MB2_ERR_BUF_UNALIGNED,	 /* buffer start not 8-byte aligned */
	/* Tag level (-EBADMSG). */
	MB2_ERR_TAG_OVERRUN,   /* tag header or size runs past the end: walk stops */
	MB2_ERR_TAG_TOO_SMALL, /* tag size < 8 (e.g. 0): walk stops */
	MB2_ERR_TAG_SIZE,      /* size below the minimum for the type: tag ignored */
	MB2_ERR_NO_NUL,	       /* string not NUL-terminated inside its tag: ignored */
	MB2_ERR_ENTRY_SIZE,    /* entry size < min, > body, or (tag 6) not a multiple of 8 */
	MB2_ERR_PARTIAL_ENTRY, /* map body ends in a partial entry: whole ones kept */
	MB2_ERR_MODULE_RANGE,  /* module end < start: module ignored */
	MB2_ERR_END_SIZE,      /* end tag with size != 8 (still ends the walk) */
	MB2_ERR_NO_END,	       /* no end tag before the end of the buffer */
	/* Warnings (return value unaffected). */
	MB2_WARN_DUPLICATE,	   /* a second tag of a single-instance type: ignored */
	MB2_WARN_TOO_MANY_MODULES, /* more than MB2_MAX_MODULES: the rest ignored */
	MB2_WARN_AFTER_END,	   /* bytes after the end tag, inside total_size */
	MB2_ERR_COUNT,
};

struct mb2_problem {
	enum mb2_error code;
	uint32_t offset; /* of the tag concerned from the buffer start (0: header) */
	uint32_t type;	 /* that tag's type (0 for header problems) */
};

struct mb2_module {
	uint32_t start;
	uint32_t end; /* as the loader gives it (GRUB: one past the last byte) */
	const char *cmdline;
};

struct mb2_info {
	uint32_t total_size; /* as read from the header */

	const char *cmdline;	 /* NULL when absent */
	const char *loader_name; /* NULL when absent */

	bool has_meminfo;
	uint32_t mem_lower; /* KiB below 1 MiB */
	uint32_t mem_upper; /* KiB above 1 MiB, up to the first hole */

	/* Memory map (tag 6): read entries with mb2_mmap_entry(). */
	bool has_mmap;
	uint32_t mmap_entry_size;
	uint32_t mmap_entry_version;
	const void *mmap; /* first entry */
	size_t mmap_count;

	/* UEFI memory map (tag 17): read descriptors with mb2_efi_desc(). */
	bool has_efi_mmap;
	uint32_t efi_desc_size;
	uint32_t efi_desc_version;
	const void *efi_mmap; /* first descriptor */
	size_t efi_mmap_count;

	struct {
		bool present;
		uint64_t addr;
		uint32_t pitch; /* bytes per line */
		uint32_t width;
		uint32_t height;
		uint8_t bpp;
		uint8_t type; /* MB2_FB_TYPE_*; the palette of type 0 is not parsed */
		/* Only for MB2_FB_TYPE_RGB: bit position and width of each color. */
		uint8_t red_pos, red_size;
		uint8_t green_pos, green_size;
		uint8_t blue_pos, blue_size;
	} fb;

	/* Copies of the ACPI RSDP (tags 14 and 15): pointer into the tag body. */
	const void *rsdp_old;
	size_t rsdp_old_len;
	const void *rsdp_new;
	size_t rsdp_new_len;

	bool efi_bs_not_terminated; /* tag 18: UEFI boot services still running */
	bool has_efi64;
	uint64_t efi64_system_table;
	bool has_load_base;
	uint32_t load_base_addr; /* physical address the image was loaded at */

	size_t nmodules;      /* kept in modules[] */
	size_t modules_found; /* valid module tags seen, kept or not */
	struct mb2_module modules[MB2_MAX_MODULES];

	uint32_t skipped_tags; /* tags of types we do not use */

	size_t nproblems;	 /* kept in problems[] */
	size_t problems_dropped; /* recorded after problems[] was full */
	struct mb2_problem problems[MB2_MAX_PROBLEMS];
};

struct mb2_mmap_entry {
	uint64_t base;
	uint64_t len;
	uint32_t type; /* MB2_MMAP_* */
};

struct mb2_efi_desc {
	uint32_t type; /* EFI_MEMORY_TYPE */
	uint64_t phys_start;
	uint64_t num_pages; /* 4 KiB pages */
	uint64_t attribute;
};

static inline bool mb2_magic_ok(uint32_t eax)
{
	return eax == MB2_BOOTLOADER_MAGIC;
}

/* Parses the boot information at buf, of which buf_avail bytes are readable
 * (in the kernel: total_size as read; on the host: the blob length). Fills
 * *out (always, even on error) and returns 0 or the first error's -errno. */
int mb2_parse(const void *buf, size_t buf_avail, struct mb2_info *out);

/* Entry i of the memory map, copied out (entries are entry_size apart and may
 * be unaligned). Returns 0, or -ENOENT when i is past the end. */
int mb2_mmap_entry(const struct mb2_info *info, size_t i, struct mb2_mmap_entry *out);

/* Descriptor i of the UEFI memory map; 0 or -ENOENT. */
int mb2_efi_desc(const struct mb2_info *info, size_t i, struct mb2_efi_desc *out);

/* "MB2_ERR_TAG_OVERRUN", ... ; "MB2_ERR_?" for values out of range. */
const char *mb2_error_name(enum mb2_error e);
/* -EINVAL, -EBADMSG, or 0 for MB2_OK and warnings. */
int mb2_error_errno(enum mb2_error e);
bool mb2_error_is_warning(enum mb2_error e);
/* "mmap", "framebuffer", ...; "unknown" for types we do not know. */
const char *mb2_tag_name(uint32_t type);
/* Was a problem with this code recorded (among the kept ones)? */
bool mb2_has_problem(const struct mb2_info *info, enum mb2_error e);

#endif

# hotmem build. `make` builds the kernel ELF, `make iso` the hybrid BIOS/UEFI
# image, `make run` boots it in QEMU, `make demo` starts the teaching demo,
# `make test` runs everything CI runs.
# Build outputs go to build/ (ignored by git).

BUILD := build
CC := gcc
LD := ld
NASM := nasm
PYTHON := python3

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
COMMON_CFLAGS := -std=gnu11 -O2 -g $(WARN) -I.

# The kernel is linked in the low 2 GiB (identity mapped), so the small code
# model is the right one: every symbol is within a signed 32-bit displacement.
KERNEL_CFLAGS := $(COMMON_CFLAGS) -ffreestanding -fno-pic -fno-pie -mno-red-zone -mcmodel=small \
	-fno-stack-protector -fno-asynchronous-unwind-tables -fno-omit-frame-pointer \
	-mgeneral-regs-only -mno-mmx -mno-sse -mno-sse2 -fno-builtin -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) -DHOTMEM_KERNEL
KERNEL_LDFLAGS := -m elf_x86_64 -nostdlib -static -z max-page-size=0x1000 -z noexecstack -T linker.ld

HOST_CFLAGS := $(COMMON_CFLAGS) -DHOTMEM_HOST -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -fno-builtin
HOST_LDFLAGS := -fsanitize=address,undefined

# Pure-C sources: built into the kernel and into the host test binary.
# Every file of lib/, and the files named here (a name that does not exist
# stops the build, so a typo cannot drop a file from the host tests).
PURE_SRCS := $(wildcard lib/*.c) \
	kernel/ktest.c kernel/ktap.c kernel/pseudofs.c kernel/cmdline.c kernel/multiboot2.c kernel/kalloc_fault.c kernel/printk_capture.c \
	kernel/printk_format.c kernel/resource.c kernel/resource_walk.c kernel/resource_hotplug.c kernel/resource_render.c \
	kernel/views.c kernel/crash_core.c kernel/kexec.c kernel/kexec_file.c kernel/kexec_load.c kernel/kdump.c \
	kernel/hotplug_events.c kernel/logbuf.c kernel/screen.c kernel/textgrid.c \
	kernel/clock_ref.c kernel/input.c kernel/line_edit.c kernel/shell.c kernel/shell_change.c kernel/shell_session.c \
	mm/memblock.c mm/crashkernel.c mm/e820.c mm/e820_cmdline.c mm/e820_resources.c mm/fw_emul.c mm/page_alloc.c \
	mm/memory_hotplug.c mm/memory_block.c mm/fake_offline.c \
	drivers/firmware/memmap.c drivers/firmware/probe_roms.c drivers/firmware/fw_cfg_file.c drivers/video/psf.c \
	drivers/acpi/resources.c drivers/acpi/tables.c drivers/acpi/tables_parse.c drivers/acpi/bgrt.c \
	drivers/acpi/dsdt_scan.c drivers/acpi/memhotplug.c \
	drivers/pci/pci.c drivers/virtio/virtio_pci.c drivers/virtio/virtio_mem.c drivers/virtio/virtio_mem_sbm.c \
	drivers/dax/kmem.c drivers/hotmem_test/hotmem_test.c \
	drivers/input/atkbd.c drivers/input/vt_input.c
$(foreach f,$(PURE_SRCS),$(if $(wildcard $(f)),,$(error PURE_SRCS names $(f), which does not exist)))
# Tests of the pure parts: run at boot and on the host.
UNIT_TESTS := $(wildcard tests/unit/*.c)
# Kernel-only sources and tests.
KERNEL_ONLY_SRCS := $(filter-out $(PURE_SRCS),$(wildcard kernel/*.c mm/*.c drivers/*/*.c))
KERNEL_TESTS := $(wildcard tests/kernel/*.c)
ASM_SRCS := $(wildcard boot/*.asm)

KERNEL_OBJS := $(patsubst %.asm,$(BUILD)/k/%.o,$(ASM_SRCS)) \
	$(patsubst %.c,$(BUILD)/k/%.o,$(PURE_SRCS) $(KERNEL_ONLY_SRCS) $(UNIT_TESTS) $(KERNEL_TESTS)) \
	$(BUILD)/k/font.o
# The fuzz targets (tests/fuzz) also build into the host binary, whose
# fuzz_replay suite replays their corpus (make fuzz runs them under libFuzzer).
FUZZ_SRCS := $(wildcard tests/fuzz/*.c)
FUZZ_TARGETS := cmdline multiboot2 acpi e820 resource
HOST_OBJS := $(patsubst %.c,$(BUILD)/h/%.o,$(PURE_SRCS) $(UNIT_TESTS) $(wildcard tests/host/*.c) $(FUZZ_SRCS))

KERNEL := $(BUILD)/hotmem.elf
ISO := $(BUILD)/hotmem.iso
NETBOOT := $(BUILD)/netboot
HOST_TESTS := $(BUILD)/host-tests

# The console font comes from Debian's console-setup-linux package; it is
# linked in as raw PSF bytes and parsed at boot (drivers/video/psf.c).
FONT_PSF := /usr/share/consolefonts/Lat15-VGA16.psf.gz

.PHONY: all iso netboot run demo screenshots test host-test qemu-test bench clean deps format fuzz
all: $(KERNEL)

$(BUILD)/k/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/k/%.o: %.asm
	@mkdir -p $(dir $@)
	$(NASM) -f elf64 -g -F dwarf -MD $(@:.o=.d) -MP $< -o $@

$(BUILD)/font.psf: $(FONT_PSF)
	@mkdir -p $(dir $@)
	gzip -dc $< > $@

$(BUILD)/k/font.o: $(BUILD)/font.psf
	@mkdir -p $(dir $@)
	cd $(BUILD) && $(LD) -m elf_x86_64 -r -b binary -o k/font.o font.psf

$(KERNEL): $(KERNEL_OBJS) linker.ld
	$(LD) $(KERNEL_LDFLAGS) -o $@ $(KERNEL_OBJS)
	grub-file --is-x86-multiboot2 $@ || { echo "error: $@ is not a multiboot2 kernel"; rm -f $@; exit 1; }

iso: $(ISO)
$(ISO): $(KERNEL) iso/grub.cfg
	@for p in i386-pc x86_64-efi; do test -d /usr/lib/grub/$$p || \
		{ echo "error: GRUB platform $$p missing (install grub-pc-bin and grub-efi-amd64-bin)"; exit 1; }; done
	rm -rf $(BUILD)/isodir && mkdir -p $(BUILD)/isodir/boot/grub
	# Without the debug sections: GRUB's multiboot2 loader reads every ELF
	# section into memory (for the ELF-sections tag), and 3 MB of DWARF cost
	# about 0.3 s of each boot under TCG (docs/performance.md). Debuggers use
	# build/hotmem.elf, which keeps them.
	objcopy --strip-debug $(KERNEL) $(BUILD)/isodir/boot/hotmem.elf
	cp iso/grub.cfg $(BUILD)/isodir/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(BUILD)/isodir 2> $(BUILD)/grub-mkrescue.log || { cat $(BUILD)/grub-mkrescue.log; exit 1; }

# The network boot tree (docs/labs.md): GRUB's PXE images for BIOS
# (boot/grub/i386-pc/core.0) and x86-64 UEFI (boot/grub/x86_64-efi/core.efi),
# the ISO's grub.cfg and kernel, to be served by a TFTP server as its root.
netboot: $(NETBOOT)/boot/hotmem.elf
$(NETBOOT)/boot/hotmem.elf: $(KERNEL) iso/grub.cfg
	rm -rf $(NETBOOT) && mkdir -p $(NETBOOT)/boot/grub
	@for p in i386-pc x86_64-efi; do \
		grub-mknetdir --net-directory=$(NETBOOT) --subdir=boot/grub -d /usr/lib/grub/$$p > /dev/null || exit 1; done
	cp iso/grub.cfg $(NETBOOT)/boot/grub/grub.cfg
	# Without the debug sections, as on the ISO: 1.4 MB to fetch over TFTP
	# instead of 4.5 MB.
	objcopy --strip-debug $(KERNEL) $@

$(BUILD)/h/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

$(HOST_TESTS): $(HOST_OBJS)
	$(CC) $(HOST_LDFLAGS) -o $@ $^

deps:
	@tools/install-deps.sh

run: deps
	$(MAKE) $(BUILD_JOBS) $(ISO)
	$(PYTHON) tests/runner.py run $(if $(CONFIG),$(CONFIG),bios-cd)

# The teaching demo (docs/demo.md): QEMU with a window or this terminal, the
# shell, DIMM slots, a virtio-mem device and a monitor. Options go in DEMO,
# e.g. make demo DEMO="--v1 --uefi"; tools/demo.py --help lists them.
demo: deps
	$(MAKE) $(BUILD_JOBS) $(ISO)
	$(PYTHON) tools/demo.py $(DEMO)

# PNGs of what a person sees (the GRUB menu under BIOS and UEFI, the pictures
# of docs/lesson.md), taken with QEMU's screendump into build/screenshots/
# (tools/screenshots.py).
screenshots: $(ISO)
	$(PYTHON) tools/screenshots.py

host-test: $(HOST_TESTS)
	$(PYTHON) tests/runner.py host $(HOST_TESTS)

qemu-test: $(ISO) netboot
	$(PYTHON) tests/runner.py qemu

# The build steps of the set-up targets use every core unless make was
# given its own -j.
BUILD_JOBS := $(if $(filter -j%,$(MAKEFLAGS)),,-j$(shell nproc 2>/dev/null || echo 2))

test: deps
	$(MAKE) $(BUILD_JOBS) $(HOST_TESTS) $(ISO) netboot
	$(PYTHON) tests/runner.py all --host-binary $(HOST_TESTS)

# libFuzzer (clang): one binary per target, build/fuzz/<target>; each runs
# FUZZ_SECONDS (default 600) on a scratch copy of its corpus, and a finding
# lands in tests/fuzz/crashes/<target>/ to be replayed by make test.
FUZZ_SECONDS ?= 600
FUZZ_CC := clang
FUZZ_CFLAGS := -std=gnu11 -O1 -g -I. -DHOTMEM_HOST -DHOTMEM_LIBFUZZER -fno-builtin \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_LIB_OBJS := $(patsubst %.c,$(BUILD)/fz/%.o,$(filter-out kernel/ktest.c,$(PURE_SRCS)) \
	tests/host/kalloc_host.c tests/host/printk_host.c $(filter-out tests/fuzz/fuzz_common.c,$(FUZZ_SRCS)))

$(BUILD)/fz/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Wno-unknown-attributes -MMD -MP -c $< -o $@

# fuzz_common.c holds LLVMFuzzerTestOneInput, built once per target.
$(BUILD)/fuzz/%: $(FUZZ_LIB_OBJS) tests/fuzz/fuzz_common.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -DFUZZ_TARGET=fuzz_$* -o $@ $(FUZZ_LIB_OBJS) tests/fuzz/fuzz_common.c

fuzz: $(addprefix $(BUILD)/fuzz/,$(FUZZ_TARGETS))
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $(BUILD)/fuzz/work-$$t tests/fuzz/crashes/$$t && \
		cp -n tests/fuzz/corpus/$$t/* $(BUILD)/fuzz/work-$$t/ 2>/dev/null; \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		$(BUILD)/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -close_fd_mask=1 -print_final_stats=1 \
			-artifact_prefix=tests/fuzz/crashes/$$t/ $(BUILD)/fuzz/work-$$t || exit 1; \
	done

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

# `make bench` (docs/bench.md): never part of `make test`. The floor kernel
# is installed as /boot/hotmem.elf in an ISO built like hotmem's, with the
# same grub.cfg, so both boots take the same GRUB path.
FLOOR_ELF := $(BUILD)/bench/floor.elf
FLOOR_ISO := $(BUILD)/bench/floor.iso
BENCH_HOST := $(BUILD)/bench/host-bench
BENCH_HOST_SRCS := tools/bench/host_bench.c kernel/resource.c kernel/resource_walk.c \
	kernel/resource_hotplug.c kernel/resource_render.c drivers/firmware/memmap.c \
	$(wildcard lib/*.c) kernel/kalloc_fault.c tests/host/kalloc_host.c tests/host/printk_host.c kernel/printk_capture.c \
	kernel/printk_format.c

$(BUILD)/bench/floor.o: tools/bench/floor.asm
	@mkdir -p $(dir $@)
	$(NASM) -f elf32 $< -o $@

$(FLOOR_ELF): $(BUILD)/bench/floor.o tools/bench/floor.ld
	$(LD) -m elf_i386 -nostdlib -static -z noexecstack -T tools/bench/floor.ld -o $@ $<
	grub-file --is-x86-multiboot2 $@

$(FLOOR_ISO): $(FLOOR_ELF) iso/grub.cfg
	rm -rf $(BUILD)/bench/isodir && mkdir -p $(BUILD)/bench/isodir/boot/grub
	cp $(FLOOR_ELF) $(BUILD)/bench/isodir/boot/hotmem.elf
	cp iso/grub.cfg $(BUILD)/bench/isodir/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(BUILD)/bench/isodir 2> $(BUILD)/bench/grub-mkrescue.log || \
		{ cat $(BUILD)/bench/grub-mkrescue.log; exit 1; }

# Host microbenchmarks: -O2, no sanitizers (they would measure ASan).
$(BENCH_HOST): $(BENCH_HOST_SRCS)
	@mkdir -p $(dir $@)
	$(CC) $(COMMON_CFLAGS) -DHOTMEM_HOST -o $@ $(BENCH_HOST_SRCS)

bench: deps
	$(MAKE) $(BUILD_JOBS) $(ISO) $(FLOOR_ISO) $(BENCH_HOST) $(HOST_TESTS)
	$(PYTHON) tools/bench/bench.py --iso $(ISO) --floor-iso $(FLOOR_ISO) --host-bench $(BENCH_HOST) \
		--host-tests $(HOST_TESTS)

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

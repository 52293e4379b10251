; Multiboot2 header: GRUB finds it in the first 32 KiB of the image (the
; linker script puts this section first). We ask for a linear framebuffer but
; mark the request optional, so a loader without graphics still boots us.

MB2_MAGIC        equ 0xE85250D6
MB2_ARCH_I386    equ 0
MB2_TAG_END      equ 0
MB2_TAG_FB       equ 5
MB2_TAG_OPTIONAL equ 1

section .multiboot2 progbits alloc noexec nowrite align=8
mb2_header_start:
	dd MB2_MAGIC
	dd MB2_ARCH_I386
	dd mb2_header_end - mb2_header_start
	dd -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header_start))

	align 8
	; Framebuffer request: width/height 0 = no preference, 32 bpp preferred.
	dw MB2_TAG_FB
	dw MB2_TAG_OPTIONAL
	dd 20
	dd 0
	dd 0
	dd 32

	align 8
	dw MB2_TAG_END
	dw 0
	dd 8
mb2_header_end:

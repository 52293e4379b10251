; The bench floor kernel (docs/bench.md): the least a multiboot2 kernel can do.
; It carries the same header tags as hotmem's (boot/multiboot2_header.asm), so
; GRUB does the same work before jumping in (framebuffer mode included), then
; prints one line on COM1 and leaves QEMU through isa-debug-exit with value 0
; (QEMU exit status 1, hotmem's PASS). What hotmem's boot costs beyond this is
; hotmem's own.
bits 32

MB2_MAGIC        equ 0xE85250D6
MB2_ARCH_I386    equ 0
COM1             equ 0x3f8
DEBUG_EXIT_PORT  equ 0xf4

section .multiboot2 align=8
hdr_start:
	dd MB2_MAGIC
	dd MB2_ARCH_I386
	dd hdr_end - hdr_start
	dd -(MB2_MAGIC + MB2_ARCH_I386 + (hdr_end - hdr_start))
	align 8
	dw 5, 1                 ; framebuffer tag, optional: any size, 32 bpp
	dd 20, 0, 0, 32
	align 8
	dw 0, 0                 ; end tag
	dd 8
hdr_end:

section .text
global _start
_start:
	mov esi, msg
.next:
	lodsb
	test al, al
	jz .exit
	mov bl, al
	mov dx, COM1 + 5        ; line status: wait for an empty holding register
.wait:
	in al, dx
	test al, 0x20
	jz .wait
	mov al, bl
	mov dx, COM1
	out dx, al
	jmp .next
.exit:
	mov dx, DEBUG_EXIT_PORT
	xor eax, eax
	out dx, eax
.halt:                          ; not under QEMU: stop here
	cli
	hlt
	jmp .halt

section .rodata
msg: db "floor: exit", 13, 10, 0

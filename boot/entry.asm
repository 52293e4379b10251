; 32-bit entry from GRUB (multiboot2): check the loader magic and that the CPU
; can do long mode, build page tables that identity-map the first 4 GiB, load a
; GDT, switch to long mode and call kernel_main(magic, info).
;
; The first 8 MiB are mapped with 4 KiB pages so that the page below the boot
; stack can be left unmapped (a guard: a stack overflow faults instead of
; silently corrupting .bss); the rest of the 4 GiB uses 2 MiB pages.

MB2_BOOT_MAGIC equ 0x36d76289
COM1           equ 0x3f8
VGA_TEXT       equ 0xb8000

PTE_P   equ 1
PTE_W   equ 2
PTE_PS  equ 0x80
BOOT_PTS equ 4                  ; 4 KiB page tables: 4 x 2 MiB = 8 MiB

extern kernel_main
extern __bss_start
extern __bss_end
global _start
global boot_pml4
global boot_mb2_magic
global boot_mb2_info
global __stack_guard
global __boot_stack_top

section .boot.text progbits alloc exec nowrite align=16
bits 32
_start:
	cli
	cld
	mov esp, __boot_stack_top
	mov [boot_mb2_magic], eax
	mov [boot_mb2_info], ebx

	; Loaders zero .bss, but the page tables live there: do not rely on it.
	mov edi, __bss_start
	mov ecx, __bss_end
	sub ecx, edi
	shr ecx, 2
	xor eax, eax
	rep stosd

	mov eax, [boot_mb2_magic]
	cmp eax, MB2_BOOT_MAGIC
	jne .no_multiboot2

	; CPUID exists if EFLAGS.ID (bit 21) can be toggled.
	pushfd
	pop eax
	mov ecx, eax
	xor eax, 1 << 21
	push eax
	popfd
	pushfd
	pop eax
	push ecx
	popfd
	cmp eax, ecx
	je .no_long_mode

	mov eax, 0x80000000
	cpuid
	cmp eax, 0x80000001
	jb .no_long_mode
	mov eax, 0x80000001
	cpuid
	test edx, 1 << 29               ; LM
	jz .no_long_mode

	call build_page_tables

	mov eax, cr4
	or eax, 1 << 5                  ; PAE
	mov cr4, eax
	mov eax, boot_pml4
	mov cr3, eax
	mov ecx, 0xC0000080             ; EFER
	rdmsr
	or eax, 1 << 8                  ; LME
	wrmsr
	mov eax, cr0
	or eax, (1 << 31) | (1 << 16) | 1   ; PG | WP | PE
	mov cr0, eax

	lgdt [boot_gdt_ptr]
	jmp 0x08:long_mode_entry

.no_multiboot2:
	mov esi, msg_no_mb2
	jmp early_fatal
.no_long_mode:
	mov esi, msg_no_lm
	jmp early_fatal

; Fills boot_pml4 -> boot_pdpt -> boot_pd[0..3]; boot_pd[0] entries 0 to 3
; point at boot_pt (4 x 512 entries of 4 KiB pages for the first 8 MiB, where
; the kernel image lies).
build_page_tables:
	; PML4[0] -> PDPT
	mov eax, boot_pdpt
	or eax, PTE_P | PTE_W
	mov [boot_pml4], eax
	; PDPT[0..3] -> PD 0..3
	xor ecx, ecx
.pdpt:
	mov eax, ecx
	shl eax, 12
	add eax, boot_pd
	or eax, PTE_P | PTE_W
	mov [boot_pdpt + ecx * 8], eax
	inc ecx
	cmp ecx, 4
	jb .pdpt
	; 2048 PD entries of 2 MiB pages: entry i maps i * 2 MiB.
	xor ecx, ecx
.pd:
	mov eax, ecx
	shl eax, 21
	or eax, PTE_P | PTE_W | PTE_PS
	mov [boot_pd + ecx * 8], eax
	mov eax, ecx
	shr eax, 11                     ; bits 32+ of i * 2 MiB
	mov [boot_pd + ecx * 8 + 4], eax
	inc ecx
	cmp ecx, 2048
	jb .pd
	; The first BOOT_PTS PD entries point at 4 KiB page tables instead.
	xor ecx, ecx
	mov eax, boot_pt
	or eax, PTE_P | PTE_W
.pd4k:
	mov [boot_pd + ecx * 8], eax
	mov dword [boot_pd + ecx * 8 + 4], 0
	add eax, 4096
	inc ecx
	cmp ecx, BOOT_PTS
	jb .pd4k
	xor ecx, ecx
.pt:
	mov eax, ecx
	shl eax, 12
	cmp eax, __stack_guard
	je .guard
	or eax, PTE_P | PTE_W
	mov [boot_pt + ecx * 8], eax
	jmp .pt_next
.guard:
	mov dword [boot_pt + ecx * 8], 0
.pt_next:
	inc ecx
	cmp ecx, BOOT_PTS * 512
	jb .pt
	ret

; Prints the NUL-terminated string at esi on COM1 and in the VGA text buffer,
; then halts. Used before long mode, where nothing else exists yet.
early_fatal:
	; COM1: 115200 8N1, FIFO on.
	mov dx, COM1 + 1
	xor al, al
	out dx, al
	mov dx, COM1 + 3
	mov al, 0x80
	out dx, al
	mov dx, COM1
	mov al, 1
	out dx, al
	mov dx, COM1 + 1
	xor al, al
	out dx, al
	mov dx, COM1 + 3
	mov al, 3
	out dx, al
	mov dx, COM1 + 2
	mov al, 0xc7
	out dx, al
	mov edi, VGA_TEXT
.next:
	lodsb
	test al, al
	jz .halt
	mov ah, al
	mov dx, COM1 + 5
.wait:
	in al, dx
	test al, 0x20
	jz .wait
	mov al, ah
	mov dx, COM1
	out dx, al
	cmp al, 32                      ; control characters go to serial only
	jb .next
	mov byte [edi], al
	mov byte [edi + 1], 0x4f        ; white on red
	add edi, 2
	jmp .next
.halt:
	; Under QEMU (fw_cfg answers with the signature "QEMU") end the run with
	; the crash value 63 on isa-debug-exit, QEMU exit 127, as the kernel does
	; for a crash: a test run does not wait for its timeout. On a PC the
	; ports read 0xff and the CPU just halts with the message on the screen.
	mov dx, 0x510
	xor ax, ax
	out dx, ax                      ; select FW_CFG_SIGNATURE
	mov dx, 0x511
	in al, dx
	cmp al, 'Q'
	jne .stop
	in al, dx
	cmp al, 'E'
	jne .stop
	in al, dx
	cmp al, 'M'
	jne .stop
	in al, dx
	cmp al, 'U'
	jne .stop
	mov dx, 0xf4
	mov al, 63
	out dx, al
.stop:
	cli
	hlt
	jmp .stop

bits 64
long_mode_entry:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor ax, ax
	mov fs, ax
	mov gs, ax
	mov rsp, __boot_stack_top
	xor ebp, ebp
	mov edi, [boot_mb2_magic]
	mov esi, [boot_mb2_info]
	call kernel_main
.hang:
	cli
	hlt
	jmp .hang

section .boot.data progbits alloc noexec write align=16
boot_gdt:
	dq 0
	dq 0x00AF9A000000FFFF           ; 0x08: 64-bit code
	dq 0x00CF92000000FFFF           ; 0x10: data
boot_gdt_end:
boot_gdt_ptr:
	dw boot_gdt_end - boot_gdt - 1
	dd boot_gdt
boot_mb2_magic: dd 0
boot_mb2_info:  dd 0

msg_no_mb2: db "hotmem: fatal: not started by a multiboot2 loader (bad magic in EAX); boot it from GRUB with 'multiboot2'", 13, 10, 0
msg_no_lm:  db "hotmem: fatal: this CPU has no 64-bit long mode (CPUID 0x80000001 EDX.LM = 0); hotmem needs an x86-64 CPU", 13, 10, 0

section .bss nobits alloc noexec write align=4096
boot_pml4: resb 4096
boot_pdpt: resb 4096
boot_pd:   resb 4 * 4096
boot_pt:   resb BOOT_PTS * 4096

; The boot stack, with an unmapped guard page below it (see build_page_tables).
section .stack nobits alloc noexec write align=4096
__stack_guard: resb 4096
	resb 32768
__boot_stack_top:

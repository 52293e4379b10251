/* COM1 16550 UART console: polled output, 115200 8N1. */
#include "drivers/serial/uart16550.h"

#include "kernel/console.h"
#include "kernel/io.h"
#include "lib/errno.h"

#define COM1	 0x3f8
#define UART_THR 0 /* transmit holding (DLAB=0) */
#define UART_RBR 0 /* receive buffer (DLAB=0) */
#define UART_DLL 0 /* divisor low (DLAB=1) */
#define UART_IER 1
#define UART_DLM 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LSR_DR	 0x01 /* a received byte is waiting */
#define LSR_THRE 0x20

static bool uart_found;

static void uart_putc(char c)
{
	/* Bounded wait: a stuck UART must not hang the kernel. */
	for (int i = 0; i < 100000 && !(inb(COM1 + UART_LSR) & LSR_THRE); i++)
		cpu_relax();
	outb(COM1 + UART_THR, (uint8_t)c);
}

static void serial_write(struct console *con, const char *s, size_t n)
{
	(void)con;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
}

static struct console serial_console = {
    .name = "ttyS0",
    .write = serial_write,
};

int serial_console_init(void)
{
	outb(COM1 + UART_IER, 0x00);
	outb(COM1 + UART_LCR, 0x80); /* DLAB to set the divisor */
	outb(COM1 + UART_DLL, 1);    /* 115200 = 1.8432 MHz / 16 / 1 */
	outb(COM1 + UART_DLM, 0);
	outb(COM1 + UART_LCR, 0x03); /* 8N1 */
	outb(COM1 + UART_FCR, 0xc7); /* FIFO on, cleared, 14-byte trigger */
	/* Loopback test: a missing UART reads back 0xff, not our byte. */
	outb(COM1 + UART_MCR, 0x1e);
	outb(COM1 + UART_THR, 0xae);
	if (inb(COM1 + UART_THR) != 0xae)
		return -ENODEV;
	outb(COM1 + UART_MCR, 0x0f); /* normal operation, OUT1/OUT2, RTS/DTR */
	uart_found = true;
	console_register(&serial_console);
	return 0;
}

bool serial_present(void)
{
	return uart_found;
}

int serial_getc(void)
{
	if (!uart_found)
		return -ENODEV;
	if (!(inb(COM1 + UART_LSR) & LSR_DR))
		return -ENODATA;
	return inb(COM1 + UART_RBR);
}
